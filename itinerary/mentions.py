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
right after the name ("Boise, Idaho"; "Athens, Ga."), the countries the article names, soft votes
of the article's other names for the first-level regions their readings lie in ("Athens",
"Gainesville", "Oconee County": Georgia, US), spatial minimality (readings of different names that
lie close together: "Jordan" beside "Shakopee" is Jordan, Minnesota), closeness to the article's
unambiguous places, a list of areas of one kind ("England and Wales"), the feature word beside it
("kota", "Oblast"), and the user's bias (`near`, `country`). One name keeps one meaning within a
document (the evidence of all its mentions is pooled). The weights (`_W`) were tuned together on
the public GeoWebNews and LGL corpora (benchmarks/geoparse_eval.py), not on the seeds.

Speed: what a head word is, and the facts and priors of a name as written, are remembered per
gazetteer across the documents of a run (`_MatchMemo`, bounded); the spatial evidence of a document
is one numpy distance matrix.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
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
    scores: dict | None = None  # place id -> score, set by the disambiguation
    facts: object = None  # _Facts of its readings


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


class _Facts:
    """What the filters and the scorer ask of a name's readings, worked out once per name and
    surface (names repeat across a corpus: "Jakarta" is looked at once, not 10,000 times)."""

    __slots__ = ("acronym", "article", "common", "country_like", "demonym", "max_pop", "options", "priors",
                 "same_form", "strong", "sure_kind", "weak")

    def __init__(self, options: list, words: int, surface: str):
        self.options = options
        pops = [e.place.population for e in options]
        self.max_pop = max(pops, default=0)
        self.common = max((e.common for e in options), default=0.0)
        self.demonym = any(e.kind == 1 for e in options)
        # a country, continent or people: capitalised, it is that
        self.sure_kind = any(e.kind == 1 or e.place.feature in _STRONG_FEATURES for e in options)
        self.country_like = any(e.place.curated or e.place.feature in _STRONG_FEATURES or e.kind == 1
                                for e in options)
        self.strong = words > 1 or self.country_like or any(
            e.place.feature == "region" and e.common < 4.5 for e in options)
        primary = any(_primary(e) for e in options)
        self.weak = not self.strong and (self.max_pop < 100_000 or not primary)
        self.acronym = surface.isupper() and any(e.form == surface for e in options)  # "US", "UAE"
        ws = WORD.findall(surface)
        self.article = words > 1 and bool(ws) and ws[0].lower() in STOPWORDS and \
            not any(e.place.curated for e in options) and not primary  # "The Turtle"
        self.same_form = surface  # the surface these facts were worked out for
        self.priors = None  # place id -> prior, worked out when first asked (see _priors)


class _MatchMemo:
    """Per-gazetteer memory of the matcher, shared by the documents of a run (bounded)."""

    LIMIT = 400_000

    def __init__(self):
        self.words: dict[str, tuple | None] = {}  # head word -> (key, flags, [(variant key, cut)]) or None
        self.names: dict[tuple, _Facts | None] = {}  # (key, surface, dotted) -> facts of the readings so written
        self.tokens: dict[str, tuple] = {}  # word -> (folded, tail variants)

    def trim(self):
        if len(self.words) > self.LIMIT:
            self.words.clear()
        if len(self.names) > self.LIMIT // 4:
            self.names.clear()
        if len(self.tokens) > self.LIMIT:
            self.tokens.clear()


def _memo(gazetteer) -> _MatchMemo:
    m = getattr(gazetteer, "match_memo", None)
    if m is None:
        m = _MatchMemo()
        try:
            gazetteer.match_memo = m
        except AttributeError:  # a gazetteer that takes no attributes: memory for this call only
            pass
    return m


# The gap between two words of one name and the next word, in one step ("Nizhny Novgorod",
# "Ulan-Ude", "St. Petersburg", "Washington, D.C." - a comma only where a name has one); the gap
# may not be empty.
_NEXT_WORD = re.compile(r"(?=[ \t\u00a0\-‐–.,])[ \t\u00a0]*(?:[-‐–.]|,(?=[ \t\u00a0]))?[ \t\u00a0]*("
                        + WORD.pattern + ")")
_AFTER_WORD = re.compile(r"[ \u00a0]+([^\W\d_][\w'’-]*)")


