"""The start-up caches kept in the index cache folder (issue 14: route throughput): each gives the
value it stands for, is rebuilt when an input changes, and falls back to computing it on any
trouble with the folder or the file."""
import sys

import numpy as np
import pytest

from itinerary import languages, text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ITINERARY_CACHE", str(folder))
    return folder


def test_disk_cached_computes_once_and_follows_its_signature(cache):
    calls = []

    def compute(v):
        calls.append(v)
        return {"v": v}

    assert languages.disk_cached("demo", ("a", 1), lambda: compute(1)) == {"v": 1}
    assert languages.disk_cached("demo", ("a", 1), lambda: compute(2)) == {"v": 1}  # read back
    assert calls == [1]
    assert languages.disk_cached("demo", ("a", 2), lambda: compute(3)) == {"v": 3}  # a changed input
    assert [p.name.startswith("demo-") for p in cache.iterdir()] == [True]  # the older file removed
    assert not list(cache.glob(".index-*"))  # no temporary file left


def test_disk_cached_falls_back_on_a_broken_file_or_folder(cache, tmp_path, monkeypatch):
    languages.disk_cached("demo", ("x",), lambda: [1, 2])
    (path,) = cache.glob("demo-*.pickle")
    path.write_bytes(b"not a pickle")
    assert languages.disk_cached("demo", ("x",), lambda: [3]) == [3]
    assert languages.disk_cached("demo", ("x",), lambda: [4]) == [3]  # rewritten
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("ITINERARY_CACHE", str(blocker / "cache"))
    assert languages.disk_cached("demo", ("x",), lambda: [5]) == [5]


def test_cached_packs_equal_the_toml_files(cache):
    languages._parsed.cache_clear()
    try:
        first = languages._parsed()
        languages._parsed.cache_clear()
        again = languages._parsed()  # from the cache file
        assert list(cache.glob("packs-*.pickle"))
        for code in languages.codes():
            with (languages.HERE / f"{code}.toml").open("rb") as f:
                assert first[code] == again[code] == tomllib.load(f)
    finally:
        languages._parsed.cache_clear()


def test_cached_month_names_equal_babel(cache):
    text._month_names.cache_clear()
    try:
        text._month_names()
        text._month_names.cache_clear()
        cached = text._month_names()
        locales = tuple(loc for p in languages.packs() for loc in p.words("dates", "cldr_locales") or (p.code,))
        assert cached == text._cldr_month_names(locales)
        assert {"march", "märz", "maret"} <= cached
    finally:
        text._month_names.cache_clear()


def test_cached_simplemma_dictionary_gives_the_same_lemmas(cache):
    from simplemma import Lemmatizer

    languages._lemmatizer.cache_clear()
    try:
        words = ["visited", "went", "kunjungan", "mengunjungi", "arrived", "cities"]
        plain = [Lemmatizer().lemmatize(w, lang=c) for w in words for c in ("en", "id")]
        languages._lemmatizer.cache_clear()
        assert [languages.lemma(w, c) for w in words for c in ("en", "id")] == plain  # writes the files
        assert list(cache.glob("simplemma-en-*.pickle")) and list(cache.glob("simplemma-id-*.pickle"))
        languages._lemmatizer.cache_clear()
        assert [languages.lemma(w, c) for w in words for c in ("en", "id")] == plain  # reads them
        assert languages.lemma("visited", "xx") == ""  # a language simplemma does not know
    finally:
        languages._lemmatizer.cache_clear()


TEXTS = ["Presiden Joko Widodo tiba di Pyongyang pada hari Selasa untuk kunjungan kenegaraan.",
         "Der Präsident reiste am Dienstag nach Wladiwostok, wo er Putin traf.",
         "Le président est arrivé mardi à Vladivostok.", "Президент прибыл во Владивосток во вторник.",
         "大統領は火曜日に平壌に到着した。", "short", ""]


