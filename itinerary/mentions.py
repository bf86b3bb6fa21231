"""Finding place names in text and deciding which place each one means.

Matching: a name starts at a word that could begin one: a capitalised word, a word in a script
without case (Hangul, CJK, Arabic, ...) or a feature word ("stasiun", "kota"). The matcher asks the
index which of those words are names and which begin longer names, extends only the latter by a
word at a time (one batched query per length), and keeps the leftmost-longest name. Names are
compared case- and diacritic-folded ("Przemysl" finds Przemyśl), but the surface must look like a
name: capitalised (in scripts that have case); exact case for short all-capital aliases ("AS", "US",
"DPRK"); a word written in capitals ("CIS", "SANA") is an acronym unless the place's own name is
written so or the word opens a dateline ("BEIRUT (AP) —"). Abbreviations with a period ("U.S.",
"Ill.", "W.Va.") match only with it, and the period is part of the mention. A possessive "'s" and
Korean particles are not.

False positives are filtered with capitalisation, context and word frequency (`commonness` is
precomputed into the index from the `wordfreq` lists): common words at the start of a sentence or
in title-case lines, parts of person names ("Jong Un", "Vladimir Putin", "Presiden X"), newspapers
and streets ("Washington Post", "Washington Street"), month and weekday names, acronyms.

Disambiguation scores each candidate place by population and feature priors, how it was named
(its own name, an alternate name, a demonym), curated status, and document context: a qualifier
right after the name ("Boise, Idaho"; "Athens, Ga."), the countries and regions the article names
(a city in a named region gains most), closeness to the article's other confidently resolved
places, the feature word beside it ("kota", "Oblast"), and the user's bias (`near`, `country`).
One name keeps one meaning within a document (the evidence of all its mentions is pooled).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Document, Mention, Place

# A word: letters and combining marks of any script, with inner apostrophes ("Côte d'Ivoire").
WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0dff\u0e31-\u0e4e])+(?:['’](?:[^\W\d_])+)*")
# What may stand between two words of one name: spaces, or a hyphen or period with optional spaces.
_GAP_OK = re.compile(r"[ \t\u00a0]*[-‐–.]?[ \t\u00a0]*|[ \t\u00a0]+")

# Words that announce the kind of place that follows (or precedes) a name, per language.
FEATURE_HINTS = {
    "stasiun": "station", "station": "station", "stanitsa": "town",
    "kota": "city", "city": "city", "town": "city", "desa": "town", "village": "town", "kampung": "town",
    "provinsi": "region", "province": "region", "wilayah": "region", "region": "region", "oblast": "region",
    "krai": "region", "kray": "region", "state": "region", "negara": "country", "republik": "country",
    "kosmodrom": "spaceport", "cosmodrome": "spaceport", "bandara": "airport", "airport": "airport",
    "pangkalan": "airbase", "pelabuhan": "port", "port": "port", "pulau": "island", "island": "island",
    "teluk": "sea", "laut": "sea", "sungai": "river", "river": "river", "gunung": "mountain",
    "county": "district", "kabupaten": "district", "regency": "district", "prefecture": "region",
}
# Which of those stand before the name (Indonesian "kota Bandung", "stasiun Khasan") and which after
# (English "Kharkiv Oblast", "Khasan station"); English "the city of X" is handled as a phrase.
_HINTS_BEFORE = frozenset("""
stasiun kota desa kampung provinsi wilayah negara republik kosmodrom bandara pangkalan pelabuhan pulau teluk
laut sungai gunung kabupaten stanitsa
""".split())
_OF_PHRASE = re.compile(r"(?i)\b(city|town|village|port|province|state|region|island|republic)\s+of\s+$")
# Words before a name that make it a person's name, not a place (titles, honorifics).
PERSON_TITLES = frozenset("""
presiden president wakil menteri minister gubernur governor walikota mayor perdana pm raja king ratu queen
pangeran prince putri princess jenderal general gen kolonel colonel letnan laksamana admiral marsekal marshal
kapten captain sekretaris secretary senator sen rep representative ketua chairman chairwoman chair direktur
director juru bicara jubir spokesman spokeswoman spokesperson duta ambassador dubes kanselir chancellor
paus pope uskup bishop imam syekh sheikh bapak ibu pak bu tuan nyonya mr mrs ms miss dr prof professor sir lord
lady dame saint st santo pastor pendeta haji hajjah sultan emir kaisar emperor perdana_menteri profesor
analis analyst pengamat reporter wartawan koresponden correspondent editor penulis author pemimpin leader
kepala chief head komandan commander dubes deputi deputy coach pelatih sgt sergeant officer det detective
judge hakim justice rev reverend father brother sister
""".split())
# Words after a name that make it a newspaper or a street, not the place it is named after.
ORG_SUFFIXES = frozenset("""
post times herald journal tribune gazette chronicle daily weekly magazine review
street st avenue ave road rd boulevard blvd drive lane highway jalan
""".split())
# Words after a place name that make the whole an institution *in* that place: the place is still
# mentioned ("Gainesville Police", "Vancouver International Airport", "University of Alberta").
INSTITUTION_WORDS = frozenset("""
police department dept county city state school schools university college high board council hospital
airport station international national regional metropolitan municipal district court government ministry
army navy guard federal public community valley area region province university's club fc united
airlines airways press news museum zoo harbor harbour port bay river lake mountains island islands
""".split())
# Head nouns that end an organisation's name: place words inside such a name ("Asia Pacific Economic
# Cooperation") name the organisation, not a place.
ORG_HEADS = frozenset("""
cooperation co-operation organisation organization association corporation company foundation federation
forum commission committee institute agency alliance consortium league union's
kerja sama organisasi asosiasi perusahaan yayasan federasi komisi komite lembaga badan aliansi
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
# Words before a name that make it a place (locative prepositions), per language.
LOCATIVES = frozenset("""
in at to from near into across through outside inside toward towards via around of
di ke dari menuju dekat sekitar hingga sampai antara
в во из на под около
""".split())
# Words that qualify a place name without being part of a person's name ("Northeast Georgia").
DIRECTION_WORDS = frozenset("""
north south east west northern southern eastern western northeast northwest southeast southwest central
northeastern northwestern southeastern southwestern upper lower greater inner outer mid downtown rural
utara selatan timur barat tengah
""".split())


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    surface: str
    options: list  # [Entry]
    hint: str = ""
    sentence_initial: bool = False
    title_line: bool | None = None  # in a Title Case line; worked out when a filter needs it
    words: int = 1
    key: str = ""
    before: str = ""  # the word before the name (same line, spaces between)
    after: str = ""  # the word after it
    scores: dict = field(default_factory=dict)


