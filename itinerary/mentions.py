"""Finding place names in text and deciding which place each one means.

Matching: the text is split into words (Unicode letters, so Cyrillic, Hangul, Greek and Vietnamese
work); every run of up to `max_tokens` words that could start a name is looked up in the gazetteer
index in one batch, and the longest run that is a name wins (leftmost-longest). Names are compared
case- and diacritic-folded, but the surface must look like a name: capitalised (in scripts that
have case), exact case for short all-capital aliases ("AS", "US", "DPRK").

False positives are filtered with capitalisation, context and word frequency (`commonness` is
precomputed into the index from the `wordfreq` lists): common words at the start of a sentence or
in title-case lines, parts of person names ("Jong Un", "Vladimir Putin", "Presiden X"), and
organisations ("Washington Post").

Disambiguation scores each candidate place by population and feature priors, curated status,
document context (countries and regions the article names, closeness to the article's other
confidently-resolved places) and the user's bias (`near`, `country`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from .model import Document, Mention, Place
from .text import sentences

# A word: letters and combining marks of any script, with inner apostrophes ("Côte d'Ivoire").
WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0dff\u0e31-\u0e4e])+(?:['’](?:[^\W\d_])+)*")
_GAP_OK = re.compile(r"^(?:[ \t\u00a0]*[-‐–.]?[ \t\u00a0]*|[ \t\u00a0]+)$")

# Words that announce the kind of place that follows (or precedes) a name, per language.
FEATURE_HINTS = {
    "stasiun": "station", "station": "station", "stanitsa": "town",
    "kota": "city", "city": "city", "town": "city", "desa": "town", "village": "town", "kampung": "town",
    "provinsi": "region", "province": "region", "wilayah": "region", "region": "region", "oblast": "region",
    "krai": "region", "kray": "region", "state": "region", "negara": "country", "republik": "country",
    "kosmodrom": "spaceport", "cosmodrome": "spaceport", "bandara": "airport", "airport": "airport",
    "pangkalan": "airbase", "pelabuhan": "port", "port": "port", "pulau": "island", "island": "island",
    "teluk": "sea", "laut": "sea", "sungai": "river", "river": "river", "gunung": "mountain",
}
# Words before a name that make it a person's name, not a place (titles, honorifics).
PERSON_TITLES = frozenset("""
presiden president wakil menteri minister gubernur governor walikota mayor perdana pm raja king ratu queen
pangeran prince putri princess jenderal general gen kolonel colonel letnan laksamana admiral marsekal marshal
kapten captain sekretaris secretary senator sen rep representative ketua chairman chairwoman chair direktur
director juru bicara jubir spokesman spokeswoman spokesperson duta ambassador dubes kanselir chancellor
paus pope uskup bishop imam syekh sheikh bapak ibu pak bu tuan nyonya mr mrs ms miss dr prof professor sir lord
lady dame saint st santo pastor pendeta haji hajjah sultan emir kaisar emperor perdana_menteri profesor
analis analyst pengamat reporter wartawan koresponden correspondent editor penulis author pemimpin leader
kepala chief head komandan commander dubes deputi deputy
""".split())
# Words after a name that make it an organisation or a thing, not a place.
ORG_SUFFIXES = frozenset("""
post times herald journal tribune gazette chronicle news daily weekly magazine review institute institution
university universitas college school sekolah center centre foundation fund company corp corporation inc ltd
group bank fc united city's airlines airways club party partai council conference summit forum consensus
declaration treaty accord agreement protocol doctrine syndrome stadium arena hotel street avenue road square
""".split())
STOPWORDS = frozenset("""
a an the of in on at to and or but for from by with as is it its this that these those he she they we you i
dan atau di ke dari yang untuk pada dengan dalam oleh ini itu akan telah sudah juga tidak bukan ada adalah
para sang si kami kita mereka dia ia saya anda bagi serta namun tetapi karena sejak hingga sampai antara
le la les de des du et un une el los las del y en al lo die der das und von zu im
""".split())
MONTHS_WEEKDAYS = frozenset("""
january february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec januari februari maret mei juni juli agustus oktober desember monday tuesday wednesday
thursday friday saturday sunday senin selasa rabu kamis jumat sabtu minggu
""".split())


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


@dataclass
class _Candidate:
    start: int
    end: int
    surface: str
    options: list  # [(Place, form, commonness)]
    hint: str = ""
    sentence_initial: bool = False
    title_line: bool = False


def find_mentions(doc: Document, gazetteer, near: tuple[float, float] | None = None,
                  country: str | None = None) -> list[Mention]:
    """Every place mention in the document's body, resolved to one place each, in text order."""
    text = doc.text
    cands = match_names(text, gazetteer, doc.body_start)
    cands = _filter_false_positives(text, cands)
    return _disambiguate(doc, cands, near, country.upper() if country else None)


