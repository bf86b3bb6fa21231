"""From events in many reports to one itinerary: merge, supersede, order, roles, legs.

- The same place reported by several articles (or twice in one) becomes one stop carrying all
  its evidence, unless the dates show two separate visits (leaving Pyongyang, returning to it).
- An expectation ("the meeting is expected in Vladivostok on Tuesday") that a later report
  contradicts (the meeting took place elsewhere, and no later report puts the traveller there)
  is superseded: it leaves the stops and is listed with the reason.
- Stops are ordered by date, then by the order of the narrative; undated stops keep their place
  in the narrative of their report.
- Conflicting dates for one stop are kept: the stop takes the best-supported date and lists the
  others under `conflicts`.
- A facility (an airport, an air base, a station) and its town on the same day are one stop, with
  the evidence of both: within FACILITY_KM of each other for airports and air bases, LOCALITY_KM for
  stations, farther than FACILITY_KEPT_KM only for a city of BIG_CITY people. It is shown at the
  facility (its name and point: the more precise of the two) when that lies within FACILITY_KEPT_KM
  of the town, else at the town (an airport far out, as Incheon from Seoul, is the way in, not the
  place visited).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Sequence

from .events import is_meeting
from .geodesy import geodesic_km
from .model import Event, Evidence, Leg, Place, Stop
from .regions import read_extent_centres

_BASIS_RANK = {"explicit": 0, "partial": 1, "weekday": 2, "relative": 3, "context": 4, "report": 5}
SAME_PLACE_KM = 15.0  # two places this close with one name are one stop (a city and its station)


@dataclass
class _Group:
    place: Place
    events: list[Event] = field(default_factory=list)

    @property
    def dated(self) -> list[Event]:
        return [e for e in self.events if e.date and e.date.value]


def build_route(events: Sequence[Event]) -> tuple[list[Stop], list[Leg], list[str], list[str]]:
    """(stops, legs, superseded notes, conflict notes)."""
    events = sorted(events, key=_event_key)
    events, superseded = _supersede(events)
    groups = _group(events)
    listed = _listed_beside(groups)
    groups.sort(key=lambda g: _group_key(g, listed.get(id(g))))
    groups = _merge_localities(groups)
    groups = _drop_covered_areas(groups)
    stops = _assign_roles([_to_stop(g) for g in groups], groups)
    stops = [replace(s, seq=i + 1, place=drawn_place(s.place)) for i, s in enumerate(stops)]
    return stops, legs_of(stops), superseded, [c for s in stops for c in s.conflicts]


@lru_cache(maxsize=1)
def _extent_centres() -> dict[str, tuple[float, float]]:
    return read_extent_centres()


def drawn_place(place: Place) -> Place:
    """The place as a stop shows it: a country at the middle of its main territory's map extent,
    where web maps centre it and a reader looks for it (`data/country_extent_centres.csv`, from
    Natural Earth), not at its gazetteer point (GeoNames' or the Factbook's whole degrees, Kenya's
    a hundred km north of the middle); any other place unchanged. The id and name stay."""
    if place.feature != "country":
        return place
    point = _extent_centres().get(place.country)
    return place if point is None else replace(place, lat=point[0], lon=point[1])


def legs_of(stops: Sequence[Stop]) -> list[Leg]:
    """The legs between consecutive stops: the WGS84 geodesic in km (rounded to 0.1), "expected"
    when either end is expected, else "visited"."""
    return [Leg(a.seq, b.seq, a.place.name, b.place.name,
                round(geodesic_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon), 1),
                "expected" if "expected" in (a.status, b.status) else "visited")
            for a, b in zip(stops, stops[1:])]


def _event_key(e: Event):
    return (e.published or date.max, e.evidence.document, e.order)


def _day(e: Event) -> date | None:
    return e.date.value if e.date and e.date.value else None


def _supersede(events: list[Event]) -> tuple[list[Event], list[str]]:
    """Drop expectations that later reports contradict.

    `events` are sorted by `_event_key`, so the visited events of later reports are a suffix of
    the dated ones: each expectation looks them up by binary search (by place for "confirmed",
    among the meeting sentences for "elsewhere") instead of scanning every event."""
    kept, notes = [], []
    visited = [x for x in events if x.published and x.status == "visited"]  # in event order
    pubs = [x.published for x in visited]  # non-decreasing
    latest: dict[Place, date] = {}  # place -> the latest report that has the traveller there
    by_name: dict[str, set[Place]] = {}
    for x in visited:
        p = x.mention.place
        latest[p] = max(latest.get(p, x.published), x.published)
        by_name.setdefault(p.name, set()).add(p)
    latest_id: dict[str, date] = {}
    for p, d in latest.items():
        latest_id[p.id] = max(latest_id.get(p.id, d), d)
    meeting: dict[str, bool] = {}

    def meets(text: str) -> bool:
        if text not in meeting:
            meeting[text] = is_meeting(text)
        return meeting[text]

    meetings: list[int] = []  # indices into visited of the meeting sentences, found lazily in order
    scanned = 0
    for e in events:
        if e.status != "expected" or not _day(e):
            kept.append(e)
            continue
        if not e.published:
            kept.append(e)  # no report date: no report is later than it
            continue
        first = bisect_right(pubs, e.published)  # visited[first:] are the later reports' events
        place = e.mention.place
        confirmed = latest_id.get(place.id, date.min) > e.published or any(
            q.id != place.id and latest[q] > e.published and _same_place(q, place) for q in by_name.get(place.name, ()))
        x = None
        if not confirmed and meets(e.evidence.text):
            k = bisect_left(meetings, first)
            while True:
                if k == len(meetings):  # extend the list of meeting sentences as far as needed
                    while scanned < len(visited) and not (scanned >= first and meets(visited[scanned].evidence.text)):
                        scanned += 1
                    if scanned == len(visited):
                        break
                    meetings.append(scanned)
                    scanned += 1
                cand = visited[meetings[k]]
                if not _same_place(cand.mention.place, place):
                    x = cand
                    break
                k += 1
        if x is not None:
            notes.append(
                f"{e.mention.place.name} on {_day(e)} was expected ({e.evidence.document}: "
                f"\"{_short(e.evidence.text)}\") but a later report ({x.evidence.document}, "
                f"{x.published}) puts the event at {x.mention.place.name}"
            )
            continue
        kept.append(e)
    return kept, notes


def _short(s: str, n: int = 90) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _same_place(a: Place, b: Place) -> bool:
    if a.id == b.id:
        return True
    return a.name == b.name and geodesic_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def _group(events: list[Event]) -> list[_Group]:
    """Merge events at one place unless their dates (or roles) say they are separate visits.

    Each event joins the first group (in the order made) at the same place that is neither a
    separate visit (`_separate_visit`) nor one left for elsewhere in between (`_elsewhere_between`).
    Only groups of the same id or name can be at the same place, so groups are indexed by both;
    `events` come sorted by report date, so a group with a report more than 30 days before the
    event's is a separate visit for it and for every later dated event, unless it holds the event's
    own day: such groups leave the index of open groups and are then found only through the index
    by day. Each group keeps its roles, report dates and days (`_Stats`), and the dated events are
    indexed by day (`_Elsewhere`), so each test is O(log n), not a pass over events."""
    groups: list[_Group] = []
    stats: list[_Stats] = []
    elsewhere = _Elsewhere(events)
    every: dict[tuple[str, str], list[int]] = {}  # ("id", id) / ("name", name) -> groups, in order
    open_: dict[tuple[str, str], list[int]] = {}  # the same, without the groups closed by report date
    by_day: dict[tuple[str, str, date], list[int]] = {}  # (kind, key, told day) -> groups
    for e in events:
        p = e.mention.place
        keys = (("id", p.id), ("name", p.name))
        d = _day(e)
        own = d if d and e.date.basis != "report" else None
        if e.date is not None and e.date.basis == "context" and any(
                _same_place(groups[i].place, p) for k in keys for i in every.get(k, ())):
            # a place told again with only the story's carried-over date ("the tour takes in Beirut,
            # Damascus and Baghdad") is the stay already told, not a second visit
            d = own = None
        if e.published:
            cands: set[int] = set()
            for k in keys:
                still = [i for i in open_.get(k, ()) if stats[i].first_pub is None
                         or (e.published - stats[i].first_pub).days <= 30]
                open_[k] = still  # closed for good: later events are reported later still
                cands.update(still)
                if own is not None:
                    cands.update(by_day.get(k + (own,), ()))
        else:
            cands = {i for k in keys for i in every.get(k, ())}
        target = None
        for i in sorted(cands):
            g = groups[i]
            if not _same_place(g.place, p) or stats[i].separate(e, d, own) or elsewhere.between(stats[i], e, d):
                continue
            target = i
            break
        if target is None:
            target = len(groups)
            groups.append(_Group(p, []))
            stats.append(_Stats())
            for k in keys:
                every.setdefault(k, []).append(target)
                open_.setdefault(k, []).append(target)
        groups[target].events.append(e)
        stats[target].add(e, own)
        if own is not None:
            g = groups[target].place
            for k in (("id", g.id), ("name", g.name)):
                ids = by_day.setdefault(k + (own,), [])
                if not ids or ids[-1] != target:
                    ids.append(target)
    return groups


def _near_days(d: date, offsets) -> list[date]:
    """d shifted by each offset (days), leaving out those off the calendar (year 1, year 9999)."""
    out = []
    for k in offsets:
        try:
            out.append(d + timedelta(days=k))
        except OverflowError:
            pass
    return out


class _Stats:
    """What `_separate_visit` and `_elsewhere_between` ask of a group, kept as its events are added."""

    __slots__ = ("roles", "first_pub", "last_pub", "days", "weekdays", "firm_lo", "firm_hi")

    def __init__(self) -> None:
        self.roles: set[str] = set()
        self.first_pub: date | None = None
        self.last_pub: date | None = None
        self.days: set[date] = set()  # the told (not report) days of its events
        self.weekdays: set[date] = set()  # ... of those told as a bare weekday
        self.firm_lo: date | None = None  # the first and last days told (not report, not context)
        self.firm_hi: date | None = None

    def add(self, e: Event, own: date | None) -> None:
        self.roles.add(e.role_hint)
        if e.published:
            self.first_pub = e.published if self.first_pub is None else min(self.first_pub, e.published)
            self.last_pub = e.published if self.last_pub is None else max(self.last_pub, e.published)
        if own is not None:
            self.days.add(own)
            if e.date.basis == "weekday":
                self.weekdays.add(own)
            if e.date.basis != "context":
                self.firm_lo = own if self.firm_lo is None else min(self.firm_lo, own)
                self.firm_hi = own if self.firm_hi is None else max(self.firm_hi, own)

    def separate(self, e: Event, d: date | None, own: date | None) -> bool:
        """`_separate_visit(g, e)`, from the kept facts."""
        if own is not None and own in self.days:
            return False  # told for the same day: one stay, whatever the reports call it
        roles = self.roles
        if (e.role_hint == "return") != ("return" in roles) and ({"origin", "return"} & (roles | {e.role_hint})):
            return True
        if e.published and self.first_pub is not None and (
                (e.published - self.first_pub).days > 30 or (self.last_pub - e.published).days > 30):
            return True  # reports a month apart tell of different trips
        if own is not None and self.days and not any(x in self.days for x in _near_days(own, range(-2, 3))):
            # a bare weekday read a week off is the same visit, not a second one a week apart
            if any(w in (self.days if e.date.basis == "weekday" else self.weekdays) for w in _near_days(own, (-7, 7))):
                return False
            return True
        return False


class _Elsewhere:
    """`_elsewhere_between`, answered from the dated events sorted by day (a binary search and,
    most often, one look: the first event in the range is usually at another place)."""

    def __init__(self, events: Sequence[Event]) -> None:
        firm = sorted(((_day(x), i, x) for i, x in enumerate(events)
                       if _day(x) and x.date.basis not in ("report", "context") and not x.mention.place.is_area),
                      key=lambda t: (t[0], t[1]))
        self.days = [t[0] for t in firm]
        self.events = [t[2] for t in firm]

    def between(self, st: _Stats, e: Event, d: date | None) -> bool:
        if not d or e.date.basis in ("report", "context") or st.firm_lo is None:
            return False
        # some day y of another place with min(gd, d) < y < max(gd, d) for a day gd of the group:
        # lo < y < d or d < y < hi
        for a, b in ((st.firm_lo, d), (d, st.firm_hi)):
            if not a < b:
                continue
            i, j = bisect_right(self.days, a), bisect_left(self.days, b)
            for x in self.events[i:j]:
                if _same_place(x.mention.place, e.mention.place):
                    continue
                if geodesic_km(x.mention.place.lat, x.mention.place.lon, e.mention.place.lat,
                               e.mention.place.lon) <= LOCALITY_KM:
                    continue
                return True
        return False


def _elsewhere_between(g: _Group, e: Event, events: Sequence[Event]) -> bool:
    """The traveller is dated at another place strictly between the two days: Sydney on Sunday,
    Canberra on Monday, Sydney again on Tuesday are three stops."""
    d = _day(e)
    if not d or e.date.basis in ("report", "context"):
        return False
    days = [_day(x) for x in g.dated if x.date.basis not in ("report", "context")]
    for x in events:
        y = _day(x)
        if not y or x.date.basis in ("report", "context") or _same_place(x.mention.place, e.mention.place):
            continue
        if geodesic_km(x.mention.place.lat, x.mention.place.lon, e.mention.place.lat, e.mention.place.lon) <= LOCALITY_KM:
            continue
        if x.mention.place.is_area:
            continue
        if any(min(gd, d) < y < max(gd, d) for gd in days):
            return True
    return False


def _separate_visit(g: _Group, e: Event) -> bool:
    d = _day(e)
    if d and e.date.basis != "report" and any(_day(x) == d and x.date.basis != "report" for x in g.dated):
        return False  # told for the same day: one stay, whatever the reports call it
    roles = {x.role_hint for x in g.events}
    if (e.role_hint == "return") != ("return" in roles) and ({"origin", "return"} & (roles | {e.role_hint})):
        return True
    if e.published and any(x.published and abs((x.published - e.published).days) > 30 for x in g.events):
        return True  # reports a month apart tell of different trips
    d = _day(e)
    if d and e.date.basis != "report":
        others = [x for x in g.dated if x.date.basis != "report"]
        if others and min(abs((d - _day(x)).days) for x in others) > 2:
            # a bare weekday read a week off ("on Sunday" told as past in one report, as coming in
            # another) is the same visit, not a second one a week apart
            if any(abs((d - _day(x)).days) == 7 and "weekday" in (e.date.basis, x.date.basis) for x in others):
                return False
            return True
    return False


@dataclass(frozen=True)
class _Dating:
    day: date | None
    end: date | None
    basis: str
    event: Event | None  # the event whose date the stop takes
    conflicts: tuple[date, ...]


def _best_date(g: _Group) -> _Dating:
    dated = g.dated
    if not dated:
        return _Dating(None, None, "", None, ())
    # prefer a date the text tells (the report's own date is the last resort), then events that
    # happened, then explicit dates, then the most common value
    status_rank = {"visited": 0, "passed": 0, "expected": 1}
    counts = Counter(_day(e) for e in dated)
    best = min(dated, key=lambda e: (e.date.basis == "report", status_rank.get(e.status, 2),
                                     _BASIS_RANK.get(e.date.basis, 4),
                                     -counts[_day(e)], _day(e)))
    firm = {_day(e) for e in dated if e.date.basis in ("explicit", "partial", "weekday", "relative")
            and e.status == best.status}
    day, end = _day(best), best.date.value_end
    # arrived on one day and left a day or two later: one stay, dated as a span, not a conflict
    firm_events = [e for e in dated if e.date.basis in ("explicit", "partial", "weekday", "relative")
                   and e.status == best.status]
    arrivals = [_day(e) for e in firm_events if e.role_hint != "origin"]
    departures = [_day(e) for e in firm_events if e.role_hint == "origin"]
    if arrivals and departures and 0 < (max(departures) - min(arrivals)).days <= 3 \
            and all(d in arrivals or d in departures for d in firm):
        best = min((e for e in firm_events if _day(e) == min(arrivals)), key=lambda e: e.evidence.start)
        day, end = min(arrivals), max(departures)
        firm = {d for d in firm if not (day <= d <= end)}
    elif len(firm) > 1 and len({e.evidence.document for e in firm_events}) == 1 \
            and (max(firm) - min(firm)).days <= STAY_DAYS and min(firm) == day:
        # one report telling the days of one stay ("arrived in Abidjan on Monday ... on Tuesday he
        # opened the forum there"): a span from the first day, not a conflict with itself
        end = max(firm)
        firm = {day}
    conflicts = tuple(sorted(d for d in firm if d != day))
    return _Dating(day, end, best.date.basis, best, conflicts)


STAY_DAYS = 3  # the days one report tells of one stay, at most this far apart, make a span


def _to_stop(g: _Group) -> Stop:
    dating = _best_date(g)
    day = dating.day
    statuses = {e.status for e in g.events}
    status = "visited" if "visited" in statuses else "passed" if "passed" in statuses else "expected"
    # one quote per sentence: captions repeated in a page are the same evidence
    quotes: dict[tuple[str, str], Evidence] = {}
    for e in g.events:
        quotes.setdefault((e.evidence.document, e.evidence.text), e.evidence)
    evidence = tuple(quotes.values())
    notes = []
    ref = dating.event.date if dating.event else None
    if dating.basis == "report":
        notes.append("date is the report's publication date: the text gives no date for this stop")
    elif ref is not None and ref.ambiguous:
        notes.append(f"ambiguous date \"{ref.text}\": {ref.note or 'read as day-month'}")
    elif ref is not None and ref.note:
        notes.append(ref.note)
    conflicts = []
    for d in dating.conflicts:
        docs = sorted({e.evidence.document for e in g.dated if _day(e) == d})
        conflicts.append(f"{g.place.name}: {', '.join(docs)} give{'s' if len(docs) == 1 else ''} {d.isoformat()}"
                         f" instead of {day.isoformat()}")
    return Stop(seq=0, place=g.place, date=day, date_end=dating.end, status=status, role="stop", evidence=evidence,
                date_basis=dating.basis, notes=tuple(notes), conflicts=tuple(conflicts))


LOCALITY_KM = 12.0  # a hotel district, an airport and its city: one stop when visited back to back
# A facility and its town on the same day are one stop this close (see the module docstring).
FACILITY_KM = {"airport": 60.0, "airbase": 60.0, "station": LOCALITY_KM}  # the city an airport serves can be this far
BIG_CITY = 1_000_000  # only a city this big has its airport farther out than FACILITY_KEPT_KM (Incheon, Narita)
FACILITY_KEPT_KM = 30.0  # an airport nearer its city than this stands for the stop; a farther one gives way to the city


def _merge_localities(groups: list[_Group]) -> list[_Group]:
    """Stops this close on the same day (or undated) are one stop at the bigger place (Copacabana
    and Rio de Janeiro, a hotel's street and its district), also when the story names another
    place in between ("left the hotel in X, flew to Y; the car left X"); consecutive ones also when
    the point lies inside an area stop within a few days. A facility and its town (the airport
    and its city, up to FACILITY_KM apart, on the same day) are one stop: at the facility when it lies
    within FACILITY_KEPT_KM, else at the city."""
    out: list[_Group] = []
    days: dict[int, tuple[_Group, date | None]] = {}  # id(group) -> (group, its day): each worked out once

    def day_of(g: _Group) -> date | None:
        got = days.get(id(g))
        if got is None:
            got = days[id(g)] = (g, _best_date(g).day)  # the group is kept, so its id is not reused
        return got[1]

    for g in groups:
        target = None
        for i in range(len(out) - 1, -1, -1):
            p, q = out[i], g
            dp, dq = day_of(p), day_of(q)
            gap = abs((dp - dq).days) if dp and dq else 0
            if gap > 1:
                break  # ordered by date: nothing earlier is the same day
            km = geodesic_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon)
            revisit = p.place.id == q.place.id and {"origin", "return"} & {e.role_hint for e in p.events + q.events}
            if revisit:
                break
            adjacent = i == len(out) - 1
            inside = adjacent and (_inside(p.place, q.place, km) or _inside(q.place, p.place, km))
            facility = _facility_of(p.place, q.place)
            if (km <= LOCALITY_KM and _part_of(p.place, q.place) and (adjacent or p.place.id != q.place.id)) \
                    or (inside and gap <= 3) \
                    or (facility is not None and gap == 0 and km <= FACILITY_KM[facility.feature]
                        and (km <= FACILITY_KEPT_KM or _town_of(p.place, q.place).population >= BIG_CITY)):
                target = i
                break
        if target is None:
            out.append(g)
            continue
        p, q = out[target], g
        km = geodesic_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon)
        facility = _facility_of(p.place, q.place)
        dp, dq = _best_date(p).day, _best_date(q).day
        if _inside(p.place, q.place, km) or _inside(q.place, p.place, km):
            keep = p.place if _inside(p.place, q.place, km) else q.place  # the town inside the area is more precise
        elif facility is not None and (dp is None or dq is None or dp == dq) and km <= FACILITY_KEPT_KM:
            keep = facility  # the airport, not its city, on the day the traveller was at both
        elif facility is not None:
            keep = p.place if facility is q.place else q.place  # Incheon is Seoul's airport, 49 km out: the stop is Seoul
        else:
            keep = max((p.place, q.place), key=lambda x: (x.population, x.feature in ("city", "country")))
        out[target] = _Group(keep, p.events + q.events)
    return out


def _town_of(a: Place, b: Place) -> Place:
    """The town of a facility and a town (see `_facility_of`)."""
    return b if _facility_of(a, b) is a else a


def _facility_of(a: Place, b: Place) -> Place | None:
    """The facility of a facility and a town (in either order), else None."""
    for f, t in ((a, b), (b, a)):
        if f.feature in FACILITY_KM and t.feature in TOWN_FEATURES:
            return f
    return None


AREA_DAYS = 3  # a country named within this many days of a town inside it is that part of the trip


def _drop_covered_areas(groups: list[_Group]) -> list[_Group]:
    """A country or region is a stop only where no point stop inside it belongs to the same part of
    the trip (within AREA_DAYS, or either undated): "Peru" beside "Lima", "Ukraine" beside "Kyiv"."""
    # the points by country, each with its day worked out once (not once per area)
    points: dict[str, list[tuple[_Group, date | None]]] = {}
    if any(g.place.is_area for g in groups):
        for q in groups:
            if not q.place.is_area:
                points.setdefault(q.place.country, []).append((q, _best_date(q).day))
    out = []
    for g in groups:
        if g.place.is_area:
            day = _best_date(g).day
            covered = False
            for q, qd in points.get(g.place.country, ()):  # _inside needs the same country
                km = geodesic_km(q.place.lat, q.place.lon, g.place.lat, g.place.lon)
                if not _inside(q.place, g.place, km):
                    continue
                if day is None or qd is None or abs((day - qd).days) <= AREA_DAYS:
                    covered = True
                    break
            if covered:
                continue
        out.append(g)
    return out


TOWN_FEATURES = frozenset({"city", "town"})


def _part_of(a: Place, b: Place) -> bool:
    """Two neighbouring places are one stop when one is a facility or venue (an airport, a station,
    a landmark), or a district of a town many times its size (Copacabana and Rio de Janeiro); two
    towns of a size (Bucha and Irpin) are two stops."""
    if not (a.feature in TOWN_FEATURES and b.feature in TOWN_FEATURES):
        return True
    small, big = sorted((a.population, b.population))
    return small == 0 or big >= 5 * small


def _inside(point: Place, area: Place, km: float) -> bool:
    """Whether a point place lies in an area stop (a city-state, or a region around it)."""
    if point.is_area or not area.is_area or point.country != area.country:
        return False
    return area.feature == "country" or km <= 300.0


def _listed_beside(groups: list[_Group]) -> dict[int, tuple[date, int]]:
    """Announced stops with no date of their own (the report's only), listed in one sentence beside
    stops the text dates ("will visit Mexico, Guatemala and Panama ... opens in Mexico on the 12th and
    ends in Panama on the 15th"): id(group) -> (the day of the dated stop listed just before it, 1: after
    it), or of the one just after it (-1: before it). They keep their place in the list."""
    told: dict[tuple[str, int], list[tuple[int, _Group]]] = {}
    for g in groups:
        for e in g.events:
            told.setdefault((e.evidence.document, e.evidence.start), []).append((e.order, g))
    out: dict[int, tuple[date, int]] = {}
    for g in groups:
        if _best_date(g).basis != "report" or any(e.status != "expected" for e in g.events):
            continue
        for e in g.events:
            beside = sorted((o, id(x), x) for o, x in told[(e.evidence.document, e.evidence.start)]
                            if x is not g and _best_date(x).basis not in ("", "report"))
            before = [x for o, _, x in beside if o < e.order]
            after = [x for o, _, x in beside if o > e.order]
            if before or after:
                out[id(g)] = (_best_date(before[-1]).day, 1) if before else (_best_date(after[0]).day, -1)
                break
    return out


def _group_key(g: _Group, listed: tuple[date, int] | None = None):
    day = _best_date(g).day
    first = min(g.events, key=_event_key)
    # an undated stop sorts at its report's date, after that day's dated stops; one told as coming
    # before a dated event ("after the summit in X") sorts just before it; one listed beside dated stops
    # sorts next to the one listed before (or after) it
    hints = [e.sort_date for e in g.events if e.sort_date]
    if listed is not None:
        return (listed[0], listed[1], 1, first.published or date.max, first.evidence.document, first.order)
    sort_day = day or (min(hints) if hints else None) or first.published or date.max
    undated = 0 if day else (-1 if hints else 1)
    # on one day, the place left comes before the place reached (judged by that day's events)
    that_day = [e for e in g.events if _day(e) == day] or g.events
    role_rank = 0 if any(e.role_hint == "origin" for e in that_day) else (
        2 if any(e.role_hint == "return" for e in that_day) else 1)
    return (sort_day, undated, role_rank, first.published or date.max, first.evidence.document, first.order)


def _assign_roles(stops: list[Stop], groups: list[_Group]) -> list[Stop]:
    if not stops:
        return stops
    out = []
    origin_place = None
    for i, (s, g) in enumerate(zip(stops, groups)):
        hints = {e.role_hint for e in g.events}
        role = "stop"
        if i == 0 and "origin" in hints:
            role, origin_place = "origin", s.place
        elif "return" in hints or (origin_place is not None and i == len(stops) - 1
                                   and _same_place(origin_place, s.place)):
            role = "return"
        elif i == len(stops) - 1:
            role = "destination"
        out.append(replace(s, role=role))
    return out
