"""Which place mentions are the traveller's moves and visits, with their status and date.

A mention becomes an Event when a movement or visit cue governs it ("tiba di X", "left X",
"kembali ke X", "held talks in X"), the cue's subject is the traveller (or a pronoun for them, or
no one), and the sentence is not a dateline, byline, sidebar or "related articles" line. The
status comes from the words around the cue: announced or predicted moves are `expected`, passing
through is `passed`, negated moves are dropped. Cue words live in per-language tables below.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Sequence

from . import dates as dates_mod
from .mentions import PERSON_TITLES, WORD
from .model import DateRef, Document, Event, Evidence, Mention
from .text import line_at, sentences

# cue -> (kind, role hint). kind: visit | arrive | depart | pass | return | meet
CUES: dict[str, dict[str, tuple[str, str]]] = {
    "id": {
        "tiba di": ("arrive", ""), "tiba ke": ("arrive", ""), "sampai di": ("arrive", ""), "mendarat di": ("arrive", ""),
        "tiba": ("arrive", ""), "mendarat": ("arrive", ""), "sampai ke": ("arrive", ""),
        "berangkat dari": ("depart", "origin"), "berangkat ke": ("arrive", ""), "berangkat menuju": ("arrive", ""),
        "berangkat": ("depart", ""), "bertolak dari": ("depart", "origin"), "bertolak ke": ("arrive", ""),
        "bertolak menuju": ("arrive", ""), "meninggalkan": ("depart", "origin"), "menuju": ("arrive", ""),
        "mengunjungi": ("visit", ""), "berkunjung ke": ("visit", ""), "kunjungan ke": ("visit", ""),
        "kunjungan di": ("visit", ""), "lawatan ke": ("visit", ""), "melawat ke": ("visit", ""),
        "meninjau": ("visit", ""), "bertemu di": ("meet", ""), "pertemuan di": ("meet", ""),
        "berada di": ("visit", ""), "kembali ke": ("return", "return"), "pulang ke": ("return", "return"),
        "kembali dari": ("depart", ""), "melintasi": ("pass", ""), "melewati": ("pass", ""), "transit di": ("pass", ""),
        "singgah di": ("visit", ""), "menginap di": ("visit", ""), "bermalam di": ("visit", ""),
        "terbang ke": ("arrive", ""), "terbang dari": ("depart", "origin"), "bergerak dari": ("depart", ""),
        "bergerak ke": ("arrive", ""), "bertandang ke": ("visit", ""), "menyambangi": ("visit", ""),
        "menghadiri": ("visit", ""), "dijamu di": ("visit", ""), "disambut di": ("arrive", ""),
        "upacara di": ("visit", ""), "upacara perpisahan di": ("depart", ""), "pembicaraan di": ("meet", ""),
        "perundingan di": ("meet", ""), "ktt di": ("meet", ""), "menempuh perjalanan ke": ("arrive", ""),
        "perjalanan ke": ("arrive", ""), "perjalanan menuju": ("arrive", ""), "keberangkatan": ("depart", "origin"),
        "keberangkatannya ke": ("arrive", ""), "keberangkatan ke": ("arrive", ""), "keberangkatan dari": ("depart", "origin"),
        "dari stasiun": ("depart", "origin"), "diterima di": ("arrive", ""), "makan malam di": ("meet", ""),
        "jamuan makan malam di": ("meet", ""), "lepas landas dari": ("depart", "origin"), "menaiki kereta di": ("depart", ""), "diadakan di": ("meet", ""),
        "digelar di": ("meet", ""), "berlangsung di": ("meet", ""), "dilangsungkan di": ("meet", ""),
    },
    "en": {
        "arrived in": ("arrive", ""), "arrived at": ("arrive", ""), "arrives in": ("arrive", ""),
        "arrives at": ("arrive", ""), "arriving in": ("arrive", ""), "arriving at": ("arrive", ""),
        "arrival in": ("arrive", ""), "arrival at": ("arrive", ""), "landed in": ("arrive", ""), "landed at": ("arrive", ""),
        "landing in": ("arrive", ""), "reached": ("arrive", ""), "touched down in": ("arrive", ""),
        "left": ("depart", "origin"), "leaves": ("depart", "origin"), "leaving": ("depart", "origin"),
        "departed": ("depart", "origin"), "departed from": ("depart", "origin"), "departs": ("depart", "origin"),
        "departure from": ("depart", "origin"), "set off from": ("depart", "origin"), "set off for": ("arrive", ""),
        "headed to": ("arrive", ""), "heading to": ("arrive", ""), "heads to": ("arrive", ""), "head to": ("arrive", ""),
        "travelled to": ("arrive", ""), "traveled to": ("arrive", ""), "travel to": ("arrive", ""),
        "travels to": ("arrive", ""), "trip to": ("arrive", ""), "flew to": ("arrive", ""), "flew from": ("depart", "origin"),
        "flies to": ("arrive", ""), "fly to": ("arrive", ""), "went to": ("arrive", ""), "go to": ("arrive", ""),
        "visited": ("visit", ""), "visiting": ("visit", ""), "visit to": ("visit", ""), "visits": ("visit", ""),
        "visit": ("visit", ""), "toured": ("visit", ""), "tour of": ("visit", ""), "inspected": ("visit", ""),
        "met in": ("meet", ""), "met at": ("meet", ""), "meet in": ("meet", ""), "meeting in": ("meet", ""),
        "meeting at": ("meet", ""), "talks in": ("meet", ""), "talks at": ("meet", ""), "summit in": ("meet", ""),
        "held talks in": ("meet", ""), "hosted in": ("visit", ""), "welcomed in": ("arrive", ""),
        "welcomed at": ("arrive", ""), "stayed in": ("visit", ""), "stopped in": ("visit", ""), "stop in": ("visit", ""),
        "stopover in": ("pass", ""), "returned to": ("return", "return"), "return to": ("return", "return"),
        "returning to": ("return", "return"), "returned home to": ("return", "return"), "back in": ("return", "return"),
        "crossed the border at": ("pass", ""), "crossed into": ("arrive", ""), "passed through": ("pass", ""),
        "via": ("pass", ""), "transited": ("pass", ""), "transit in": ("pass", ""), "en route to": ("arrive", ""),
        "bound for": ("arrive", ""), "attended": ("visit", ""), "attend": ("visit", ""), "in": ("in", ""),
        "took off from": ("depart", "origin"), "land in": ("arrive", ""), "land at": ("arrive", ""),
        "flown to": ("arrive", ""), "flying to": ("arrive", ""), "flying back to": ("return", "return"),
        "flew back to": ("return", "return"), "headed back to": ("return", "return"), "heading home to": ("return", "return"), "flew out of": ("depart", "origin"), "touched down at": ("arrive", ""),
        "touched down": ("arrive", ""), "dinner at": ("meet", ""), "dinner in": ("meet", ""), "hosted at": ("visit", ""),
        "held in": ("meet", ""), "held at": ("meet", ""), "take place in": ("meet", ""),
        "takes place in": ("meet", ""), "took place in": ("meet", ""), "took place at": ("meet", ""),
    },
    "es": {
        "llegó a": ("arrive", ""), "llegó al": ("arrive", ""), "llega a": ("arrive", ""), "llegada a": ("arrive", ""),
        "aterrizó en": ("arrive", ""), "aterriza en": ("arrive", ""), "partió de": ("depart", "origin"),
        "salió de": ("depart", "origin"), "desde": ("depart", "origin"), "viajó a": ("arrive", ""),
        "viaja a": ("arrive", ""), "visitó": ("visit", ""), "visita a": ("visit", ""), "viaje a": ("arrive", ""),
        "regresó a": ("return", "return"), "regresa a": ("return", "return"), "se reunió en": ("meet", ""),
        "cumbre en": ("meet", ""), "rumbo a": ("arrive", ""), "hacia": ("arrive", ""), "visita de": ("visit", ""),
        "visita oficial a": ("visit", ""), "viajará a": ("arrive", ""), "llegará a": ("arrive", ""),
        "llegó": ("arrive", ""), "aterrizó": ("arrive", ""), "regresará a": ("return", "return"),
        "volverá a": ("return", "return"), "partirá hacia": ("arrive", ""),
    },
    "it": {
        "arrivato a": ("arrive", ""), "arrivato all'": ("arrive", ""), "arriva a": ("arrive", ""),
        "arrivo a": ("arrive", ""), "atterrato a": ("arrive", ""), "atterraggio a": ("arrive", ""),
        "atterrato all'": ("arrive", ""), "partito da": ("depart", "origin"), "partenza da": ("depart", "origin"),
        "decollato da": ("depart", "origin"), "lasciato": ("depart", "origin"), "ha lasciato": ("depart", "origin"),
        "visita a": ("visit", ""), "ha visitato": ("visit", ""), "visitato": ("visit", ""), "rientro a": ("return", "return"),
        "ritorno a": ("return", "return"), "rientrato a": ("return", "return"), "volo per": ("arrive", ""),
        "diretto a": ("arrive", ""), "in viaggio verso": ("arrive", ""), "congedo da": ("depart", ""),
        "decollato": ("depart", "origin"), "partito": ("depart", "origin"), "alla volta di": ("arrive", ""),
        "atterrerà": ("arrive", ""), "atterrato": ("arrive", ""), "giunto a": ("arrive", ""), "giunto in": ("arrive", ""),
        "arriverà a": ("arrive", ""), "in visita a": ("visit", ""),
    },
    "fr": {
        "arrivé à": ("arrive", ""), "arrivée à": ("arrive", ""), "est arrivé": ("arrive", ""), "a atterri à": ("arrive", ""),
        "parti de": ("depart", "origin"), "a quitté": ("depart", "origin"), "s'est rendu à": ("visit", ""),
        "s'est rendu en": ("visit", ""), "a visité": ("visit", ""), "visite à": ("visit", ""), "de retour à": ("return", "return"),
        "est rentré à": ("return", "return"), "en route pour": ("arrive", ""), "sommet de": ("meet", ""),
        "partir pour": ("arrive", ""), "part pour": ("arrive", ""), "regagner": ("return", "return"),
        "regagne": ("return", "return"), "se rendre à": ("arrive", ""), "se rendra à": ("arrive", ""),
        "atterri à": ("arrive", ""), "arrivé en": ("arrive", ""), "visite en": ("visit", ""),
    },
    "de": {
        "landete in": ("arrive", ""), "traf in": ("arrive", ""), "kam in": ("arrive", ""), "reiste nach": ("arrive", ""),
        "flog nach": ("arrive", ""), "besuchte": ("visit", ""), "besuch in": ("visit", ""), "verließ": ("depart", "origin"),
        "kehrte nach": ("return", "return"), "gipfel in": ("meet", ""),
    },
    "pt": {
        "chegou a": ("arrive", ""), "chegou ao": ("arrive", ""), "chegou em": ("arrive", ""), "desembarcou em": ("arrive", ""),
        "partiu de": ("depart", "origin"), "deixou": ("depart", "origin"), "viajou para": ("arrive", ""),
        "visitou": ("visit", ""), "visita a": ("visit", ""), "voltou a": ("return", "return"), "retornou a": ("return", "return"),
        "cúpula em": ("meet", ""),
    },
    "ru": {
        "прибыл в": ("arrive", ""), "прибыл во": ("arrive", ""), "прибыла в": ("arrive", ""), "прибыли в": ("arrive", ""),
        "прибыл на": ("arrive", ""), "прибыли на": ("arrive", ""), "приехал в": ("arrive", ""), "приземлился в": ("arrive", ""),
        "посетил": ("visit", ""), "посетила": ("visit", ""), "посетили": ("visit", ""), "визит в": ("visit", ""),
        "покинул": ("depart", "origin"), "покинула": ("depart", "origin"), "вылетел из": ("depart", "origin"),
        "выехал из": ("depart", "origin"), "отбыл из": ("depart", "origin"), "направился в": ("arrive", ""),
        "направился во": ("arrive", ""), "отправился в": ("arrive", ""), "вернулся в": ("return", "return"),
        "вернулся во": ("return", "return"), "встретился в": ("meet", ""), "переговоры в": ("meet", ""),
        "проехал через": ("pass", ""), "через": ("pass", ""),
    },
}
# Cues written after the name: "di Jakarta sebelum keberangkatannya", "Hanoi, where he arrived".
POST_CUES = re.compile(r"[\s,]{0,3}(?:sebelum\s+(?:keberangkatan\w*|bertolak|berangkat|terbang|meninggalkan)|"
                       r"before\s+(?:leaving|departing|flying|heading)|where\s+(?:he|she|they)\s+(?:arrived|landed|"
                       r"met|held|visited|stayed)|tempat\s+(?:ia|dia|beliau)\s+(?:tiba|mendarat|bertemu|menginap))", re.I)
# Words that turn a move into an announcement or a prediction (-> expected).
EXPECTED = {
    "es": r"\b(\w+(?:ará|erá|irá|arán|erán|irán)|prevé|previsto|prevista|está previsto|tiene previsto|planea|podría|"
          r"se espera)\b",
    "it": r"\b(\w+(?:erà|irà|eranno|iranno)|previsto|prevista|è atteso|atteso|programmato|dovrebbe|potrebbe)\b",
    "fr": r"\b(arrivera|partira|visitera|prévu|prévue|devrait|pourrait|doit se rendre)\b",
    "de": r"\b(wird|soll|geplant|erwartet|könnte)\b",
    "pt": r"\b(chegará|viajará|visitará|previsto|prevista|deverá|poderá)\b",
    "ru": r"(?<!\w)(прибудет|посетит|планирует|ожидается|собирается|может|должен)(?!\w)",
    "id": r"\b(akan|diperkirakan|dijadwalkan|direncanakan|berencana|rencananya|rencana|dikabarkan akan|bakal|hendak|"
          r"bersiap|siap|mungkin|kemungkinan|diharapkan|berharap)\b",
    "en": r"\b(will|would|expected|expects|is to|are to|scheduled|plans? to|planned|planning|set to|due to|"
          r"may|might|could|is likely|likely to|intends?|prepar(?:es|ing|ed) to|to travel|to visit|upcoming)\b",
}
NEGATED = {
    "es": r"\b(no|nunca|canceló|cancelado)\b", "it": r"\b(non|mai|annullato|annullata)\b",
    "fr": r"\b(ne|n'|jamais|annulé)\b", "de": r"\b(nicht|nie|abgesagt)\b", "pt": r"\b(não|nunca|cancelou)\b",
    "ru": r"(?<!\w)(не|никогда|отменил)(?!\w)",
    "id": r"\b(tidak|tak|belum|batal|membatalkan|bukan)\b",
    "en": r"\b(not|never|did ?n[o’']t|won[’']t|cancel(?:led|ed|s)?|called off|no plans?)\b",
}
PRONOUNS = frozenset("""ia dia beliau mereka keduanya rombongan delegasi he she they his her both delegation
él ella lui lei il elle er sie ele""".split())
SIDEBAR = re.compile(r"^\s*(baca juga|baca:|lihat juga|simak juga|related|read also|read more|see also|also read|"
                     r"artikel terkait|berita terkait|gabung|dapatkan|update berita|ikuti|follow us|subscribe|"
                     r"sumber\s*:|source\s*:|editor\s*:|reporter\s*:|penulis\s*:|foto\s*:|photo\s*:)", re.I)
_DATELINE = re.compile(r"^[\s\W]*(?:[A-Z][A-Za-z.]*\s*)?[A-Z][\w.’' ]{1,40}?(?:,\s*[\w.’' ]{1,40}?)?\s*[-—–]{1,2}\s")
_CLAUSE_BREAK = re.compile(r"[;:!?]|\s[-—–]\s|\b(kata|ujar|said|says|menurut|according to)\b", re.I)
# "after attending the summit in X": an earlier stop told in passing. Not "after that" / "setelah
# itu" / "Sebelumnya," used as a sentence adverb.
_PRIOR = re.compile(r"\b(?:setelah|sesudah|selepas|usai|seusai|sebelumnya|after|having|previously|earlier|"
                    r"después de|tras|dopo|après|nach)\b(?!\s*(?:,|itu\b|ini\b|that\b|this\b|which\b|dia\b|ia\b))",
                    re.I)
# A subject that is a thing, not a person: the move is the vehicle's.
_THING = re.compile(r"(?:^|(?<=[\s,;]))(?:It|it)\s+(?!is expected|was expected|will)", re.M)
# A sentence about an earlier trip ("Zelensky last visited Washington in December").
_BACKGROUND = re.compile(r"\b(?:last|previously|first) (?:visited|travell?ed to|went to|was in)\b|"
                         r"\b(?:terakhir|pertama kali) (?:kali )?(?:mengunjungi|berkunjung ke|ke)\b", re.I)
_MEETING = re.compile(r"\b(pertemuan|bertemu|pembicaraan|perundingan|ktt|konferensi|meeting|met|talks|summit)\b", re.I)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    word: str
    kind: str
    role: str


def document_language(doc: Document) -> str:
    if doc.language:
        return doc.language.split("-")[0].lower()
    return dates_mod.detect_language(doc.body)


def _cue_language(doc: Document) -> str:
    """The declared language, else "und" (every cue table): a guessed language must not hide cues."""
    return document_language(doc) if doc.language else "und"


def document_reference_date(doc: Document) -> DateRef | None:
    """The article's date: front matter, else a dateline date or the first full date in the text."""
    if doc.published:
        return DateRef(0, 0, str(doc.published), doc.published, basis="explicit", note="front matter")
    return dates_mod.document_date(doc.text, doc.body_start)


