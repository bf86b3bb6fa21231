"""Which place mentions are the traveller's stops, with their status, role and date.

Recall first, then exclusions by evidence. A sentence is about the trip when it carries movement,
visit, stay, meeting, passage or return vocabulary (the language pack's [events] lists, matched by
lemma and stem), or names the traveller (or a pronoun or role noun for them). In such a sentence
every place mention is a candidate stop; a candidate is then removed only for a reason the text
gives:

- it is part of a dateline, byline or sidebar line ("Baca juga: ...");
- it is the reference point of a distance ("254 km from Khasan": `claims.distance_reference_points`);
- it stands for a government or is a modifier ("Moscow said", "Russia-China relations",
  "the Indonesian embassy", "President of Russia");
- the move is someone else's (a known person other than the traveller is the clause's subject and
  the traveller is not in the clause), negated, or background (an earlier trip: "last visited",
  a past year);
- it is a country or region not named directly by a movement word (and not a city-state), or one
  that holds a point stop of the same report.

Status: `expected` when an expectation marker (or future morphology) stands before the place in its
sentence, or the date is after the report's; `passed` when a passage word governs it; else
`visited`. Role hints: `origin` for the start of a leg ("from X", "left X"), `return` for a way home.
The date is that of the place's own clause, else the nearest in its sentence, else the date of the
last dated move told before it (narrative order), else the report's own date, marked as such.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Sequence

from . import dates as dates_mod
from . import languages
from .gazetteer import fold, name_key, tokenize_name
from .geodesy import geodesic_km
from .mentions import PERSON_TITLES, _any_feature, is_person_title
from .model import DateRef, Document, Event, Evidence, Mention
from .text import Spans, covers, line_at, sentences

MOVE_KINDS = ("arrive", "depart", "travel", "visit", "stay", "meet", "pass", "return", "overfly")
MARKER_KINDS = ("expectation", "negation", "cancel", "background", "prior", "speech", "institutions", "pronouns", "role_nouns",
                "contrast", "others", "invite", "topics",
                "clause_openers", "thing_pronouns", "subject_verbs", "examples", "namely", "attribution", "near", "comitative",
                "where", "since",
                "since_after")
PREPOSITION_KINDS = ("from", "to", "at", "via", "conjunctions")
# (a word of two kinds takes the first: "από", "с", "从" are prepositions, and `_since` reads "from"
# before a date as "since")
ALL_KINDS = (MOVE_KINDS + tuple(k for k in MARKER_KINDS if k not in ("since", "since_after")) + PREPOSITION_KINDS
             + ("since", "since_after"))
FALLBACK_KINDS = MOVE_KINDS + ("expectation", "background", "speech", "institutions", "role_nouns")
# Kinds whose verb names a place where the traveller is or will be (not only passes near).
_ROLE = {"depart": "origin", "return": "return"}
BACKGROUND_DAYS = 45  # an event this far from the report's other dated events is another trip

_TOKEN = languages.TOKEN
_QUOTED = re.compile(r"[“\"«„][^”\"»“]{0,300}[”\"»“]")
_CLAUSE_PUNCT = re.compile(r"[;:!?]|\s[-—–]\s")
_COMMA = re.compile(r"[,，、،]")
_JOINT = re.compile(r"[,，、،;]")  # a comma or semicolon of any script: where a clause is joined on
_WORD_RUN = re.compile(r"\S*")
_YEAR = re.compile(r"(?<![\d.,/-])(1[89]\d\d|20\d\d)(?![\d.,/-]\d)")


# ------------------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class _Vocab:
    """The [events] words of one document's language(s), as matchers and key sets."""

    codes: tuple[str, ...]

    @property
    def word_order(self) -> str:
        """The document language's word order (the first pack's): svo | sov | vso | v2."""
        return languages.get(self.codes[0]).word_order

    def hits(self, text: str, a: int, b: int) -> list[languages.Hit]:
        return list(_hits(self.codes, text, a, b))

    def sidebar(self, line: str) -> bool:
        head = line.strip()[:60]
        return any(h.start <= 3 for h in self._sidebar_hits(head))

    def _sidebar_hits(self, s: str):
        for code in self.codes:
            yield from languages.get(code).phrases("events", ("sidebar",)).find(s)

    @property
    def clause_endings(self) -> tuple[str, ...]:
        """Connective verb endings that close a clause in a verb-final language ([events] clause_endings)."""
        return _clause_endings(self.codes)

    def patterns(self, kind: str) -> re.Pattern | None:
        return _patterns(self.codes, kind)


@lru_cache(maxsize=16384)
def _hits(codes: tuple[str, ...], text: str, a: int, b: int) -> tuple[languages.Hit, ...]:
    """The pack words in text[a:b] (cached: the traveller search and the events read the same
    sentences; a str caches its own hash, so the key is cheap)."""
    out: list[languages.Hit] = []
    for i, code in enumerate(codes):
        # a fallback pack beside the document's own lends its content words only: its function words
        # are other words here (English "is" is Hungarian "also", "a" is a preposition in Romance)
        kinds = ALL_KINDS if i == 0 or len(codes) > 2 else FALLBACK_KINDS
        found = languages.get(code).phrases("events", kinds).find(text, a, b)
        if i > 0 and len(codes) == 2:  # nor a movement word that is more the document's language's
            found = [h for h in found if not _own_word(text[h.start:h.end], h.kind, codes[0], code)]
        out.extend(found)
    out.sort(key=lambda h: (h.start, -h.end))
    kept, last_end = [], -1
    for h in out:
        if h.start >= last_end:
            kept.append(h)
            last_end = h.end
    return tuple(kept)


COMMON_ZIPF = 4.0  # a word this frequent in a language (wordfreq's Zipf) is one of its common words


@lru_cache(maxsize=None)
def _common_words(code: str) -> dict[str, float]:
    from .mentions import _word_frequencies  # wordfreq's table, kept between runs in the index cache

    return _word_frequencies(code)


def _own_word(word: str, kind: str, own: str, lender: str) -> bool:
    """A movement word lent by another pack (English) is a common word of the document's own
    language, and at least as common there as in the lender's: German and Dutch "Land"/"land"
    (country) is not English "land" (touch down), French "attend" (waits) not "attend"."""
    if kind not in MOVE_KINDS:
        return False
    w = word.casefold()
    zipf = _common_words(own).get(w, 0.0)
    return zipf >= COMMON_ZIPF and zipf >= _common_words(lender).get(w, 0.0)


@lru_cache(maxsize=None)
def _clause_endings(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for c in codes for w in languages.get(c).words("events", "clause_endings"))


@lru_cache(maxsize=None)
def _conjunction_words(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.casefold() for c in codes for w in languages.get(c).words("events", "conjunctions"))


@lru_cache(maxsize=None)
def _patterns(codes: tuple[str, ...], kind: str) -> re.Pattern | None:
    pats = [p for c in codes for p in languages.get(c).words("events", kind) if p]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None


@lru_cache(maxsize=None)
def vocabulary(code: str | None, text: str = "") -> _Vocab:
    """The vocabulary for a language code; English as well for any other language (wire copy and
    quoted English phrases: its content words only, see `_hits`). When the language is unknown (a
    text too short to tell), the three languages `text` most likely is in, with English; every pack
    when no text is given either."""
    if code and languages.has(code):
        base = languages.get(code).code
        return _Vocab((base,) if base == "en" else (base, "en"))
    guess = languages.likely(text) if text else ()
    if guess:
        return _Vocab(tuple(dict.fromkeys((*guess, "en"))))
    return _Vocab(tuple(languages.codes()))


def document_vocabulary(doc: Document) -> _Vocab:
    """The vocabulary a document is read with (see `vocabulary`)."""
    return vocabulary(document_language(doc), doc.body)


def document_language(doc: Document) -> str | None:
    return languages.document_language(doc.language, doc.body)


def document_reference_date(doc: Document) -> DateRef | None:
    """The article's date: front matter, else its date line, else the first full date in the text."""
    if doc.published:
        return DateRef(0, 0, str(doc.published), doc.published, basis="explicit", note="front matter")
    return dates_mod.document_date(doc.text, doc.body_start, document_language(doc))


# ------------------------------------------------------------------------- persons

_POSSESSIVE = re.compile(r"['’]s?$")
_UPPER = "A-ZÀ-ÖØ-Þ\u0410-\u042f\u0400-\u040f\u0391-\u03a9"  # capitals of Latin, Cyrillic and Greek
_NAMEISH = re.compile(rf"(?<![\w-])([{_UPPER}][\w’'-]*(?:\s+[{_UPPER}][\w’'-]*){{0,3}})")


def _headline(text: str, pos: int, memo: dict | None = None) -> bool:
    """The line holding `pos` is written in Title Case: most of its longer words are capitalised, and
    it does not end in a full stop.
    (`memo`: line start -> answer, so a long line is read once, not once per title on it.)"""
    la, lb = line_at(text, pos)
    if memo is not None and la in memo:
        return memo[la]
    words = [w for w in _TOKEN.findall(text, la, lb) if len(w) >= 4]
    out = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and not (
        text[la:lb].rstrip().endswith(".") and not text[la:lb].rstrip().endswith(".."))
    # (a line ending in a full stop is a sentence, not a headline: an English sentence full of names and
    # weekdays, "Prime Minister Keir Starmer arrived in Nairobi on Tuesday.", is mostly capitals too)
    if memo is not None:
        memo[la] = out
    return out


@lru_cache(maxsize=1)
def _title_phrase_words() -> frozenset[str]:
    """The words of the packs' role nouns of more than one word ("menteri luar negeri", "foreign
    affairs minister"): capitalised after a title, they are the title's, not a name's."""
    out = set()
    for code in languages.codes():
        for phrase in languages.get(code).words("events", "role_nouns"):
            ws = phrase.casefold().split()
            if len(ws) > 1:
                out.update(w for w in ws if len(w) > 3)
    return frozenset(out)


def known_persons(text: str, spans, points: dict | None = None, start: int = 0) -> set[str]:
    """Words that name people in this text: the last capitalised words after a title, up to three
    ("Presiden Korea Selatan Yoon Suk Yeol" -> Yoon, Suk, Yeol), read from `start` (the body: front
    matter has no place mentions to tell "Raja Arab Saudi Salman" from a three-word name)."""
    out: set[str] = set()
    first_names: set[str] = set()
    points = points or {}
    spans = spans if isinstance(spans, Spans) else Spans(spans)
    heads: dict[int, bool] = {}
    for mt in _TITLE_RUN.finditer(text, start):
        if not is_person_title(mt.group(1)) or _headline(text, mt.start(), heads):
            continue  # in a Title Case headline every word is capitalised: no run there is a name
        pos = mt.start(2)
        run: list[str] = []
        words = list(re.finditer(rf"[{_UPPER}][\w’'-]*", mt.group(2)))
        for k, w in enumerate(words):
            a = pos + w.start()
            place = spans.at(a)
            nxt = words[k + 1] if k + 1 < len(words) else None
            if k and words[k - 1].group(0).casefold() in _any_feature():
                run = []  # a feature word's name is the title's complement: "Gubernur Provinsi Maputo Julio X"
                continue
            if place and nxt is not None and points.get(place) and not spans.covers(
                    pos + nxt.start()) and nxt.group(0).lower() not in PERSON_TITLES:
                run.append(w.group(0))  # "Gubernur Jawa Tengah Garut Santoso": a town's name as a first name
                first_names.add(w.group(0))
                continue
            if place and len(run) == 1 and nxt is None:
                run.append(w.group(0))  # a lone first name's surname that is also a place ("Markus Söder")
                break
            if place and run and not is_person_title(run[-1]):
                break  # a place after the name ends it ("Ministerin Reem Alabali-Radovan Kairo besucht")
            if place or is_person_title(w.group(0)):
                run = []  # a place or a title: the name comes after it
                continue
            if not run and w.group(0).casefold() in _title_phrase_words():
                continue  # the title goes on ("Menteri Luar Negeri Sugiono", "Minister for Foreign Affairs X")
            run.append(w.group(0))
        out.update(_POSSESSIVE.sub("", w) for w in run[-3:] if len(w) > 1)
    # a title, its complement (lower-case words, acronyms, words of titles), then a name of two or three
    # words: "Министр сельского хозяйства Оксана Лут", "заместитель главы МИД Михаил Богданов", "el
    # ministro de Asuntos Exteriores, José Manuel Albares"
    for mt in _TITLE_GAP_RUN.finditer(text, start):
        if not is_person_title(mt.group(1)) or _headline(text, mt.start(), heads) or not all(
                not w[0].isupper() or w.isupper() or w.casefold() in _title_phrase_words() or is_person_title(w)
                for w in mt.group(2).split()):
            continue  # (the gap: the title's complement, "de Asuntos Exteriores", "главы МИД")
        ws = [w for w in re.finditer(r"\S+", mt.group(3))][-2:]  # a name's last two words ("Δημοκρατίας Κωνσταντίνος Τασούλας")
        if any(spans.covers(mt.start(3) + w.start()) for w in ws) or any(
                is_person_title(w.group(0)) or w.group(0).casefold() in _title_phrase_words() for w in ws):
            continue
        out.update(_POSSESSIVE.sub("", w.group(0)) for w in ws)
    # a title, its complement, then a name between commas: "The foreign secretary, David Lammy, flew ...",
    # "Son ministre des Armées, Sébastien Lecornu, s'est rendu ..."
    for mt in _TITLE_APPOSITIVE.finditer(text, start):
        if not is_person_title(mt.group(1)) or _headline(text, mt.start(), heads):
            continue
        ws = list(re.finditer(r"\S+", mt.group(3)))
        if any(spans.covers(mt.start(3) + w.start()) or is_person_title(w.group(0))
               or w.group(0).casefold() in _title_phrase_words() for w in ws):
            continue
        out.update(_POSSESSIVE.sub("", w.group(0)) for w in ws)
    # an appositive: "Anna-Maria Lind, profesor ...", "Jane Doe, a professor at ...": a person
    for mt in re.compile(rf"(?<![\w’'-])((?:[{_UPPER}][\w’'-]+[ \t]+){{1,2}}[{_UPPER}][\w’'-]+),[ \t]+([^\W\d_]+)"
                         rf"(?:[ \t]+([^\W\d_]+))?").finditer(text, start):
        if ({(mt.group(2) or "").lower(), (mt.group(3) or "").lower()} & PERSON_TITLES
                and not any(spans.covers(mt.start(1) + w.start()) for w in re.finditer(r"\S+", mt.group(1)))
                and not _headline(text, mt.start(), heads)
                and not any(w.lower() in _any_feature() for w in mt.group(1).split())
                and not re.search(r"(?<![\w’'-])" + re.escape(mt.group(1).split()[0].lower()) + r"(?![\w’'-])", text)):
            # (a run holding a feature word is a place's name opening a clause: "Di Stasiun Przemysl
            # Glowny, Presiden dan rombongan ...", "At Union Station, President Biden ..."; so is a run
            # opened by a word the text also writes in lower case, a time phrase: "Pada Kamis, Presiden
            # dijadwalkan ...", "On Thursday, President Lane ...")
            out.update(w for w in mt.group(1).split() if len(w) > 1)
    # not a name: a word that also appears in lower case in the text (a common word: "Kepala Negara"),
    # or an acronym ("RI")
    # (one pass over the text for the words made of word characters and hyphens, a search each only
    # for the others: a search per name over the whole text made a long text quadratic)
    words = None
    kept = set()
    for w in out:
        if w.isupper():
            continue
        low = w.lower()
        if _RUN.fullmatch(low):
            if words is None:
                words = set(_RUN.findall(text))
            if low in words:
                continue
        elif re.search(r"(?<![\w-])" + re.escape(low) + r"(?![\w-])", text):
            continue
        kept.add(w)
    return kept


