"""Language packs: every language-specific word the pipeline uses, one TOML file per language.

A pack is ``itinerary/languages/<code>.toml`` (ISO 639-1 code). Its sections are documented,
key by key, in ``_schema.toml`` beside it; ``tests/test_languages.py`` checks every pack against
that schema. Stage modules hold mechanisms, packs hold words: adding a language is adding one
file (and its tests).

Words are matched by *key*, not by form. ``Pack.key(word)`` folds case, takes the simplemma
lemma (where simplemma knows the language) and then the Snowball stem (where Snowball has a
stemmer), so "visited", "visits" and "visiting" share the key of "visit", and Indonesian
"mengunjungi", "berkunjung" and "kunjungan" share the key of "kunjung". Packs whose ``match`` is
``prefix`` (Korean) match a word by its beginning; ``substring`` packs (Japanese, Chinese: no
spaces between words) match inside the text.

Public API
----------
- ``get(code) -> Pack``                  raises ``UnknownLanguageError`` for a code without a pack
- ``codes() -> tuple[str, ...]``          every packed language, sorted
- ``packs() -> tuple[Pack, ...]``
- ``detect(text) -> str | None``          the language of a text (py3langid, restricted to packs)
- ``likely(text, n) -> tuple[str, ...]``  the n most likely packed languages of a (short) text
- ``lemma(word, code) -> str``            simplemma's dictionary form ("" for an unknown language)
- ``Pack.words(section, key) -> tuple[str, ...]``, ``Pack.value(section, key, default)``
- ``Pack.key(word) -> str``               the matching key of one word
- ``Pack.phrases(section, keys) -> PhraseMatcher`` finds the listed words and phrases in text
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, TypeVar

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..errors import ItineraryError

HERE = Path(__file__).resolve().parent
# A word: letters and combining marks of any script, with inner apostrophes and hyphens.
TOKEN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0dff\u0e31-\u0e4e])+(?:['’-](?:[^\W\d_])+)*")


class UnknownLanguageError(ItineraryError):
    """No pack for this language code."""


_T = TypeVar("_T")
# Bump when what a disk_cached value holds changes shape (the signature covers its inputs).
_DISK_CACHE_FORMAT = 1


def disk_cached(name: str, signature: tuple, compute: Callable[[], _T]) -> _T:
    """``compute()``, kept between runs in the index cache folder (``gazetteer.cache_dir()``).

    Why: every ``itinerary`` command is a fresh process, and some start-up work (parsing the
    packs, decoding simplemma's dictionaries, collecting CLDR month names) costs tens of
    milliseconds each time while its result only changes when the files it comes from do.
    ``signature`` must name every input the value depends on (package versions, file sizes and
    mtimes); the file is named by its hash and holds the signature too, so a changed input
    gives a new file and a hash collision is caught. Written atomically (temporary file, then
    ``os.replace``); an older file of the same ``name`` is removed when a new one is written, so
    values of different arguments need different names ("simplemma-en", "simplemma-id").
    Any trouble (no folder, a read-only one, a truncated or foreign file) falls back to
    ``compute()``: the cache can make a run faster, never different."""
    import hashlib
    import os
    import pickle
    import tempfile

    from ..gazetteer import cache_dir

    sig = repr((_DISK_CACHE_FORMAT, sys.version_info[:2], signature))
    folder = cache_dir()
    path = folder / f"{name}-{hashlib.sha256(sig.encode()).hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as f:
            stored_sig, value = pickle.load(f)
        if stored_sig == sig:
            return value
    except Exception:  # noqa: BLE001 - no file yet, or an unreadable one: compute it
        pass
    value = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # ".index-" prefix: a temporary file left by a killed process is swept by
        # gazetteer.remove_stale_indexes like the index builds' own.
        fd, tmp = tempfile.mkstemp(prefix=f".index-{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((sig, value), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                try:
                    old.unlink(missing_ok=True)
                except OSError:  # in use elsewhere (Windows): left for a later run
                    pass
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
        pass
    return value


def _file_signature(path: Path) -> tuple:
    st = path.stat()
    return (path.name, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Pack:
    code: str
    name: str
    script: str  # latin | cyrillic | greek | arabic | hangul | cjk
    match: str  # key | prefix | substring
    stemmer: str  # Snowball algorithm name, "" for none
    lemmatizer: str  # simplemma language code, "" for none
    word_order: str  # svo | sov | vso | v2
    data: Mapping[str, Mapping[str, Any]] = field(repr=False, hash=False, compare=False, default_factory=dict)

    def value(self, section: str, key: str, default: Any = None) -> Any:
        return self.data.get(section, {}).get(key, default)

    def words(self, section: str, key: str) -> tuple[str, ...]:
        v = self.data.get(section, {}).get(key, ())
        return tuple(v) if isinstance(v, (list, tuple)) else (v,)

    def key(self, word: str) -> str:
        """The matching key of one word: case-folded, lemmatised, stemmed (as the pack declares)."""
        return _key(self.code, self.match, self.lemmatizer, self.stemmer, word)

    def phrases(self, section: str, keys: Iterable[str]) -> "PhraseMatcher":
        return _matcher(self.code, section, tuple(keys))


@lru_cache(maxsize=None)
def _stemmer(name: str):
    if not name:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=300_000)
def _key(code: str, match: str, lemmatizer: str, stemmer: str, word: str) -> str:
    w = word.casefold().replace("’", "'")
    if match != "key":
        return w
    if lemmatizer:
        w = lemma(w, lemmatizer).casefold() or w
    st = _stemmer(stemmer)
    return st.stemWord(w) if st is not None else w


@lru_cache(maxsize=1)
def _lemmatizer():
    """One simplemma lemmatiser whose dictionary cache holds every packed language at once.
    simplemma's shared default keeps 8 dictionaries, and each takes 0.1-4 s to decode: a run over
    more languages than that (a multilingual archive, a text read with every pack) would decode
    them again and again. The decoded dictionaries are kept on disk too (`disk_cached`)."""
    import simplemma
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    from simplemma.strategies.dictionaries import dictionary_factory as df

    class DiskCachedFactory(DefaultDictionaryFactory):
        """simplemma's own factory, its decoded dictionaries read through `disk_cached`."""

        __slots__ = ()

        def _get_dictionary_uncached(self, lang: str):
            if lang not in df.SUPPORTED_LANGUAGES:
                return super()._get_dictionary_uncached(lang)  # simplemma's ValueError
            source = df.DATA_FOLDER / f"{lang}.plzma"
            table = disk_cached(f"simplemma-{lang}",
                                ("simplemma", simplemma.__version__, _file_signature(source)),
                                lambda: df._load_dictionary_from_disk(lang))
            return df.MappingStrToByteString(table)

    factory = DiskCachedFactory(cache_max_size=len(codes()) + 4)
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


def lemma(word: str, code: str) -> str:
    """simplemma's dictionary form of one word in a language (simplemma code); "" when simplemma
    does not know the language."""
    try:
        return _lemmatizer().lemmatize(word, lang=code)
    except ValueError:  # a language simplemma does not know
        return ""


@dataclass(frozen=True)
class Hit:
    start: int  # character offsets in the text searched
    end: int
    kind: str  # the pack key that listed the phrase ("arrive", "expectation", ...)
    phrase: str  # the pack's phrase, as written in the pack


class PhraseMatcher:
    """Finds a pack's words and phrases in text, by key (or prefix/substring, as the pack says)."""

    def __init__(self, pack: Pack, section: str, keys: tuple[str, ...]):
        self.pack = pack
        self.first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self.raw: list[tuple[str, str]] = []
        for kind in keys:
            for phrase in pack.words(section, kind):
                if not phrase:
                    continue
                if pack.match == "substring":
                    self.raw.append((phrase.casefold(), kind))
                    continue
                # "=word" matches that form only (where lemmas merge words: Spanish "partió" and "parte")
                toks = tuple("=" + t.casefold() if exact else pack.key(t)
                             for exact, t in ((w.startswith("="), w.lstrip("=")) for w in phrase.split())
                             for t in TOKEN.findall(t))
                if toks:
                    self.first.setdefault(toks[0], []).append((toks, kind, phrase))
        for v in self.first.values():
            v.sort(key=lambda x: -len(x[0]))  # longest phrase first
        self.raw.sort(key=lambda x: -len(x[0]))
        # any "=form" entry: only then are the text's exact forms needed (most packs have none)
        self.exact = any(t[:1] == "=" for v in self.first.values() for toks, _, _ in v for t in toks)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(text) if end is None else end
        if self.pack.match == "substring":
            return self._find_raw(text, start, end)
        toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text, start, end)]
        words = [t[2] for t in toks]
        keys = _keys(self.pack, words)
        forms = _forms(words) if self.exact or self.pack.match != "key" else None
        if self.pack.match == "key":
            return self._find_keys(toks, keys, forms)
        out: list[Hit] = []
        i = 0
        while i < len(toks):
            hit = None
            for cands in self._candidates(keys[i], toks[i][2], forms[i]):
                phrase_keys, kind, phrase = cands
                n = len(phrase_keys)
                if (i + n <= len(toks) and all(p == (forms[i + k] if p[:1] == "=" else keys[i + k])
                                               for k, p in enumerate(phrase_keys))) or (
                        self.pack.match == "prefix" and n == 1 and _prefix(toks[i][2], phrase_keys[0])):
                    hit = Hit(toks[i][0], toks[i + n - 1][1], kind, phrase)
                    break
            if hit:
                out.append(hit)
                i += max(1, len(TOKEN.findall(hit.phrase.replace("=", ""))))
            else:
                i += 1
        return out

    def _find_keys(self, toks: list, keys: list[str], forms: list[str] | None) -> list[Hit]:
        """`find` for a key pack: the loop `find` runs for prefix packs, with `_candidates`
        inlined and the text's "=form"s only when an entry asks for one (`forms` is None when none
        does). A route runs it over every sentence for several sections: a method call a token
        was a third of its time."""
        first = self.first
        out: list[Hit] = []
        i, n_toks = 0, len(toks)
        while i < n_toks:
            hit = None
            cands = first.get(keys[i], ())
            if forms is not None:
                exact = first.get(forms[i])
                if exact:
                    cands = sorted((*cands, *exact), key=lambda c: -len(c[0]))
            for phrase_keys, kind, phrase in cands:
                n = len(phrase_keys)
                if i + n <= n_toks and all(p == (forms[i + k] if p[:1] == "=" else keys[i + k])
                                           for k, p in enumerate(phrase_keys)):
                    hit = Hit(toks[i][0], toks[i + n - 1][1], kind, phrase)
                    break
            if hit:
                out.append(hit)
                i += max(1, len(TOKEN.findall(hit.phrase.replace("=", ""))))
            else:
                i += 1
        return out

    def _candidates(self, key: str, token: str, form: str = ""):
        if self.pack.match == "prefix":
            t = token.casefold()
            return [c for c in self._by_initial().get(t[:1], ()) if t.startswith(c[0][0])]
        exact = self.first.get(form, ())
        return sorted((*self.first.get(key, ()), *exact), key=lambda c: -len(c[0])) if exact else self.first.get(key, ())

    def _by_initial(self) -> dict[str, list]:
        """Prefix packs: entries grouped by their first character, longest first."""
        if not hasattr(self, "_initial"):
            groups: dict[str, list] = {}
            for k, v in self.first.items():
                groups.setdefault(k[:1], []).extend(v)
            for v in groups.values():
                v.sort(key=lambda c: (-len(c[0]), -len(c[0][0])))
            self._initial = groups
        return self._initial

    def _find_raw(self, text: str, start: int, end: int) -> list[Hit]:
        low = text[start:end].casefold()
        taken = [False] * len(low)
        out = []
        for phrase, kind in self.raw:
            i = low.find(phrase)
            while i >= 0:
                if not any(taken[i:i + len(phrase)]):
                    for k in range(i, i + len(phrase)):
                        taken[k] = True
                    out.append(Hit(start + i, start + i + len(phrase), kind, phrase))
                i = low.find(phrase, i + 1)
        return sorted(out, key=lambda h: h.start)