def match_names(text: str, gazetteer, start: int = 0) -> list[_Candidate]:
    """Leftmost-longest gazetteer names in text[start:], before any filtering."""
    fold = _fold_cached()
    tails = _tail_variants()
    memo = _memo(gazetteer)
    memo.trim()
    winfo = memo.words
    maxlen = gazetteer.max_tokens
    # Level 1: every word that could begin a name. What a word is (its key, whether it is a name or
    # begins one, which of its variants - without a possessive "'s" or a Korean particle - are
    # names) is remembered across documents; words that begin nothing are dropped at once.
    found: dict[int, list[tuple[int, str, int]]] = {}  # run start -> [(words, key, end)]
    level = []  # runs that may go on: (start, end, key)
    pending = []  # words seen for the first time: worked out together, then placed
    for m in _head_regex().finditer(text, start):
        info = winfo.get(m.group(), 0)
        if info is None:
            continue
        if info == 0:
            pending.append(m)
            continue
        k, fl, names = info
        s, e = m.span()
        if fl & 1:
            found[s] = [(1, k, e)]
            for v, cut in names:
                found[s].append((1, v, e - cut))
        elif names:
            found[s] = [(1, v, e - cut) for v, cut in names]
        if fl & 2:
            level.append((s, e, k))
    if pending:
        fresh = {}
        ask = set()
        for m in pending:
            w = m.group()
            if w in fresh or w in winfo:
                continue
            if w[0].islower() and w not in FEATURE_HINTS:
                winfo[w] = None
                continue
            k, vs = fold(w), tails(w, fold)
            fresh[w] = (k, vs)
            ask.add(k)
            ask.update(v for v, _ in vs)
        got = gazetteer.key_flags(ask) if ask else {}
        for w, (k, vs) in fresh.items():
            fl = got.get(k, 0)
            if w.lower() in STOPWORDS:
                fl &= ~1  # "In", "The" alone are never places (the filter's first rule); "The Hague" may be
            names = tuple((v, cut) for v, cut in vs if got.get(v, 0) & 1 and w[:-cut].lower() not in STOPWORDS)
            winfo[w] = (k, fl, names) if fl or names else None
        for m in pending:
            info = winfo[m.group()]
            if info is None:
                continue
            k, fl, names = info
            s, e = m.span()
            if fl & 1 or names:
                lst = found.setdefault(s, [])
                if fl & 1:
                    lst.append((1, k, e))
                for v, cut in names:
                    lst.append((1, v, e - cut))
            if fl & 2:
                level.append((s, e, k))
    if maxlen < 2:
        level = []
    # Longer names: extend a run by one word while it still begins a name (one batched lookup per
    # length).
    next_word = _NEXT_WORD.match
    tokinfo = memo.tokens
    words = 2
    keys_flags: dict[str, int] = {}
    while level:
        ext = []
        for s, e, key in level:
            m = next_word(text, e)
            if m:
                tok = m.group(1)
                ti = tokinfo.get(tok)
                if ti is None:
                    ti = tokinfo[tok] = (fold(tok), tails(tok, fold))
                ext.append((s, m.end(), key + " " + ti[0], key, ti[1]))
        ask = set()
        for x in ext:
            ask.add(x[2])
            if x[4]:
                ask.update(x[3] + " " + v for v, _ in x[4])
        ask.difference_update(keys_flags)
        if ask:
            got = gazetteer.key_flags(ask)
            for k in ask:
                keys_flags[k] = got.get(k, 0)
        level = []
        for s, e, key, pre, variants in ext:
            fl = keys_flags[key]
            if fl & 1:
                found.setdefault(s, []).append((words, key, e))
            for v, cut in variants:
                vk = pre + " " + v
                if keys_flags.get(vk, 0) & 1:
                    found.setdefault(s, []).append((words, vk, e - cut))
            if fl & 2 and words < maxlen:
                level.append((s, e, key))
        words += 1
    if not found:
        return []
    names_memo = memo.names
    need = set()
    for opts in found.values():
        for _, k, _ in opts:
            need.add(k)
    entries = None  # looked up only if some (name, surface) is new

    def written_ok(key: str, s: int, surface: str, dotted: bool) -> _Facts | None:
        nonlocal entries
        mk = (key, surface, dotted)
        r = names_memo.get(mk, 0)
        if r != 0:
            return r
        if entries is None:
            entries = gazetteer.entries(need)
        opts = entries.get(key, ())
        if dotted and not any(o.form.endswith(".") for o in opts):
            names_memo[mk] = None  # no reading is written with a final period
            return None
        forms = {o.form for o in opts if dotted or not o.form.endswith(".")}
        classes = {f: _case_class(surface, f) for f in forms}
        good = {f for f, ok in classes.items() if ok or (ok is None and _case_ok(text, s, surface, f))}
        ok = [o for o in opts if o.form in good] if good else []
        # the period is part of the mention when a reading is written with it ("Ill.", "U.S.")
        r = _Facts(ok, len(key.split(" ")), surface + "." if dotted else surface) if ok else None
        if None not in classes.values():  # decided by the words alone: the same everywhere
            names_memo[mk] = r
        return r

    out: list[_Candidate] = []
    last_end = -1
    for s in sorted(found):
        if s < last_end:
            continue
        chosen = None
        runs = found[s]
        if len(runs) > 1:
            runs = sorted(runs, key=lambda x: (x[0], x[2]), reverse=True)
        for nw, key, end in runs:
            surface = text[s:end]
            if "," in surface and not _comma_name(key, gazetteer, names_memo):
                continue  # "Whitehall, London" is two names; only "Washington, D.C." is written with one
            if text.startswith(".", end) and not surface.endswith("."):
                f = written_ok(key, s, surface, True)
                if f is not None:
                    chosen = (nw, key, end + 1, text[s:end + 1], f)
                    break
            f = names_memo.get((key, surface, False), 0)
            if f == 0:
                f = written_ok(key, s, surface, False)
            if f is not None:
                chosen = (nw, key, end, surface, f)
                break
        if not chosen:
            continue
        nw, key, end, surface, facts = chosen
        before = _word_before(text, s)
        m = _AFTER_WORD.match(text, end, end + 40)
        after = m.group(1) if m else ""
        prev, nxt_w = before.lower(), after.lower()
        hint = FEATURE_HINTS.get(prev, "") if prev in _HINTS_BEFORE else ""
        if not hint and nxt_w in FEATURE_HINTS and nxt_w not in _HINTS_BEFORE:
            hint = FEATURE_HINTS[nxt_w]
        if not hint and prev == "of":
            of = _OF_PHRASE.search(text, max(0, s - 20), s)
            hint = FEATURE_HINTS.get(of.group(1).lower(), "") if of else ""
        out.append(_Candidate(s, end, surface, facts.options, hint=hint,
                              sentence_initial=_sentence_initial(text, s),
                              words=nw, key=key, before=before, after=after, facts=facts))
        last_end = end
    return out