_RUN = re.compile(r"[\w-]+")
# a word, then a run of capitalised words after it; surname particles ("Pieter de Vries", "Ursula von
# der Leyen", "Luiz Inácio Lula da Silva") may stand inside the run, before a capitalised word
_PARTICLES = "de|van|der|den|von|da|di|del|della|dos|das|du|le|la|ter|ten|bin|binti|al|el"
_TITLED_WORD = rf"[{_UPPER}](?![{_UPPER}])[\w’'-]+"
_TITLE_GAP_RUN = re.compile(  # (a lookahead: a failed title word does not hide the one after it)
    rf"(?<![\w’'-])(?=([^\W\d_][\w’'-]*)((?:[ \t]+[^\W\d_][\w’'-]*){{1,4}}),?"
    rf"[ \t]+({_TITLED_WORD}(?:[ \t]+{_TITLED_WORD}){{1,2}})(?![\w’'-])(?![ \t]+[{_UPPER}]))")
_TITLE_APPOSITIVE = re.compile(
    rf"(?<![\w’'-])(?=([^\W\d_][\w’'-]*)((?:[ \t]+[^\W\d_][\w’'-]*){{0,4}}),"
    rf"[ \t]+({_TITLED_WORD}(?:[ \t]+{_TITLED_WORD}){{1,2}}),)")
_NAME_RUN = re.compile(rf"[{_UPPER}][\w’'-]*(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+){{0,2}}[{_UPPER}][\w’'-]*)*")
_TITLE_RUN = re.compile(rf"(?<![\w’'-])([^\W\d_][\w’'-]*)\s+(?=((?:(?:[{_UPPER}][\w’'-]*|(?:{_PARTICLES})(?=[ \t]+(?:(?:{_PARTICLES})[ \t]+)?[{_UPPER}]))[ \t]*){{1,7}}))")


def _names_in(text: str, a: int, b: int, spans, persons: set[str], skip=()) -> list[str]:
    """Known person names in text[a:b], in order, one per run of capitalised words, outside place
    names and quotations; a word inside a `skip` span (a title: "Menteri Luar Negeri") is passed
    over for the next word of its run."""
    out = []
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text, a, b)]
    for mt in _NAMEISH.finditer(text, a, b):
        if any(s <= mt.start() < e for s, e in quoted):
            continue
        for w in re.finditer(r"\S+", mt.group(1)):
            pos = mt.start(1) + w.start()
            word = _POSSESSIVE.sub("", w.group(0))
            if word in persons and (not covers(spans, pos) or _person_not_place(text, spans, pos, persons)) \
                    and not any(x <= pos < y for x, y in skip):
                out.append(word)
                break
    return out


def _person_not_place(text: str, spans, pos: int, persons: set[str]) -> bool:
    """The place mention at pos is a known person's name word alone ("Söder", read after "Markus" as a
    surname, though a district of Stockholm bears it)."""
    sp = spans.at(pos) if isinstance(spans, Spans) else None
    return sp is not None and _POSSESSIVE.sub("", text[sp[0]:sp[1]]) in persons


def _names_at(text: str, a: int, b: int, spans, persons: set[str], skip=()) -> list[tuple[str, int]]:
    """Like `_names_in`, with each name's offset."""
    out = []
    for n in _names_in(text, a, b, spans, persons, skip):
        pos = text.find(n, out[-1][1] + 1 if out else a, b)
        out.append((n, pos))
    return out


_RUN_AFTER = re.compile(rf"[ \t]+([{_UPPER}][\w’'-]*)")


def _after_of_words(named: list[tuple[str, int]], text: str, s: _Sentence, persons: set[str]
                    ) -> list[tuple[str, int]]:
    """Names not right after a preposition ("flew from Jakarta", "ke Prabowo"); a run that begins
    after one holds the person later in it ("Minister van Defensie Ruben Brekelmans": Ruben)."""
    out = []
    for n, pos in named:
        if not any(h.kind in ("from", "to", "at", "via") and 0 <= pos - h.end <= 2 for h in s.hits):
            out.append((n, pos))
            continue
        at = pos + len(n)
        while (w := _RUN_AFTER.match(text, at)) is not None:
            if w.group(1) in persons:
                out.append((w.group(1), w.start(1)))
                break
            at = w.end()
    return out


def _person_runs(text: str, persons: set[str]) -> list[tuple[str, ...]]:
    runs = []
    for mt in _NAME_RUN.finditer(text):
        ws = tuple(w for w in mt.group(0).split() if w in persons)
        if ws:
            runs.append(ws)
    return runs


def find_traveller(docs_mentions: Sequence[tuple[Document, Sequence[Mention]]]) -> frozenset[str]:
    """The traveller's name words: the known person most often the subject of a movement word
    across the articles (the lead's counts most), with the words of their full name and nicknames
    that extend it ("Jokowi" beside "Joko"). Empty if no one stands out."""
    return traveller_of(traveller_votes(doc, mentions) for doc, mentions in docs_mentions)


_VOTES: dict[tuple, tuple] = {}  # (document id, text, mention spans) -> its votes, for find_events' fallback


def traveller_votes(doc: Document, mentions: Sequence[Mention]) -> tuple[Counter, dict[str, set[str]]]:
    """One document's part of `find_traveller` (a worker process can work it out): how often each
    known person is the subject of a movement word, and the full names their words stand in."""
    key = (doc.id, doc.text, tuple((m.start, m.end) for m in mentions))
    got = _VOTES.get(key)
    if got is None:
        if len(_VOTES) > 2048:
            _VOTES.clear()
        got = _VOTES[key] = _traveller_votes(doc, mentions)
    return Counter(got[0]), {w: set(run) for w, run in got[1].items()}


def _traveller_votes(doc: Document, mentions: Sequence[Mention]) -> tuple[Counter, dict[str, set[str]]]:
    counts: Counter[str] = Counter()
    full_names: dict[str, set[str]] = {}
    vocab = document_vocabulary(doc)
    spans = Spans((m.start, m.end) for m in mentions)
    persons = known_persons(doc.text, spans, start=doc.body_start)
    if not persons:
        return counts, full_names
    for run in _person_runs(doc.text, persons):
        for w in run:
            full_names.setdefault(w, set()).update(run)
    lead = True
    for a, b in _body_sentences(doc):
        hits = vocab.hits(doc.text, a, b)
        moves = [h for h in hits if h.kind in MOVE_KINDS]
        if not moves or any(h.kind == "contrast" for h in hits):
            continue  # (a sentence turned to someone else, "Meanwhile, X flew to Y", names no traveller)
        ca = _clause_start(doc.text, a, moves[0].start)
        # (not a name right after a preposition: "Στην Κω έφτασε ο Πρόεδρος", a place the data lacks)
        at = _after_of_words(_names_at(doc.text, ca, moves[0].start, spans, persons), doc.text,
                             _Sentence(a, b, tuple(hits), tuple(moves)), persons)
        if at and any(h.kind == "pronouns" and ca <= h.start < at[0][1] for h in hits):
            continue  # a pronoun is the subject: "wurde er von Oberbürgermeister X empfangen"
        names = [n for n, _ in at]
        if not names:
            names = _names_in(doc.text, moves[0].end, b, spans, persons)[:1]  # "Tiba di X, Jokowi ..."
        if names:
            counts[names[0]] += 3 if lead else 1  # the first name of the clause is its subject
            lead = False
    return counts, full_names


def traveller_of(votes) -> frozenset[str]:
    """`find_traveller` from the documents' `traveller_votes`, in document order."""
    counts: Counter[str] = Counter()
    full_names: dict[str, set[str]] = {}
    for c, names in votes:
        counts.update(c)
        for w, run in names.items():
            full_names.setdefault(w, set()).update(run)
    if not counts:
        return frozenset()
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    words = set(full_names.get(top, {top})) | {top}
    every = set(full_names)
    words |= {w for w in every for t in list(words) if len(t) >= 4 and w != t and w.startswith(t[:4])
              and len(w) <= len(t) + 3}
    return frozenset(words)


# ------------------------------------------------------------------------- sentences

def _traveller_titles(text: str, doc: Document, traveller: frozenset[str], vocab) -> frozenset[str]:
    """The role nouns the report writes right before the traveller's name ("President Joko Widodo",
    "Prime Minister Narendra Modi"): titles the traveller bears in this report (pack phrases)."""
    if not traveller:
        return frozenset()
    names = "|".join(re.escape(n) for n in sorted(traveller, key=len, reverse=True))
    out = set()
    for mt in re.finditer(rf"\b(?:{names})\b", text):
        a = max(doc.body_start, mt.start() - 60)
        for h in vocab.hits(text, a, mt.start()):
            if h.kind == "role_nouns" and re.fullmatch(r"[\s\w.'’-]{0,30}", text[h.end:mt.start()]) and all(
                    w[:1].isupper() for w in text[h.end:mt.start()].split()):
                out.add(h.phrase)
    return frozenset(out)


def _first_mover(text: str, doc: Document, vocab) -> frozenset[str]:
    """The role nouns before the first movement word of the report's first sentence that has one
    ("Der Kanzler traf am Montag in Warschau ein"): the traveller's titles when no name is given."""
    for a, b in _body_sentences(doc):
        hits = vocab.hits(text, a, b)
        first = next((h for h in hits if h.kind in MOVE_KINDS), None)
        if first is not None:
            roles = frozenset(h.phrase for h in hits if h.kind == "role_nouns" and h.start < first.start)
            if not roles and vocab.word_order == "vso":  # the subject follows its verb: "وصل الرئيس إلى"
                roles = frozenset(h.phrase for h in hits if h.kind == "role_nouns"
                                  and 0 <= h.start - first.end <= 12)
            return roles
    return frozenset()


def _body_sentences(doc: Document):
    return [(a, b) for a, b in sentences(doc.text) if b > doc.body_start]


def _clause_start(text: str, a: int, pos: int) -> int:
    cut = max((m.end() for m in _CLAUSE_PUNCT.finditer(text, a, pos)), default=a)
    return cut


_DATELINE = re.compile(r"^[\s\W]*(?:[A-Z][A-Za-z.]*\s*)?[A-Z][\w.’' ]{1,40}?(?:,\s*[\w.’' ]{1,40}?)?"
                       r"(?:\s*\([^)\n]{1,30}\))?\.?\s*[-—–]{1,2}\s")  # "Madrid, 20 dic (Europa Press).- "
_DATELINE_CAPS = re.compile(r"^[\s\W]*[^\W\d_a-z]{2,}[^\W\d_a-z .’'-]*(?:,[^,\n]{1,40}){0,2}\s*(?:\([^)\n]{1,30}\)\.?\s*)?[-—–]{1,2}\s")
# agency datelines: "(서울=연합뉴스)", "서울=연합뉴스 —" (city=agency); "新华社北京5月20日电" (agency, city, date, 电 "dispatch")
_AGENCY_DATELINE = re.compile(r"^[\s(（]*[^\W\d_]{1,20}=[^\W\d_]{2,20}|^\s*[^\W\d_]{2,12}\d{1,2}月\d{1,2}日电")
_SITE_DATELINE = re.compile(r"^[A-Z][A-Z.]+(?:\.[A-Z]{2,})+\s*[-—–]\s*[^\W\d_a-z]+\.")


def _dateline_end(text: str, pos: int) -> int:
    """Where the dateline opening the line that holds `pos` ends (-1 if the line has none)."""
    la, lb = line_at(text, pos)
    head = text[la:min(lb, la + 80)]
    for rx in (_DATELINE, _DATELINE_CAPS, _SITE_DATELINE, _AGENCY_DATELINE):
        mt = rx.match(head)
        if mt and not re.search(r"[.!?]\s", head[:mt.end() - 2]):
            return la + mt.end()
    return -1


