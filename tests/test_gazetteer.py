"""The gazetteer: sources, user files (CSV and GeoNames dumps), errors that name file and line,
the on-disk index and its cache."""
import pytest

from itinerary import gazetteer as gz
from itinerary.errors import GazetteerError
from itinerary.mentions import find_mentions
from itinerary.model import Document

GEONAMES_LINE = "\t".join([
    "9999001", "Zyxtown", "Zyxtown", "Zyxville,Zyx Town", "44.5", "132.5", "P", "PPL", "RU", "", "59", "",
    "", "", "12000", "", "50", "Asia/Vladivostok", "2024-01-01"]) + "\n"


@pytest.fixture
def small_cache(tmp_path, monkeypatch):
    """A private cache folder and a fresh memo, with the world cities left out (a fast build)."""
    monkeypatch.setenv("ITINERARY_CACHE", str(tmp_path / "cache"))
    gz._open.cache_clear()
    yield tmp_path / "cache"
    gz._open.cache_clear()


def test_world_index_has_cities_regions_countries_continents(gazetteer):
    got = gazetteer.entries(["vladivostok", "primorsky krai", "kharkiv oblast", "rusia", "europe", "russian"])
    assert {e.place.feature for e in got["vladivostok"]} >= {"city"}
    assert got["primorsky krai"][0].place.feature == "region"
    assert got["kharkiv oblast"][0].place.country == "UA"
    assert got["rusia"][0].place.country == "RU"  # Indonesian name of the country
    assert got["europe"][0].place.feature == "continent"
    assert got["russian"][0].kind == gz.KIND_DEMONYM and got["russian"][0].place.country == "RU"
    assert len(gazetteer) > 150_000 and gazetteer.max_tokens >= 4


def test_abbreviated_first_words_index_every_place(gazetteer):
    # every "Mount X" is also an "Mt. X" (and back), not just the few GeoNames lists so
    got = gazetteer.entries(["mt pleasant", "mount pleasant", "st petersburg", "saint petersburg"])
    assert {e.place.id for e in got["mt pleasant"]} == {e.place.id for e in got["mount pleasant"]}
    assert any(e.place.admin1 == "IA" for e in got["mt pleasant"])
    assert {e.place.country for e in got["saint petersburg"]} >= {"RU", "US"}
    assert gz.canonical_key("mount pleasant") == gz.canonical_key("mt pleasant") == "mt pleasant"
    assert gz.canonical_key("st") == "st" and gz.canonical_key("stanford") == "stanford"


def test_key_flags_say_name_and_prefix(gazetteer):
    flags = gazetteer.key_flags(["new", "new york", "vladivostok", "no such place here"])
    assert flags["new"] & gz.FLAG_PREFIX
    assert flags["new york"] & gz.FLAG_NAME
    assert flags["vladivostok"] & gz.FLAG_NAME
    assert "no such place here" not in flags


def test_curated_rows_win_and_get_places(gazetteer):
    p = gazetteer.get("curated:khasan-station")
    assert p is not None and p.feature == "station" and p.curated
    region = gazetteer.region_of(gazetteer.get("curated:artyom"))
    assert region is not None and region.name == "Primorsky Krai"


def test_user_csv_gazetteer_adds_places(tmp_path, gazetteer):
    f = tmp_path / "mine.csv"
    f.write_text("id,name,aliases,lat,lon,feature,country,admin1,population,source\n"
                 "depot-9,Depot Nine,Depo Sembilan|Депо Девять,43.2,131.9,station,RU,,0,\n", encoding="utf-8")
    g = gz.load_gazetteer([f])
    text = "Kereta berhenti di Depo Sembilan sebelum tiba di Vladivostok."
    ms = find_mentions(Document("t", "t.txt", text, 0), g)
    got = {m.name: m.place for m in ms}
    assert got["Depo Sembilan"].id == "user:depot-9" and got["Depo Sembilan"].curated
    assert got["Vladivostok"].name == "Vladivostok"


def test_geonames_dump_gazetteer(tmp_path, gazetteer):
    f = tmp_path / "cities500.txt"
    f.write_text(GEONAMES_LINE, encoding="utf-8")
    g = gz.load_gazetteer([f])
    ms = find_mentions(Document("t", "t.txt", "The convoy reached Zyxville at noon.", 0), g)
    assert [(m.name, m.place.id, m.place.population) for m in ms] == [("Zyxville", "geonames:9999001", 12000)]


@pytest.mark.parametrize("content, where, what", [
    ("id,name,aliases,lat,lon\nx,Xtown,,91.0,10.0\n", ":2:", "out of range"),
    ("id,name,aliases,lat,lon\nx,Xtown,,44.0,10.0\ny,Ytown,,abc,10.0\n", ":3:", "abc"),
    ("id,name,aliases,lat,lon\nx,,,44.0,10.0\n", ":2:", "empty name"),
    ("id,title,lat\nx,Xtown,44.0\n", ":1:", "missing column"),
])
def test_malformed_csv_names_file_and_line(tmp_path, content, where, what):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as e:
        gz.read_user_gazetteer(f)
    assert str(f) in str(e.value) and where in str(e.value) and what in str(e.value)


def test_malformed_geonames_dump_names_file_and_line(tmp_path):
    f = tmp_path / "allCountries.txt"
    f.write_text(GEONAMES_LINE + "123\tBroken\tBroken\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"allCountries\.txt:2: expected 19"):
        gz.read_user_gazetteer(f)
    bad = tmp_path / "cities.txt"
    bad.write_text(GEONAMES_LINE.replace("44.5", "north"), encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"cities\.txt:1:"):
        gz.read_user_gazetteer(bad)


def test_missing_user_file(tmp_path):
    with pytest.raises(GazetteerError, match="no such gazetteer file"):
        gz.load_gazetteer([tmp_path / "nope.csv"])


def test_index_is_built_once_and_reused(small_cache, builds):
    calls = builds
    g1 = gz.load_gazetteer(world=False)
    assert len(calls) == 1 and g1.path.is_file() and g1.path.parent == small_cache
    gz._open.cache_clear()  # a new process: only the file on disk is left
    g2 = gz.load_gazetteer(world=False)
    assert len(calls) == 1 and g2.path == g1.path
    assert g2.entries(["primorye"])["primorye"][0].place.name == "Primorsky Krai"


def test_fold_is_safe_across_scripts():
    assert gz.fold("Przemyśl") == "przemysl"
    assert gz.fold("Артём") == gz.fold("Артем") == "артем"
    assert gz.fold("서울") == "서울"
    assert gz.fold("Ελλάδα") == "ελλαδα"


def test_country_names_people_use_resolve(gazetteer):
    # the curated row gives the Netherlands the names in everyday use, in several languages
    found = gazetteer.lookup(["holland", "belanda", "нидерланды"])
    for key in ("holland", "belanda", "нидерланды"):
        assert any(p.country == "NL" and p.feature == "country" for p, *_ in found[key]), key