_KEY_MEMO: dict[tuple[str, str, str, str], dict[str, str]] = {}


def _keys(pack: Pack, words: list[str]) -> list[str]:
    """`pack.key` of each word, through a plain dict per pack (PhraseMatcher.find keys every word
    of every sentence it reads, most of them many times; `_key`'s own cache costs a call and a
    five-part hash a word). Cleared when it grows past `_key`'s bound."""
    how = (pack.code, pack.match, pack.lemmatizer, pack.stemmer)  # what `Pack.key` depends on
    memo = _KEY_MEMO.get(how)
    if memo is None or len(memo) > 300_000:
        memo = _KEY_MEMO[how] = {}
    out = []
    for w in words:
        k = memo.get(w)
        if k is None:
            k = memo[w] = pack.key(w)
        out.append(k)
    return out


_FORM_MEMO: dict[str, str] = {}


def _forms(words: list[str]) -> list[str]:
    """The "=form" of each word (case-folded, curly apostrophe straightened), as `PhraseMatcher`
    compares it with a pack's "=word" entries; memoised like `_keys`."""
    memo = _FORM_MEMO
    if len(memo) > 300_000:
        memo.clear()
    out = []
    for w in words:
        f = memo.get(w)
        if f is None:
            f = memo[w] = "=" + w.casefold().replace("’", "'")
        out.append(f)
    return out