def _in_dateline(text: str, m: Mention) -> bool:
    """"SEOUL, KOMPAS.TV —", "TEMPO.CO, Jakarta -", "KONTAN.CO.ID - MOSKOW.", "WASHINGTON, March 14,
    2024 —", "서울=연합뉴스 —", "新华社北京5月20日电" at a line start."""
    la, lb = line_at(text, m.start)
    head = text[la:min(lb, la + 80)]
    rel = m.start - la
    for rx in (_DATELINE, _DATELINE_CAPS, _SITE_DATELINE, _AGENCY_DATELINE):
        mt = rx.match(head)
        if mt and rel < mt.end() and not re.search(r"[.!?]\s", head[:mt.end() - 2]):
            return True
    return False


# ------------------------------------------------------------------------- events

@dataclass(frozen=True)
class _Sentence:
    a: int
    b: int
    hits: tuple
    moves: tuple
    since: frozenset = frozenset()  # starts of the dates that follow "since": they date no place before them
    earlier: frozenset = frozenset()  # starts of the places listed as earlier stops ("after Kenya and Tanzania")
    antecedent: str = ""  # the person the sentence before is about: a pronoun opening this one stands for them


def find_events(doc: Document, mentions: Sequence[Mention], traveller: frozenset[str] = frozenset()) -> list[Event]:
    """The traveller's stops told in one document, in text order (see the module docstring). A
    report that never names the run's traveller (another script: "Путин" for "Putin"; another
    story) is read with its own traveller, so its moves are not all taken for someone else's."""
    text = doc.text
    if traveller and not any(n in text for n in traveller):
        traveller = traveller_of([traveller_votes(doc, mentions)])
    lang = document_language(doc)
    vocab = document_vocabulary(doc)
    ref = document_reference_date(doc)
    ref_day = ref.value if ref else None
    ref_is_publication = ref is not None and ref.basis != "text"
    spans = Spans((m.start, m.end) for m in mentions)
    points = {(m.start, m.end): not m.place.is_area for m in mentions}
    persons = known_persons(text, spans, points, doc.body_start) | set(traveller)
    refpoints = _reference_points(doc, mentions)
    own_roles = _traveller_titles(text, doc, traveller, vocab) or _first_mover(text, doc, vocab)
    events: list[Event] = []
    context: DateRef | None = None  # the date of the last dated move, in narrative order
    ahead: DateRef | None = None  # a schedule told after it, still ahead of the report: for announced stops
    last_found: list[Event] = []  # the stops of the last sentence that had any
    about = ""  # the person the last sentence with a named subject was about (see _sentence_subject)
    in_order = all(x.start <= y.start for x, y in zip(mentions, mentions[1:]))
    skip_line: dict[int, bool] = {}  # line start -> sidebar or teaser: each line is judged once
    for a, b in _body_sentences(doc):
        if in_order:  # the mentions of the sentence: one slice, not a scan of them all
            i, j = spans.within(a, b)
            in_sentence = list(mentions[i:j])
        else:
            in_sentence = [m for m in mentions if a <= m.start < b]
        la, lb = line_at(text, a)
        skip = skip_line.get(la)
        if skip is None:
            skip = skip_line[la] = vocab.sidebar(text[la:lb]) or _teaser(text, la, lb, doc.body_start)
        if skip:
            continue
        hits = tuple(vocab.hits(text, a, b))
        moves = tuple(h for h in hits if h.kind in MOVE_KINDS)
        antecedent, about = about, _sentence_subject(text, a, b, hits, moves, spans, persons, about)
        if not in_sentence and not moves:
            continue  # no place and no move: nothing below would use its dates or names
        first_place = in_sentence[0].start if in_sentence else b
        if last_found and any(h.kind == "cancel" and h.start < first_place for h in hits) and any(
                h.kind in ("visit", "travel") and h.start < first_place for h in moves) and not any(
                h.kind == "negation" and h.start < first_place for h in hits) and not _names_own_place(
                text, [h for h in hits if h.start < min(x.start for x in hits if x.kind == "cancel")]):
            # "Sedianya, Panglima juga mengunjungi Nunukan pada Kamis. Namun, kunjungan tersebut ditunda.":
            # the visit of the sentence before, announced, is called off in this one (before any place
            # of its own)
            gone = {id(e) for e in last_found if e.status == "expected"}
            for e in last_found:
                if id(e) in gone:
                    _drop(e.mention, "cancelled in the next sentence")
            events = [e for e in events if id(e) not in gone]
            last_found = []
            if not in_sentence:
                continue
        expect_rx = vocab.patterns("expectation_patterns")
        announced = any(h.kind == "expectation" for h in hits) or bool(expect_rx and expect_rx.search(text, a, b))
        # (an announcement counts on from the announced clock: "Il giorno seguente ... raggiungerà Matera")
        clock = ahead if announced and ahead is not None else context
        all_dates = _dates(text, ref_day, lang, a, b, clock)
        dl = _dateline_end(text, a) if all_dates else -1  # "WASHINGTON, March 14, 2024 —": the report's date
        if dl > a:
            all_dates = [d for d in all_dates if d.start >= dl]
        # the day a statement was made dates no place when the sentence dates the move itself ("will
        # travel to Tokyo next week, the State Department said on Thursday")
        said = [d for d in all_dates if _said_on(d, hits)]
        if said and len(said) < len(all_dates):
            all_dates = [d for d in all_dates if d not in said]
        # a date after "since" may date what follows it ("since March 1, when he began a visit in X"), never
        # a place told before it ("tiba di Bali sejak 18 Februari", "the tour he began since 8 November")
        # a date after "until" ends a stay already told: it dates no place ("Hingga 4 Maret, rombongan
        # akan berada di Jakarta", "will stay in Rome until Friday")
        all_dates = [d for d in all_dates if not _until(text, d, vocab.codes)]
        day_dates = [d for d in all_dates if d.precision == "day"]
        since = frozenset(d.start for d in day_dates if _since(d, hits, text, vocab.codes))
        future_dates = None
        if announced:  # the same dates read as upcoming, for the moves the sentence announces
            fut = [d for d in _dates(text, ref_day, lang, a, b, clock, True) if d.start >= dl
                   and not _until(text, d, vocab.codes)]
            if said:  # the day it was announced is not the day of what was announced ("will visit three
                fut = [d for d in fut if not _said_on(d, hits)]  # countries, his office said on Monday")
            future_dates = ([d for d in fut if d.precision == "day"], fut)
        names = _names_in(text, a, b, spans, persons)
        about_traveller = bool(traveller.intersection(names)) or any(
            h.kind in ("pronouns", "role_nouns") for h in hits)
        found: list[Event] = []
        if in_sentence and not (moves or about_traveller):
            for m in in_sentence:
                _drop(m, "sentence without movement words or the traveller")
        if in_sentence and (moves or about_traveller):
            s = _Sentence(a, b, hits, moves, since, antecedent=antecedent)
            s = replace(s, earlier=frozenset(_earlier_list(text, s, in_sentence, vocab)))  # once per sentence
            direct = _direct_mentions(text, s, in_sentence, vocab)
            for m in in_sentence:
                ev = _candidate(doc, s, m, in_sentence, direct, vocab, traveller, persons, spans, refpoints,
                                ref, ref_day, ref_is_publication, all_dates, day_dates, context, future_dates,
                                own_roles, ahead)
                if ev is not None:
                    found.append(ev)
        # "Bucha and Irpin, towns near Kyiv": a place that locates another is no stop beside it
        located = [e for e in found if _after_near(text, e.mention, hits, vocab)]
        if located and any(e not in located and not e.mention.place.is_area for e in found):
            found = [e for e in found if e not in located]
        # a region or country is a stop only when no point place in the same sentence is one
        # (of the same move, or holding the point: "met the king in Aqaba, Jordan", "the station of X, the
        # gateway to the Far East"; not "met him in Aqaba and will travel on to Turkey", "the visit to
        # Kyiv followed a trip to Poland", where the country is a leg of its own)
        points = [e for e in found if not e.mention.place.is_area]
        if points and any(e.mention.place.is_area for e in found):
            point_mentions = [q.mention for q in points]
            found = [e for e in found if not e.mention.place.is_area or _city_state(e.mention.place)
                     or _own_leg(text, s, e.mention, point_mentions, vocab, s.earlier)]
        found = _one_day_each(found)
        told = [d for d in day_dates if not _said_on(d, hits)]  # not the day a statement was made
        if not found and events and told and about_traveller and any(
                h.kind in ("arrive", "visit", "stay", "meet") for h in moves):
            # (not a return or departure with no place: "... and returned on Monday" dates the way home)
            # "Prabowo tiba pada Rabu (13/11) malam": a dated move with no place dates the last stop
            last = events[-1]
            if last.status != "expected" and last.date is not None and last.date.basis in ("report", "context") \
                    and last.evidence.end >= a - 600:
                d = told[0]
                events[-1] = replace(last, date=replace(d, note=f"date of a later sentence (\"{d.text}\")"))
        events.extend(found)
        last_found = found
        dated_moves = [e.date for e in found if e.date and e.date.basis not in ("report", "context")]
        if dated_moves:
            context, ahead = dated_moves[-1], None
        elif len(told) > 1 and not found:
            pass  # a programme of several days with no stop of its own ("el viacrucis del viernes, la
            # adoración el sábado y la Misa el domingo") sets no clock: the stops are told after it
        elif told and moves and announced and ref_is_publication and told[-1].value and ref_day \
                and told[-1].value > ref_day:
            # a schedule still ahead when the report was written moves only the clock of what is
            # announced: "dijadwalkan menghadiri KTT G20 pada 18-19 November mendatang", published on the
            # 17th, leaves the landing told next on the day it was; "в среду отправится в турне. Первым
            # пунктом поездки станет Гавана" has Havana on that Wednesday
            ahead = told[-1]
        elif told and moves:
            # ("the plan was from March 4 to 9", published on the 8th, does date what follows)
            context, ahead = told[-1], None
    events = _drop_strays(_drop_areas_with_points(_drop_background(events)), mentions)
    # a small country named after its capital is, as a stop, that capital (Kuwait: Kuwait City)
    return [replace(e, mention=replace(e.mention, place=e.mention.capital)) if e.mention.capital is not None
            else e for e in events]


_NONSPACE = re.compile(r"\S")
_FINAL = re.compile(r"[.!?…。！？:;\"”’»)]\s*$")


def _teaser(text: str, la: int, lb: int, body_start: int) -> bool:
    """A short line without final punctuation after the article's first line: the headline of
    another story (a "related" box, a caption tag), not a sentence of this one."""
    line = text[la:lb].strip()
    if not line or _FINAL.search(line) or la <= body_start + 1:
        return False
    lead = _NONSPACE.search(text, body_start)
    first = text[lead.start():lead.start() + 40] if lead else ""  # text[body_start:].lstrip()[:40], uncopied
    if text.find(first, body_start) == la:
        return False  # the headline of the article itself
    return len(_TOKEN.findall(line)) <= 16


def _names_own_place(text: str, hits) -> bool:
    """A preposition of place before a capitalised word among `hits` (those before the cancelling
    word): the cancelled visit names a place of its own, known to the gazetteer or not ("A trip to
    Futuna was cancelled" is no word on the stop before)."""
    return any(h.kind in ("to", "at", "via") and re.match(rf"[ \t]*[{_UPPER}]", text[h.end:h.end + 4])
               for h in hits)


def _sentence_subject(text: str, a: int, b: int, hits, moves, spans, persons: set[str], prev: str) -> str:
    """Whom the sentence is about: the person named first before its first verb of movement (the
    subject), else whom the sentence before was about (a pronoun or no name goes on with them).
    A pronoun, or a role noun that is no title of the name, before any name leaves it as it was."""
    end = moves[0].start if moves else b
    named = _names_at(text, a, end, spans, persons)
    if not named:
        return prev
    at = named[0][1]
    if any(a <= h.start < at and (h.kind == "pronouns" or (h.kind == "role_nouns" and at - h.end > 30)) for h in hits):
        return prev  # (a role noun right before the name is its title: "Le ministre des Affaires étrangères Jean Barrot")
    return named[0][0]


def _since(d: DateRef, hits, text: str, codes: tuple[str, ...]) -> bool:
    """The date starts a state or series ("sejak 8 November", "2019 óta"): it dates no stop. Not
    "of" after a part of the day, which the same preposition writes in Romance languages ("en la
    mañana del lunes 23", "la mattina del 23", "le matin du 23")."""
    for h in hits:
        if h.kind == "since_after" and 0 <= h.start - d.end <= 2:
            return True
        if h.kind in ("since", "from") and 0 <= d.start - h.end <= 2:
            before = re.search(r"([^\W\d_]+)\W*$", text[max(0, h.start - 24):h.start])
            if h.kind == "from" and before and before.group(1).casefold() in _day_part_words(codes):
                continue
            return True
    return False


@lru_cache(maxsize=None)
def _day_part_words(codes: tuple[str, ...]) -> frozenset[str]:
    """The last words of the packs' [dates] parts_of_day ("mañana" of "por la mañana", "morning")."""
    return frozenset(p.split()[-1].casefold() for c in codes for p in languages.get(c).words("dates", "parts_of_day")
                     if p.split())