def _comma_name(key: str, gazetteer, names_memo) -> bool:
    """Whether some reading of the name is written with a comma ("Washington, D.C.")."""
    mk = ("\x00comma", key)
    r = names_memo.get(mk)
    if r is None:
        r = names_memo[mk] = any("," in e.form for e in gazetteer.entries([key]).get(key, ()))
    return r


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
            elif _is_cyrillic(tok):
                # the whole inflected word is the mention; only the key looked up changes
                out.extend((fold(base), 0) for base in _cyrillic_bases(tok))
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


def _title_case(sentence: str) -> bool:
    ws = _LONG_WORD.findall(sentence)
    n = len(ws)
    return n >= 3 and sum(1 for w in ws if not w[0].islower()) >= 0.75 * n


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


def _is_cyrillic(tok: str) -> bool:
    return "\u0410" <= tok[0] <= "\u042f" or tok[0] == "\u0401"


# Russian/Ukrainian case endings of place names -> their dictionary form: Москвы/Москве/Москву -> Москва,
# Владивостока/Владивостоке -> Владивосток, Ярославля -> Ярославль, Восточного -> Восточный.
_CYRILLIC_ENDINGS = (("ого", "ый"), ("ого", "ий"), ("ому", "ый"), ("его", "ий"), ("ой", "а"), ("ей", "я"),
                     ("ом", ""), ("ем", "ь"), ("ы", "а"), ("и", "а"), ("и", "я"), ("е", "а"), ("у", "а"),
                     ("ю", "я"), ("а", ""), ("у", ""), ("е", ""), ("я", "ь"), ("е", "ь"), ("и", "ь"),
                     ("я", "й"), ("е", "й"), ("і", "а"), ("і", ""))


def _cyrillic_bases(tok: str) -> list[str]:
    out = []
    for end, base in _CYRILLIC_ENDINGS:
        if tok.endswith(end) and len(tok) - len(end) >= 3:
            cand = tok[: len(tok) - len(end)] + base
            if cand != tok and cand not in out:
                out.append(cand)
    return out


# ----------------------------------------------------------------------------------------------
# False positives