_POSSESSIVE = re.compile(r"['’]s?$")
_OBJECT_PREP = re.compile(r"\b(kepada|dengan|bersama|oleh|untuk|to|with|by|for|from|dari)\s+$", re.I)
_QUOTED = re.compile(r"[“\"«][^”\"»]{0,300}[”\"»]")


def known_persons(text: str, spans) -> set[str]:
    """Words that name people in this text: the last capitalised words after a title, up to three
    ("Presiden Korea Selatan Yoon Suk Yeol" -> Yoon, Suk, Yeol; "Menteri Pertahanan Rusia Sergei
    Shoigu" -> Sergei, Shoigu)."""
    out: set[str] = set()
    for mt in re.finditer(r"(?<![\w-])([A-Za-z]+)\s+(?=((?:[A-Z][\w’'-]*[ \t]*){1,7}))", text):
        if mt.group(1).lower() not in PERSON_TITLES:
            continue
        pos = mt.start(2)
        run = []
        for w in re.finditer(r"[A-Z][\w’'-]*", mt.group(2)):
            a = pos + w.start()
            if any(x <= a < y for x, y in spans) or w.group(0).lower() in PERSON_TITLES:
                run = []  # a place or a title: the name comes after it
                continue
            run.append(w.group(0))
        out.update(_POSSESSIVE.sub("", w) for w in run[-3:] if w.lower() not in _NOT_NAMES)
    # a word that also appears in lower case in the text is a common word ("Kepala Negara"), not a name
    return {w for w in out if not re.search(r"(?<![\w-])" + re.escape(w.lower()) + r"(?![\w-])", text)}