def _until(text: str, d: DateRef, codes: tuple[str, ...]) -> bool:
    """The date ends a stay or a period ("until Friday", "hingga 4 Maret", "bis Freitag", "Cuma'ya
    kadar"; [events] until, until_after of the document's own language): it is no stop's day."""
    pack = languages.get(codes[0])
    before = pack.phrases("events", ("until",)).find(text, max(0, d.start - 24), d.start)
    if any(0 <= d.start - h.end <= 2 for h in before):
        return True
    after = pack.phrases("events", ("until_after",)).find(text, d.end, min(len(text), d.end + 12))
    return any(0 <= h.start - d.end <= 2 for h in after)


def _dates(text, ref_day, lang, a, b, anchor, future=None) -> list[DateRef]:
    """The resolved dates of one sentence; bare weekdays read as upcoming in a sentence with an
    expectation marker ("talks are planned for Tuesday")."""
    found = dates_mod.find_dates(text, ref_day, lang, a, b, future=future, anchor=anchor.value if anchor else None)
    return [d for d in found if d.value]


def _reference_points(doc: Document, mentions: Sequence[Mention]) -> frozenset:
    from . import claims

    fn = getattr(claims, "distance_reference_points", None)
    return fn(doc, mentions) if fn else frozenset()


def _tokens_between(text: str, a: int, b: int) -> list[str]:
    return _TOKEN.findall(text, a, b) if b > a else []


def _glue_only(text: str, a: int, b: int, hits_between, max_free: int) -> bool:
    """Only prepositions, conjunctions, articles and at most `max_free` other short words stand
    between a and b (no clause punctuation)."""
    gap = text[a:b]
    if _CLAUSE_PUNCT.search(gap) or "." in gap.strip(". ") or "(" in gap:
        return False
    covered = [(h.start, h.end) for h in hits_between if h.kind in PREPOSITION_KINDS]
    free = 0
    for t in _TOKEN.finditer(text, a, b):
        if any(s <= t.start() < e for s, e in covered) or (max_free > 0 and (t.group(0)[:1].isupper()
                                                                             or len(t.group(0)) <= 3)):
            continue
        free += 1
        if free > max_free:
            return False
    return True


def _direct_mentions(text: str, s: _Sentence, ms: Sequence[Mention], vocab) -> set[int]:
    """Mentions a movement word names directly ("traveled to China", "berkunjung ke Jerman",
    "Ankara'ya gitti"), the places listed with such a mention ("visited Kenya, Tanzania and
    Mozambique"; before the verb in verb-final languages: "Bahreyn, Ürdün ve Mısır'ı kapsayan bir
    tur"), and the start of the same leg ("arrived in Ukraine from Poland"): their starts."""
    out: set[int] = set()
    sov = vocab.word_order == "sov"
    for m in ms:
        if any(h.start <= m.start and m.end <= h.end for h in s.moves):
            out.add(m.start)  # a movement word that holds its place: "귀국" (return to one's country), "về nước"
            continue
        for h in s.moves:
            if h.end <= m.start and m.start - h.end <= 40:
                if any(x is not m and h.end <= x.start < m.start for x in ms):
                    continue  # another place stands between: "visit to Jordan for Lebanon talks"
                between = [x for x in s.hits if h.end <= x.start and x.end <= m.start]
                if "," not in text[h.end:m.start] and _glue_only(text, h.end, m.start, between, 1):
                    out.add(m.start)
            elif sov and h.start >= m.end and h.start - m.end <= 30:
                between = [x for x in s.hits if m.end <= x.start and x.end <= h.start]
                if _glue_only(text, m.end, h.start, between, 1):  # sov: "Moskova'ya gitti"
                    out.add(m.start)
            elif vocab.word_order == "v2" and 0 <= h.start - m.end <= 3 and any(
                    x.kind in ("to", "from") and 0 <= m.start - x.end <= 4 for x in s.hits):
                out.add(m.start)  # a verb-final clause: "..., er werde nach Deutschland zurückkehren"
    out |= s.earlier
    # the verb left out of a second conjunct: "flew to Belgium on Monday and to Mexico on Tuesday",
    # "terbang ke Belgia pada Senin dan ke Meksiko pada Selasa", "and then on to Qatar": a conjunction
    # (an adverb or two may follow it) and the same kind of preposition before a place, after a place
    # the verb named
    if not sov and out:
        for m in ms:
            if m.start in out:
                continue
            prep = [h for h in s.hits if h.end <= m.start and m.start - h.end <= 4 and h.kind in ("to", "from", "at")]
            if not prep or not _glue_only(text, prep[-1].end, m.start, [], 1):
                continue
            conj = [h for h in s.hits if h.kind == "conjunctions" and h.end <= prep[-1].start
                    and prep[-1].start - h.end <= 12 and _glue_only(text, h.end, prep[-1].start, [], 2)]
            first = next((x for x in ms if x.start in out and x.end <= prep[-1].start), None)
            if conj and first is not None and any(
                    h.kind == prep[-1].kind and first.start - 4 <= h.end <= first.start for h in s.hits):
                out.add(m.start)
    # a count of places, then the list it stands for: "will visit four countries, namely Kenya, ...",
    # "berkunjung ke empat negara, yaitu Kenya, ...", "tours three cities: Lyon, ..." (the list below
    # takes the rest)
    if not sov:
        for h in s.moves:
            nxt = next((x for x in ms if x.start >= h.end), None)
            if nxt is None or nxt.start in out or nxt.start - h.end > 80:
                continue
            marks = [x for x in s.hits if x.kind == "namely" and h.end <= x.start and x.end <= nxt.start]
            colon = text.rfind(":", h.end, nxt.start)
            cut = max([x.start for x in marks] + [colon])
            if cut < 0:
                continue
            after = marks[-1].end if marks and marks[-1].start == cut else cut + 1
            count = text[h.end:cut]
            if (re.fullmatch(r"[\s,:]*", text[after:nxt.start]) and not re.search(r"[;:.!?()]", count)
                    and len(_tokens_between(text, h.end, cut)) <= 4):
                out.add(nxt.start)
    # lists: forwards from a direct mention, and backwards too where the verb comes last
    orders = (list(ms), list(reversed(ms))) if sov else (list(ms),)
    for seq in orders:
        for prev, m in zip(seq, seq[1:]):
            if prev.start in out and m.start not in out:
                a, b = sorted(((prev.start, prev.end), (m.start, m.end)))
                between = [x for x in s.hits if a[1] <= x.start and x.end <= b[0]]
                gap = text[a[1]:b[0]]
                if re.fullmatch(r"[\s,/&]*", gap) or _glue_only(text, a[1], b[0], between, 0) and (
                        "," in gap or any(x.kind in ("conjunctions", "via", "from") for x in between)) \
                        or gap.strip(" ,،").casefold() in _conjunction_words(vocab.codes):
                    out.add(m.start)  # the last test: a conjunction written onto the name (Arabic "وقطر")
    return out


def _earlier_list(text: str, s: _Sentence, ms: Sequence[Mention], vocab) -> set[int]:
    """Places listed right after a word for "after" that ends a clause, in a sentence with a visit,
    arrival or stay: earlier stops of the trip ("the last country he visited, after Kenya, Tanzania
    and Mozambique"; "setelah Kenya, Tanzania, dan Mozambik"). Not "after Russia invaded Ukraine" (a
    verb follows the name), nor in a verb-final language (its word for "after" follows what it
    governs). Their starts."""
    out: set[int] = set()
    if not any(h.kind in ("arrive", "visit", "stay", "meet") for h in s.moves):
        return out
    conj = _conjunction_words(vocab.codes)
    for h in s.hits:
        if h.kind != "prior":
            continue
        if vocab.word_order == "sov":
            # the word for "after" follows the list it governs ("Tokió és Hirosima után", after Tokyo and
            # Hiroshima), and opens the sentence's clause: nothing but the list stands before it
            prev = [m for m in ms if m.end <= h.start]
            if not prev or not re.fullmatch(r"[ \t]{1,2}", text[prev[-1].end:h.start]):
                continue
            run = [prev[-1]]
            for m in reversed(prev[:-1]):
                gap = text[m.end:run[-1].start]
                if not (re.fullmatch(r"\s*,\s*", gap) or gap.strip(" ,").casefold() in conj):
                    break
                run.append(m)
            if not text[s.a:run[-1].start].strip(" \t\n\"'“„«"):
                out.update(m.start for m in run)
            continue
        nxt = [m for m in ms if m.start >= h.end]
        # "after Kenya", or a visit word and its preposition between: "after stops in Kigali", "setelah
        # mengunjungi Kenya", "После визитов в Джакарту", "Après des étapes à Lima"
        if not nxt or not (re.fullmatch(r"[ \t]{1,2}", text[h.end:nxt[0].start]) or _visit_cue_only(
                text, h.end, nxt[0].start, s.hits)):
            continue
        run = [nxt[0]]
        for m in nxt[1:]:  # the list: names joined by commas and conjunctions only (each may repeat its
            gap = text[run[-1].end:m.start]  # preposition: "à Lima, à Trujillo et à Chiclayo")
            preps = [x for x in s.hits if x.kind in ("to", "at") and run[-1].end <= x.start and x.end <= m.start]
            if preps:
                gap = text[run[-1].end:preps[0].start] + text[preps[-1].end:m.start]
            if not (re.fullmatch(r"\s*,\s*", gap) or gap.strip(" ,").casefold() in conj):
                break
            run.append(m)
        if re.match(r"\s*(?:[,.;:!?)]|$)", text[run[-1].end:s.b]):
            out.update(m.start for m in run)
    return out


def _visit_cue_only(text: str, a: int, b: int, hits) -> bool:
    """Between a and b stand a visit, stay or stopover word and prepositions only, with at most one
    short word more (an article: "des étapes à", "stops in", "mengunjungi", "визитов в")."""
    inside = [h for h in hits if a <= h.start and h.end <= b]
    if not any(h.kind in ("visit", "stay", "pass", "meet") for h in inside):
        return False
    rest = text[a:b]
    for h in sorted(inside, key=lambda h: -h.start):
        if h.kind in ("visit", "stay", "pass", "meet", "to", "at"):
            rest = rest[:h.start - a] + " " + rest[h.end - a:]
    words = _TOKEN.findall(rest)
    return not re.search(r"[,.;:!?()]", rest) and len(words) <= 1 and all(len(w) <= 4 for w in words)


@lru_cache(maxsize=None)
def _area_words_rx(codes: tuple[str, ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """The district and region feature words of the packs ([mentions] feature_district/_region), as
    (before the name, after the name) patterns: ", Kabupaten X" / ", X Regency"."""
    before, after = set(), set()
    for c in codes:
        pack = languages.get(c)
        words = {w for k in ("feature_district", "feature_region") for w in pack.words("mentions", k) if w}
        (after if pack.value("mentions", "feature_position", "before") == "after" else before).update(words)
    alt = lambda ws: "|".join(sorted((re.escape(w) for w in ws), key=len, reverse=True))  # noqa: E731
    return (re.compile(rf",\s*(?:{alt(before)})\s+$", re.I) if before else None,
            re.compile(rf"\s+(?:{alt(after)})\b", re.I) if after else None)


def _address_part(text: str, m: Mention, in_sentence: Sequence[Mention], codes: tuple[str, ...]) -> bool:
    """The place is the district or region of the place named right before it, written as one
    address: "Jembatan Tayan, di Kecamatan Tayan, Kabupaten Sanggau", "in Tayan, Sanggau Regency" (the
    gazetteer may know only the district's seat, a town of that name)."""
    prev = next((x for x in reversed(in_sentence) if x.end <= m.start), None)
    if prev is None or m.start - prev.end > 40:
        return False
    before_rx, after_rx = _area_words_rx(codes)
    gap = text[prev.end:m.start]
    if before_rx is not None and before_rx.search(gap) and gap.count(",") == 1:
        return True
    return bool(after_rx is not None and re.fullmatch(r",\s*", gap) and after_rx.match(text, m.end))


def _invitee_not_traveller(text: str, s: _Sentence, a: int, b: int, in_sentence: Sequence[Mention], traveller,
                           spans, persons) -> bool:
    """Between a verb of inviting or asking and the move it asks for stands someone who is not the
    traveller: a person's name, or a title qualified by a country or its people ("mengajak Presiden
    Kenya untuk berkunjung ke Indonesia", "invited the Kenyan president to visit Jakarta"). Not "Putin
    invited Kim to visit Moscow" (the traveller is the one invited), nor "was invited to visit" (no one)."""
    names = _names_in(text, a, b, spans, persons)
    if names:
        return not traveller.intersection(names)
    for r in s.hits:
        if r.kind == "role_nouns" and a <= r.start < b:
            if any(0 <= x.start - r.end <= 3 or (x.demonym and 0 <= r.start - x.end <= 3) for x in in_sentence):
                return True
    return False


_LIST_GLUE = re.compile(r"[\s,、，]*(?:[^\W\d_]{1,4}[\s]+)?$")  # a comma or a short "and"/"dan"/"и"


def _cancelled_after(text: str, s: _Sentence, m: Mention, in_sentence: Sequence[Mention]) -> bool:
    """A verb of cancelling after the place undoes its move when the place is in the cancelled
    thing's own words ("A visit to Zanzibar, planned for Friday, was cancelled", "визит в Ла-Пас
    перенесен"): the verb stands in the place's clause, with no other place of its own, no contrast and
    no new move of the traveller's between them ("flew to Paris after the rally in Lyon was cancelled"
    cancels Lyon, not Paris)."""
    for h in s.hits:
        if h.kind != "cancel" or h.start < m.end:
            continue
        if _CLAUSE_PUNCT.search(text, m.end, h.start):
            return False
        if any(x.kind in ("contrast", "arrive", "depart", "return") and m.end <= x.start < h.start
               for x in s.hits):
            return False
        # a comma ends the clause of a traveller told as its subject ("The minister arrived in Oslo, but
        # the rally was cancelled"); not a thing's ("A visit to Zanzibar, planned for Friday, was cancelled")
        if _COMMA.search(text, m.end, h.start) and any(
                x.kind in ("pronouns", "role_nouns") and s.a <= x.start < m.start for x in s.hits):
            return False
        if any(m.end <= x.start < h.start and not _LIST_GLUE.fullmatch(text, m.end, x.start) for x in in_sentence):
            return False
        return True
    return False


def _announced_then_cancelled(text: str, s: _Sentence, m: Mention, in_sentence: Sequence[Mention]) -> bool:
    """An announced move whose leg a later clause of the sentence calls off ("Il devait se rendre
    ensuite à Abidjan, mais cette étape a été annulée", "She was to fly on to Accra, but that leg was
    cancelled"): a verb of cancelling after the place, outside quotes, with no other place and no new
    arrival, departure or return between. (A move already made is not undone so: "arrived in Oslo,
    but the rally was cancelled".)"""
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text, s.a, s.b)]
    for h in s.hits:
        if h.kind != "cancel" or h.start < m.end or any(a <= h.start < b for a, b in quoted):
            continue
        if any(m.end <= x.start < h.start for x in in_sentence) or any(
                x.kind in ("arrive", "depart", "return") and m.end <= x.start < h.start for x in s.hits):
            return False
        return True
    return False