def _tokens(text: str, start: int) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text, start)]


def _can_start(tok: str) -> bool:
    c = tok[0]
    return c.isupper() or not c.islower() or tok.lower() in FEATURE_HINTS


def match_names(text: str, gazetteer, start: int = 0) -> list[_Candidate]:
    """Leftmost-longest gazetteer names in text[start:], before any filtering."""
    from .gazetteer import fold

    toks = _tokens(text, start)
    folded = [fold(t.text) for t in toks]
    n, maxlen = len(toks), gazetteer.max_tokens
    runs: list[tuple[int, int, str]] = []  # (first token, last token, key)
    for i in range(n):
        if not _can_start(toks[i].text):
            continue
        key = folded[i]
        runs.append((i, i, key))
        for j in range(i + 1, min(n, i + maxlen)):
            if not _GAP_OK.match(text[toks[j - 1].end:toks[j].start]):
                break
            key = key + " " + folded[j]
            runs.append((i, j, key))
        # Hangul has no case and glues particles to names: also try the word minus a particle.
        if _is_hangul(toks[i].text):
            for stem in _hangul_stems(toks[i].text):
                runs.append((i, i, "#" + fold(stem)))
    found = gazetteer.lookup({k.lstrip("#") for _, _, k in runs})
    by_start: dict[int, list[tuple[int, str, int]]] = {}
    for i, j, key in runs:
        k = key.lstrip("#")
        if k in found:
            end = toks[j].start + len(_stem_of(toks[j].text, key)) if key.startswith("#") else toks[j].end
            by_start.setdefault(i, []).append((j, k, end))
    sents = sentences(text)
    sent_starts = {a for a, _ in sents}
    title_lines = _title_case_lines(text, sents)
    out: list[_Candidate] = []
    i = 0
    while i < n:
        options = sorted(by_start.get(i, ()), key=lambda x: (x[0], x[2]), reverse=True)
        chosen = None
        for j, key, end in options:
            surface = text[toks[i].start:end]
            opts = [(p, form, cm) for p, form, cm in found[key] if _case_ok(surface, form)]
            if opts:
                chosen = (j, key, end, surface, opts)
                break
        if not chosen:
            i += 1
            continue
        j, key, end, surface, opts = chosen
        prev = folded[i - 1] if i > 0 else ""
        nxt = folded[j + 1] if j + 1 < n else ""
        hint = FEATURE_HINTS.get(prev, "") or FEATURE_HINTS.get(nxt, "")
        out.append(_Candidate(toks[i].start, end, surface, opts, hint=hint,
                              sentence_initial=toks[i].start in sent_starts or _after_opener(text, toks[i].start, sent_starts),
                              title_line=_in_title_line(toks[i].start, title_lines)))
        i = j + 1
    return out