_STRONG_FEATURES = frozenset({"country", "continent"})


def _commonness(c: _Candidate) -> float:
    return c.facts.common


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
    m = _COMMA.match(text, c.end, c.end + 4)
    return bool(m) and m.end() in starts


def _false_positive(text: str, c: _Candidate, starts, ends, alone: bool = False) -> str:
    """Why a candidate is no place name ("" if it may be one). With `alone`, only the rules about
    the name and its words; without, the rules that look at its neighbours too (the first kind
    having been passed already, only those that depend on the neighbours are asked again)."""
    if alone:
        r = _static_reason(text, c)
        if r:
            return r
    r = _support_reason(text, c, starts)
    if r or alone:
        return r
    return _neighbour_reason(text, c, starts, ends)


def _static_reason(text: str, c: _Candidate) -> str:
    single = c.words == 1
    if single:
        low = c.surface.lower().rstrip(".")
        if low in STOPWORDS:
            return "common word"
        if low in MONTHS_WEEKDAYS and not c.hint:
            return "month or weekday"
        if c.surface.endswith(".") and len(c.surface) <= 6:
            # a state abbreviation ("Ill.", "Ga.") stands after a city and a comma, or in brackets
            before = text[max(0, c.start - 2):c.start]
            if not (before.endswith(", ") or before.endswith("(") or before.endswith(",")):
                return "abbreviation out of place"
    elif c.facts.article:
        return "article plus word"  # "The Turtle" as another name of somewhere
    if text.startswith("-", c.end) and c.end + 1 < len(text) and text[c.end + 1].islower() and \
            text[c.end + 1].isalpha() and not c.facts.strong:
        return "part of a longer word"  # "Nam Sung-wook": the name goes on past the hyphen
    return ""


def _support_reason(text: str, c: _Candidate, starts) -> str:
    """The rules that ask whether something beside the name says it is a place (a feature word, a
    locative preposition, a qualifying place after a comma)."""
    if c.words != 1:
        return ""
    f = c.facts
    strong = f.strong
    if f.common >= (5.6 if f.sure_kind else 5.0 if strong else 4.0) and not f.acronym and f.max_pop < 5_000_000:
        # frequency data: a common word is a place only with good evidence (the cheap tests above
        # spare asking whether the line is in Title Case when the answer cannot matter)
        initial = c.sentence_initial or c.title_line or c.surface.isupper()
        if f.sure_kind:
            limit = 5.6  # a country or a people: capitalised, it is that
        elif strong:
            limit = 5.6 if not initial else 5.0
        elif initial:
            limit = 4.0
        else:
            limit = 5.6 if _supported(text, c, starts) else 4.8
        big = f.max_pop >= (5_000_000 if initial else 1_000_000)  # "London" is common *as a name*
        if f.common >= limit and not f.acronym and not big:
            return "common word"
    if not strong and f.max_pop < 5000 and not _supported(text, c, starts):
        return "unsupported small place"  # a hamlet's name is more often a word or a surname
    return ""


def _supported(text: str, c: _Candidate, starts) -> bool:
    return bool(c.hint) or _locative_before(text, c) or _qualified(text, c, starts)


def _neighbour_reason(text: str, c: _Candidate, starts, ends) -> str:
    single = c.words == 1
    f = c.facts
    strong = f.strong
    before, after = c.before, c.after
    if after and after.lower() in ORG_SUFFIXES and _joined_by_space(text, c.end, after=True) and \
            after[0].isupper():
        return "organisation"  # "Washington Post", "Washington Street"
    if _in_org_name(text, c.end):
        return "organisation"  # "Asia Pacific Economic Cooperation"
    if before and before.lower().rstrip(".") in PERSON_TITLES and not (strong and f.max_pop >= 1_000_000):
        return "person"
    if single and before and before[0].isupper() and not c.sentence_initial and _joined_by_space(text, c.start) \
            and not _is_place_at(before, c.start, ends) and before.lower() not in FEATURE_HINTS \
            and before.lower() not in DIRECTION_WORDS and before.lower() not in STOPWORDS \
            and not (strong and (f.max_pop >= 1_000_000 or f.demonym)):
        # "Kim Jong Un", "Abraham Lincoln": a capitalised word right before, not a place itself
        return "person"
    if not single or f.country_like:
        return ""
    nxt = starts.get(c.end + 1) if _joined_by_space(text, c.end, after=True) else None
    prv = ends.get(c.start - 1) if _joined_by_space(text, c.start) else None
    for other, first_of_pair in ((nxt, True), (prv, False)):
        if other is not None and other.words == 1 and not other.facts.country_like \
                and not c.title_line and (other if first_of_pair else c).facts.weak:
            return "person"  # "Victoria Rowell", "Yoko Kamikawa": two place words side by side, the second weak
    if after and after[0].isupper() and _joined_by_space(text, c.end, after=True) \
            and not (c.end + 1 in starts) and after.lower() not in FEATURE_HINTS \
            and after.lower() not in INSTITUTION_WORDS and f.max_pop < 5_000_000 and not c.title_line:
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