def _said_on(d: DateRef, hits) -> bool:
    """The date is the date of a statement ("kata Bey dalam keterangannya, Rabu (23/8/2023)", "he said
    on Wednesday"): it stands after a verb of saying, within a few words, and no movement word follows
    it (an attribution that opens the sentence, "As his office announced, on Friday, April 25, he will
    visit Rome", leaves the date to the move)."""
    return any(h.kind == "speech" and h.end <= d.start and d.start - h.end <= 40 for h in hits) and not any(
        h.kind in MOVE_KINDS and h.start >= d.end for h in hits)


TRACE: list | None = None  # set to a list to collect (mention, reason) of dropped candidates


def _drop(m: Mention, reason: str) -> None:
    if TRACE is not None:
        TRACE.append((m, reason))
    return None


def _candidate(doc, s, m, in_sentence, direct, vocab, traveller, persons, spans, refpoints,
               ref, ref_day, ref_is_publication, all_dates, day_dates, context,
               future_dates=None, own_roles: frozenset[str] = frozenset(), ahead: DateRef | None = None
               ) -> Event | None:
    text = doc.text
    place = m.place
    sov = vocab.word_order == "sov"
    if _in_dateline(text, m) or place.feature in ("ocean", "sea", "continent", "river", "mountain"):
        return _drop(m, "dateline or not a stop feature")
    if m.demonym:
        return _drop(m, "a word for the place's people, not the place")
    if not place.is_area and any(h.start == m.start and h.end == m.end and h.kind in MOVE_KINDS for h in s.hits):
        return _drop(m, "a movement word of the language, not a place")  # German "Tour" (not Tours)
    if (m.start, m.end) in refpoints:
        return _drop(m, "distance reference point")
    if not place.is_area and _address_part(text, m, in_sentence, vocab.codes):
        return _drop(m, "the district or region of the place before it")
    if any(x.demonym and x.end < m.start and not text[x.end:m.start].strip() and x.place.country != place.country
           for x in in_sentence):
        return _drop(m, "a name qualified by another country's people")  # "the British Commonwealth"
    is_direct = m.start in direct
    if place.is_area and not is_direct and not _city_state(place):
        return _drop(m, "country or region not named by a movement word")
    if _modifier(text, m, s, vocab) or _not_a_place_here(text, m, persons, vocab):
        return _drop(m, "modifier or not a place here")
    if _in_attribution(text, m, s, persons, traveller, spans, sov):
        return _drop(m, "the speaker's affiliation")
    # (in a verb-final language "according to" follows its source: "총리실에 따르면 ... 홍콩으로")
    if _after_marker(text, m, s, "examples", 120) or (not sov and _after_marker(
            text, m, s, "attribution", 80, vocab.word_order == "v2")):
        return _drop(m, "an example or the source of the news")
    if any(h.kind == "topics" and (0 <= m.start - h.end <= 24 and len(_TOKEN.findall(text, h.end, m.start)) <= 2
                                   or sov and 0 <= h.start - m.end <= 3)
           for h in s.hits):
        # "to discuss the situation in Gaza", "بحث الأوضاع في غزة", "situasi kemanusiaan di Gaza"; and
        # in a verb-final language the topic follows ("ガザの情勢", Gaza's situation)
        return _drop(m, "a topic talked about")
    nxt = re.match(rf"[ \t]+([{_UPPER}][\w’'-]*)", text[m.end:m.end + 40])
    if nxt and nxt.group(1) in persons and nxt.group(1) not in traveller:
        return _drop(m, "part of a person's title")
    if place.is_area and not _city_state(place) and not (is_direct and sov) and not _names_directly(text, m, s):
        # (in a verb-final language the verb after a direct mention names it, whatever stands before)
        return _drop(m, "a country or region qualifying a noun")
    # a word inside a date phrase is the date's ("il giorno dopo", the day after): not "after X"
    before = [h for h in s.hits if h.end <= m.start
              and not (h.kind == "prior" and any(d.start <= h.start < d.end for d in all_dates))]
    prep = _preposition_before(text, m, s, sov, vocab.codes) or _listed_preposition(text, m, s, in_sentence, sov,
                                                                                      vocab.codes)
    if sov and not prep and not m.place.is_area and any(
            h.kind == "speech" and m.end <= h.start < _clause_end(text, s, m.end) for h in s.hits) and not any(
            h.kind in MOVE_KINDS + ("pronouns", "role_nouns") and h.end <= m.start and h.start >= s.a for h in s.hits) \
            and m.start not in s.earlier:
        # a bare name opening a verb-final clause that ends in a verb of saying is the speaker
        # ("Moskova ziyaretin önemli olduğunu söyledi": Moscow said the visit mattered)
        return _drop(m, "modifier or not a place here")
    governing = _governing_move(m, s, vocab)
    if governing is not None and governing.end <= m.start and not prep and not is_direct and not sov:
        # a movement word before a comma and a new clause does not reach a bare name there ("seiring
        # dengan kedatangan Presiden ke Ukraina, 8 rudal Rusia hantam kota Mykolaiv"); a list does
        comma = text.rfind(",", governing.end, m.start)
        if comma >= 0 and len(_TOKEN.findall(text, comma, m.start)) >= 3 and not any(
                comma <= h.start < m.start and h.kind in MOVE_KINDS + PREPOSITION_KINDS + ("prior", "expectation")
                for h in s.hits):
            governing = None
    if governing is None and not prep and not is_direct:
        return _drop(m, "nothing says anyone is at this place")
    if governing is not None and governing.kind == "overfly":
        return _drop(m, "flown over")
    clause_a = _own_clause(text, s, m.start)
    clause_b = _clause_end(text, s, m.end)
    if governing is None and not is_direct and not _traveller_in(text, s, clause_a, m.start, traveller, spans, persons):
        return _drop(m, "clause subject is not the traveller")
    # markers that follow the verb (sov: "パリを訪問する予定だ"; v2: "ist für Dienstag in Peking geplant")
    # count from the place to the clause's end
    late = sov or vocab.word_order == "v2"
    late_b = clause_b
    if sov and governing is not None and governing.start >= m.end:
        # "Eskişehir'i ziyaret etti, perşembe günü Ankara'da olması bekleniyor": the comma after the
        # place's own verb ends its clause; a marker after it tells the next one
        comma = _COMMA.search(text, governing.end, clause_b)
        late_b = comma.start() if comma else clause_b
        word = _WORD_RUN.match(text, governing.end)
        if word and word.end() < late_b and text[governing.start:word.end()].endswith(vocab.clause_endings):
            late_b = word.end()  # "대구를 방문했으며 …": a connective verb ending joins on the next clause
    if late and governing is not None:
        # "ist in Oslo eingetroffen und wird nach Bergen reisen", "Oslo'ya geldi ve Bergen'e gidecek": "and"
        # after the place's own verb (or, verb first, after the place) joins on a clause of its own; not
        # "in Oslo und Bergen erwartet", a list of places under one verb
        after_at = governing.end if governing.start >= m.end else (m.end if not sov else None)
        conj = next((h for h in s.hits if h.kind == "conjunctions" and after_at is not None
                     and after_at <= h.start < late_b), None)
        if conj is not None and not any(0 <= x.start - conj.end <= 2 for x in in_sentence):
            late_b = conj.start
    marked = before + ([h for h in s.hits if m.end <= h.start < late_b] if late else [])
    # a negation reaches back to a place told before its own movement word, in any word order: "Минск в
    # программу поездки не входит" (Minsk is not part of the trip's programme)
    negatable = marked + ([h for h in s.hits if m.end <= h.start < clause_b and h.kind in ("negation", "cancel")]
                          if not late and governing is not None and governing.start >= m.end else [])
    # whose move is it: the subject before the move word (or before the place)
    subj_end = governing.start if governing is not None and governing.start < m.start else m.start
    # (in a subject-first language a name after an earlier verb of the clause, with no "and" or comma
    # between, is that verb's object: "X headed to a meeting with King K and will travel to T" is X's move)
    objects_after = [h.end for h in s.moves if clause_a <= h.start and h.end <= subj_end
                     and h is not governing] if vocab.word_order == "svo" else []
    # (not a word of a title, "il Santo Padre raggiungerà"; nor the source of the news, "Menurut Sekretaris
    # Kabinet, ... Presiden dijadwalkan bertolak ke Antalya")
    titles = [(h.start, h.end) for h in s.hits if h.kind == "role_nouns"]
    sources = [(h.start, _COMMA.search(text, h.end, subj_end).start()) for h in s.hits
               if h.kind == "attribution" and clause_a <= h.start < subj_end and _COMMA.search(text, h.end, subj_end)]
    named = [(n, pos) for n, pos in _after_of_words(_names_at(text, clause_a, subj_end, spans, persons, titles),
                                                    text, s, persons)
             if not any(e <= pos and not _joined_between(text, s, e, pos) for e in objects_after)
             and not any(a <= pos < b for a, b in sources)
             # (nor a word of the language's vocabulary opening the sentence: "Usai KTT, Presiden ...")
             and not any(x.start == pos and x.kind in _FUNCTION_KINDS for x in s.hits)
             and (n in traveller or not any(a <= pos < b for a, b in titles))]
    # a name joined on after another verb starts a new clause of its own ("X met K in A, and K then flew
    # to B" is K's move); names joined with no verb between are one subject ("X and K flew to B")
    for i in range(len(named) - 1, 0, -1):
        prev, pos = named[i - 1][1], named[i][1]
        if any(prev < h.start < pos and _joined_between(text, s, h.end, pos) for h in s.moves):
            named = named[i:]
            break
    subjects = [n for n, _ in named]
    first_name_at = text.find(subjects[0], clause_a) if subjects else -1
    # a pronoun or role noun standing alone before the first name; not a title of that name ("Presiden
    # Rusia Vladimir Putin")
    lead = [h for h in s.hits if h.kind in ("pronouns", "role_nouns") and clause_a <= h.start < subj_end
            and not (h.kind == "role_nouns" and h.start <= first_name_at and first_name_at - h.end <= 30)]
    if lead and subjects and lead[0].start < first_name_at:
        subjects = []  # "Dia ... kepada Putin ... mengunjungi X": the pronoun is the subject
    if traveller and lead and lead[0].kind == "pronouns" and (not subjects or lead[0].start < first_name_at) \
            and s.antecedent and s.antecedent not in traveller:
        # "Le ministre Barrot a rencontré ... Il doit rejoindre Bruxelles jeudi": the pronoun opening
        # the sentence stands for the person the sentence before was about
        return _drop(m, "someone else's move (the pronoun's antecedent)")
    if not traveller.intersection(subjects) and any(
            h.kind == "others" and clause_a <= h.start < subj_end and not any(
                x.kind in ("pronouns", "role_nouns") and h.end <= x.start < subj_end for x in s.hits)
            for h in s.hits):
        # "His colleague was in Geneva at the time", "Son porte-parole, resté à Paris"; not "the spokesman
        # said the president would fly home", where the traveller's word follows
        return _drop(m, "someone else's move")
    invite = [h for h in s.hits if h.kind == "invite" and clause_a <= h.start and governing is not None
              and h.end <= governing.start and governing.start - h.end <= 80]
    if invite and _invitee_not_traveller(text, s, invite[-1].end, governing.start, in_sentence, traveller, spans,
                                         persons):
        return _drop(m, "an invitation to someone else")  # "Widodo invited the Kenyan president to visit Indonesia"
    # "Ruto invited Lane to visit Mombasa": the traveller invited is the one who moves
    invited = bool(invite) and bool(traveller.intersection(_names_in(text, invite[-1].end, governing.start, spans,
                                                                      persons)))
    if any(h.kind == "contrast" for h in s.hits) and _turned_to_another(text, s, clause_a, m, traveller, own_roles,
                                                                          spans, persons):
        return _drop(m, "someone else's move")
    # the traveller as the move's object ("Putin welcomed Kim at X"), not before it ("Putin accepted
    # Kim's invitation to visit X")
    obj_a = governing.end if governing is not None and governing.end <= m.start else m.start
    clause_names = _names_in(text, obj_a, m.start, spans, persons)
    if traveller and subjects and not traveller.intersection(subjects) and not traveller.intersection(clause_names) \
            and not invited:
        return _drop(m, "someone else's move")
    if not subjects and any(h.kind == "thing_pronouns" and clause_a <= h.start < subj_end for h in s.hits) and not any(
            h.kind in ("pronouns", "role_nouns") and clause_a <= h.start < subj_end for h in s.hits):
        return _drop(m, "a vehicle's move")
    neg_rx = vocab.patterns("negation_patterns")
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text, clause_a, clause_b)]
    if any(h.kind in ("negation", "cancel") and h.start >= clause_a and not any(a <= h.start < b for a, b in quoted)
           for h in negatable) or (
            neg_rx and neg_rx.search(text, clause_a, late_b if late else m.start)):
        return _drop(m, "negated")
    if _cancelled_after(text, s, m, in_sentence):
        return _drop(m, "cancelled or put off")
    if _background(text, s, m, marked, ref_day):  # (sov, v2: up to the clause end, "in Chicago geboren")
        return _drop(m, "background: a marker or a past year")
    if ref_day and all_dates and not day_dates and all(
            d.precision in ("month", "year") and d.value and (ref_day - d.value).days > 62
            and (d.end <= m.start or d.start - m.end <= 80) for d in all_dates) and (
            all(d.precision == "month" for d in all_dates) or not any(h.kind == "expectation" for h in s.hits)):
        # "mengunjungi Pyongyang pada bulan Juli", told in September; "Ранее в этом году ... побывал в
        # Мьянме" (earlier this year), told in August: another trip (a time told before the place
        # governs the sentence on: "В прошлом году Лавров побывал в ..., а в июле того же года в ...")
        return _drop(m, "background: only a past month or year")
    status = "visited"
    expect_rx = vocab.patterns("expectation_patterns")
    # an announcement reaches over commas ("is due to leave X, call at Y and Z"), not over "after X"
    # or a clause opener, which tell another step
    cut = max([h.end for h in before if h.kind in ("prior", "clause_openers")], default=s.a)
    # (the place's own verb after it, in any word order: "в Москву министр вернется в пятницу")
    expect_b = late_b if late else (governing.end if governing is not None and governing.start >= m.end else m.start)
    # (a marker right after the place, in the words of the move's own noun: "O regresso a Lisboa está
    # marcado para sábado", "A visit to Oslo is planned for Friday"; no comma, place or verb between)
    after_marker = next((h for h in s.hits if h.kind == "expectation" and m.end <= h.start < clause_b), None)
    if after_marker is not None and (re.search(r"[,;:，、،]", text[m.end:after_marker.start]) or any(
            m.end <= x.start < after_marker.start for x in in_sentence) or any(
            h.kind in MOVE_KINDS + ("conjunctions",) and m.end <= h.start < after_marker.start for h in s.hits)
            or not (governing is not None and governing.end <= m.start)):
        after_marker = None
    if any(h.kind == "expectation" and h.start >= cut for h in marked) or after_marker is not None or (
            expect_rx and expect_rx.search(text, cut, expect_b)):
        status = "expected"
    elif (governing is not None and governing.kind == "pass") or prep == "via":
        status = "passed"
    if status == "expected" and _announced_then_cancelled(text, s, m, in_sentence):
        return _drop(m, "cancelled or put off")
    role = ""
    if prep == "from" or (governing is not None and governing.kind == "depart" and prep != "to"):
        role = "origin"
    elif governing is not None and governing.kind == "return" and prep != "from" and (
            sov or governing.start <= m.start):
        role = "return"  # "returned to X"; not "received in X, then went straight home"
    next_place = next((x.start for x in in_sentence if x.start > m.end and (not x.place.is_area or _city_state(x.place))),
                      None)
    if status == "expected" and future_dates is not None:
        day_dates, all_dates = future_dates  # an announced move reads its weekdays as upcoming
    if status == "expected":
        # "left Rome on Monday for Jakarta, a tour that will take him to Dili": a date told before the
        # announcement, with a move of its own there, is that move's, not the announced stop's
        exp_at = min((h.start for h in marked if h.kind == "expectation" and cut <= h.start < m.start), default=None)
        if exp_at is not None and any(h.end <= exp_at and h.kind not in ("meet", "visit", "stay") for h in s.moves):
            # (a date joined to the announcement, "y el jueves se espera en Bilbao", stays its own)
            day_dates = [d for d in day_dates if d.start > exp_at or not _joined_between(text, s, d.end, exp_at)]
            all_dates = [d for d in all_dates if d.start > exp_at or not _joined_between(text, s, d.end, exp_at)]
    # a new leg told after the place ("..., and on 12 March she left for X") ends its own clause
    moves_after = []
    for h in s.moves:
        if h.start >= m.end and h.kind in MOVE_KINDS:
            comma = _COMMA.search(text, m.end, h.start)
            joints = ([comma.start()] if comma else []) + [
                x.start for x in s.hits if x.kind == "conjunctions" and m.end <= x.start < h.start]
            if joints:
                moves_after.append(min(joints))  # the clause ends where the new leg is joined on
            break
    if sov and late_b < clause_b:
        moves_after.append(late_b)  # the comma after the place's own verb ends its clause
    if next_place is not None and not sov:
        # "visited Kavala and on Thursday is expected in Athens": a date after "and" (or a comma)
        # that stands before the next place belongs to that place's clause
        joint = [x.start for x in s.hits if x.kind == "conjunctions" and m.end <= x.start < next_place]
        comma = _JOINT.search(text, m.end, next_place)
        if comma:
            joint.append(comma.start())
        if joint and any(min(joint) < d.start < next_place for d in day_dates):
            moves_after.append(min(joint))
    if status == "expected" and ahead is not None:
        context = ahead  # the clock of what is announced
    when = _date_for(m, day_dates, all_dates, context, ref, status, next_place, moves_after, sov, s.since, text,
                     s.hits)
    if status != "expected" and when and when.value and ref_day and ref_is_publication \
            and when.value > ref_day and when.basis != "report":
        # dated after the report, by its own words or by the story's clock ("A pápa május 14-én érkezik
        # ... Budapesten találkozik"): it had not happened when it was written
        status = "expected"
    elif status == "visited" and ref_day and ref_is_publication and any(
            d.precision in ("week", "month") and d.value and d.value > ref_day and clause_a <= d.start < clause_b
            for d in all_dates):
        status = "expected"  # "a jövő héten Prágába utazik", "travels to Paris next month": a later week or month
    sort_date, order = None, m.start
    prior = next((h for h in before if h.kind == "prior" and h.start >= clause_a and m.start - h.end <= 60), None)
    if prior is None and sov and m.start in direct:
        # a verb-final language's "after" follows its list ("Tokió és Hirosima után szombaton Oszakában")
        prior = next((h for h in s.hits if h.kind == "prior" and 0 <= h.start - m.end <= 60), None)
        if prior is not None and m.start not in s.earlier:
            prior = None
    if prior:
        # "after attending the summit in New Delhi, he arrived in Hanoi on Sunday": an earlier stop told
        # in passing; it sorts before the sentence's move, and a date that belongs to that move is not its own
        later = [d for d in day_dates if d.start >= m.end]
        # (sorted by the main move's told date before the report's own)
        sort_date = when.value if when and when.basis != "report" else (
            later[0].value if later else (when.value if when else ref_day))
        order = m.start - len(text)
        # (nor a date told after the traveller's own word, in the main clause: "After stops in Kigali and
        # Kampala, the president arrived in Nairobi on Thursday" dates Nairobi only)
        # (in a verb-final language a date after its "after" is the main clause's)
        if when is not None and when.basis not in ("context", "report") and (
                (when.start < prior.start) != (prior.start > m.start) or any(h.kind in MOVE_KINDS and m.end <= h.start < when.start
                                                 for h in s.hits)
                or any(h.kind in ("pronouns", "role_nouns") and m.end <= h.start < when.start for h in s.hits)
                or traveller.intersection(_names_in(text, m.end, when.start, spans, persons))):
            when = None
    cue = governing.phrase if governing is not None else (prep or "sentence")
    return Event(mention=m, status=status, cue=cue, date=when,
                 evidence=Evidence(doc.id, s.a, s.b, text[s.a:s.b], doc.title, doc.url),
                 role_hint=role, published=ref_day, order=order, sort_date=sort_date)