def find_mentions(doc: Document, gazetteer, near: tuple[float, float] | None = None,
                  country: str | None = None) -> list[Mention]:
    """Every place mention in the document's body, resolved to one place each, in text order."""
    text = doc.text
    cands = match_names(text, gazetteer, doc.body_start)
    cands = _filter_false_positives(text, cands)
    return _disambiguate(doc, cands, near, country.upper() if country else None, gazetteer)


# ----------------------------------------------------------------------------------------------
# Matching


_FOLDED: dict[str, str] = {}  # word -> folded word, shared across documents (bounded)
_TAILS: dict[str, tuple] = {}


def _fold_cached():
    from .gazetteer import fold

    cache = _FOLDED
    if len(cache) > 500_000:
        cache.clear()

    def f(s: str) -> str:
        r = cache.get(s)
        if r is None:
            r = cache[s] = fold(s)
        return r

    return f


def match_names(text: str, gazetteer, start: int = 0) -> list[_Candidate]:
    """Leftmost-longest gazetteer names in text[start:], before any filtering."""
    fold = _fold_cached()
    maxlen = gazetteer.max_tokens
    word_at = WORD.match
    gap_at = _GAP_OK.match
    # Level 1: every word that could begin a name, as (start, end, folded key, variants of the key).
    # A variant drops a possessive "'s" or a Korean particle from the run's last word.
    tails = _tail_variants()
    level = [(m.start(), m.end(), fold(w), tails(w, fold)) for m in _head_regex().finditer(text, start)
             if not (w := m.group(0))[0].islower() or w in FEATURE_HINTS]
    found: dict[int, list[tuple[int, str, int]]] = {}  # run start -> [(words, key, end)]
    keys_flags: dict[str, int] = {}
    words = 1
    while level:
        ask = {x[2] for x in level}
        for x in level:
            if x[3]:
                pre = x[2].rsplit(" ", 1)[0] + " " if words > 1 else ""
                ask.update(pre + v for v, _ in x[3])
        ask.difference_update(keys_flags)
        if ask:
            got = gazetteer.key_flags(ask)
            for k in ask:
                keys_flags[k] = got.get(k, 0)
        nxt = []
        for s, e, key, variants in level:
            fl = keys_flags[key]
            if fl & 1:
                found.setdefault(s, []).append((words, key, e))
            if variants:
                pre = key.rsplit(" ", 1)[0] + " " if words > 1 else ""
                for v, cut in variants:
                    if keys_flags.get(pre + v, 0) & 1:
                        found.setdefault(s, []).append((words, pre + v, e - cut))
            if fl & 2 and words < maxlen:
                g = gap_at(text, e).end()
                w = word_at(text, g) if g > e else None
                if w:
                    tok = w.group(0)
                    nxt.append((s, w.end(), key + " " + fold(tok), tails(tok, fold)))
        level = nxt
        words += 1
    name_keys = {k for opts in found.values() for _, k, _ in opts}
    entries = gazetteer.entries(name_keys) if name_keys else {}
    out: list[_Candidate] = []
    last_end = -1
    forms_of: dict[str, tuple[set, set]] = {}  # key -> (forms without, forms with a final period)
    for k, opts in entries.items():
        forms_of[k] = ({o.form for o in opts if not o.form.endswith(".")}, {o.form for o in opts if o.form.endswith(".")})

    written_memo: dict[tuple, list] = {}

    def written_ok(key: str, s: int, surface: str, dotted: bool) -> list:
        mk = (key, surface, dotted)
        r = written_memo.get(mk)
        if r is not None:
            return r
        plain, dots = forms_of.get(key, ((), ()))
        forms = (plain | dots) if dotted else plain
        classes = {f: _case_class(surface, f) for f in forms}
        good = {f for f, ok in classes.items() if ok or (ok is None and _case_ok(text, s, surface, f))}
        r = [o for o in entries.get(key, ()) if o.form in good] if good else []
        if None not in classes.values():  # decided by the words alone: the same everywhere in the text
            written_memo[mk] = r
        return r

    for s in sorted(found):
        if s < last_end:
            continue
        chosen = None
        for nw, key, end in sorted(found[s], key=lambda x: (x[0], x[2]), reverse=True):
            surface = text[s:end]
            if forms_of.get(key, ((), ()))[1] and text.startswith(".", end) and not surface.endswith("."):
                ok = written_ok(key, s, surface, True)
                if ok:
                    chosen = (nw, key, end + 1, text[s:end + 1], ok)
                    break
            ok = written_ok(key, s, surface, False)
            if ok:
                chosen = (nw, key, end, surface, ok)
                break
        if not chosen:
            continue
        nw, key, end, surface, opts = chosen
        before, after = _word_before(text, s), _word_after(text, end)
        prev, nxt_w = before.lower(), after.lower()
        hint = FEATURE_HINTS.get(prev, "") if prev in _HINTS_BEFORE else ""
        if not hint and nxt_w in FEATURE_HINTS and nxt_w not in _HINTS_BEFORE:
            hint = FEATURE_HINTS[nxt_w]
        if not hint and prev == "of":
            of = _OF_PHRASE.search(text, max(0, s - 20), s)
            hint = FEATURE_HINTS.get(of.group(1).lower(), "") if of else ""
        out.append(_Candidate(s, end, surface, opts, hint=hint,
                              sentence_initial=_sentence_initial(text, s),
                              words=nw, key=key, before=before, after=after))
        last_end = end
    return out