def _prefix(token: str, key: str) -> bool:
    return len(key) >= 2 and token.casefold().startswith(key)


@lru_cache(maxsize=None)
def _matcher(code: str, section: str, keys: tuple[str, ...]) -> PhraseMatcher:
    return PhraseMatcher(get(code), section, keys)


@lru_cache(maxsize=None)
def codes() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in HERE.glob("*.toml") if not p.stem.startswith("_")))


@lru_cache(maxsize=None)
def get(code: str) -> Pack:
    """The pack of a language (ISO 639-1 code, region ignored: "en-US" -> "en")."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    path = HERE / f"{base}.toml"
    if not base or base.startswith("_") or not path.is_file():
        raise UnknownLanguageError(f"no language pack for {code!r} (packs: {', '.join(codes())})")
    data = _parsed().get(base)
    if data is None:  # a pack file added while this process runs
        data = _parse(path)
    meta = data.get("pack", {})
    return Pack(code=base, name=meta.get("name", base), script=meta.get("script", "latin"),
                match=meta.get("match", "key"), stemmer=meta.get("stemmer", ""),
                lemmatizer=meta.get("lemmatizer", ""), word_order=meta.get("word_order", "svo"), data=data)


def _parse(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def _parsed() -> dict[str, dict]:
    """Every pack's parsed TOML, by code. Why cached on disk: tomllib takes about 60 ms over the
    20 packs at every start (a route reads them all), a pickle a few; the key is every pack
    file's name, size and mtime, so an edited pack is parsed again."""
    paths = [HERE / f"{c}.toml" for c in codes()]
    return disk_cached("packs", tuple(_file_signature(p) for p in paths),
                       lambda: {p.stem: _parse(p) for p in paths})