def find_traveller(docs_mentions: Sequence[tuple[Document, Sequence[Mention]]]) -> frozenset[str]:
    """The traveller's name words: the known person most often the subject of a movement cue across
    the articles, with the words of their full name ("Kim", "Jong", "Un") and nicknames that
    extend it ("Jokowi" beside "Joko"). Empty if no one stands out."""
    counts: Counter[str] = Counter()
    full_names: dict[str, set[str]] = {}
    for doc, mentions in docs_mentions:
        lang = _cue_language(doc)
        spans = [(m.start, m.end) for m in mentions]
        persons = known_persons(doc.text, spans)
        for run in _person_runs(doc.text, persons):
            for w in run:
                full_names.setdefault(w, set()).update(run)
        lead = True
        for a, b in _body_sentences(doc):
            for cue in _find_cues(doc.text, a, b, lang):
                if cue.kind == "in":
                    continue  # "in" is no move: it says nothing of who travels
                name = _nearest_name(doc.text, _clause_start(doc.text, a, cue.start), cue.start, spans, persons)
                if name:
                    # the first move a report tells is its traveller's (the lead: "Modi on Monday landed
                    # in Moscow"); later ones may be anybody's, background included
                    counts[name] += 3 if lead else 1
                    lead = False
        # the guest of a host verb is a traveller ("Putin hosted Xi", "menjamu Presiden Cina Xi Jinping"),
        # and so is the person whose visit or trip the text talks about ("perjalanan ... bagi Xi")
        for mt in _GUEST.finditer(doc.text):
            names = _names_in(doc.text, mt.end(), min(len(doc.text), mt.end() + 60), spans, persons)
            if names:
                counts[names[0]] += 2
    if not counts:
        return frozenset()
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    words = set(full_names.get(top, {top})) | {top}
    every = set(full_names)
    words |= {w for w in every for t in list(words) if len(t) >= 4 and w != t and w.startswith(t[:4])
              and len(w) <= len(t) + 3}
    return frozenset(words)