def _country_like(c: _Candidate) -> bool:
    return c.facts.country_like


def _primary(e) -> bool:
    return _same_name(e.form, e.place.name)


@lru_cache(maxsize=65536)
def _same_name(a: str, b: str) -> bool:
    from .gazetteer import canonical_key, name_key, tokenize_name

    return canonical_key(name_key(tokenize_name(a))) == canonical_key(name_key(tokenize_name(b)))


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

# Weights of the evidence (score points; a prior is ~3-12). Named so that they are tuned together on
# public geoparsing corpora (benchmarks/geoparse_eval.py) rather than one by one.
_W = {
    "population": 0.5,  # prior: per power of ten of population
    "alternate": 4.5,  # prior: named by another place's alternate name (often historical or foreign)
    "demonym": 1.0,  # a word for a people, written as one ("the Canadian way")
    "country": 0.5,  # the place's country is named elsewhere in the article
    "support": 2.4, "support_cap": 1.5,  # other names that could lie in its region (soft votes)
    "vote_temp": 2.25,  # softness of a name's vote among its readings
    "anchor": 1.5, "anchor_km": 400.0,  # closeness to the article's unambiguous places
    "minimal": 2.66, "minimal_km": 50.0, "minimal_cap": 3.0,  # other names with a reading close by
    "area_holds": 1.5,  # an area holding the article's unambiguous places
    "namesake_region": 1.0,  # prior: a region mostly made of the city it is named after
    "qualifier": 5.0, "qualified": 3.0,  # "Athens, Georgia"
    "kin": 3.0,  # a list of areas of one kind around it ("England and Wales")
    "hint": 3.0,  # the feature word beside it ("kota", "Oblast")
    "user_country": 2.5, "near": 2.5,  # --country, --near
    # A small namesake of a far bigger place ("Louisville", Ohio beside Louisville, Kentucky; the town
    # of "Florida", New York beside the state) keeps only this share of its context unless the text
    # pins it (a qualifier or feature word): a state or a neighbour named somewhere in the article
    # is weak evidence against a famous place.
    "dominated": 0.5, "dominated_ratio": 30.0, "dominant_pop": 100_000,
    # a town this much smaller than a first-level region of its name keeps that share of all its
    # context, closeness included (not only of its regional support)
    "state_ratio": 100.0,
    # an alternate name of a city this big, and this many times bigger than every place that has it
    # as its own name, is an exonym of that city
    "exonym_pop": 500_000, "exonym_ratio": 30.0,
}


def _prior(e, surface: str) -> float:
    p = e.place
    s = _FEATURE_PRIOR.get(p.feature, 0.5)
    s += min(math.log10(max(p.population, 1)), 7.5) * _W["population"]  # 1e6 -> +3
    if p.feature in ("region", "district"):
        s -= 0.5  # a region outnumbers its capital, but a bare shared name more often means the city
    if p.curated:
        s += 4.0 if e.kind != 2 else 0.5  # a name it took over from another source is less sure
    if _primary(e):
        s += 1.0
    elif e.kind == 1:
        s += 1.0 + _W["demonym"]  # a demonym names its people's country as surely as the country's name
    elif not p.curated:
        s -= _W["alternate"]
    if e.form == surface:
        s += 0.3
    return s