def packs() -> tuple[Pack, ...]:
    return tuple(get(c) for c in codes())


def has(code: str | None) -> bool:
    return bool(code) and (code.split("-")[0].lower() in codes())


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        return _identifier_from_cache(LanguageIdentifier, Path(MODEL_DIR) / MODEL_FILE)
    except Exception:  # noqa: BLE001 - any cache trouble: the package's own (slower) loader
        return _restricted_identifier(LanguageIdentifier)


def _restricted_identifier(cls):
    """py3langid's model as the package loads it, restricted to the packed languages."""
    from py3langid.langid import MODEL_FILE

    ident = cls.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([c for c in codes() if c in ident.nb_classes])
    return ident


# The cached model: this magic line, an 8-byte little-endian header length, a JSON header (the
# signature, the class labels, each array's offset, type code and shape), then the arrays' bytes.
_MODEL_MAGIC = b"itinerary-langid-1\n"
_MODEL_ALIGN = 64


def _identifier_from_cache(cls, model_xz: Path):
    """py3langid's model, restricted to the packed languages, kept in the index cache as one plain
    file that is memory-mapped. Why: the package's loader unpacks an LZMA file (0.8 s) and a
    cached .npz still costs about 0.14 s at every start (CRC checks, copying its 40 MB transition
    table, restricting 97 languages to ours); a mapped file costs a few milliseconds and only the
    pages a text's walk touches are read. The arrays are exactly those `_restricted_identifier`
    builds (same values, types and memory layout), so the scores are the same. Keyed by
    py3langid's version, the model file's size and mtime, and the packed languages; written
    atomically; a file that cannot be read is written again; other versions' files are removed
    when a new one is written."""
    import hashlib
    from importlib.metadata import version

    from ..gazetteer import cache_dir

    sig = ["py3langid", version("py3langid"), *_file_signature(model_xz), *codes()]
    folder = cache_dir()
    path = folder / f"py3langid-{hashlib.sha256(repr(sig).encode()).hexdigest()[:16]}.langid"
    if path.is_file():
        try:
            return _map_model(cls, path, sig)
        except Exception:  # noqa: BLE001 - truncated, foreign or unreadable: written again below
            pass
    ident = _restricted_identifier(cls)
    _write_model(path, sig, ident)
    for old in [*folder.glob("py3langid-*.npz"), *folder.glob("py3langid-*.langid")]:
        if old != path:
            try:
                old.unlink(missing_ok=True)
            except OSError:  # in use elsewhere (Windows): left for a later run
                pass
    return ident