def _turned_to_another(text: str, s: _Sentence, clause_a: int, m: Mention, traveller, own_roles, spans,
                       persons) -> bool:
    """In a sentence a contrast word turns ("The foreign secretary, meanwhile, flew to Tokyo",
    "Unterdessen flog Außenministerin Baerbock nach Paris", "His foreign minister … separately"):
    before the place (a verb-second subject follows its verb) stands a title the traveller does not
    bear, or a named person in a report whose traveller goes unnamed, and not the traveller's name."""
    # (a contrast inside the clause turns it there when a title or name follows it: "وصل الرئيس إلى
    # باريس، بينما يشارك رئيس الوزراء في ..."; not "The foreign secretary, meanwhile, flew to Tokyo")
    turn = max([h.end for h in s.hits if h.kind == "contrast" and clause_a < h.start < m.start], default=None)
    if turn is not None and (any(h.kind == "role_nouns" and turn <= h.start < m.start for h in s.hits)
                             or _names_at(text, turn, m.start, spans, persons)):
        clause_a = turn
    named = [n for n, _ in _names_at(text, clause_a, m.start, spans, persons)]
    if traveller.intersection(named):
        return False
    roles = [h.phrase for h in s.hits if h.kind == "role_nouns" and clause_a <= h.start < m.start]
    if not named and not roles:
        # a name of two or more capitalised words that is no place, where no title tells who it is
        # ("Szijjártó Péter ugyanekkor Tokióban tárgyal", Szijjártó meanwhile holds talks in Tokyo)
        named = [r.group(0) for r in _NAME_RUN.finditer(text, clause_a, m.start)
                 if len(r.group(0).split()) >= 2 and not covers(spans, r.start())
                 and not traveller.intersection(r.group(0).split())]
    return bool(named and not traveller.intersection(named)) or bool(
        roles and own_roles and not own_roles.intersection(roles))


def _governing_move(m: Mention, s: _Sentence, vocab) -> languages.Hit | None:
    """The nearest movement word before the place in its clause; else the first one after it (a
    word order where the verb follows, or "di X sebelum keberangkatannya"). A clause opener
    ("which", "while", "sementara") between the word and the place cuts it off."""
    openers = [h.start for h in s.hits if h.kind == "clause_openers"]
    holding = [h for h in s.moves if h.start <= m.start and m.end <= h.end]
    if holding:
        return holding[0]  # the word holds the place: "귀국", "帰国", "hazatér", "về nước"
    before = [h for h in s.moves if h.end <= m.start and not any(h.end <= o < m.start for o in openers)]
    after = [h for h in s.moves if h.start >= m.end and not any(m.end <= o < h.start for o in openers)]
    if vocab.word_order == "sov" and after:
        return after[0]  # the verb follows its place ("ハノイを離れ", "Moskova'ya gitti")
    if before:
        return before[-1]
    return after[0] if after else None


def _joined_between(text: str, s: _Sentence, a: int, b: int) -> bool:
    """A comma or a conjunction of the language stands in text[a:b] (a new clause or subject may start)."""
    return bool(_JOINT.search(text, a, b)) or any(
        h.kind == "conjunctions" and a <= h.start < b for h in s.hits)


def _own_leg(text: str, s: _Sentence, area: Mention, points: list[Mention], vocab,
             earlier: frozenset[int] | set[int] = frozenset()) -> bool:
    """A country (or a region, joined on by a conjunction) told in the sentence of point stops is a
    leg of its own: its movement word is none of the points', no point lies inside it, no "after"
    tells it as an earlier leg in passing, and a meeting word names it only with a preposition
    ("a summit in Lithuania", not "to meet US officials")."""
    if area.start in earlier and not any(_holds(area.place, q.place) for q in points):
        return True  # "Maputo, the last stop after Kenya and Tanzania": each an earlier leg
    leg = _governing_move(area, s, vocab)
    if leg is None or leg.start > area.start:
        return False
    if any(_holds(area.place, q.place) for q in points):
        return False
    same = [q for q in points if _governing_move(q, s, vocab) == leg]
    if same and not any(h.kind == "conjunctions" and area.end <= h.start < q.start for q in same for h in s.hits):
        return False  # one move to the point, the country its setting; but "will fly to Kuwait and then on to Doha"
    if any(h.kind == "prior" and h.end <= area.start and area.start - h.end <= 60 for h in s.hits):
        return False
    if leg.kind == "meet" and not _preposition_before(text, area, s):
        return False
    return area.place.feature == "country" or any(
        h.kind == "conjunctions" and q.end <= h.start < leg.start for q in points for h in s.hits)


def _own_clause(text: str, s: _Sentence, pos: int) -> int:
    """Where the clause holding `pos` starts: after clause punctuation or a clause opener."""
    start = _clause_start(text, s.a, pos)
    for h in s.hits:
        if h.kind == "clause_openers" and start <= h.start < pos:
            start = h.start
    return start


def _clause_end(text: str, s: _Sentence, pos: int) -> int:
    mt = _CLAUSE_PUNCT.search(text, pos, s.b)
    end = mt.start() if mt else s.b
    for h in s.hits:
        if h.kind == "clause_openers" and pos <= h.start < end:
            return h.start
    return end


