"""Issue 11: the journey stages grow linearly with the text (sentences, mentions) and the corpus
(events). No timings here: each test counts the work an inner step does (reads of a mention's
offsets, calls of a helper) on an input of size n and of size 2n; linear work doubles, a scan per
item (quadratic) quadruples. Inputs are built by hand (no gazetteer needed).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from itinerary import text as text_mod
from itinerary.model import DateRef, Document, Event, Evidence, Mention, Place

CITIES = [
    Place("t:moscow", "Moscow", 55.7558, 37.6173, "city", "RU", population=12_000_000),
    Place("t:kazan", "Kazan", 55.7963, 49.1088, "city", "RU", population=1_200_000),
    Place("t:omsk", "Omsk", 54.9885, 73.3242, "city", "RU", population=1_100_000),
    Place("t:irkutsk", "Irkutsk", 52.2870, 104.3050, "city", "RU", population=600_000),
    Place("t:vladivostok", "Vladivostok", 43.1056, 131.8735, "city", "RU", population=600_000),
    Place("t:seoul", "Seoul", 37.5665, 126.9780, "city", "KR", population=9_700_000),
    Place("t:busan", "Busan", 35.1796, 129.0756, "city", "KR", population=3_400_000),
    Place("t:tokyo", "Tokyo", 35.6762, 139.6503, "city", "JP", population=14_000_000),
]

READS = {"n": 0}


@dataclass(frozen=True)
class CountedMention(Mention):
    """A mention that counts the reads of its offsets: the measure of how often a stage looks at it."""

    def __getattribute__(self, name):
        if name in ("start", "end"):
            READS["n"] += 1
        return object.__getattribute__(self, name)


def _article(n: int) -> tuple[Document, list[Mention]]:
    """n sentences, each naming two places and a distance between them, on one line each."""
    rng = random.Random(n)
    parts, spans = [], []
    pos = 0
    for i in range(n):
        a, b = rng.sample(CITIES, 2)
        day = date(2023, 9, 1) + timedelta(days=i % 20)
        s = f"The delegation arrived in {a.name} on {day:%d %B %Y}, about {rng.randrange(50, 900)} km from {b.name}."
        for p in (a, b):
            k = s.index(p.name)
            spans.append((pos + k, pos + k + len(p.name), p))
        parts.append(s)
        pos += len(s) + 1
    text = "\n".join(parts) + "\n"
    doc = Document(id="scale", path="scale.txt", text=text, body_start=0, language="en",
                   published=date(2023, 9, 30))
    ms = [CountedMention("scale", a, b, text[a:b], p) for a, b, p in spans]
    return doc, ms


def _reads(fn, n: int) -> int:
    doc, ms = _article(n)
    READS["n"] = 0
    fn(doc, ms)
    return READS["n"]


def _doubling(fn, n: int = 150) -> float:
    small, large = _reads(fn, n), _reads(fn, 2 * n)
    assert small > 0
    return large / small


# --------------------------------------------------------------------------------- text.py

def test_sentence_at_searches_sentences_worked_out_once():
    body = " ".join(f"Sentence number {i} ends here." for i in range(2000))
    text_mod._sentence_starts.cache_clear()
    bounds = text_mod.sentences(body)
    for a, b in bounds[::7]:
        assert text_mod.sentence_at(body, a) == (a, b)
        assert text_mod.sentence_at(body, b - 1) == (a, b)
    assert text_mod._sentence_starts.cache_info().misses == 1  # one list of starts, not one per call


@pytest.mark.parametrize("seed", range(20))
def test_line_at_agrees_with_a_scan(seed):
    rng = random.Random(seed)
    body = "".join(rng.choice("ab .\n") if rng.random() < 0.2 else "x" for _ in range(rng.choice([10, 5000, 20000])))
    if seed % 4 == 0:
        body = body.replace("\n", " ")  # one long line
    for pos in range(0, len(body) + 1, max(1, len(body) // 300)):
        a = body.rfind("\n", 0, pos) + 1
        b = body.find("\n", pos)
        assert text_mod.line_at(body, pos) == (a, len(body) if b < 0 else b)


def test_line_at_on_one_long_line_reads_the_text_once():
    body = "word " * 50_000  # 250 KB, no newline
    text_mod._newlines.cache_clear()
    for pos in range(0, len(body), 997):
        assert text_mod.line_at(body, pos) == (0, len(body))
    assert text_mod._newlines.cache_info().misses == 1


@pytest.mark.parametrize("seed", range(30))
def test_spans_answer_as_a_scan_does(seed):
    rng = random.Random(seed)
    spans = sorted(((a, a + rng.randint(1, 12)) for a in (rng.randint(0, 200) for _ in range(rng.randint(0, 40)))),
                   key=lambda s: s[0])
    index = text_mod.Spans(spans)
    assert list(index) == spans and len(index) == len(spans)
    for pos in range(-3, 220):
        assert index.at(pos) == next(((a, b) for a, b in spans if a <= pos < b), None)
        assert index.covers(pos) == any(a <= pos < b for a, b in spans)
        assert text_mod.covers(index, pos) == text_mod.covers(spans, pos)
        assert text_mod.span_at(index, pos) == text_mod.span_at(spans, pos)
    for s in spans[:5]:
        assert s in index


# --------------------------------------------------------------------------------- claims.py

def test_find_claims_reads_each_mention_a_bounded_number_of_times():
    from itinerary.claims import find_claims

    ratio = _doubling(find_claims)
    assert ratio < 2.6, f"work grew {ratio:.1f}x for 2x the sentences (quadratic: ~4x)"


def test_distance_reference_points_reads_each_mention_a_bounded_number_of_times():
    from itinerary.claims import distance_reference_points

    ratio = _doubling(distance_reference_points)
    assert ratio < 2.6, f"work grew {ratio:.1f}x for 2x the sentences (quadratic: ~4x)"


def test_claims_and_reference_points_of_one_document_read_its_figures_once(monkeypatch):
    from itinerary import claims

    calls = {"n": 0}
    real = claims._figure_ends

    def counting(*args):
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(claims, "_figure_ends", counting)
    doc, ms = _article(20)
    claims._ENDS_CACHE.clear()
    refs = claims.distance_reference_points(doc, ms)
    found = claims.find_claims(doc, ms)
    assert calls["n"] == 1
    assert len(found) == 20 and refs
    claims._ENDS_CACHE.clear()
    assert claims.find_claims(doc, ms) == found  # the same claims, worked out afresh


# ------------------------------------------------------------------- events.py and journey.py
# The journey stages: work grows linearly with the sentences and events.

def test_find_events_reads_each_mention_a_bounded_number_of_times():
    from itinerary.events import find_events

    ratio = _doubling(lambda d, ms: find_events(d, ms, frozenset({"delegation"})))
    assert ratio < 2.6, f"find_events work grew {ratio:.1f}x for 2x the sentences"


def _events(n_docs: int) -> list[Event]:
    """n_docs reports a day apart, each with visited and expected events at the cities."""
    rng = random.Random(n_docs)
    out = []
    for k in range(n_docs):
        published = date(2023, 1, 1) + timedelta(days=k)
        for j in range(6):
            p = rng.choice(CITIES)
            day = published + timedelta(days=rng.randrange(-2, 3))
            status = "expected" if j % 3 == 0 else "visited"
            sentence = f"The talks were held in {p.name} on {day:%d %B}."
            m = Mention(f"d{k}", 10 * j, 10 * j + len(p.name), p.name, p)
            out.append(Event(m, status, "held", DateRef(0, 1, "x", day), Evidence(f"d{k}", 0, len(sentence), sentence),
                             published=published, order=j))
    return out


def test_build_route_compares_places_a_bounded_number_of_times(monkeypatch):
    from itinerary import journey

    calls = {"n": 0}
    real = journey._same_place

    def counting(a, b):
        calls["n"] += 1
        return real(a, b)

    monkeypatch.setattr(journey, "_same_place", counting)
    work = []
    for n in (150, 300):
        calls["n"] = 0
        journey.build_route(_events(n))
        work.append(calls["n"])
    ratio = work[1] / max(work[0], 1)
    assert ratio < 2.6, f"build_route compared places {ratio:.1f}x as often for 2x the events"