def _write_model(path: Path, sig: list, ident) -> None:
    import json
    import os
    import tempfile

    import numpy as np

    ptc = ident.nb_ptc
    arrays = {  # (bytes, type code, shape); ptc as its transpose: that array is C-ordered
        "ptc_t": (np.ascontiguousarray(ptc.T).tobytes(), ptc.dtype.str, list(ptc.T.shape)),
        "pc": (np.ascontiguousarray(ident.nb_pc).tobytes(), ident.nb_pc.dtype.str, list(ident.nb_pc.shape)),
        "nextmove": (ident.tk_nextmove.tobytes(), ident.tk_nextmove.typecode, [len(ident.tk_nextmove)]),
        "row": (ident.tk_row.tobytes(), ident.tk_row.typecode, [len(ident.tk_row)]),
        "output": (np.asarray(ident.tk_output, dtype=np.int64).tobytes(), "<i8", [len(ident.tk_output)]),
    }
    layout, offset = {}, 0
    for name, (data, code, shape) in arrays.items():
        layout[name] = [offset, code, shape]
        offset += -(-len(data) // _MODEL_ALIGN) * _MODEL_ALIGN
    header = json.dumps({"sig": sig, "classes": list(ident.nb_classes), "arrays": layout}).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-py3langid-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_MODEL_MAGIC + len(header).to_bytes(8, "little") + header)
            out.write(b"\0" * (-out.tell() % _MODEL_ALIGN))
            base = out.tell()
            for name, (data, _code, _shape) in arrays.items():
                out.seek(base + layout[name][0])
                out.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _map_model(cls, path: Path, sig: list):
    import json
    import mmap

    import numpy as np

    with path.open("rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if mm[:len(_MODEL_MAGIC)] != _MODEL_MAGIC:
        raise ValueError(f"{path}: not a cached language model")
    n = int.from_bytes(mm[len(_MODEL_MAGIC):len(_MODEL_MAGIC) + 8], "little")
    head_end = len(_MODEL_MAGIC) + 8 + n
    header = json.loads(mm[len(_MODEL_MAGIC) + 8:head_end])
    if header["sig"] != sig:
        raise ValueError(f"{path}: cached for another model")
    base = head_end + (-head_end % _MODEL_ALIGN)
    view = memoryview(mm)

    def numpy_array(name):
        offset, code, shape = header["arrays"][name]
        return np.frombuffer(mm, dtype=np.dtype(code), count=int(np.prod(shape)), offset=base + offset).reshape(shape)

    def typed_view(name):  # indexes like the array.array py3langid builds, without copying it
        offset, code, (count,) = header["arrays"][name]
        start = base + offset
        size = count * np.dtype(code).itemsize
        if start + size > len(mm):
            raise ValueError(f"{path}: truncated")
        return view[start:start + size].cast(code)

    return cls(numpy_array("ptc_t").T, numpy_array("pc"), header["classes"], typed_view("nextmove"),
               numpy_array("output").tolist(), norm_probs=True, tk_row=typed_view("row"))


def detect(text: str) -> str | None:
    """The language of ``text`` among the packed ones (py3langid's naive Bayes model, trained on
    97 languages; restricted here to the languages that have packs). None for text with too few
    letters to tell (under 20; a CJK character, which writes a syllable or a word, counts three)."""
    sample = text[:6000]
    if not _enough_letters(sample, 20):
        return None
    code, _prob = _identifier().classify(sample)
    return code


def _enough_letters(sample: str, need: int) -> bool:
    """At least `need` letters in `sample`, a CJK one counting three; stops counting once there are
    (an article has them in its first line: counting all 6000 characters cost 0.3 ms a document)."""
    n = 0
    for ch in sample:
        if ch.isalpha():
            n += 3 if ch >= "\u2e80" else 1
            if n >= need:
                return True
    return False


def likely(text: str, n: int = 3) -> tuple[str, ...]:
    """The `n` packed languages most likely for `text` (py3langid's ranking), most likely first:
    the languages to read a text in when it is too short to tell its language (`detect` gives
    None). Text without letters gives ()."""
    sample = text[:6000]
    if not any(ch.isalpha() for ch in sample):
        return ()
    return tuple(code for code, _ in _identifier().rank(sample)[:n])


@lru_cache(maxsize=4096)
def _detect_cached(text: str) -> str | None:
    return detect(text)


def document_language(declared: str | None, body: str) -> str | None:
    """The language of a document: the declared code (front matter, HTML lang) when a pack
    exists for it, else the detected one; None when neither is known."""
    if declared and has(declared):
        return declared.split("-")[0].split("_")[0].lower()
    return _detect_cached(body)