def _priors(f: _Facts) -> dict[str, float]:
    """Place id -> prior of the best-named reading, remembered with the name's facts."""
    pr = getattr(f, "priors", None)
    if pr is None:
        pr = {}
        for e in f.options:
            s = _prior(e, f.same_form)
            if s > pr.get(e.place.id, -1e9):
                pr[e.place.id] = s
        # A region named after a city that holds most of its people ("Lima", "Moscow", "Tokyo"): the
        # bare name means the city (a region that merely shares its capital's name - "Quebec" - keeps
        # its own weight).
        cities = [e.place for e in f.options if e.place.feature in ("city", "town")]
        for e in f.options:
            r = e.place
            if r.feature in ("region", "district") and r.population and any(
                    q.country == r.country and q.population >= 0.5 * r.population and
                    _haversine_km(q.lat, q.lon, r.lat, r.lon) < 150 for q in cities):
                pr[r.id] -= _W["namesake_region"]
        # An exonym ("Roma", "Londres", "Moskow") is an alternate name of a world city and the own
        # name of a few hamlets: a reading by alternate name that dwarfs every reading by own name
        # keeps most of its prior.
        own = max((e.place.population for e in f.options if _primary(e)), default=0)
        for e in f.options:
            q = e.place
            if not _primary(e) and e.kind != 1 and not q.curated and q.population >= _W["exonym_pop"] \
                    and q.population >= _W["exonym_ratio"] * max(own, 1):
                pr[q.id] = max(pr[q.id], _prior(e, f.same_form) + _W["alternate"] + 0.5)  # ~ as its own name
        f.priors = pr
    return pr


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # scoring needs closeness, not survey precision: the sphere is enough and fast
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


_NUMPY = None


def _load_numpy():
    # imported on first use, not with the module: a one-article run that needs no matrix starts faster
    global _NUMPY
    import numpy

    _NUMPY = numpy
    return numpy


def _spatial(keys: list[str], readings: dict[str, dict[str, Place]], ambiguous: set[str],
             anchor_ids: set[str]) -> dict[str, float]:
    """Place id -> spatial coherence of a reading of an ambiguous name, from one distance matrix:
    closeness to the article's unambiguous places (anchors), and spatial minimality - how many of
    the article's *other* names have a reading close by ("New London", "Mt. Pleasant" and
    "Winfield" each have many readings, but only their Iowa readings lie together). A name with
    many readings lends less weight: it is close to anything by chance."""
    np = _NUMPY or _load_numpy()
    w = _W
    pts = [(p, j) for j, k in enumerate(keys) for p in readings[k].values()]
    rows = [i for i, (p, j) in enumerate(pts) if keys[j] in ambiguous]
    if not rows:
        return {}
    lat = np.radians([p.lat for p, _ in pts])
    lon = np.radians([p.lon for p, _ in pts])
    owner = np.array([j for _, j in pts])
    r = np.array(rows)
    h = np.sin((lat[None, :] - lat[r, None]) / 2) ** 2 + np.cos(lat[r, None]) * np.cos(lat[None, :]) * \
        np.sin((lon[None, :] - lon[r, None]) / 2) ** 2
    d = 12742.0 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    ids = [p.id for p, _ in pts]
    out = np.zeros(len(rows))
    anchor_cols = [i for i, pid in enumerate(ids) if pid in anchor_ids]
    if anchor_cols and w["anchor"]:
        a = d[:, anchor_cols]
        row_of: dict[str, list[int]] = {}
        for ri, i in enumerate(rows):
            row_of.setdefault(ids[i], []).append(ri)
        for ci, col in enumerate(anchor_cols):  # a place is not its own anchor
            same = row_of.get(ids[col])
            if same:
                a[same, ci] = 1e9
        out += w["anchor"] * np.exp(-a.min(axis=1) / w["anchor_km"])
    if len(keys) > 1 and w["minimal"]:
        starts = np.searchsorted(owner, np.arange(len(keys)))
        sizes = np.diff(np.append(starts, len(pts)))
        nearest = np.minimum.reduceat(d, starts, axis=1)  # rows x names: the closest reading of each name
        close = np.exp(-nearest / w["minimal_km"]) / np.sqrt(sizes)[None, :]
        close[np.arange(len(rows)), owner[r]] = 0.0  # a name is not its own evidence
        out += w["minimal"] * np.minimum(close.sum(axis=1), w["minimal_cap"])
    res: dict[str, float] = {}
    for i, v in zip(rows, out.tolist()):
        pid = ids[i]
        if v > res.get(pid, -1.0):
            res[pid] = v
    return res