def _case_ok(surface: str, form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        # short all-capital aliases (AS, US, DPRK) match only as written
        return [c for c in surface if c.isalpha()] == letters
    words = WORD.findall(surface)
    first = next((w for w in words if w.lower() not in FEATURE_HINTS), words[0] if words else "")
    return bool(first) and (first[0].isupper() or not first[0].islower())


def _is_hangul(tok: str) -> bool:
    return "\uac00" <= tok[0] <= "\ud7a3"


_HANGUL_PARTICLES = ("에서는", "에서", "으로", "에게", "까지", "부터", "에는", "과", "와", "의", "을", "를", "은", "는",
                     "이", "가", "에", "로", "도", "만")


def _hangul_stems(tok: str) -> list[str]:
    return [tok[: -len(p)] for p in _HANGUL_PARTICLES if tok.endswith(p) and len(tok) - len(p) >= 2]


def _stem_of(tok: str, key: str) -> str:
    from .gazetteer import fold

    k = key.lstrip("#").split(" ")[-1]
    for stem in _hangul_stems(tok):
        if fold(stem) == k:
            return stem
    return tok


def _after_opener(text: str, pos: int, sent_starts: set[int]) -> bool:
    # a name right after an opening quote or bracket at the start of a sentence is sentence-initial too
    j = pos - 1
    while j >= 0 and text[j] in "\"'“‘([«":
        j -= 1
    return j < pos - 1 and (j + 1) in sent_starts


def _title_case_lines(text: str, sents) -> list[tuple[int, int]]:
    """Sentences written in Title Case (headlines, teasers): capitalisation says nothing there."""
    out = []
    for a, b in sents:
        words = [w for w in WORD.findall(text[a:b]) if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
            out.append((a, b))
    return out


def _in_title_line(pos: int, lines) -> bool:
    return any(a <= pos < b for a, b in lines)


# ----------------------------------------------------------------------------------------------
# False positives


def _filter_false_positives(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    person_tokens: set[str] = set()
    kept: list[_Candidate] = []
    for c in cands:
        reason = _false_positive(text, c, cands)
        if reason == "person":
            person_tokens.update(w.lower() for w in WORD.findall(c.surface))
            person_tokens.update(w.lower() for w in _neighbour_names(text, c))
        if not reason:
            kept.append(c)
    # A word used once as part of a person's name ("Lincoln" after "Abraham Lincoln") is that person
    # everywhere in the article.
    return [c for c in kept if not (len(WORD.findall(c.surface)) == 1 and c.surface.lower() in person_tokens
                                    and not _strong(c))]


def _strong(c: _Candidate) -> bool:
    return any(p.curated or p.feature in ("country", "region") for p, _, _ in c.options)


def _max_pop(c: _Candidate) -> int:
    return max((p.population for p, _, _ in c.options), default=0)


def _false_positive(text: str, c: _Candidate, cands) -> str:
    words = WORD.findall(c.surface)
    single = len(words) == 1
    low = c.surface.lower()
    strong = _strong(c)
    if single and (low in STOPWORDS or (low in MONTHS_WEEKDAYS and not strong)):
        return "common word"
    commonness = max((cm for _, _, cm in c.options), default=0.0)
    if single and not strong:
        # frequency data: a common word is a place only with good evidence
        limit = 4.0 if (c.sentence_initial or c.title_line or c.surface.isupper()) else 5.0
        if commonness >= limit and _max_pop(c) < 1_000_000:
            return "common word"
    before = _word_before(text, c.start)
    after = _word_after(text, c.end)
    if re.match(r"-[^\W\d_]*[a-z]", text[c.end:c.end + 3]) and not strong:
        return "part of a longer word"  # "Nam Sung-wook": the name goes on past the hyphen
    if single and not strong and _max_pop(c) < 5000 and not c.hint:
        # a hamlet's name with no support in the text is more often a word or a name than that hamlet
        others = [x for x in cands if x is not c and x.start < c.start + 400 and x.end > c.start - 400]
        if not any(p.country == q.country for p, _, _ in c.options for x in others for q, _, _ in x.options):
            return "unsupported small place"
    if single and not strong and _max_pop(c) < 1_000_000 and any(
            (0 < x.start - c.end <= 2 or 0 < c.start - x.end <= 2) and len(WORD.findall(x.surface)) == 1
            and not _strong(x) and _max_pop(x) < 1_000_000 and x.surface[0].isupper() for x in cands):
        return "person"  # "Yoko Kamikawa": two weak place words side by side are a person's name
    if before and before.lower() in PERSON_TITLES and not strong:
        return "person"
    if after and after.lower() in ORG_SUFFIXES:
        return "organisation"
    if single and before and before[0].isupper() and not c.sentence_initial and not _is_place_word(before, cands, c) \
            and before.lower() not in FEATURE_HINTS and _joined_by_space(text, c.start):
        # "Kim Jong Un": a capitalised word right before, which is not a place itself, makes it a name
        if not (strong and _max_pop(c) >= 1_000_000):
            return "person"
    if single and not strong and after and after[0].isupper() and not _is_place_word(after, cands, c) \
            and after.lower() not in FEATURE_HINTS and _max_pop(c) < 1_000_000 and not c.title_line:
        return "person"  # "Vladimir Putin", "Kim Jong"
    return ""


def _joined_by_space(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] in " \u00a0"


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([^\W\d_][\w'’.-]*)[ \u00a0]+$", text[max(0, pos - 40):pos])
    return m.group(1).rstrip(".") if m else ""


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"[ \u00a0]+([^\W\d_][\w'’-]*)", text[pos:pos + 40])
    return m.group(1) if m else ""


def _neighbour_names(text: str, c: _Candidate) -> list[str]:
    out = []
    a, b = _word_before(text, c.start), _word_after(text, c.end)
    for w in (a, b):
        if w and w[0].isupper() and w.lower() not in PERSON_TITLES:
            out.append(w)
    return out


def _is_place_word(word: str, cands, me) -> bool:
    return any(word in WORD.findall(x.surface) for x in cands if x is not me)


# ----------------------------------------------------------------------------------------------
# Disambiguation

_FEATURE_PRIOR = {"country": 3.0, "region": 1.6, "city": 1.0, "spaceport": 1.5, "station": 1.2, "airbase": 1.2,
                  "airport": 1.2, "landmark": 1.0, "town": 0.6, "district": 0.4}


def _prior(p: Place, form: str, surface: str) -> float:
    s = _FEATURE_PRIOR.get(p.feature, 0.5)
    s += math.log10(max(p.population, 1)) / 2.0  # 1e6 -> +3
    if p.curated:
        s += 4.5
    if form == surface:
        s += 0.3
    if form.casefold() == p.name.casefold():
        s += 0.5
    return s


def _disambiguate(doc: Document, cands: list[_Candidate], near, country) -> list[Mention]:
    from .geodesy import geodesic_km

    # Pass 1: priors only; the confident picks become the document's context.
    picks = []
    for c in cands:
        ranked = sorted(c.options, key=lambda o: (-_prior(o[0], o[1], c.surface), o[0].id))
        picks.append(ranked[0][0])
    countries = {p.country for p, c in zip(picks, cands) if p.feature in ("country", "region") or len(
        {o[0].id for o in c.options}) == 1}
    anchors = [p for p, c in zip(picks, cands) if (len({o[0].id for o in c.options}) == 1 or p.curated)
               and not p.is_area]
    out = []
    for c in cands:
        best, best_score = None, -1e9
        seen = set()
        for p, form, _ in c.options:
            if p.id in seen:
                continue
            seen.add(p.id)
            s = _prior(p, form, c.surface)
            if p.country and p.country in countries:
                s += 2.0
            if c.hint and (p.feature == c.hint or (c.hint == "city" and p.feature == "town")):
                s += 3.0
            if country and p.country == country:
                s += 2.5
            if near:
                s += 2.5 * math.exp(-geodesic_km(near[0], near[1], p.lat, p.lon) / 500.0)
            if anchors and len(c.options) > 1 and p.feature not in ("country",):
                d = min(geodesic_km(a.lat, a.lon, p.lat, p.lon) for a in anchors if a.id != p.id) if any(
                    a.id != p.id for a in anchors) else 1e9
                s += 1.5 * math.exp(-d / 800.0)
            if s > best_score or (s == best_score and best is not None and p.id < best.id):
                best, best_score = p, s
        n = len(seen)
        score = 1.0 if n == 1 else min(0.99, 0.5 + 0.05 * best_score)
        out.append(Mention(doc.id, c.start, c.end, c.surface, best, round(max(score, 0.05), 3), n))
    return out
