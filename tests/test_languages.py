"""Conformance suite: every language pack against the schema (itinerary/languages/_schema.toml)."""
from __future__ import annotations

import re
import sys

import pytest

from itinerary import languages

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCHEMA = tomllib.loads((languages.HERE / "_schema.toml").read_text(encoding="utf-8"))
REQUIRED_PACKS = "id ms en de fr es pt it nl pl ru uk el hu tr ar vi ko ja zh".split()
TYPES = {"string": str, "bool": bool, "list": list, "table": dict}


def test_every_required_language_has_a_pack():
    assert set(REQUIRED_PACKS) <= set(languages.codes())


def test_schema_entries_are_documented():
    for section, keys in SCHEMA.items():
        for key, spec in keys.items():
            assert spec.get("type") in TYPES, (section, key)
            assert spec.get("doc"), (section, key)


@pytest.mark.parametrize("code", languages.codes())
def test_pack_matches_schema(code):
    pack = languages.get(code)
    assert pack.code == code == pack.data["pack"]["code"]
    for section, keys in SCHEMA.items():
        data = pack.data.get(section, {})
        for key, spec in keys.items():
            if spec.get("required"):
                assert key in data, f"{code}.toml: [{section}] lacks {key}"
            if key in data:
                assert isinstance(data[key], TYPES[spec["type"]]), f"{code}.toml: [{section}].{key} is not a {spec['type']}"
                if spec["type"] == "list":
                    assert all(isinstance(x, str) for x in data[key]), f"{code}.toml: [{section}].{key}"
                if spec["type"] == "table":
                    assert all(isinstance(v, (int, float, str, list)) for v in data[key].values())
        unknown = set(data) - set(keys)
        assert not unknown, f"{code}.toml: [{section}] keys not in the schema: {sorted(unknown)}"
    assert pack.match in ("key", "prefix", "substring")
    assert pack.word_order in ("svo", "sov", "vso", "v2")
    if pack.stemmer:
        import snowballstemmer

        assert pack.stemmer in snowballstemmer.algorithms()


@pytest.mark.parametrize("code", languages.codes())
def test_pack_regexes_compile(code):
    pack = languages.get(code)
    for section, keys in SCHEMA.items():
        for key, spec in keys.items():
            if "regex" in spec.get("doc", "").lower() and spec["type"] == "list":
                for p in pack.words(section, key):
                    re.compile(p)


@pytest.mark.parametrize("code", languages.codes())
def test_every_movement_kind_is_filled(code):
    """A pack with no word for arriving, leaving or visiting cannot find a stop."""
    pack = languages.get(code)
    for kind in ("arrive", "depart", "travel", "visit", "return", "expectation", "negation"):
        assert pack.words("events", kind), f"{code}: [events].{kind} is empty"


def test_keys_reach_inflections():
    en, ind, ru = languages.get("en"), languages.get("id"), languages.get("ru")
    assert en.key("visited") == en.key("visits") == en.key("visit")
    assert ind.key("mengunjungi") == ind.key("berkunjung") == ind.key("kunjungan")
    assert ru.key("прибыла") == ru.key("прибыл")


def test_detect_language():
    assert languages.detect("Presiden Joko Widodo tiba di Berlin pada hari Minggu untuk menghadiri KTT G7.") == "id"
    assert languages.detect("Der Bundeskanzler ist am Sonntag zu einem dreitägigen Besuch in China eingetroffen.") == "de"
    assert languages.detect("Президент прибыл в Москву в понедельник с официальным визитом.") == "ru"
    assert languages.detect("12") is None


def test_unknown_language_is_a_clear_error():
    with pytest.raises(languages.UnknownLanguageError, match="no language pack for 'xx'"):
        languages.get("xx")
    assert languages.get("en-US").code == "en"


def test_short_text_is_read_in_its_likely_languages_not_every_pack():
    """A text too short to tell its language (under 20 letters) is read with the three packed
    languages py3langid ranks first (and English), not with all twenty packs: reading with every
    pack decoded every simplemma dictionary, 14 s for a one-line input."""
    from itinerary import events, languages

    assert languages.detect("Rome to Paris.") is None
    guess = languages.likely("Rome to Paris.")
    assert len(guess) == 3 and all(languages.has(c) for c in guess)
    assert languages.likely("123 456") == ()
    codes = events.vocabulary(None, "Rome to Paris.").codes
    assert "en" in codes and len(codes) <= 4


def test_lemma_uses_simplemma_and_knows_no_unknown_language():
    from itinerary import languages

    assert languages.lemma("visited", "en") == "visit"
    assert languages.lemma("visited", "xx") == ""