_GUEST = re.compile(r"\b(?:menjamu|menyambut|menerima kunjungan|hosted|hosts|hosting|welcomed|welcomes|greeted|"
                    r"(?:kunjungan|lawatan|perjalanan)(?: \w+){0,4} (?:bagi|oleh|dari)|(?:visit|trip|tour) (?:of|by))\s+",
                    re.I)


def _person_runs(text: str, persons: set[str]) -> list[tuple[str, ...]]:
    runs = []
    for mt in re.finditer(r"[A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*)*", text):
        ws = tuple(w for w in mt.group(0).split() if w in persons)
        if ws:
            runs.append(ws)
    return runs


def find_events(doc: Document, mentions: Sequence[Mention], traveller: frozenset[str] = frozenset()) -> list[Event]:
    """The traveller's moves and visits in one document, in text order."""
    text = doc.text
    lang = document_language(doc)
    # Cue words: the declared language's, else every table — a guessed language (Indonesian with
    # "Kim Jong Un" in every line reads as Italian) must not hide the real cues.
    cue_lang = _cue_language(doc)
    ref = document_reference_date(doc)
    ref_day = ref.value if ref else None
    spans = [(m.start, m.end) for m in mentions]
    sents = _body_sentences(doc)
    events: list[Event] = []
    persons = known_persons(text, spans) | set(traveller)
    prev_date: DateRef | None = None
    last_subject: str | None = None
    for a, b in sents:
        in_sentence = [m for m in mentions if a <= m.start < b]
        all_dates = [d for d in dates_mod.find_dates(text, ref_day, lang, a, b) if d.value]
        sentence_dates = [d for d in all_dates if d.precision == "day"]
        skip = _is_sidebar(text, a) or bool(_BACKGROUND.search(text, a, b))
        cues = [] if skip else _find_cues(text, a, b, cue_lang)
        found: list[Event] = []
        for m in in_sentence:
            if skip or _in_dateline(text, m):
                continue
            if m.place.feature == "country" and not _city_state(m.place.country):
                continue  # a country is a stop only when it is no bigger than a city (Singapore, Monaco)
            cue = _governing_cue(text, m, cues, spans) or _post_cue(text, m)
            if cue is None:
                continue
            if m.place.feature in ("ocean", "sea", "continent"):
                continue
            if m.place.is_area and not _directly_after(text, cue, m):
                continue  # a region is a stop only when the cue names it directly
            subjects = _names_in(text, _clause_start(text, a, cue.start), cue.start, spans, persons)
            if not subjects and _THING.search(text, _clause_start(text, a, cue.start), cue.start):
                continue  # "It initially appeared to be flying back to Beijing": a plane, not the traveller
            if not subjects and _has_pronoun(text, a, cue.start) and last_subject:
                subjects = [last_subject]
            if subjects and traveller and not traveller.intersection(subjects):
                continue  # someone else's move ("Yoon akan berangkat ke New York")
            # the words that qualify this move: its clause, outside quotations, up to the name
            start_scope = max(a, _clause_start(text, a, cue.start), cue.start - 70)
            clause = _QUOTED.sub(" ", text[start_scope:max(m.end, cue.end)])
            window_end = max(m.end, cue.end)
            if cue.word in _FROM_WORDS:
                # "Dari Tokyo, Prabowo dijadwalkan melanjutkan ke ...": the leg's verb comes after the name
                comma = re.search(r"[.;]|$", text[m.end:b])
                window_end = m.end + min(comma.start(), 120)
            # announced or not is said in the cue's own clause (from the last comma before it)
            comma = text.rfind(",", max(a, cue.start - 120), cue.start)
            window = _QUOTED.sub(" ", text[max(a, cue.start - 120, comma + 1):window_end])
            if re.search(_lang_pattern(NEGATED, cue_lang), clause, re.I):
                continue
            status = "visited"
            if re.search(_lang_pattern(EXPECTED, cue_lang), window, re.I):
                status = "expected"
            elif cue.kind == "pass":
                status = "passed"
            # a sentence with a date of its own (even a month) never borrows the previous one's
            next_place = next((x.start for x in in_sentence if x.start > m.end and not x.place.feature == "country"),
                              None)
            when = _date_for(m, sentence_dates, None if all_dates else prev_date, ref, status, text, lang,
                             next_place)
            if status != "expected" and when and when.value and ref_day and when.value > ref_day \
                    and when.basis != "report":
                status = "expected"  # dated after the report: it had not happened when it was written
            sort_date, order = None, m.start
            prior = _PRIOR.search(text, max(a, cue.start - 40), cue.start)
            if prior and not (when and when.basis not in ("context", "report") and when.start > prior.start()):
                # "after attending the summit in New Delhi": an earlier stop; a date borrowed from
                # elsewhere (or written before "after") is not its own
                sort_date = when.value if when else ref_day
                when, order = None, m.start - len(text)
            found.append(Event(
                mention=m, status=status, cue=cue.word, date=when,
                evidence=Evidence(doc.id, a, b, text[a:b], doc.title, doc.url),
                role_hint=cue.role, published=ref_day, order=order, sort_date=sort_date,
            ))
        # a region is a stop only when no point place in the same sentence is one
        if any(not e.mention.place.is_area for e in found):
            found = [e for e in found if not e.mention.place.is_area]
        if not found and events and sentence_dates and cues and not skip:
            # "Prabowo tiba pada Rabu (13/11) malam": a dated move with no place dates the last stop
            i = next((k for k in range(len(events) - 1, -1, -1) if events[k].status != "expected"), None)
            move = [c for c in cues if c.kind in ("arrive", "depart", "visit", "meet")]
            subjects = _names_in(text, a, move[0].start, spans, persons) if move else []
            last = events[i] if i is not None else None
            if last and move and (not traveller or traveller.intersection(subjects)) and last.date is not None \
                    and last.date.basis in ("report", "context") and last.evidence.end >= a - 600:
                d = sentence_dates[0]
                events[i] = replace(last, date=replace(d, note=f"date of a later sentence (\"{d.text}\")"))
        events.extend(found)
        prev_date = sentence_dates[-1] if sentence_dates else None
        names = _names_in(text, a, b, spans, persons)
        if names:
            last_subject = names[0]
    return _drop_background(events, ref_day)