def _disambiguate(doc: Document, cands: list[_Candidate], near, country, gazetteer=None) -> list[Mention]:
    w = _W
    if not cands:
        return []
    # Pass 1: priors only; the confident picks become the document's context.
    priors = [_priors(c.facts) if c.facts is not None else _priors(_Facts(c.options, c.words, c.surface))
              for c in cands]
    firsts = []
    for c, pr in zip(cands, priors):
        best = max(c.options, key=lambda o: (pr[o.place.id], o.place.id))
        firsts.append(best.place)
    unique = [len(pr) == 1 for pr in priors]
    # The document's countries (pass-1 picks), each with the names that evidence it, so that a name
    # is never its own evidence ("Gaza" read as a Mozambican province must not vote for Mozambique).
    countries: dict[str, set[str]] = {}
    for p, c, u in zip(firsts, cands, unique):
        if p.feature in ("country", "region") or u:
            countries.setdefault(p.country, set()).add(c.key)
    anchors = [p for p, u in zip(firsts, unique) if (u or p.curated) and not p.is_area and p.feature != "district"]
    # Mutual support: each distinct name votes for the first-level regions its readings lie in, in
    # proportion to how likely each reading is on its priors ("Athens", "Gainesville" and "Oconee
    # County" all have a Georgia, US reading; a name with twenty readings says little).
    votes: dict[tuple[str, str], dict[str, float]] = {}
    readings: dict[str, dict[str, Place]] = {}
    ambiguous: set[str] = set()
    temp = w["vote_temp"]
    for c, pr in zip(cands, priors):
        if c.key in readings:
            continue
        readings[c.key] = {o.place.id: o.place for o in c.options if not o.place.is_area}
        if len(pr) > 1:
            ambiguous.add(c.key)
        top = max(pr.values())
        shares = {pid: math.exp((s - top) / temp) for pid, s in pr.items()}
        z = sum(shares.values())
        for o in c.options:
            p = o.place
            if p.country and p.admin1 and p.feature != "country" and p.id in shares:
                r = votes.setdefault((p.country, p.admin1), {})
                r[c.key] = r.get(c.key, 0.0) + shares.pop(p.id) / z
    support = {r: (sum(v.values()), v) for r, v in votes.items()}
    keys = [k for k, d in readings.items() if d]
    coherence = _spatial(keys, readings, ambiguous, {a.id for a in anchors}) if ambiguous else {}
    anchor_areas = {(a.country, "") for a in anchors} | {(a.country, a.admin1) for a in anchors}
    starts = {c.start: i for i, c in enumerate(cands)}
    ends_at = {c.end: i for i, c in enumerate(cands)}
    text = doc.text
    # Pass 2: every option scored in context. The scores depend only on the name, its surface, its
    # qualifier, its feature word and its list neighbours (the rest is the document's), so repeated
    # names are scored once.
    memo: dict[tuple, dict[str, float]] = {}
    for i, (c, pr) in enumerate(zip(cands, priors)):
        if len(pr) == 1:
            c.scores = dict(pr)  # one reading: nothing to weigh
            continue
        qual = _qualifier(text, c, cands, starts)
        qualified = _qualified_by_me(text, c, cands, ends_at)
        kin = _list_kin(text, i, cands, firsts)
        mk = (c.key, c.surface, tuple(e.place.id for e in qual), c.hint, len(c.options),
              id(qualified) if qualified is not None else 0, kin)
        if mk in memo:
            c.scores = dict(memo[mk])
            continue
        scores: dict[str, float] = {}
        pinned = bool(qual) or qualified is not None or bool(c.hint)
        big = 0 if pinned else _dominant_pop(c.options)
        state = 0 if pinned else max((e.place.population for e in c.options if e.place.feature == "region"), default=0)
        for e in c.options:
            p = e.place
            if p.id in scores:
                continue
            s = 0.0  # the context; the prior is added at the end
            if p.country:
                n_c = countries.get(p.country)
                if n_c and (len(n_c) > 1 or c.key not in n_c):
                    s += w["country"]
            if p.admin1 and p.feature != "country":
                tot, by_key = support.get((p.country, p.admin1), (0.0, {}))
                sup = w["support"] * min(tot - by_key.get(c.key, 0.0), w["support_cap"])
                if big and p.population < w["dominant_pop"] and p.population * w["dominated_ratio"] <= big:
                    sup *= w["dominated"]
                s += sup
            if qual and any(q.place.id != p.id and _within(p, q.place) for q in qual):
                s += w["qualifier"]  # "Athens, Georgia": the place in the area named after it
            if qualified is not None and p.is_area and any(_within(o.place, p) for o in qualified.options
                                                           if not o.place.is_area):
                s += w["qualified"]  # and "Georgia" there is the area that has an Athens
            if kin and (p.feature, p.country if p.feature == "region" else "") in kin:
                s += w["kin"]  # "England and Wales", "California or Washington": a list of one kind
            if c.hint and (p.feature == c.hint or (c.hint == "city" and p.feature == "town")
                           or (c.hint == "region" and p.feature == "district")):
                s += w["hint"]
            user = 0.0  # the user's own bias is never discounted
            if country and p.country == country:
                user += w["user_country"]
            if near:
                user += w["near"] * math.exp(-_haversine_km(near[0], near[1], p.lat, p.lon) / 500.0)
            if not p.is_area:
                s += coherence.get(p.id, 0.0)
            else:
                # an area holding the article's other places is as coherent as a place beside them,
                # and as coherent as its own namesake inside it ("Lima" the region and the city,
                # "Singapore" the country and the city): closeness must not choose between those two
                holds = w["area_holds"] if (p.country, p.admin1 if p.feature == "region" else "") in anchor_areas else 0.0
                inner = max((coherence.get(q.id, 0.0) for q in readings[c.key].values() if _within(q, p)), default=0.0)
                s += max(holds, inner)
            if state and not p.is_area and p.population * w["state_ratio"] <= state:
                s *= w["dominated"]  # "Florida" is the state, not the village in New York, unless pinned
            scores[p.id] = pr[p.id] + s + user
        c.scores = scores
        memo[mk] = dict(scores)
    # One sense per document: pool each name's evidence over all its mentions.
    pooled: dict[str, dict[str, float]] = {}
    uses_of: dict[str, int] = {}
    for c in cands:
        bucket = pooled.setdefault(c.key, {})
        uses_of[c.key] = uses_of.get(c.key, 0) + 1
        for pid, s in c.scores.items():
            bucket[pid] = bucket.get(pid, 0.0) + s
    out = []
    for c in cands:
        bucket = pooled[c.key]
        if len(c.scores) == 1:
            best = c.options[0].place
            score = 1.0
        else:
            best_id = max(sorted(c.scores), key=lambda pid: bucket.get(pid, c.scores[pid]))
            best = next(e.place for e in c.options if e.place.id == best_id)
            ranked = sorted((bucket.get(pid, s) for pid, s in c.scores.items()), reverse=True)
            margin = (ranked[0] - ranked[1]) / uses_of[c.key]
            score = min(0.99, 0.5 + 0.1 * margin)
        out.append(Mention(doc.id, c.start, c.end, c.surface, best, round(max(score, 0.05), 3), len(c.scores)))
    return out