@lru_cache(maxsize=1)
def _head_regex() -> re.Pattern:
    """A whole word that could begin a name: one not starting with an ASCII lower-case letter (the
    rest of the lower-case letters are checked in Python: a regex class of them is slower), or a
    lower-case feature word ("stasiun Khasan")."""
    hints = "|".join(sorted(FEATURE_HINTS, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:(?=[^\W\d_a-z])|(?=(?:{hints})(?!\w)))" + WORD.pattern)


def _tail_variants():
    cache = _TAILS
    if len(cache) > 500_000:
        cache.clear()

    def f(tok: str, fold) -> tuple:
        r = cache.get(tok)
        if r is None:
            out = []
            if len(tok) > 3 and tok[-1] in "sS" and tok[-2] in "'’":
                out.append((fold(tok[:-2]), 2))
            if _is_hangul(tok):
                out.extend((fold(stem), len(tok) - len(stem)) for stem in _hangul_stems(tok))
            r = cache[tok] = tuple(out)
        return r

    return f


class _TitleProbe:
    """A lazily computed truth value: whether a position is in a Title Case line."""

    __slots__ = ("lines", "pos", "value")

    def __init__(self, lines, pos):
        self.lines, self.pos, self.value = lines, pos, None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = self.lines(self.pos)
        return self.value


class _TitleLines:
    """Whether a position lies in a sentence written in Title Case (headlines, teasers), where
    capitalisation says nothing. The sentence is found around the position (up to 300 characters
    each way), and each sentence is judged once."""

    def __init__(self, text: str):
        self.text = text
        self.memo: dict[int, bool] = {}

    def __call__(self, pos: int) -> bool:
        text = self.text
        lo = max(0, pos - 300)
        a = max(text.rfind(". ", lo, pos), text.rfind("! ", lo, pos), text.rfind("? ", lo, pos),
                text.rfind("\n", lo, pos))
        found_start = a >= 0 or lo == 0
        a = a + 1 if a >= 0 else lo
        if a in self.memo:
            return self.memo[a]
        e = _NEXT_END.search(text, pos, pos + 300)
        b = e.start() if e else min(len(text), pos + 300)
        r = self.memo[a] = found_start and (e is not None or b == len(text)) and _title_case(text[a:b])
        return r


_NEXT_END = re.compile(r"[.!?…](?=\s)|\n")
_LONG_WORD = re.compile(r"(?<![\w'’])[^\W\d_]{4,}")
_LONG_CAP = re.compile(r"(?<![\w'’])(?=[^\W\d_a-z])[^\W\d_]{4,}")


def _title_case(sentence: str) -> bool:
    n = len(_LONG_WORD.findall(sentence))
    return n >= 3 and sum(1 for w in _LONG_CAP.findall(sentence) if not w[0].islower()) >= 0.75 * n


# Abbreviations whose period does not end a sentence (news English and Indonesian).
_NOT_ENDS = frozenset("mr mrs ms dr prof st sr jr gen col lt capt sgt rep sen gov pres no vs etc u.s u.k u.n "
                      "a.s p.m a.m inc ltd co corp dll tsb yth bpk sdr".split())


def _sentence_initial(text: str, pos: int) -> bool:
    """The word at `pos` begins a sentence (after . ! ? or a line break, opening quotes allowed)."""
    j = pos
    while j > 0 and pos - j < 12 and text[j - 1] in " \t\u00a0\"'“‘([«":
        j -= 1
    if j == 0 or text[j - 1] == "\n":
        return True
    if j == pos or text[j - 1] not in ".!?…:":
        return False
    if text[j - 1] == ".":
        k = j - 1
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        word = text[k:j - 1].lower()
        if word in _NOT_ENDS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _case_ok(text: str, start: int, surface: str, form: str) -> bool:
    r = _case_class(surface, form)
    if r is None:
        # a word in capitals is an acronym ("CIS", "SANA") unless it opens a dateline or a capitals line
        return _caps_context(text, start, start + len(surface))
    return r


@lru_cache(maxsize=65536)
def _case_class(surface: str, form: str) -> bool | None:
    """Whether `surface` is written like the name `form`; None when that depends on the line."""
    letters = [c for c in form if c.isalpha()]
    s_letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        # short all-capital aliases (AS, US, DPRK) match only as written
        return s_letters == letters
    if len(s_letters) >= 2 and all(c.isupper() for c in s_letters) and any(c.islower() for c in letters):
        return None
    words = WORD.findall(surface)
    first = next((w for w in words if w.lower() not in FEATURE_HINTS), words[0] if words else "")
    return bool(first) and (first[0].isupper() or not first[0].islower())


_LETTERS = re.compile(r"[^\W\d_]")
_UPPER_ASCII = re.compile(r"[A-Z\u00c0-\u00de\u0410-\u042f]")


def _caps_context(text: str, a: int, b: int) -> bool:
    line_start = max(text.rfind("\n", 0, a) + 1, a - 200)
    line_end = text.find("\n", b, b + 200)
    line = text[line_start:line_end if line_end >= 0 else min(len(text), b + 200)]
    n_letters = len(_LETTERS.findall(line))
    if n_letters and len(_UPPER_ASCII.findall(line)) >= 0.8 * n_letters:
        return True  # a headline in capitals
    before = text[line_start:a].strip(" \t\"'“(")
    after = text[b:b + 6]
    # a dateline: "BEIRUT (AP) —", "SOUTH CHARLESTON, W.Va. --", "TORONTO —"
    return (not before or before.isupper()) and bool(re.match(r"\s*(?:,|\(|—|–|--|-\s)", after))


def _is_hangul(tok: str) -> bool:
    return "\uac00" <= tok[0] <= "\ud7a3"


_HANGUL_PARTICLES = ("에서는", "에서", "으로", "에게", "까지", "부터", "에는", "과", "와", "의", "을", "를", "은", "는",
                     "이", "가", "에", "로", "도", "만")


def _hangul_stems(tok: str) -> list[str]:
    return [tok[: -len(p)] for p in _HANGUL_PARTICLES if tok.endswith(p) and len(tok) - len(p) >= 2]


def _after_opener(text: str, pos: int, sent_starts: set[int]) -> bool:
    # a name right after an opening quote or bracket at the start of a sentence is sentence-initial too
    j = pos - 1
    while j >= 0 and text[j] in "\"'“‘([«":
        j -= 1
    return j < pos - 1 and (j + 1) in sent_starts


# ----------------------------------------------------------------------------------------------
# False positives

_STRONG_FEATURES = frozenset({"country", "continent"})


def _strong(c: _Candidate) -> bool:
    """A name that is safe on its own: curated, a country or continent, a demonym, a multi-word name,
    or a region whose name is not an ordinary word."""
    if c.words > 1:
        return True
    for e in c.options:
        p = e.place
        if p.curated or p.feature in _STRONG_FEATURES or e.kind == 1:
            return True
        if p.feature == "region" and e.common < 4.5:
            return True
    return False


def _max_pop(c: _Candidate) -> int:
    return max((e.place.population for e in c.options), default=0)


def _commonness(c: _Candidate) -> float:
    return max((e.common for e in c.options), default=0.0)


def _filter_false_positives(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    title = _TitleLines(text)
    for c in cands:
        if c.title_line is None and c.words == 1:
            c.title_line = _TitleProbe(title, c.start)  # evaluated only if a rule asks
    person_tokens: set[str] = set()
    kept: list[_Candidate] = []
    starts = {c.start: c for c in cands}
    ends = {c.end: c for c in cands}
    # First the rules that look at the name alone; the survivors are the neighbours that count as
    # places for the rules about neighbours ("Abraham" is no place, so "Abraham Lincoln" is a person).
    first = [c for c in cands if not _false_positive(text, c, starts, ends, alone=True)]
    starts = {c.start: c for c in first}
    ends = {c.end: c for c in first}
    for c in first:
        reason = _false_positive(text, c, starts, ends)
        if reason == "person":
            person_tokens.update(w.lower() for w in WORD.findall(c.surface))
            person_tokens.update(w.lower() for w in _neighbour_names(text, c))
        if not reason:
            kept.append(c)
    # A word used once as part of a person's name ("Lincoln" after "Abraham Lincoln") is that person
    # everywhere in the article.
    return [c for c in kept if not (c.words == 1 and c.surface.lower() in person_tokens and not _country_like(c))]


def _locative_before(text: str, c: _Candidate) -> bool:
    return c.before.lower() in LOCATIVES


def _qualified(text: str, c: _Candidate, starts) -> bool:
    """Followed by ", <place>" ("Mobile, Alabama"; "Nice, France")."""
    m = re.match(r",[ \u00a0]*", text[c.end:c.end + 4])
    return bool(m) and (c.end + m.end()) in starts


def _false_positive(text: str, c: _Candidate, starts, ends, alone: bool = False) -> str:
    single = c.words == 1
    low = c.surface.lower().rstrip(".")
    strong = _strong(c)
    support = c.hint or _locative_before(text, c) or _qualified(text, c, starts)
    if single and low in STOPWORDS:
        return "common word"
    if single and low in MONTHS_WEEKDAYS and not c.hint:
        return "month or weekday"
    if c.surface.endswith(".") and single and len(c.surface) <= 6:
        # a state abbreviation ("Ill.", "Ga.") stands after a city and a comma, or in brackets
        before = text[max(0, c.start - 2):c.start]
        if not (before.endswith(", ") or before.endswith("(") or before.endswith(",")):
            return "abbreviation out of place"
    commonness = _commonness(c)
    if single and commonness >= 3.0:
        # frequency data: a common word is a place only with good evidence
        initial = c.sentence_initial or c.title_line or c.surface.isupper()
        if any(e.kind == 1 or e.place.feature in _STRONG_FEATURES for e in c.options):
            limit = 5.6  # a country or a people: capitalised, it is that
        elif strong:
            limit = 5.6 if not initial else 5.0
        else:
            limit = 4.0 if initial else (5.6 if support else 4.8)
        acronym = c.surface.isupper() and any(e.form == c.surface for e in c.options)  # "US", "UAE"
        big = _max_pop(c) >= (5_000_000 if initial else 1_000_000)  # "London" is common *as a name*
        if commonness >= limit and not acronym and not big:
            return "common word"
    words = WORD.findall(c.surface)
    first = words[0].lower() if words else ""
    if not single and first in STOPWORDS and not any(e.place.curated for e in c.options) and \
            not any(_primary(e) for e in c.options):
        return "article plus word"  # "The Turtle" as another name of somewhere
    before, after = c.before, c.after
    if re.match(r"-[^\W\d_]", text[c.end:c.end + 2]) and text[c.end + 1].islower() and not strong:
        return "part of a longer word"  # "Nam Sung-wook": the name goes on past the hyphen
    if single and not strong and _max_pop(c) < 5000 and not support:
        return "unsupported small place"  # a hamlet's name is more often a word or a surname
    if alone:
        return ""
    if after and after.lower() in ORG_SUFFIXES and _joined_by_space(text, c.end, after=True) and \
            after[0].isupper():
        return "organisation"  # "Washington Post", "Washington Street"
    if _in_org_name(text, c.end):
        return "organisation"  # "Asia Pacific Economic Cooperation"
    if before and before.lower().rstrip(".") in PERSON_TITLES and not (strong and _max_pop(c) >= 1_000_000):
        return "person"
    if single and before and before[0].isupper() and not c.sentence_initial and _joined_by_space(text, c.start) \
            and not _is_place_at(before, c.start, ends) and before.lower() not in FEATURE_HINTS \
            and before.lower() not in DIRECTION_WORDS and before.lower() not in STOPWORDS \
            and not (strong and (_max_pop(c) >= 1_000_000 or any(e.kind == 1 for e in c.options))):
        # "Kim Jong Un", "Abraham Lincoln": a capitalised word right before, not a place itself
        return "person"
    nxt = starts.get(c.end + 1) if _joined_by_space(text, c.end, after=True) else None
    prv = ends.get(c.start - 1) if _joined_by_space(text, c.start) else None
    for other, first_of_pair in ((nxt, True), (prv, False)):
        if single and other is not None and other.words == 1 and not _country_like(c) and not _country_like(other) \
                and not c.title_line and _weak_name(other if first_of_pair else c):
            return "person"  # "Victoria Rowell", "Yoko Kamikawa": two place words side by side, the second weak
    if single and not _country_like(c) and after and after[0].isupper() and _joined_by_space(text, c.end, after=True) \
            and not (c.end + 1 in starts) and after.lower() not in FEATURE_HINTS \
            and after.lower() not in INSTITUTION_WORDS and _max_pop(c) < 5_000_000 and not c.title_line:
        return "person"  # "Vladimir Putin", "Victoria Rowell"
    return ""


_CAP_RUN = re.compile(r"(?:[ \u00a0]+(?:[A-Z][\w'’&-]*|of|and|for|&))+")


def _in_org_name(text: str, end: int) -> bool:
    """The capitalised words after a name run on to an organisation's head noun."""
    m = _CAP_RUN.match(text, end, min(len(text), end + 80))
    if not m:
        return False
    words = m.group(0).split()
    while words and words[-1] in ("of", "and", "for", "&"):
        words.pop()
    return bool(words) and words[-1].lower() in ORG_HEADS


def _weak_name(c: _Candidate) -> bool:
    """A small place, known under this name only as another place's alternate name, or tiny."""
    return not _strong(c) and (_max_pop(c) < 100_000 or not any(_primary(e) for e in c.options))


def _country_like(c: _Candidate) -> bool:
    return any(e.place.curated or e.place.feature in _STRONG_FEATURES or e.kind == 1 for e in c.options)


def _primary(e) -> bool:
    return _same_name(e.form, e.place.name)


@lru_cache(maxsize=65536)
def _same_name(a: str, b: str) -> bool:
    from .gazetteer import fold

    return fold(a) == fold(b)


def _joined_by_space(text: str, pos: int, after: bool = False) -> bool:
    if after:
        return pos < len(text) and text[pos] in " \u00a0"
    return pos > 0 and text[pos - 1] in " \u00a0"


def _is_place_at(word: str, pos: int, ends) -> bool:
    # the capitalised word before is itself (the end of) a place name
    return (pos - 1) in ends


def _word_before(text: str, pos: int) -> str:
    """The word right before `pos`, across spaces only (no line break or punctuation)."""
    j = pos
    while j > 0 and pos - j < 8 and text[j - 1] in " \u00a0":
        j -= 1
    if j == pos:
        return ""
    k = j
    while k > 0 and j - k < 40 and (text[k - 1].isalnum() or text[k - 1] in "_'’.-"):
        k -= 1
    while k < j and not text[k].isalpha():
        k += 1
    return text[k:j].rstrip(".")


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"[ \u00a0]+([^\W\d_][\w'’-]*)", text[pos:pos + 40])
    return m.group(1) if m else ""


def _neighbour_names(text: str, c: _Candidate) -> list[str]:
    out = []
    a, b = c.before, c.after
    for w in (a, b):
        if w and w[0].isupper() and w.lower() not in PERSON_TITLES and w.lower() not in STOPWORDS:
            out.append(w)
    return out


# ----------------------------------------------------------------------------------------------
# Disambiguation

_FEATURE_PRIOR = {"country": 3.0, "continent": 2.5, "region": 1.5, "city": 1.0, "spaceport": 1.5, "station": 1.2,
                  "airbase": 1.2, "airport": 1.2, "landmark": 1.0, "town": 0.6, "district": 0.3}


def _prior(e, surface: str) -> float:
    p = e.place
    s = _FEATURE_PRIOR.get(p.feature, 0.5)
    s += min(math.log10(max(p.population, 1)), 7.5) / 2.0  # 1e6 -> +3
    if p.feature in ("region", "district"):
        s -= 0.5  # a region outnumbers its capital, but a bare shared name more often means the city
    if p.curated:
        s += 4.0 if e.kind != 2 else 0.5  # a name it took over from another source is less sure
    if _primary(e):
        s += 1.0
    elif e.kind == 1:
        s += 1.0  # a demonym names its country as surely as the country's own name
    elif not p.curated:
        s -= 1.0  # another place's alternate name: often historical, foreign or a mistake
    if e.form == surface:
        s += 0.3
    return s


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # scoring needs closeness, not survey precision: the sphere is enough and fast
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


class _Nearest:
    """Distance from a point to the nearest of a set of points (numpy when the set is large)."""

    def __init__(self, points):
        self.points = sorted({(round(p.lat, 4), round(p.lon, 4), p.id) for p in points})
        self._np = None
        if len(self.points) > 40:
            import numpy as np

            self._np = np
            self._lat = np.radians([q[0] for q in self.points])
            self._lon = np.radians([q[1] for q in self.points])
            self._ids = [q[2] for q in self.points]
            self._index = {q: i for i, q in enumerate(self._ids)}

    def many(self, places: list[Place]) -> list[float]:
        """Nearest-anchor distance for many places at once (one matrix when numpy is in use)."""
        if not self.points or not places:
            return [1e9] * len(places)
        if self._np is None or len(places) < 20:
            return [self.km(p) for p in places]
        np = self._np
        out = []
        for i in range(0, len(places), 2000):
            chunk = places[i:i + 2000]
            la = np.radians([p.lat for p in chunk])[:, None]
            lo = np.radians([p.lon for p in chunk])[:, None]
            h = np.sin((self._lat[None, :] - la) / 2) ** 2 + np.cos(la) * np.cos(self._lat[None, :]) * \
                np.sin((self._lon[None, :] - lo) / 2) ** 2
            d = 12742.0 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
            for r, p in enumerate(chunk):  # a place is not its own anchor
                if p.id in self._index:
                    d[r, self._index[p.id]] = 1e9
            out.extend(d.min(axis=1).tolist())
        return out

    def km(self, p: Place) -> float:
        if not self.points:
            return 1e9
        if self._np is None:
            return min((_haversine_km(p.lat, p.lon, a, b) for a, b, i in self.points if i != p.id), default=1e9)
        np = self._np
        la, lo = math.radians(p.lat), math.radians(p.lon)
        h = np.sin((self._lat - la) / 2) ** 2 + math.cos(la) * np.cos(self._lat) * np.sin((self._lon - lo) / 2) ** 2
        d = 12742.0 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
        if p.id in self._index:
            d[self._index[p.id]] = 1e9
        return float(d.min())


def _coherence(places: list[Place], near_anchor: _Nearest, near_area: _Nearest) -> dict[str, float]:
    """Place id -> closeness to the article's anchors (the same for every mention of the place)."""
    a = near_anchor.many(places)
    b = near_area.many(places)
    return {p.id: 1.5 * math.exp(-x / 800.0) + 1.0 * math.exp(-y / 1500.0) for p, x, y in zip(places, a, b)}


def _disambiguate(doc: Document, cands: list[_Candidate], near, country, gazetteer=None) -> list[Mention]:
    geodesic_km = _haversine_km

    if not cands:
        return []
    # Pass 1: priors only; the confident picks become the document's context.
    firsts = []
    for c in cands:
        ranked = sorted(c.options, key=lambda o: (-_prior(o, c.surface), o.place.id))
        firsts.append(ranked[0].place)
    unique = [len({o.place.id for o in c.options}) == 1 for c in cands]
    # The document's countries and regions (pass-1 picks), each with the names that evidence it, so
    # that a name is never its own evidence ("Gaza" read as a Mozambican province must not vote for
    # Mozambique).
    countries: dict[str, set[str]] = {}
    regions: dict[tuple[str, str], set[str]] = {}
    for p, c, u in zip(firsts, cands, unique):
        if p.feature in ("country", "region") or u:
            countries.setdefault(p.country, set()).add(c.key)
        if p.feature == "region" and p.admin1:
            regions.setdefault((p.country, p.admin1), set()).add(c.key)
    anchors = [p for p, u in zip(firsts, unique) if (u or p.curated) and not p.is_area and p.feature != "district"]
    area_anchors = [p for p, c in zip(firsts, cands) if p.feature == "country" and c.words <= 3]
    # Mutual support: how many *other* names in the document could lie in each region ("Athens",
    # "Gainesville" and "Oconee County" all have a Georgia, US reading).
    region_keys: dict[tuple[str, str], set[str]] = {}
    for c in cands:
        for e in c.options:
            p = e.place
            if p.country and p.admin1 and p.feature != "country":
                region_keys.setdefault((p.country, p.admin1), set()).add(c.key)
    starts = {c.start: i for i, c in enumerate(cands)}
    ends_at = {c.end: i for i, c in enumerate(cands)}
    text = doc.text
    near_anchor, near_area = _Nearest(anchors), _Nearest(area_anchors)
    need = {e.place.id: e.place for c in cands if len(c.options) > 1 for e in c.options if not e.place.is_area}
    coherence: dict[str, float] = _coherence(list(need.values()), near_anchor, near_area)
    anchor_areas = {(a.country, "") for a in anchors} | {(a.country, a.admin1) for a in anchors}
    # Pass 2: every option scored in context. The scores depend only on the name, its surface, its
    # qualifier and its feature word (the rest is the document's), so repeated names are scored once.
    memo: dict[tuple, dict[str, float]] = {}
    for i, c in enumerate(cands):
        qual = _qualifier(text, c, cands, starts)
        qualified = _qualified_by_me(text, c, cands, ends_at)
        mk = (c.key, c.surface, tuple(e.place.id for e in qual), c.hint, len(c.options),
              id(qualified) if qualified is not None else 0)
        if mk in memo:
            c.scores = dict(memo[mk])
            continue
        for e in c.options:
            p = e.place
            s = _prior(e, c.surface)
            if p.id in c.scores and c.scores[p.id] >= s:
                continue
            n_c = len(countries.get(p.country, set()) - {c.key}) if p.country else 0
            if n_c:
                s += 1.0 + 0.2 * min(n_c, 5)
            if p.admin1 and p.feature != "region" and regions.get((p.country, p.admin1), set()) - {c.key}:
                s += 1.5
            if p.admin1 and p.feature != "country":
                others = len(region_keys.get((p.country, p.admin1), ())) - 1
                s += 0.4 * min(max(others, 0), 3)
            if qual and any(q.place.id != p.id and _within(p, q.place) for q in qual):
                s += 5.0  # "Athens, Georgia": the place in the area named after it
            if qualified is not None and p.is_area and any(_within(o.place, p) for o in qualified.options
                                                           if not o.place.is_area):
                s += 3.0  # and "Georgia" there is the area that has an Athens
            if c.hint and (p.feature == c.hint or (c.hint == "city" and p.feature == "town")
                           or (c.hint == "region" and p.feature == "district")):
                s += 3.0
            if country and p.country == country:
                s += 2.5
            if near:
                s += 2.5 * math.exp(-geodesic_km(near[0], near[1], p.lat, p.lon) / 500.0)
            if len(c.options) > 1 and not p.is_area:
                s += coherence[p.id]
            elif len(c.options) > 1 and (p.country, p.admin1 if p.feature == "region" else "") in anchor_areas:
                s += 1.5  # an area holding the article's other places is as coherent as a place beside them
            c.scores[p.id] = s
        memo[mk] = dict(c.scores)
    # One sense per document: pool each name's evidence over all its mentions.
    pooled: dict[str, dict[str, float]] = {}
    for c in cands:
        bucket = pooled.setdefault(c.key, {})
        for pid, s in c.scores.items():
            bucket[pid] = bucket.get(pid, 0.0) + s
    uses_of: dict[str, int] = {}
    for c in cands:
        uses_of[c.key] = uses_of.get(c.key, 0) + 1
    out = []
    for c in cands:
        places = {e.place.id: e.place for e in c.options}
        bucket = pooled[c.key]
        best_id = max(sorted(c.scores), key=lambda pid: bucket.get(pid, c.scores[pid]))
        best = places[best_id]
        n = len(places)
        ranked = sorted((bucket.get(pid, s) for pid, s in c.scores.items()), reverse=True)
        uses = uses_of[c.key]
        margin = (ranked[0] - ranked[1]) / uses if len(ranked) > 1 else 10.0
        score = 1.0 if n == 1 else min(0.99, 0.5 + 0.1 * margin)
        out.append(Mention(doc.id, c.start, c.end, c.surface, best, round(max(score, 0.05), 3), n))
    return out


def _qualifier(text: str, c: _Candidate, cands, starts) -> list:
    """The area readings of the place named right after ", " or in brackets ("Boise, Idaho";
    "Athens (Ga.)"), if any."""
    m = re.match(r"(?:,[ \u00a0]*|[ \u00a0]*\()", text[c.end:c.end + 4])
    if not m:
        return []
    j = starts.get(c.end + m.end())
    if j is None:
        return []
    return [e for e in cands[j].options if e.place.is_area]


def _qualified_by_me(text: str, c: _Candidate, cands, ends_at):
    """The candidate right before ", " + this one, if this one may be its qualifier."""
    m = re.search(r"(?:,[ \u00a0]*|[ \u00a0]*\()$", text[max(0, c.start - 4):c.start])
    if not m:
        return None
    j = ends_at.get(c.start - len(m.group(0)))
    return cands[j] if j is not None else None


def _within(p: Place, area: Place) -> bool:
    if area.feature == "country":
        return p.country == area.country
    if area.feature == "region":
        return p.country == area.country and (p.admin1 == area.admin1 if p.admin1 and area.admin1 else True)
    return False