def _body_sentences(doc: Document):
    return [(a, b) for a, b in sentences(doc.text) if b > doc.body_start]


# "The meeting ... will be held on Tuesday evening at X": an event noun and, later in the clause, its venue.
_VENUE = re.compile(r"\b(pertemuan|bertemu|ktt|pembicaraan|perundingan|konferensi|upacara|meeting|met|summit|talks|"
                    r"ceremony)\b"
                    r"[^.;:!?]{0,80}?\b(di|in|at)\s", re.I)


def _cue_table(lang: str) -> dict[str, tuple[str, str]]:
    """The language's cues; for an undetected language, every table (Indonesian and English first)."""
    if lang in CUES:
        return CUES[lang]
    merged: dict[str, tuple[str, str]] = {}
    for table in CUES.values():
        for k, v in table.items():
            merged.setdefault(k, v)
    return merged


def _lang_pattern(table: dict[str, str], lang: str) -> str:
    return table.get(lang) or "|".join(f"(?:{p})" for p in table.values())


def _find_cues(text: str, a: int, b: int, lang: str) -> list[_Cue]:
    table = _cue_table(lang)
    pattern = _cue_regex(lang)
    out = []
    for mt in pattern.finditer(text, a, b):
        word = mt.group(0).lower()
        kind, role = table.get(re.sub(r"\s+", " ", word), ("visit", ""))
        out.append(_Cue(mt.start(), mt.end(), word, kind, role))
    for mt in _VENUE.finditer(text, a, b):
        out.append(_Cue(mt.start(), mt.end(), mt.group(1).lower() + " … " + mt.group(2).lower(), "meet", ""))
    if any(c.kind == "arrive" for c in out):
        # "the plane from Munich landed in Rzeszów": beside an arrival, "from X" names where the leg began
        for mt in _FROM.finditer(text, a, b):
            out.append(_Cue(mt.start(), mt.end(), mt.group(0).lower(), "depart", "origin"))
    return sorted(out, key=lambda c: c.start)