def _dominant_pop(options) -> int:
    """The population of a name's far-biggest reading - a city, region, country or continent (not a
    county, which often outnumbers the town it is named after) - if it is big enough to be famous."""
    big = max((e.place.population for e in options if e.place.feature != "district"), default=0)
    return big if big >= _W["dominant_pop"] else 0


_LIST_GLUE = frozenset({", ", " and ", " or ", " & ", " dan ", " atau ", " и ", " или ", " y ", " et ", " und "})
_KIN_FEATURES = frozenset({"country", "region", "continent"})


def _list_kin(text: str, i: int, cands, firsts) -> frozenset:
    """The kinds of area (feature, and country for regions) of the places listed right beside
    candidate i ("Ohio, Kentucky and Indiana"): a list is of one kind."""
    out = set()
    c = cands[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(cands):
            continue
        o = cands[j]
        glue = text[o.end:c.start] if j < i else text[c.end:o.start]
        p = firsts[j]
        if glue in _LIST_GLUE and p.feature in _KIN_FEATURES and o.key != c.key:
            out.add((p.feature, p.country if p.feature == "region" else ""))
    return frozenset(out)


_QUAL_OPEN = re.compile(r"(?:,[ \u00a0]*|[ \u00a0]*\()")  # "Boise, Idaho", "Athens (Ga.)"
_QUAL_CLOSE = re.compile(r"(?:,[ \u00a0]*|[ \u00a0]*\()$")
_COMMA = re.compile(r",[ \u00a0]*")


def _qualifier(text: str, c: _Candidate, cands, starts) -> list:
    """The area readings of the place named right after ", " or in brackets ("Boise, Idaho";
    "Athens (Ga.)"), if any."""
    m = _QUAL_OPEN.match(text, c.end, c.end + 4)
    if not m:
        return []
    j = starts.get(m.end())
    if j is None:
        return []
    return [e for e in cands[j].options if e.place.is_area]


def _qualified_by_me(text: str, c: _Candidate, cands, ends_at):
    """The candidate right before ", " + this one, if this one may be its qualifier."""
    m = _QUAL_CLOSE.search(text[max(0, c.start - 4):c.start])
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