def _not_a_place_here(text: str, m: Mention, persons: set[str], vocab) -> bool:
    """The words of the mention are a person's name ("Modi", "Abdul-Aziz"), only titles and role
    nouns ("King and Queen"), or one part of a hyphenated compound ("Asia-Pacific",
    "Elmendorf-Richardson")."""
    words = _TOKEN.findall(m.name)
    if words and all(w in persons or _POSSESSIVE.sub("", w) in persons for w in words):
        return True
    roles = [h for h in vocab.hits(m.name, 0, len(m.name)) if h.kind in ("role_nouns", "pronouns", "conjunctions")]
    covered = sum(len(_TOKEN.findall(m.name[h.start:h.end])) for h in roles)
    if words and covered >= len(words) - sum(1 for w in words if w.lower() in PERSON_TITLES) and \
            all(w.lower() in PERSON_TITLES or any(h.start <= m.name.find(w) < h.end for h in roles) for w in words):
        return True
    before, after = text[max(0, m.start - 2):m.start], text[m.end:m.end + 2]
    return bool(re.fullmatch(r"[^\W\d_][-‐]", before) or re.fullmatch(r"[-‐][^\W\d_]", after))


def _in_attribution(text, m: Mention, s: _Sentence, persons, traveller, spans, verb_final: bool = False) -> bool:
    """The place describes a quoted speaker ("..., kata John Smith, pengamat di sebuah lembaga
    yang berbasis di Washington"; "said Jane Doe, a professor at X University in Seoul"): a speech
    verb, then a name that is not the traveller's, then the place."""
    if verb_final:
        # "...도착했다고 도쿄 주재 한국대사관이 밝혔다": the speaker stands before the speech verb, after the report
        for h in s.hits:
            if h.kind == "speech" and h.start >= m.end and h.start - m.end <= 40 and not any(
                    x.kind in MOVE_KINDS + ("pronouns", "role_nouns") and m.end <= x.start < h.start for x in s.hits):
                return True
    for h in s.hits:
        if h.kind == "speech" and h.end <= m.start and m.start - h.end <= 160:
            if any(x.kind in MOVE_KINDS and h.end <= x.start < m.start for x in s.hits):
                continue  # the speaker reports a move: "..., menyebutkan, Presiden Jokowi akan berkunjung ke X"
            gap = text[h.end:m.start]
            run = re.match(rf"[\s,]*(?:[^\W\d_]+[ \t]+){{0,2}}?((?:[{_UPPER}][\w’'.-]*[ \t]+){{1,6}}[{_UPPER}][\w’'.-]*)", gap)
            if run and not traveller.intersection(run.group(1).split()) and not covers(
                    spans, h.end + run.start(1)):
                return True
            # "..., meldde de woordvoerder van de Poolse ambassade in Den Haag": after the speech verb,
            # with no move and no word for the traveller between, the place is the speaker's
            if re.search(r"[;:.!?]", gap) or m.start - h.end > 100:
                continue
            between = [x for x in s.hits if h.end <= x.start < m.start]
            if any(x.kind in MOVE_KINDS + ("pronouns", "role_nouns", "expectation", "conjunctions", "prior")
                   for x in between):
                continue  # (a new clause: "..., officials said, before continuing to Riyadh")
            if traveller.intersection(_names_in(text, h.end, m.start, spans, persons)):
                continue
            if "," in gap and any(x.kind in MOVE_KINDS and m.end <= x.start < _clause_end(text, s, m.end)
                                  for x in s.hits):
                continue  # a new clause after the attribution, its verb after the place: "Как сообщили в
                # МИД, в Москву министр вернется в пятницу" (to Moscow the minister returns on Friday)
            if len(_TOKEN.findall(gap)) >= 3:
                return True
    return False


def _after_near(text: str, m: Mention, hits, vocab) -> bool:
    """A proximity word right before the place (right after it, in a verb-final language)."""
    if vocab.word_order == "sov":
        return any(h.kind == "near" and 0 <= h.start - m.end <= 3 for h in hits)
    return any(h.kind == "near" and 0 <= m.start - h.end <= 5 for h in hits)


def _after_marker(text: str, m: Mention, s: _Sentence, kind: str, reach: int, v2: bool = False) -> bool:
    """A marker of `kind` stands before the place in its phrase (no clause punctuation, no movement
    word after the marker: "flights to cities such as A, B and C", "according to a statement
    received in X"); for "examples", commas of the list do not end the phrase."""
    for h in s.hits:
        if h.kind == kind and h.end <= m.start and m.start - h.end <= reach:
            gap = text[h.end:m.start]
            if re.search(r"[;:.!?()。；：！？（）]", gap) or (kind != "examples" and re.search(r"[,，、]", gap)):
                continue
            if kind == "examples" and any(x.kind in MOVE_KINDS and h.end <= x.start < m.start for x in s.hits):
                continue
            if v2 and kind == "attribution" and any(x.kind in MOVE_KINDS and h.end <= x.start < m.start for x in s.hits):
                continue  # the clause's own verb or subject follows the source: "Volgens een woordvoerder in
                # Den Haag keert de premier donderdag terug naar Nederland" (V2: the verb ends the fronted phrase)
            if kind == "attribution" and any(x.kind in ("pronouns", "role_nouns") and h.end <= x.start < m.start
                                             and any(y.kind in MOVE_KINDS and x.end <= y.start < m.start
                                                     for y in s.hits) for x in s.hits):
                continue  # a subject and its verb follow the source: "Według zapowiedzi Kancelarii Prezydenta
                # w środę prezydent odwiedzi Chicago" (according to ..., on Wednesday the president visits Chicago)
            return True
    return False


def _names_directly(text: str, m: Mention, s: _Sentence) -> bool:
    """The word right before the area is a preposition, a movement word, a word opening a list
    ("namely"), a short article, a comma, colon or conjunction of a list, or a capitalised part of
    its name ("Republik Persatuan")."""
    prev = [h for h in s.hits if h.end <= m.start and m.start - h.end <= 3]
    if prev and prev[-1].kind in MOVE_KINDS + PREPOSITION_KINDS + ("prior", "namely"):
        return True
    if any(h.kind in MOVE_KINDS and h.start <= m.start and m.end <= h.end for h in s.hits):
        return True  # the movement word holds it: "回国" (return to one's country)
    w = re.search(r"(\S+)\s*$", text[s.a:m.start])
    if w is None:
        return True
    word = w.group(1)
    return word.endswith((",", ":")) or len(word) <= 3 or word[:1].isupper()


def _traveller_in(text, s: _Sentence, a: int, b: int, traveller, spans, persons) -> bool:
    """Whether the traveller (by name, pronoun or role noun) is in text[a:b] of the sentence, or
    the clause has no named subject at all and the sentence names the traveller."""
    if any(h.kind in ("pronouns", "role_nouns") and a <= h.start < b for h in s.hits):
        return True
    names = _names_in(text, a, b, spans, persons)
    if names:
        return bool(traveller.intersection(names))
    return bool(traveller.intersection(_names_in(text, s.a, s.b, spans, persons))) or not traveller


def _preposition_before(text: str, m: Mention, s: _Sentence, postpositional: bool = False,
                        codes: tuple[str, ...] = ()) -> str:
    """The kind of the preposition right before the place (a feature word or article may stand
    between: "ke kota Bandung", "to the port of Aqaba"), or of the postposition right after it in a
    verb-final language ("ハノイを離れ", "Moskova'ya"): from | to | at | via | ""."""
    for h in ([] if postpositional else reversed([x for x in s.hits if x.end <= m.start])):
        if m.start - h.end > 18:
            break
        if h.kind in ("from", "to", "at", "via"):
            gap = text[h.end:m.start]
            if not re.search(r"[,;:.()]", gap) and len(_TOKEN.findall(gap)) <= 2:
                return h.kind
        break
    # postpositions and case suffixes written after the name (Korean, Japanese, Turkish)
    for h in [x for x in s.hits if x.start >= m.end]:
        if h.start - m.end <= 2 and h.kind in ("from", "to", "at", "via"):
            return h.kind
        break
    # a case suffix after an apostrophe ("Berlin'deydi", was in Berlin; "Ankara'dan"): [events] *_suffixes
    suffix = _APOSTROPHE_SUFFIX.match(text, m.end)
    if suffix and codes:
        word = suffix.group(1).casefold()
        for kind in ("at", "from", "to"):
            if word in _case_suffixes(codes, kind):
                return kind
    # a case ending written onto the name itself ("Oszakában", in Osaka; "Kijevből", from Kyiv)
    if codes and _case_ended(m, codes):
        last = m.name.split()[-1].casefold()
        ends = [(len(e), kind) for kind in ("at", "from", "to") for e in _case_suffixes(codes, kind)
                if last.endswith(e) and len(last) > len(e) + 1]
        if ends:
            return max(ends)[1]
    return ""


def _listed_preposition(text: str, m: Mention, s: _Sentence, in_sentence, postpositional: bool,
                        codes: tuple[str, ...]) -> str:
    """The preposition of the list the place closes or continues ("in Oslo und Bergen", "à Lyon, Nice
    et Toulon"): the first place's, when only commas and "and" words stand between the places."""
    if postpositional:
        return ""
    cur = m
    for x in reversed([x for x in in_sentence if x.end <= m.start]):
        gap = text[x.end:cur.start]
        joined = any(h.kind == "conjunctions" and x.end <= h.start and h.end <= cur.start for h in s.hits)
        commas_only = "," in gap and not re.sub(r"[\s,，、،]", "", gap)
        if re.search(r"[;:.()]", gap) or len(gap) > 12 or not (joined or commas_only):
            return ""
        prep = _preposition_before(text, x, s, postpositional, codes)
        if prep:
            return prep
        cur = x
    return ""


_APOSTROPHE_SUFFIX = re.compile(r"['’]([^\W\d_]+)")


@lru_cache(maxsize=None)
def _case_suffixes(codes: tuple[str, ...], kind: str) -> frozenset[str]:
    return frozenset(w.casefold() for c in codes for w in languages.get(c).words("events", f"{kind}_suffixes"))