_FROM_WORDS = frozenset({"dari", "from", "desde", "dall'", "dall’", "dalla", "depuis"})
_FROM = re.compile(r"(?<![\w-])(?:dari|from|desde|dall['’]|dalla|depuis)(?=\s|\b)", re.I)


_CUE_RE: dict[str, re.Pattern] = {}


def _cue_regex(lang: str) -> re.Pattern:
    if lang not in _CUE_RE:
        table = _cue_table(lang)
        words = sorted(table, key=len, reverse=True)
        _CUE_RE[lang] = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                                   + r")(?![\w-])", re.I)
    return _CUE_RE[lang]


def _governing_cue(text: str, m: Mention, cues: Sequence[_Cue], spans) -> _Cue | None:
    """The nearest cue before the mention in the same clause (commas allowed, no other verb clause)."""
    best = None
    for c in cues:
        limit = 90 if c.kind == "meet" or " … " in c.word else 50
        if c.end > m.start or m.start - c.end > limit:
            continue
        if c.word in _NOUNISH_CUES and len(WORD.findall(text[c.end:m.start])) > 3:
            continue  # "the visit is being watched as Washington…": a bare noun cue must touch its place
        between = text[c.end:m.start]
        if _CLAUSE_BREAK.search(between):
            continue
        if c.kind == "in" or c.word == "ke":
            # weak cues: only right before the name ("in Hanoi", "ke Moskow")
            if not re.fullmatch(r"\s*(?:(?:the|kota|stasiun|city of|town of|ibu kota|pelabuhan|bandara)\s+)?", between,
                                re.I):
                continue
            if c.kind == "in":
                continue  # "in X" alone is no move; it only counts through a verb cue elsewhere
        # a cue whose nearest place is another place governs that one, unless separated by "dan/and/then"
        others = [s for s in spans if c.end <= s[0] < m.start]
        if others and not re.search(r"\b(dan|and|lalu|kemudian|then|serta|before|sebelum)\b|,", between, re.I):
            if not re.fullmatch(r"[\s,]*(?:di|in|at|ke|to|dekat|near)?[\s\w,]*", between):
                continue
        best = c
    return best


