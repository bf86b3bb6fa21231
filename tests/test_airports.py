"""Airports and air bases from the airportsdata package (issue 12): facility names with the facility
words of each language, codes only where they count, bare names only with context, and a facility
and its city on one day as one stop at the facility.

Every sentence is written for the test. Points are checked against airportsdata itself."""
from datetime import date
from pathlib import Path

import pytest

import itinerary
from itinerary.geodesy import geodesic_km

airportsdata = pytest.importorskip("airportsdata")


@pytest.fixture(scope="module")
def airports():
    return airportsdata.load()  # ICAO -> record


def _article(tmp_path: Path, body: str, language: str, published: str = "2024-05-10", name: str = "a") -> Path:
    p = tmp_path / f"{name}.md"
    p.write_text(f"---\ntitle: test\npublished: {published}\nlanguage: {language}\n---\n{body}\n", encoding="utf-8")
    return p


def _mentions(tmp_path, body, language="en"):
    found = itinerary.places([_article(tmp_path, body, language)])
    text = found.documents[0].text
    for m in found.mentions:
        assert text[m.start:m.end] == m.name  # offsets are exact
    return found.mentions


def _at(m, airports, icao, km=1.0):
    a = airports[icao]
    return geodesic_km(m.place.lat, m.place.lon, a["lat"], a["lon"]) <= km


def test_three_facilities_each_at_its_own_point(tmp_path, airports):
    body = ("The president left Joint Base Andrews at 4:15 am on Friday, refuelled at Ramstein Air Base in "
            "Germany and landed at Rzeszów-Jasionka airport in the afternoon.")
    ms = {m.name: m for m in _mentions(tmp_path, body)}
    andrews, ramstein, rzeszow = ms["Joint Base Andrews"], ms["Ramstein"], ms["Rzeszów-Jasionka"]
    assert andrews.place.feature == "airbase" and _at(andrews, airports, "KADW")
    assert ramstein.place.feature == "airbase" and _at(ramstein, airports, "ETAR")  # not the town of Ramstein
    assert rzeszow.place.feature == "airport" and _at(rzeszow, airports, "EPRZ")
    assert rzeszow.place.name.startswith("Rzeszów")  # the city's spelling, from GeoNames
    assert ms["Germany"].place.feature == "country"


def test_indonesian_airport_with_its_facility_words(tmp_path, airports):
    body = ("Presiden Joko Widodo tiba di Bandara Internasional Soekarno-Hatta, Tangerang, Banten, pada Minggu "
            "pagi setelah kunjungan kerja ke Jepang.")
    (m,) = [m for m in _mentions(tmp_path, body, "id") if m.place.feature == "airport"]
    assert m.name == "Bandara Internasional Soekarno-Hatta"  # the words before the name join the mention
    assert _at(m, airports, "WIII")


def test_indonesian_air_base_word_reads_the_airport_at_halim(tmp_path, airports):
    body = "Pesawat kepresidenan mendarat di Lanud Halim Perdanakusuma, Jakarta Timur, pada Senin sore."
    (m,) = [m for m in _mentions(tmp_path, body, "id") if m.place.feature in ("airport", "airbase")]
    assert m.name == "Lanud Halim Perdanakusuma" and _at(m, airports, "WIHH")


@pytest.mark.parametrize("language, body, surface, icao", [
    ("id", "Rombongan berangkat dari Bandar Udara Internasional Soekarno-Hatta pada pagi hari.",
     "Bandar Udara Internasional Soekarno-Hatta", "WIII"),
    ("id", "Rombongan berangkat dari Bandara Soekarno-Hatta pada pagi hari.", "Bandara Soekarno-Hatta", "WIII"),
    ("en", "The minister landed at Soekarno-Hatta International Airport on Monday.", "Soekarno-Hatta", "WIII"),
    ("en", "The minister landed at Soekarno-Hatta Intl. Airport on Monday.", "Soekarno-Hatta", "WIII"),
    ("en", "The minister landed at Soekarno-Hatta airport on Monday.", "Soekarno-Hatta", "WIII"),
    ("en", "Troops were flown out of Ramstein Air Base overnight.", "Ramstein", "ETAR"),
    ("en", "The prime minister landed at Vladivostok airport on Tuesday.", "Vladivostok", "UHWW"),
    ("fr", "Le président est arrivé lundi soir à l'aéroport international de Nice.",
     "aéroport international de Nice", "LFMN"),
    ("de", "Die Kanzlerin landete am Dienstagabend auf dem Flughafen Frankfurt.", "Flughafen Frankfurt", "EDDF"),
    ("es", "El presidente aterrizó en el aeropuerto internacional de Barajas el lunes.",
     "aeropuerto internacional de Barajas", "LEMD"),
    ("it", "Il Papa atterrerà all'aeroporto internazionale di Fiumicino intorno alle 17.",
     "aeroporto internazionale di Fiumicino", "LIRF"),
    ("it", "Il volo atterrerà nell'aeroporto Leonardo da Vinci intorno alle 17.", "aeroporto Leonardo da Vinci",
     "LIRF"),
    ("ru", "Самолёт президента приземлился в аэропорту Владивосток во вторник.", "аэропорту Владивосток", "UHWW"),
    ("tr", "Cumhurbaşkanı, İstanbul Havalimanı'ndan Katar'a hareket etti.", "İstanbul", "LTFM"),
    ("ko", "대통령은 블라디보스토크 국제공항에 도착했다.", "블라디보스토크", "UHWW"),
])
def test_facility_words_of_each_language(tmp_path, airports, language, body, surface, icao):
    ms = [m for m in _mentions(tmp_path, body, language) if m.place.feature in ("airport", "airbase")]
    assert [m.name for m in ms] == [surface]
    assert _at(ms[0], airports, icao)