@lru_cache(maxsize=None)
def _name_endings(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The case endings the packs write onto place names ([mentions] name_endings, "ában=a" -> "ában")."""
    return tuple(sorted({e.split("=")[0].casefold() for c in codes for e in languages.get(c).words(
        "mentions", "name_endings") if e.split("=")[0]}, key=len, reverse=True))


def _case_ended(m: Mention, codes: tuple[str, ...]) -> bool:
    """The mention is written with one of its language's case endings ("Oszakában", "Kijevbe"): its
    surface is not the place's own name and ends in such an ending."""
    endings = _name_endings(codes)
    if not endings or fold(m.name) == fold(m.place.name):
        return False
    last = m.name.split()[-1].casefold() if m.name.split() else ""
    return any(last.endswith(e) and len(last) > len(e) + 1 for e in endings)


def _modifier(text: str, m: Mention, s: _Sentence, vocab) -> bool:
    """The place names a government or qualifies a noun, not a location: "Moscow said", "Beijing's
    position", "Russia-China relations", "the Indonesian embassy", "Presiden Rusia"."""
    after = [h for h in s.hits if h.start >= m.end and h.start - m.end <= 22]
    gap_ok = lambda h: not re.search(r"[,;:.()，。；：、（）]", text[m.end:h.start])  # noqa: E731
    if any(h.kind == "speech" and gap_ok(h) and len(_TOKEN.findall(text, m.end, h.start)) <= 2 for h in after[:2]):
        return True  # "Moscow said", "Москва пока не комментирует" (Moscow has not yet commented)
    if any(h.kind == "institutions" and gap_ok(h) and h.start - m.end <= 4 for h in after[:1]):
        return True
    if vocab.word_order != "sov" and re.match(r",[ \t]", text[m.end:m.end + 2]) and not text[s.a:m.start].strip(
            " \t\n\"'“‘«„("):
        # the subject of the sentence, an aside between commas, then its verb: "Taipei, where the firm plans
        # a new headquarters, has welcomed the tour", "Moscow, for its part, said ..."
        close = text.find(",", m.end + 2, min(s.b, m.end + 160))
        verb = next((h for h in s.hits if h.start > close), None) if close > 0 else None
        if verb is not None and verb.kind in ("speech", "subject_verbs") and not text[close + 1:verb.start].strip():
            return True
    before = [h for h in s.hits if h.end <= m.start and m.start - h.end <= 2]
    if before and before[-1].kind == "speech" and not text[before[-1].end:m.start].strip():
        return True  # the speaker after its verb: "« … », a déclaré Moscou", "وقالت طهران"
    if any(h.kind == "institutions" for h in before):
        return True
    with_ = [h for h in s.hits if h.kind == "comitative" and h.end <= m.start and m.start - h.end <= 60]
    if with_ and _names_listed(text, with_[-1].end, m.start, vocab):
        # "eng mit Washington abgestimmt", "talks with Beijing and Tokyo": a partner, its government
        return True
    near = [h for h in s.hits if h.end <= m.start and m.start - h.end <= 40]
    if near and near[-1].kind in ("at", "to") and m.start - near[-1].end <= 3 and any(
            h.kind == "speech" and len(_TOKEN.findall(text, h.end, near[-1].start)) <= 3
            and not re.search(r"[,;:.]", text[h.end:m.start])
            and not any(x.kind in MOVE_KINDS and 0 <= x.start - h.end <= 1 for x in s.hits)  # "state visit"
            and not any(x.kind in ("pronouns", "role_nouns") and h.end <= x.start < near[-1].start for x in s.hits)
            for h in near[:-1]):  # but "ucap Presiden di Jakarta": the traveller speaking where he is
        return True  # "kata juru bicara di Jakarta", "сообщили в Москве": where the news came from
    suffix_rx = vocab.patterns("modifier_suffixes")
    if suffix_rx and suffix_rx.match(text[m.end:m.end + 12]) and not _preposition_before(text, m, s):
        return True  # "Beijing's position", "Bağdat'taki gelişmeler"
    if re.match(r"\s?[-–]\s?[^\W\d_]", text[m.end:m.end + 3]) and any(
            h.kind == "institutions" and h.start - m.end <= 30 for h in after):
        return True  # "Russia-China relations"
    prev = re.search(r"([^\W\d_][\w.]*)\s+$", text[max(s.a, m.start - 30):m.start])
    if prev and prev.group(1).lower().rstrip(".") in PERSON_TITLES:
        return True  # "Presiden Rusia", "Mayor of London": part of a person's title
    before_all = [h for h in s.hits if h.end <= m.start]
    role = before_all[-1] if before_all and m.start - before_all[-1].end <= 6 else None
    link = re.fullmatch(r"\s+(?:([^\W\d_]{1,3})\s+)?", text[role.end:m.start]) if role is not None else None
    if link and role.kind == "role_nouns" and (not link.group(1) or link.group(1).islower()) and not _case_ended(
            m, vocab.codes):
        # (a name with a case ending of place is no title: "a miniszter São Paulóba utazott")
        return True  # "the Prime Minister of India", "Presiden Rusia": a title, not a location
    if any(h.kind == "subject_verbs" and h.start - m.end <= 2 for h in after[:1]) \
            and not _preposition_before(text, m, s) and not (before_all and before_all[-1].kind in MOVE_KINDS
                                                             and m.start - before_all[-1].end <= 3):
        return True  # "as Washington is strengthening its presence": the place is a clause's subject
    return False


def _names_listed(text: str, a: int, b: int, vocab) -> bool:
    """Only capitalised names, commas and the pack's conjunctions stand in text[a:b]: b is the head
    of a list opened at a, or a name listed after it."""
    conj = _conjunction_words(vocab.codes)
    return all(w[:1].isupper() or w.casefold() in conj for w in text[a:b].replace(",", " ").split())


def _background(text: str, s: _Sentence, m: Mention, before, ref_day: date | None) -> bool:
    """An earlier trip told as background: a background marker before the place in its sentence,
    or a past year with no date of its own there ("visited Moscow in 2019")."""
    for h in before:
        if h.kind == "background":
            # not from an aside between commas ("Reyes, who was in Paris last year, will fly to X")
            if text.rfind(",", s.a, h.start) >= 0 and text.find(",", h.end, m.start) >= 0:
                continue
            return True
    if ref_day is None:
        return False
    # the year must be in the place's own comma-delimited phrase: "Ortiz, who toured Cairo in 2019, will
    # fly on to Kigali" dates Cairo, not Kigali
    for y in _YEAR.finditer(text, s.a, s.b):
        year = int(y.group(1))
        if year >= ref_day.year or abs(y.start() - m.start) > 80:
            continue
        lo, hi = sorted((y.start(), m.start))
        if y.start() > m.end and _COMMA.search(text, m.end, y.start()):
            continue  # an aside about the place after it: "viajará a Chiclayo, la diócesis que gobernó entre 2015 y 2023"
        if "," in text[lo:hi]:
            # the year is in another comma-delimited phrase: an aside that moves on its own
            a = text.rfind(",", s.a, y.start()) + 1 or s.a
            b = text.find(",", y.end(), s.b)
            b = s.b if b < 0 else b
            if any(h.kind in MOVE_KINDS + ("background",) and a <= h.start < b for h in s.hits):
                continue  # (or is background of its own: "Starmer, who last visited Kenya in 2019, ...")
        return True
    return False


def _city_state(place) -> bool:
    from .geodesy import is_city_state

    return place.feature == "country" and is_city_state(place.country)


def _date_for(m: Mention, day_dates, all_dates, context: DateRef | None, ref: DateRef | None, status: str,
              next_place: int | None = None, moves_after=(), verb_final: bool = False,
              since: frozenset = frozenset(), text: str = "", hits=()) -> DateRef | None:
    """The date of an event: a date of its own clause (after the name and before the next place,
    "tiba di Lima pada Rabu (13/11)"), else the nearest in its sentence, else the date of the last
    dated move before it, else (the last resort) the report's own date, marked as such."""
    # its own clause: after the name, before the next place and before another movement word
    # ("visited Mombasa, and on 12 March she left for Addis Ababa": 12 March is the leaving's)
    limit = min([next_place if next_place is not None else 1 << 60, *moves_after])
    own = [d for d in day_dates if m.end <= d.start < limit and d.start not in since]
    where = next((h for h in hits if h.kind == "where" and m.end <= h.start
                  and re.fullmatch(r"\s*,?\s*", text[m.end:h.start])), None)
    if where is not None:
        # a clause about the place ("from Tianjin, where the day before he attended the summit"): its date
        # is the place's, whatever moves the clause tells
        end = _CLAUSE_END_RX.search(text, where.end)
        mine = [d for d in day_dates if where.end <= d.start < (end.start() if end else len(text))
                and d.start not in since]
        if mine:
            return mine[0]
    if verb_final:
        # the time adverb stands before its place ("Egy nappal később Szarajevóba utazott")
        earlier = [d for d in day_dates if d.end <= m.start]
        if earlier:
            return earlier[-1]
    if own:
        return own[0]
    after = [d for d in day_dates if d.start >= m.end and d.start not in since]
    if next_place is not None:
        # a date in a clause of its own, with its own verb, after the next place is that place's ("flew
        # from A to reach B, where he will meet the president on June 12" does not date A; "landed at A,
        # Tangerang, Banten, on Sunday" does)
        def own_clause_after(d: DateRef) -> bool:
            joint = _JOINT.search(text, next_place, d.start)
            return joint is not None and any(joint.start() < h.start < d.start and h.kind in _VERBISH for h in hits)
        after = [d for d in after if d.start < next_place or not own_clause_after(d)]
    if moves_after:
        # "the next day" after the joint of a new leg counts from this place's day: it is that leg's
        # ("visited Tirana and the next day Podgorica", "Budapesten találkozik, másnap Pannonhalmára
        # utazik"); the place falls back to the story's clock
        joint = min(moves_after)
        nxt = [d for d in day_dates if d.start >= joint and dates_mod.counts_from_narrative(d)]
        after = [d for d in after if d not in nxt]
        day_dates = [d for d in day_dates if d not in nxt]
        all_dates = [d for d in all_dates if d not in nxt]
    if day_dates:
        # a date before the place governs it ("On 1 March he arrived in London, then ..."); else the nearest after
        earlier = [d for d in day_dates if d.end <= m.start]
        if earlier or after:
            return earlier[-1] if earlier else min(after, key=lambda d: (abs(d.start - m.start), d.start))
    if all_dates:
        return None  # a sentence dated only by a month or year does not borrow a day
    if context is not None and not (status == "expected" and ref and ref.value and context.value
                                    and context.value <= ref.value):
        # (an announced stop does not take the date of a move already made)
        return replace(context, basis="context", note=f"date of the last dated move before it (\"{context.text}\")")
    if ref and ref.value:
        return DateRef(m.start, m.start, "", ref.value, basis="report",
                       note="announced with no date: the report's date is used (it happens then or later)"
                       if status == "expected" else "no date in the text; the report's date is used")
    return None


_CLAUSE_END_RX = re.compile(r"[;.!?。；！？]|,\s")


def _drop_background(events: list[Event]) -> list[Event]:
    """Events dated far from the report's other dated events (an earlier trip told as background)
    are dropped; the report's own date plays no part, so a retrospective keeps its dates."""
    dated = sorted(e.date.value for e in events if e.date and e.date.value and e.date.basis != "report")
    if len(dated) < 2:
        return events
    median = dated[len(dated) // 2]
    return [e for e in events if not (e.date and e.date.value and abs((e.date.value - median).days) > BACKGROUND_DAYS)]


STRAY_POPULATION = 50_000  # a town smaller than this, far from the story, is more likely a namesake
STRAY_KM = 1500.0


def _drop_strays(events: list[Event], mentions: Sequence[Mention]) -> list[Event]:
    """A small town in a country the report never otherwise names, far from every other place the
    traveller goes in it, is a namesake the words happened to match ("Jesuitas" the plural noun
    read as a Brazilian town in a report from Lisbon), not a stop. A report with no other stop
    keeps it."""
    points = [e for e in events if not e.mention.place.is_area]
    out = []
    for e in events:
        p = e.mention.place
        if not p.is_area and not p.curated and p.population < STRAY_POPULATION and p.country \
                and not _is_capital(p):  # (a country's capital is no namesake: "arrived in Nuuk")
            named = any(x.place.country == p.country and x.name != e.mention.name for x in mentions)
            # (against places that are no strays themselves: two small towns far apart do not
            # discount each other)
            others = [x.mention.place for x in points if x.mention.place.country != p.country
                      and (x.mention.place.curated or x.mention.place.population >= STRAY_POPULATION)]
            if not named and others and all(
                    geodesic_km(p.lat, p.lon, q.lat, q.lon) > STRAY_KM for q in others):
                _drop(e.mention, "a small namesake far from the story")
                continue
        if not p.is_area and _ends_with_a_nearer_name(e.mention, mentions):
            _drop(e.mention, "a dedication or title ending in a place of the story")
            continue
        out.append(e)
    return out


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    from .gazetteer import capital_names

    return {cc: name_key(tokenize_name(name)) for cc, name in capital_names().items()}


def _is_capital(p) -> bool:
    # (by words: "Mata-Utu" is "Mata Utu")
    return _capitals().get(p.country) == name_key(tokenize_name(p.name))


def _ends_with_a_nearer_name(m: Mention, mentions: Sequence[Mention]) -> bool:
    """The name ends with the name of another place the report mentions, and the longer name's own
    reading lies far (STRAY_KM) from that place: "(santuário de) Nossa Senhora de Fátima" (Our Lady of
    Fátima, a dedication, read as a parish of Macau) beside "Fátima". The shorter name is the place."""
    name = m.name.casefold()
    for x in mentions:
        short = x.name.casefold()
        if x is not m and len(short) < len(name) and name.endswith(" " + short) and \
                geodesic_km(m.place.lat, m.place.lon, x.place.lat, x.place.lon) > STRAY_KM:
            return True
    return False


_FIRM = ("explicit", "partial", "weekday", "relative")
_FUNCTION_KINDS = ("prior", "conjunctions", "expectation", "background", "attribution", "contrast", "negation",
                   "clause_openers", "since", "from", "to", "at", "via")
_VERBISH = MOVE_KINDS + ("expectation", "speech", "clause_openers")  # words that make a clause of their own


def _one_day_each(found: list[Event]) -> list[Event]:
    """A run of days told for as many places, in one sentence, gives one day to each place in the
    order told: "a tour of Kuwait, Qatar and Oman on 21-23 October" is Kuwait on the 21st, Qatar on
    the 22nd, Oman on the 23rd. Only when the counts agree; a range over fewer or more places is a
    stay and keeps its first day."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, e in enumerate(found):
        d = e.date
        if d is not None and d.value and d.value_end and d.precision == "day" and d.basis in _FIRM:
            groups.setdefault((d.start, d.end), []).append(i)
    out = list(found)
    for idx in groups.values():
        d = found[idx[0]].date
        days = (d.value_end - d.value).days + 1
        places = {found[i].mention.place.id for i in idx}
        if days < 2 or len(idx) != days or len(places) != days:
            continue
        for k, i in enumerate(sorted(idx, key=lambda i: found[i].mention.start)):
            day = d.value + timedelta(days=k)
            out[i] = replace(found[i], date=replace(d, value=day, value_end=None, note=(
                f"day {k + 1} of \"{d.text}\": {days} days told for {days} places, one each in the order told")))
    return out


def _drop_areas_with_points(events: list[Event]) -> list[Event]:
    """A country (or region) is a stop only where the report names no point stop inside it. The
    point takes the area's date when its own is only carried over or the report's ("a tour of Kuwait,
    Qatar and Oman on 21-23 October ... In Doha he will meet the emir": Doha on the 22nd)."""
    points = [(i, e) for i, e in enumerate(events) if not e.mention.place.is_area]
    out = list(events)
    drop = set()
    for j, e in enumerate(events):
        p = e.mention.place
        if not (p.is_area and not _city_state(p)):
            continue
        inside = [(i, x) for i, x in points if _holds(p, x.mention.place)]
        if e.role_hint == "return":
            # the way home told by the country ("귀국", "returned home") is its own leg: a point of the
            # country told only as the start of the trip (the airport left from) does not stand for it
            inside = [(i, x) for i, x in inside if i > j or x.role_hint == "return"]
        if not inside:
            continue
        drop.add(j)
        if e.date is not None and e.date.basis in _FIRM and e.date.value and all(
                x.date is None or x.date.basis not in _FIRM for _, x in inside) and len(
                {x.mention.place.id for _, x in inside}) == 1:
            for i, x in inside:
                out[i] = replace(out[i], date=replace(e.date, note=(
                    f"date of {e.mention.name} (\"{e.date.text}\"), the country or region it lies in")))
    return [e for j, e in enumerate(out) if j not in drop]


def _holds(area, point) -> bool:
    """The point place lies in the country, or in the region (same country, within 300 km)."""
    return point.country == area.country and (area.feature == "country" or _near(area, point))


def _near(area, point, km: float = 300.0) -> bool:
    from .geodesy import geodesic_km

    return geodesic_km(area.lat, area.lon, point.lat, point.lon) <= km


_MEETING_KINDS = ("meet",)


def is_meeting(evidence_text: str, language: str | None = None) -> bool:
    """Whether a sentence tells of a meeting or event held at a place (the pack's `meet` words)."""
    code = language or languages.document_language(None, evidence_text) or "en"  # cached per text
    return any(h.kind == "meet" for h in vocabulary(code).hits(evidence_text, 0, len(evidence_text)))