CITY_STATE_KM2 = 5000.0  # a country this small is a place you can be at (Singapore, Monaco, Bahrain)


def _city_state(cc: str) -> bool:
    from .geodesy import country_area_km2

    area = country_area_km2(cc) if cc else None
    return area is not None and area <= CITY_STATE_KM2


def _post_cue(text: str, m: Mention) -> _Cue | None:
    mt = POST_CUES.match(text, m.end)
    if not mt:
        return None
    word = mt.group(0).strip(" ,").lower()
    depart = re.match(r"(sebelum|before)", word)
    # the cue stands before the name for the subject search: use the name's own start
    return _Cue(m.start, m.start, word, "depart" if depart else "visit", "origin" if depart else "")


_NOUNISH_CUES = frozenset({"llegó", "aterrizó", "visit", "visits", "visiting", "visited", "left", "leaves", "leaving", "reached",
                            "attended", "attend", "keberangkatan", "mengunjungi", "meninjau", "menghadiri", "tiba",
                            "berangkat", "mendarat"})


def _directly_after(text: str, cue: _Cue, m: Mention) -> bool:
    return bool(re.fullmatch(r"\s*(?:\w+\s+)?", text[cue.end:m.start]))


def _clause_start(text: str, a: int, pos: int) -> int:
    s = text[a:pos]
    cut = max((mm.end() for mm in re.finditer(r"[;:]|,\s(?=(?:kata|ujar|said)\b)", s)), default=0)
    return a + cut