def test_cached_language_model_equals_the_packages(cache, monkeypatch):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    plain = languages._restricted_identifier(LanguageIdentifier)
    built = languages._identifier_from_cache(LanguageIdentifier, MODEL_DIR / MODEL_FILE)  # writes the file
    (path,) = cache.glob("py3langid-*.langid")
    mapped = languages._identifier_from_cache(LanguageIdentifier, MODEL_DIR / MODEL_FILE)  # maps it
    assert isinstance(mapped.tk_nextmove, memoryview)
    for ident in (built, mapped):
        assert ident.nb_classes == plain.nb_classes and ident.tk_output == plain.tk_output
        assert np.array_equal(ident.nb_ptc, plain.nb_ptc) and ident.nb_ptc.strides == plain.nb_ptc.strides
        assert np.array_equal(ident.nb_pc, plain.nb_pc) and ident.nb_pc.dtype == plain.nb_pc.dtype
        assert list(ident.tk_nextmove) == list(plain.tk_nextmove) and list(ident.tk_row) == list(plain.tk_row)
        for t in TEXTS:
            assert ident.classify(t) == plain.classify(t) and ident.rank(t) == plain.rank(t)
    good = path.read_bytes()
    for broken in (b"garbage", good[:len(good) // 2]):  # a foreign file, a truncated one: written again
        path.write_bytes(broken)
        again = languages._identifier_from_cache(LanguageIdentifier, MODEL_DIR / MODEL_FILE)
        assert again.classify(TEXTS[0]) == plain.classify(TEXTS[0]) and path.read_bytes() == good
    blocker = cache / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("ITINERARY_CACHE", str(blocker / "cache"))  # no cache folder: the package's loader
    languages._identifier.cache_clear()
    try:
        assert languages._identifier().rank(TEXTS[1]) == plain.rank(TEXTS[1])
    finally:
        languages._identifier.cache_clear()


def test_cached_country_areas_and_city_states_equal_the_outlines(cache):
    from itinerary import geodesy as g

    for f in (g._areas, g._city_states, g.country_area_km2, g.is_city_state):
        f.cache_clear()
    try:
        codes = g.country_codes()
        areas = {c: g.country_area_km2(c) for c in codes}  # works every country out, writes the file
        small = {c for c in codes if g.is_city_state(c)}
        assert list(cache.glob("country-areas-*.pickle")) and list(cache.glob("city-states-*.pickle"))
        assert {"SG", "MC", "BH"} <= small and "RU" not in small
        for f in (g._areas, g._city_states, g.country_area_km2, g.is_city_state):
            f.cache_clear()
        for c in codes:  # read back
            assert g.country_area_km2(c) == areas[c] == g._country_area_km2(c), c
            assert g.is_city_state(c) == g._is_city_state(c), c
        assert g.is_city_state("SG") and g.is_city_state("sg ") and not g.is_city_state("RU")
        assert g.is_city_state("") is False and g.country_area_km2("XX") is None
        assert g.country_area_km2("SGP") == g._country_area_km2("SGP")  # an ADM0_A3 code: worked out
    finally:
        for f in (g._areas, g._city_states, g.country_area_km2, g.is_city_state):
            f.cache_clear()


@pytest.mark.parametrize("code", languages.codes())
def test_cached_cldr_date_names_equal_babel(cache, code):
    from babel.dates import get_day_names, get_month_names

    from itinerary import dates

    data = languages.get(code).data.get("dates", {})
    locales = tuple(data.get("cldr_locales", ()) or (code,))
    want = [(list(get_month_names("wide", ctx, loc).items()), list(get_month_names("abbreviated", ctx, loc).items()),
             list(get_day_names("wide", ctx, loc).items()), list(get_day_names("abbreviated", ctx, loc).items()))
            for loc in locales for ctx in ("format", "stand-alone")]
    assert dates._cldr_names(locales, True) == want  # worked out, written
    assert dates._cldr_names(locales, True) == want  # read back
    assert dates._cldr_names(locales, False) == [(a, b, c, []) for a, b, c, _ in want]
    assert len(list(cache.glob("cldr-dates-*.pickle"))) == 1  # one file a language: the later replaced it