def test_a_city_name_beside_an_airport_word_is_that_city_s_airport(tmp_path, airports):
    # "Amsterdam airport" is Schiphol, not a strip named after a namesake elsewhere
    (m,) = [m for m in _mentions(tmp_path, "The flight was diverted to Amsterdam airport on Monday.")
            if m.name == "Amsterdam"]
    assert _at(m, airports, "EHAM")
    # without the word, the name is the city
    (c,) = _mentions(tmp_path, "The prime minister spent Tuesday in Vladivostok.")
    assert c.place.feature == "city"


def test_codes_only_in_brackets_after_the_name_or_beside_a_facility_word(tmp_path, airports):
    assert _mentions(tmp_path, "The jet flew into CGK on Monday.") == ()
    ms = _mentions(tmp_path, "The jet landed at Soekarno-Hatta International Airport (CGK) on Monday.")
    assert [m.name for m in ms] == ["Soekarno-Hatta", "CGK"] and all(_at(m, airports, "WIII") for m in ms)
    (m,) = _mentions(tmp_path, "The delegation landed at CGK airport on Monday.")
    assert m.name == "CGK" and _at(m, airports, "WIII")
    # an ICAO code too; and a code after a city's name pins it to that city's airport
    (m,) = [m for m in _mentions(tmp_path, "Fighters left Ramstein Air Base (ETAR) at dawn.") if m.name == "ETAR"]
    assert _at(m, airports, "ETAR")
    ms = _mentions(tmp_path, "He flew from Vladivostok (VVO) to Seoul on Monday.")
    assert [m.name for m in ms if _at(m, airports, "UHWW")] == ["Vladivostok", "VVO"]
    # a code that is no code of the name before it is not read
    assert [m.name for m in _mentions(tmp_path, "The talks in Jakarta (VVO) ended.")] == ["Jakarta"]


def test_bare_names_need_a_nearby_place_and_stay_conservative(tmp_path, airports):
    # a famous airport's bare name, with its city in the article
    (m, _) = _mentions(tmp_path, "The plane landed at Schiphol on Monday, just outside Amsterdam.")
    assert m.name == "Schiphol" and _at(m, airports, "EHAM")
    (m, _) = _mentions(tmp_path, "The plane landed at Heathrow on Monday, west of London.")
    assert m.name == "Heathrow" and _at(m, airports, "EGLL")  # not Heathrow, Florida
    # nothing near it named: not read
    assert _mentions(tmp_path, "The plane landed at Schiphol on Monday.") == ()
    # a name of several words is more often a person's
    ms = _mentions(tmp_path, "A statue of Charles de Gaulle stands in Paris.")
    assert [m.place.feature for m in ms] == ["city"]
    ms = _mentions(tmp_path, "Halim Perdanakusuma berjasa bagi bangsa, kata warga Jakarta.", )
    assert all(m.place.feature not in ("airport", "airbase") for m in ms)
    # a direction word and a place are a region, not the airport named so
    ms = _mentions(tmp_path, "Officials met in North Texas on Monday to discuss the floods.")
    assert any(m.name == "Texas" for m in ms) and all(m.place.feature != "airport" for m in ms)


def test_an_airport_and_its_city_on_one_day_are_one_stop_at_the_airport(tmp_path, airports):
    body = ("Presiden Joko Widodo tiba di Bandara Internasional Soekarno-Hatta, Tangerang, Banten, pada Minggu "
            "(3/7/2022) pukul 06.25 WIB. Dari bandara, Presiden langsung menuju Jakarta pada Minggu (3/7/2022) "
            "siang untuk memimpin rapat terbatas.")
    trip = itinerary.route([_article(tmp_path, body, "id", "2022-07-03")])
    airport = [s for s in trip.stops if s.place.feature == "airport"]
    assert len(airport) == 1 and airport[0].date == date(2022, 7, 3)
    (s,) = airport
    assert geodesic_km(s.place.lat, s.place.lon, airports["WIII"]["lat"], airports["WIII"]["lon"]) < 1
    assert not any(x.place.name in ("Jakarta", "Tangerang") for x in trip.stops)  # merged into the airport stop
    assert len({e.text for e in s.evidence}) >= 2  # the evidence of both sentences


def test_an_airport_and_its_city_days_apart_stay_two_stops(tmp_path):
    body = ("The prime minister landed at Vladivostok airport on Monday, May 6. "
            "On Thursday, May 9, he returned to Vladivostok for a forum.")
    trip = itinerary.route([_article(tmp_path, body, "en", "2024-05-10")])
    assert [s.place.feature for s in trip.stops] == ["airport", "city"]


def test_curated_rows_only_where_no_package_has_the_place(gazetteer):
    # the airports came from the curated file; airportsdata has them now
    assert gazetteer.get("curated:rzeszow-jasionka-airport") is None
    assert gazetteer.get("curated:vladivostok-airport") is None
    # facilities no package has stay curated
    for pid in ("curated:khasan-station", "curated:vostochny-cosmodrome", "curated:knevichi-air-base"):
        assert gazetteer.get(pid) is not None, pid