_NAMEISH = re.compile(r"(?<![\w-])([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){0,3})")


def _names_in(text: str, a: int, b: int, spans, persons: set[str]) -> list[str]:
    """The known person names in text[a:b], in order: one per run of capitalised words ("Ukrainian
    President Volodymyr Zelensky" -> Volodymyr), outside place names and quotations, and not the
    object of a preposition ("kepada Putin")."""
    out = []
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text, a, b)]
    for mt in _NAMEISH.finditer(text, a, b):
        if any(s <= mt.start() < e for s, e in quoted) or _OBJECT_PREP.search(text[max(a, mt.start() - 12):mt.start()]):
            continue
        for w in re.finditer(r"\S+", mt.group(1)):
            pos = mt.start(1) + w.start()
            word = _POSSESSIVE.sub("", w.group(0))  # "Modi's" is Modi
            if word in persons and not any(s <= pos < e for s, e in spans):
                out.append(word)
                break
    return out


_NOT_NAMES = frozenset("""pemimpin presiden kereta sebuah para pejabat menteri dalam pada sebelumnya namun sementara
perjalanan kunjungan the a an in on at after before during while leader president train officials state media
news agency meanwhile however but earlier later korea utara selatan rusia""".split())


def _nearest_name(text: str, a: int, cue_start: int, spans, persons: set[str]) -> str | None:
    names = _names_in(text, a, cue_start, spans, persons)
    return names[-1] if names else None


def _has_pronoun(text: str, a: int, cue_start: int) -> bool:
    return any(w.lower() in PRONOUNS for w in WORD.findall(text[a:cue_start]))


def _is_sidebar(text: str, a: int) -> bool:
    la, _ = line_at(text, a)
    return bool(SIDEBAR.match(text[la:la + 40]))


def _in_dateline(text: str, m: Mention) -> bool:
    """"SEOUL, KOMPAS.TV —", "TEMPO.CO, Jakarta -", "KONTAN.CO.ID - MOSKOW." at a line start."""
    la, lb = line_at(text, m.start)
    head = text[la:min(lb, la + 80)]
    rel = m.start - la
    mt = _DATELINE.match(head)
    if mt and rel < mt.end():
        return True
    mt = re.match(r"^[A-Z][A-Z.]+(?:\.[A-Z]{2,})+\s*[-—–]\s*[A-Z]+\.", head)  # KONTAN.CO.ID - MOSKOW.
    return bool(mt and rel < mt.end())


def _date_for(m: Mention, sentence_dates, prev_date, ref: DateRef | None, status: str, text: str, lang: str,
              next_place: int | None = None):
    """The date of an event: a date of its own clause (after the name and before the next place,
    "tiba di Lima pada Rabu (13/11)"), else the nearest one in its sentence, else the previous
    sentence's, else (for things that happened) the report's own date, marked as such."""
    chosen = None
    own = [d for d in sentence_dates if m.end <= d.start < (next_place if next_place is not None else 1 << 60)]
    if own:
        chosen = own[0]
    elif sentence_dates:
        chosen = min(sentence_dates, key=lambda d: (abs(d.start - m.start), d.start))
    elif prev_date is not None:
        chosen = replace(prev_date, basis="context",
                         note=f"date of the previous sentence (\"{prev_date.text}\")")
    if chosen is None and ref and ref.value:
        chosen = DateRef(m.start, m.start, "", ref.value, basis="report",
                         note="announced with no date: the report's date is used (it happens then or later)"
                         if status == "expected" else "no date in the text; the report's date is used")
    return chosen


def _drop_background(events: list[Event], reference: date | None) -> list[Event]:
    """Events dated far from the rest of the trip (an earlier visit told as background) are dropped."""
    if reference:
        events = [e for e in events if not (e.date and e.date.value and (reference - e.date.value).days > 21)]
    dated = sorted(e.date.value for e in events if e.date and e.date.value and e.date.basis != "report")
    if len(dated) < 2:
        return events
    median = dated[len(dated) // 2]
    return [e for e in events if not (e.date and e.date.value and abs((e.date.value - median).days) > 21)]


def is_meeting(evidence_text: str) -> bool:
    return bool(_MEETING.search(evidence_text))
