"""Distance claims: figures, units, qualifiers, ends and verdicts, on real-shaped sentences."""
from __future__ import annotations

import pytest

from itinerary import claims
from itinerary.claims import DistanceExpression, find_claims, find_distance_expressions, judge
from itinerary.model import Document, Mention, Place

# Real coordinates, built by hand (the gazetteer is not needed here).
ARTYOM = Place("t:artyom", "Artyom", 43.3595, 132.1896, "city", "RU")
KHASAN = Place("t:khasan-station", "Khasan station", 42.4297, 130.6453, "station", "RU")
NORTH_KOREA = Place("t:kp", "North Korea", 40.3, 127.5, "country", "KP")
RUSSIA = Place("t:ru", "Russia", 61.5, 105.3, "country", "RU")
VLADIVOSTOK = Place("t:vvo", "Vladivostok", 43.1056, 131.8735, "city", "RU")
MUNICH = Place("t:munich", "Munich", 48.1374, 11.5755, "city", "DE")
GARMISCH = Place("t:garmisch", "Garmisch-Partenkirchen", 47.4917, 11.0955, "town", "DE")
RZESZOW = Place("t:rzeszow", "Rzeszów", 50.0413, 21.999, "city", "PL")
UKRAINE = Place("t:ua", "Ukraine", 49.0, 31.4, "country", "UA")
PYONGYANG = Place("t:pyongyang", "Pyongyang", 39.0392, 125.7625, "city", "KP")
BAVARIA = Place("t:bavaria", "Bavaria", 48.79, 11.50, "region", "DE")


def one(text: str, language: str | None = None, **kw) -> DistanceExpression:
    found = find_distance_expressions(text, language=language, **kw)
    assert len(found) == 1, found
    return found[0]


# --- numbers in each language's conventions -------------------------------------------------
@pytest.mark.parametrize("text, language, km", [
    ("Jarak antara kedua kota itu sekitar 1.180 km.", "id", 1180),
    ("Rombongan menempuh 2,5 km dari hotel ke stasiun.", "id", 2.5),
    ("The two cities are 1,180 km apart.", "en", 1180),
    ("The motorcade drove 2.5 km from the hotel.", "en", 2.5),
    ("Kereta itu menempuh 1.180,5 km.", "id", 1180.5),
    ("Pesawat terbang 5 ribu km tanpa henti.", "id", 5000),
    ("The probe has flown 1.2 million km.", "en", 1.2e6),
    ("El avión recorrió 8 mil 278 km desde Roma.", "es", 8278),
    ("Il volo ha coperto 8 mila km.", "it", 8000),
    ("Jaraknya sepuluh kilometer dari pusat kota.", "id", 10),
    ("The depot lies five miles from the station.", "en", 5 * 1.609344),
    ("Die Strecke ist 1.180 km weit.", "de", 1180),
])
def test_number_conventions(text, language, km):
    assert one(text, language).value_km == pytest.approx(km)


def test_shape_beats_language_for_thousands():
    # A separator followed by exactly three digits groups thousands in every language.
    assert one("It is 2.500 km away.", "en").value_km == 2500
    assert one("Jaraknya 2,500 km.", "id").value_km == 2500
    assert claims.parse_number("0,500") == 0.5


# --- units ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, language, unit, km", [
    ("Kota itu berjarak 30 kilometer dari bandara.", "id", "km", 30),
    ("The town is 30 kilometres from the airport.", "en", "km", 30),
    ("The town is 30 kilometers from the airport.", "en", "km", 30),
    ("Kota itu berjarak 30 kilo meter dari bandara.", "id", "km", 30),
    ("Mobil berhenti 300 meter dari gedung kedutaan.", "id", "m", 0.3),
    ("The car stopped 300 m from the embassy.", "en", "m", 0.3),
    ("Kapal berlayar 40 mil dari pantai.", "id", "mi", 40 * 1.609344),
    ("The ship was 40 miles off the coast.", "en", "mi", 40 * 1.609344),
    ("It is 40 mi from the city.", "en", "mi", 40 * 1.609344),
    ("Kapal itu 12 mil laut dari pantai.", "id", "nmi", 12 * 1.852),
    ("The tanker was 12 nautical miles off the coast.", "en", "nmi", 12 * 1.852),
    ("The fort stood 100 versts from Moscow.", "en", "verst", 106.68),
])
def test_units(text, language, unit, km):
    e = one(text, language)
    assert e.unit == unit
    assert e.value_km == pytest.approx(km)


def test_money_and_minutes_are_no_distances():
    assert find_distance_expressions("Aset Rp86,6 M dipulihkan dalam 30 menit.", language="id") == []
    assert find_distance_expressions("The Airbus A330 landed at 11.50.", language="en") == []


# --- conversion pairs -----------------------------------------------------------------------
def test_conversion_pair_is_one_claim_and_checked():
    e = one("Artyom berjarak sekitar 254 km (159 mil) dari stasiun Khasan di perbatasan Rusia dengan Korea Utara.", "id")
    assert e.text == "sekitar 254 km (159 mil)"
    assert e.values == ((254.0, "km"), (159.0, "mi"))
    assert e.conversion_ok is True
    assert e.qualifier == "approx"


def test_conversion_pair_english_miles_first():
    e = one("The base is some 300 miles (483 km) from the capital.", "en")
    assert e.unit == "mi" and e.value_km == pytest.approx(482.8, abs=0.1)
    assert e.conversion_ok is True


def test_conversion_pair_mismatch():
    e = one("Kota itu berjarak 254 km (180 mil) dari perbatasan.", "id")
    assert e.conversion_ok is False
    verdict, _, text = judge(e, 160.0)
    assert verdict == "unit-mismatch"
    assert "254 km is 157.8 mi" in text


# --- qualifiers -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, language, qualifier", [
    ("Kota itu berjarak sekitar 50 km dari ibu kota.", "id", "approx"),
    ("Kota itu berjarak kurang lebih 50 km dari ibu kota.", "id", "approx"),
    ("Kota itu berjarak kira-kira 50 km dari ibu kota.", "id", "approx"),
    ("Kota itu berjarak hampir 50 km dari ibu kota.", "id", "approx"),
    ("Kota itu berjarak lebih dari 50 km dari ibu kota.", "id", "more_than"),
    ("Kota itu berjarak kurang dari 50 km dari ibu kota.", "id", "less_than"),
    ("Antrean kendaraan mengular hingga 50 km.", "id", "at_most"),
    ("The town is about 50 km from the capital.", "en", "approx"),
    ("The town is around 50 km from the capital.", "en", "approx"),
    ("The town is some 50 km from the capital.", "en", "approx"),
    ("The town is roughly 50 km from the capital.", "en", "approx"),
    ("The town is approximately 50 km from the capital.", "en", "approx"),
    ("The town is nearly 50 km from the capital.", "en", "approx"),
    ("The town is almost 50 km from the capital.", "en", "approx"),
    ("The town is more than 50 km from the capital.", "en", "more_than"),
    ("The town is over 50 km from the capital.", "en", "more_than"),
    ("The town is less than 50 km from the capital.", "en", "less_than"),
    ("The town is under 50 km from the capital.", "en", "less_than"),
    ("Convoys travel up to 50 km a day.", "en", "at_most"),
    ("The town is at least 50 km from the capital.", "en", "at_least"),
    ("The town is 50 km from the capital.", "en", "exact"),
])
def test_qualifiers(text, language, qualifier):
    assert one(text, language).qualifier == qualifier


# --- ranges ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, language", [
    ("The camp is 200–250 km from the front.", "en"),
    ("Kamp itu berjarak 200-250 kilometer dari garis depan.", "id"),
    ("The camp is between 200 and 250 km from the front.", "en"),
    ("Kamp itu berjarak antara 200 dan 250 km dari garis depan.", "id"),
    ("Kamp itu berjarak 200 hingga 250 km dari garis depan.", "id"),
])
def test_ranges(text, language):
    e = one(text, language)
    assert (e.value_km, e.value_km_high) == (200, 250)


# --- journeys and exclusions ----------------------------------------------------------------
@pytest.mark.parametrize("text, language", [
    ("Kereta Kim menempuh perjalanan sejauh 1.180 km dari Pyongyang.", "id"),
    ("Kereta itu menempuh jarak 1.180 km dalam dua hari.", "id"),
    ("He arrived after a 4,500-km train journey across Siberia.", "en"),
    ("He arrived after a 4,500-kilometre journey across Siberia.", "en"),
])
def test_journeys(text, language):
    assert one(text, language).kind == "journey"


@pytest.mark.parametrize("text, language, why", [
    ("Korea Utara menguji rudal dengan jangkauan 1.500 km.", "id", "weapon-range"),
    ("Rudal itu memiliki daya jelajah 2.000 km.", "id", "weapon-range"),
    ("The missile has a range of 1,500 km.", "en", "weapon-range"),
    ("Kereta lapis baja itu melaju 120 km/jam.", "id", "speed"),
    ("Kereta itu melaju 60 km per jam.", "id", "speed"),
    ("The train ran at 60 km/h.", "en", "speed"),
    ("The convoy drove at 50 mph.", "en", "speed"),
    ("Kebun itu seluas 500 km persegi.", "id", "area"),
    ("The reserve covers 500 square kilometres.", "en", "area"),
    ("The reserve covers 500 km² of forest.", "en", "area"),
    ("The reserve covers 500 km2 of forest.", "en", "area"),
    ("Pesawat terbang di ketinggian 10 km.", "id", "altitude"),
    ("The quake struck 10 km deep.", "en", "altitude"),
    ("Warga dalam radius 5 km diungsikan.", "id", "radius"),
    ("Residents within a 5-km radius were evacuated.", "en", "radius"),
    ("Perbatasan kedua negara sepanjang 17 km mengikuti Sungai Tumen.", "id", "length"),
    ("The two countries share a 17-km border.", "en", "length"),
    ("The Tumen river is 521 km long.", "en", "length"),
])
def test_exclusions(text, language, why):
    assert find_distance_expressions(text, language=language) == []
    e = one(text, language, include_excluded=True)
    assert e.kind == f"excluded:{why}"


def test_length_between_two_places_is_kept():
    e = one("Jalur kereta sepanjang 9.289 km itu membentang dari Moskwa ke Vladivostok.", "id")
    assert not e.kind.startswith("excluded")


def test_offsets_and_window():
    text = "Intro 5 km. Body: the town is about 50 km away."
    found = find_distance_expressions(text, start=12, language="en")
    assert [e.text for e in found] == ["about 50 km"]
    assert text[found[0].start:found[0].end] == "about 50 km"


def test_spanish_mil_is_thousand_but_indonesian_mil_is_mile():
    assert one("recorrió 8 mil 278 km", "es").value_km == 8278
    assert one("sejauh 159 mil", "id").unit == "mi"
    both = find_distance_expressions("254 km (159 mil) y 8 mil 278 km")  # language unknown
    assert [e.value_km for e in both] == [254, 8278]


# --- verdicts -------------------------------------------------------------------------------
def expr(km: float, qualifier: str = "exact", high: float | None = None, digits: str | None = None):
    return DistanceExpression(0, 1, "x", km, high, qualifier, "km", ((km, "km"),), None, "distance",
                              (digits or f"{km:g}",))


@pytest.mark.parametrize("reported, qualifier, measured, verdict", [
    (254, "approx", 163.0, "plausible-route"),
    (200, "approx", 164.0, "plausible-route"),
    (100, "approx", 90.0, "consistent"),
    (254, "exact", 250.0, "consistent"),
    (254, "exact", 230.0, "plausible-route"),
    (80, "exact", 72.2, "consistent"),  # 80 is rounded to tens: 5% + 5 km
    (1220, "approx", 1221.2, "consistent"),
    (100, "more_than", 97.0, "consistent"),
    (100, "more_than", 80.0, "plausible-route"),
    (100, "less_than", 104.0, "consistent"),
    (100, "less_than", 120.0, "inconsistent"),
    (100, "at_most", 60.0, "consistent"),
    (500, "approx", 200.0, "inconsistent"),
    (100, "approx", 150.0, "inconsistent"),
])
def test_verdict_table(reported, qualifier, measured, verdict):
    assert judge(expr(reported, qualifier), measured)[0] == verdict


def test_range_verdict():
    assert judge(expr(200, high=250), 230.0)[0] == "consistent"
    assert judge(expr(200, high=250), 100.0)[0] == "inconsistent"
    assert judge(expr(200, high=250), 160.0)[0] == "plausible-route"


def test_inconsistent_says_by_how_much():
    verdict, ratio, text = judge(expr(500, "approx"), 200.0)
    assert verdict == "inconsistent" and ratio == pytest.approx(2.5)
    assert "150% more than the straight line of 200 km" in text


def test_unresolved_without_measure():
    assert judge(expr(100), None)[0] == "unresolved"


# --- find_claims: ends ----------------------------------------------------------------------
def doc(text: str, language: str = "id") -> Document:
    return Document(id="d", path="d.txt", text=text, body_start=0, language=language)


def at(text: str, surface: str, place: Place, nth: int = 0) -> Mention:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return Mention("d", pos, pos + len(surface), surface, place)


def test_seed_artyom_to_khasan_station():
    text = "Artyom berjarak sekitar 254 km (159 mil) dari stasiun Khasan di perbatasan Rusia dengan Korea Utara."
    ms = [at(text, "Artyom", ARTYOM), at(text, "Khasan", KHASAN), at(text, "Rusia", RUSSIA),
          at(text, "Korea Utara", NORTH_KOREA)]
    (c,) = find_claims(doc(text), ms)
    assert (c.kind, c.from_name, c.to_name) == ("between", "Artyom", "Khasan station")
    assert c.geodesic_km == pytest.approx(163, abs=1)
    assert c.ratio == pytest.approx(1.56, abs=0.01)
    assert c.verdict == "plausible-route"
    assert "254 km is 157.8 mi, consistent with 159 mi" in c.explanation
    assert "geodesic (WGS84) between the gazetteer points" in c.explanation
    assert c.reported == "sekitar 254 km (159 mil)" and c.qualifier == "approx"


def test_seed_artyom_to_north_korean_border():
    text = ("Kereta lapis baja Kim berangkat di stasiun kereta api di Artyom, sebuah kota di Rusia, "
            "sekitar 200 kilometer dari perbatasan dengan Korea Utara.")
    ms = [at(text, "Artyom", ARTYOM), at(text, "Rusia", RUSSIA), at(text, "Korea Utara", NORTH_KOREA)]
    (c,) = find_claims(doc(text), ms)
    assert c.kind == "to_border"
    assert c.from_name == "Artyom" and c.to_name == "Russia–North Korea border"
    assert c.geodesic_km == pytest.approx(164, abs=2)
    # 22% more than the straight line: outside approx ±15%, inside the road/rail factor.
    assert c.verdict == "plausible-route"
    assert "Russia–North Korea border line (Natural Earth 1:10m)" in c.explanation
    assert c.to_point is not None and 42 < c.to_point[0] < 43


def test_english_border_with_one_country_named_and_previous_sentence_subject():
    text = "President Widodo landed at Rzeszów on Monday morning. The airport lies only 80 kilometres from the border."
    ms = [at(text, "Rzeszów", RZESZOW)]
    text2 = "President Widodo landed at Rzeszów on Monday morning. The airport is just 80 km from the border with Ukraine."
    ms2 = [at(text2, "Rzeszów", RZESZOW), at(text2, "Ukraine", UKRAINE)]
    (c,) = find_claims(doc(text2, "en"), ms2)
    assert c.kind == "to_border" and c.from_name == "Rzeszów"
    assert c.to_name == "Poland–Ukraine border"
    assert c.geodesic_km == pytest.approx(68.6, abs=1)
    assert c.verdict in ("consistent", "plausible-route")
    # Without a country after "border" the border is not named: reported, never guessed.
    (c0,) = find_claims(doc(text, "en"), ms)
    assert c0.kind == "to_border" and c0.verdict == "unresolved"
    assert "not named" in c0.explanation and "Rzeszów" in c0.explanation


def test_indonesian_border_of_named_country():
    text = "Presiden tiba di Rzeszów, Polandia. Lokasi ini hanya berjarak 80 kilometer dari perbatasan Ukraina."
    ms = [at(text, "Rzeszów", RZESZOW), at(text, "Ukraina", UKRAINE)]
    (c,) = find_claims(doc(text), ms)
    assert c.kind == "to_border" and c.from_name == "Rzeszów"
    assert c.geodesic_km == pytest.approx(68.6, abs=1)
    # 80 (rounded to tens: 5% + 5 km) vs 68.6 from the city centre is 17% more: a road figure.
    assert c.verdict == "plausible-route" and c.ratio == pytest.approx(1.17, abs=0.01)


def test_between_shape_indonesian():
    text = "Jarak antara Munich dengan Garmisch sekira 90 kilometer."
    ms = [at(text, "Munich", MUNICH), at(text, "Garmisch", GARMISCH)]
    (c,) = find_claims(doc(text), ms)
    assert (c.from_name, c.to_name, c.kind) == ("Munich", "Garmisch-Partenkirchen", "between")
    assert c.geodesic_km == pytest.approx(81.4, abs=1.5)
    assert c.verdict == "consistent"


def test_from_to_shape_english():
    text = "The helicopter flew about 90 km from Munich to Garmisch in half an hour."
    ms = [at(text, "Munich", MUNICH), at(text, "Garmisch", GARMISCH)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert (c.from_name, c.to_name) == ("Munich", "Garmisch-Partenkirchen")
    assert c.verdict == "consistent"


def test_direction_shape():
    text = "Garmisch lies about 80 km south of Munich."
    ms = [at(text, "Garmisch", GARMISCH), at(text, "Munich", MUNICH)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert (c.from_name, c.to_name) == ("Garmisch-Partenkirchen", "Munich")
    assert c.verdict == "consistent"


def test_away_shape():
    text = "Kim inspected a factory in Artyom and then drove to Vladivostok, some 35 km away."
    ms = [at(text, "Artyom", ARTYOM), at(text, "Vladivostok", VLADIVOSTOK)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert {c.from_name, c.to_name} == {"Artyom", "Vladivostok"}
    assert c.geodesic_km == pytest.approx(38.5, abs=3)
    assert c.verdict == "consistent"


def test_area_region_point_is_stated():
    text = "Munich is about 60 km from Bavaria."  # a made-up area shape
    ms = [at(text, "Munich", MUNICH), at(text, "Bavaria", BAVARIA)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert c.kind == "to_area"
    assert "gazetteer point" in c.explanation


def test_country_outline_when_no_shared_border():
    text = "Munich is about 700 km from Ukraine."
    ms = [at(text, "Munich", MUNICH), at(text, "Ukraine", UKRAINE)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert c.kind == "to_area" and "outline" in c.explanation and c.to_point is not None


def test_border_country_without_shared_border_falls_back_to_outline():
    text = "Munich is about 700 km from the border with Ukraine."
    ms = [at(text, "Munich", MUNICH), at(text, "Ukraine", UKRAINE)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert c.kind == "to_border"
    assert "share no land border" in c.explanation and c.geodesic_km is not None


def test_journey_total_sums_legs():
    text = "Kereta itu menempuh perjalanan sejauh 1.500 km dari Pyongyang melalui Khasan ke Vladivostok."
    ms = [at(text, "Pyongyang", PYONGYANG), at(text, "Khasan", KHASAN), at(text, "Vladivostok", VLADIVOSTOK)]
    (c,) = find_claims(doc(text), ms)
    assert c.kind == "journey"
    assert (c.from_name, c.to_name) == ("Pyongyang", "Vladivostok")
    assert "sum of the geodesic (WGS84) legs" in c.explanation
    assert c.geodesic_km > 600


def test_unresolved_end_is_reported_not_guessed():
    text = "Jarak sekitar 100 kilometer ditempuh dalam kurun 30 menit."
    (c,) = find_claims(doc(text), [])
    assert c.verdict == "unresolved" and c.geodesic_km is None
    assert c.explanation.startswith("Unresolved:")


def test_unresolved_when_only_one_end():
    text = "Kim berhenti di Artyom, 30 km dari lokasi latihan."
    (c,) = find_claims(doc(text), [at(text, "Artyom", ARTYOM)])
    assert c.verdict == "unresolved" and c.from_name == "Artyom"
    assert "measured to" in c.explanation


def test_same_place_is_not_both_ends():
    text = "Vladivostok is 35 km from Vladivostok airport."
    ms = [at(text, "Vladivostok", VLADIVOSTOK), at(text, "Vladivostok", VLADIVOSTOK, nth=1)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert c.verdict == "unresolved"


def test_excluded_figures_make_no_claims():
    text = "Rudal dengan jangkauan 1.500 km itu diluncurkan dari dekat Pyongyang."
    assert find_claims(doc(text), [at(text, "Pyongyang", PYONGYANG)]) == []


def test_previous_sentence_skips_boilerplate():
    text = ("Presiden mendarat di Rzeszów siang tadi.\nBaca juga: Berita lain tentang Munich\n"
            "Lokasi ini hanya berjarak 80 kilometer dari perbatasan Ukraina.")
    ms = [at(text, "Rzeszów", RZESZOW), at(text, "Munich", MUNICH), at(text, "Ukraina", UKRAINE)]
    (c,) = find_claims(doc(text), ms)
    assert c.from_name == "Rzeszów"


def test_previous_sentence_place_in_another_country_is_not_taken():
    # The landing place is not in the gazetteer; Munich (Germany) is not "this location" in Poland.
    text = ("Pesawat Presiden dari Munich, Jerman, mendarat di bandara kecil, Polandia. "
            "Lokasi ini hanya berjarak 80 kilometer dari perbatasan Ukraina.")
    germany = Place("t:de", "Germany", 51.0, 10.0, "country", "DE")
    poland = Place("t:pl", "Poland", 52.0, 19.0, "country", "PL")
    ms = [at(text, "Munich", MUNICH), at(text, "Jerman", germany), at(text, "Polandia", poland),
          at(text, "Ukraina", UKRAINE)]
    (c,) = find_claims(doc(text), ms)
    assert c.verdict == "unresolved" and c.from_name is None


def test_from_place_to_city_state_measures_to_its_outline():
    singapore = Place("t:sg", "Singapore", 1.3521, 103.8198, "country", "SG")
    text = "Kim chose to fly nearly 5,000km from Pyongyang to reach Singapore, where he met Trump."
    ms = [at(text, "Pyongyang", PYONGYANG), at(text, "Singapore", singapore)]
    (c,) = find_claims(doc(text, "en"), ms)
    assert (c.kind, c.from_name) == ("to_area", "Pyongyang")
    assert c.verdict == "consistent"
    assert "to the outline of Singapore" in c.explanation


# --- every language pack: units, numbers, qualifiers, exclusions ------------------------------
@pytest.mark.parametrize("text, language, unit, km", [
    ("Der Ort liegt 50 Kilometer von der Grenze entfernt.", "de", "km", 50),
    ("Le village est situé à 50 kilomètres de la frontière.", "fr", "km", 50),
    ("El pueblo está a 50 kilómetros de la frontera.", "es", "km", 50),
    ("A cidade fica a 50 quilômetros da fronteira.", "pt", "km", 50),
    ("Il paese si trova a 50 chilometri dal confine.", "it", "km", 50),
    ("Het dorp ligt op 50 kilometer van de grens.", "nl", "km", 50),
    ("Miasto leży 85 kilometrów na północ od stolicy.", "pl", "km", 85),
    ("Kolumna pokonała 3,2-kilometrową trasę do katedry.", "pl", "km", 3.2),
    ("Город находится в 50 километрах от границы.", "ru", "km", 50),
    ("Село розташоване за 50 кілометрів від кордону.", "uk", "km", 50),
    ("Το χωριό απέχει 50 χιλιόμετρα από τα σύνορα.", "el", "km", 50),
    ("A falu 50 kilométerre van a határtól.", "hu", "km", 50),
    ("Köy sınıra 50 kilometre uzaklıkta.", "tr", "km", 50),
    ("تقع البلدة على بعد 50 كيلومترا من الحدود.", "ar", "km", 50),
    ("Ngôi làng cách biên giới 50 cây số.", "vi", "km", 50),
    ("마을은 국경에서 50킬로미터 떨어져 있다.", "ko", "km", 50),
    ("村は国境から50キロ離れている。", "ja", "km", 50),
    ("该村距边境50公里。", "zh", "km", 50),
    ("Kampung itu terletak 40 batu dari sempadan.", "ms", "mi", 40 * 1.609344),
    ("Судно находилось в 12 морских милях от берега.", "ru", "nmi", 12 * 1.852),
    ("Das Schiff lag 12 Seemeilen vor der Küste.", "de", "nmi", 12 * 1.852),
    ("Statek płynął 30 mil od brzegu.", "pl", "mi", 30 * 1.609344),
    ("Крепость стояла в 100 верстах от Москвы.", "ru", "verst", 106.68),
    ("Станция в 300 м от дворца.", "ru", "m", 0.3),
])
def test_units_in_every_language(text, language, unit, km):
    e = one(text, language)
    assert e.unit == unit
    assert e.value_km == pytest.approx(km)


@pytest.mark.parametrize("text, language, km", [
    ("Поезд прошёл 5 тысяч км за неделю.", "ru", 5000),
    ("Kolumna pokonała 1,2 tys. km.", "pl", 1200),
    ("Le convoi a parcouru cinq cents mètres.", "fr", None),  # no figure word for 'cinq cents': nothing
    ("Konvoy 2 bin km yol kat etti.", "tr", 2000),
    ("列车行驶了1.2万公里。", "zh", 12000),
    ("열차는 1만 km를 달렸다.", "ko", 10000),
    ("Der Zug legte zwei Kilometer zurück.", "de", 2),
    ("Поездка заняла полтора километра пешком.", "ru", 1.5),
])
def test_multipliers_and_number_words(text, language, km):
    found = find_distance_expressions(text, language=language)
    if km is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].value_km == pytest.approx(km)


@pytest.mark.parametrize("text, language, qualifier", [
    ("Город находится примерно в 50 км от границы.", "ru", "approx"),
    ("Город находится более чем в 50 км от границы.", "ru", "more_than"),
    ("Miasto leży około 50 km od granicy.", "pl", "approx"),
    ("Miasto leży ponad 50 km od granicy.", "pl", "more_than"),
    ("Der Ort liegt rund 50 Kilometer von der Grenze entfernt.", "de", "approx"),
    ("Le village est à environ 50 km de la frontière.", "fr", "approx"),
    ("El pueblo está a unos 50 km de la frontera.", "es", "approx"),
    ("A falu mintegy 50 kilométerre van.", "hu", "approx"),
    ("Köy yaklaşık 50 km uzaklıkta.", "tr", "approx"),
    ("Köy 50 km'den fazla uzaklıkta.", "tr", "more_than"),
    ("تقع البلدة على بعد حوالي 50 كيلومترا من الحدود.", "ar", "approx"),
    ("Ngôi làng cách biên giới khoảng 50 km.", "vi", "approx"),
    ("마을은 국경에서 50km 가량 떨어져 있다.", "ko", "approx"),
    ("마을은 국경에서 50여km 떨어져 있다.", "ko", "more_than"),
    ("村は国境から約50キロ離れている。", "ja", "approx"),
    ("该村距边境50公里左右。", "zh", "approx"),
    ("该村距边境300多公里。", "zh", "more_than"),
])
def test_qualifiers_in_every_language(text, language, qualifier):
    assert one(text, language).qualifier == qualifier


@pytest.mark.parametrize("text, language, why", [
    ("Ракета дальностью 1500 км была запущена.", "ru", "weapon-range"),
    ("Die Rakete hat eine Reichweite von 1.500 Kilometern.", "de", "weapon-range"),
    ("Le missile a une portée de 1 500 km.", "fr", "weapon-range"),  # thousands grouped by a plain space
    ("Waduk itu mampu menampung 3 juta meter kubik air.", "id", "volume"),
    ("Jalan baru itu lebar 12 meter.", "id", "width"),
    ("Граница между странами длиной 17 км проходит по реке.", "ru", "length"),
    ("Der Fluss ist 521 Kilometer lang.", "de", "length"),
    ("Поезд шёл со скоростью 60 км/ч.", "ru", "speed"),
    ("Zona ewakuacji w promieniu 30 km od elektrowni.", "pl", "radius"),
    ("导弹射程为1500公里。", "zh", "weapon-range"),
])
def test_exclusions_in_every_language(text, language, why):
    assert find_distance_expressions(text, language=language) == []
    if why:
        assert [e.kind for e in find_distance_expressions(text, language=language, include_excluded=True)] \
            == [f"excluded:{why}"]


def test_undeclared_language_is_detected():
    # No language given: the text's language (detected) and English are read.
    e = one("Город находится примерно в 50 километрах от границы с Польшей, сообщили власти.")
    assert (e.value_km, e.qualifier) == (50, "approx")
    e = one("Miasto leży około 95 kilometrów na północ od Warszawy, podały władze.")
    assert (e.value_km, e.qualifier) == (95, "approx")


def test_a_word_only_beginning_like_a_unit_is_none():
    assert find_distance_expressions("He ran 5 milestones in the metro.", language="en") == []
    assert find_distance_expressions("Sekitar 5 menit kemudian.", language="id") == []


# --- reference points -----------------------------------------------------------------------
SEOUL = Place("t:seoul", "Seoul", 37.5665, 126.978, "city", "KR")
BUSAN = Place("t:busan", "Busan", 35.1796, 129.0756, "city", "KR")
KYIV = Place("t:kyiv", "Kyiv", 50.4501, 30.5234, "city", "UA")
POLAND = Place("t:pl", "Poland", 52.0, 19.0, "country", "PL")
DALLAS = Place("t:dallas", "Dallas", 32.7767, -96.797, "city", "US")
JAKARTA = Place("t:jakarta", "Jakarta", -6.2088, 106.8456, "city", "ID")
BANDUNG = Place("t:bandung", "Bandung", -6.9175, 107.6191, "city", "ID")
MADRID = Place("t:madrid", "Madrid", 40.4168, -3.7038, "city", "ES")
TOLEDO = Place("t:toledo", "Toledo", 39.8628, -4.0273, "city", "ES")
MOSCOW = Place("t:moscow", "Moscow", 55.7558, 37.6173, "city", "RU")
TVER = Place("t:tver", "Tver", 56.8587, 35.9176, "city", "RU")


def refs(text: str, language: str, *named: tuple[str, Place]) -> set[str]:
    ms = [at(text, surface, place) for surface, place in named]
    return {text[a:b] for a, b in claims.distance_reference_points(doc(text, language), ms)}


@pytest.mark.parametrize("text, language, named, expected", [
    ("The president arrived in Busan, about 330 km from Seoul, on Monday.", "en",
     [("Busan", BUSAN), ("Seoul", SEOUL)], {"Seoul"}),
    ("They stopped in a town 200 km north of Kyiv.", "en", [("Kyiv", KYIV)], {"Kyiv"}),
    ("The convoy drove 100 miles to Dallas.", "en", [("Dallas", DALLAS)], set()),
    ("He flew 300 km from Jakarta to Bandung.", "en", [("Jakarta", JAKARTA), ("Bandung", BANDUNG)], set()),
    ("Kim drove to Bandung, some 150 km away.", "en", [("Bandung", BANDUNG)], set()),
    ("Kereta berhenti sekitar 254 km dari stasiun Khasan.", "id", [("Khasan", KHASAN)], {"Khasan"}),
    ("Presiden tiba di Bandung, sekitar 150 km dari Jakarta.", "id",
     [("Bandung", BANDUNG), ("Jakarta", JAKARTA)], {"Jakarta"}),
    ("Rombongan menempuh perjalanan 150 km dari Jakarta ke Bandung.", "id",
     [("Jakarta", JAKARTA), ("Bandung", BANDUNG)], set()),
    ("Der Kanzler besuchte Rzeszów, 50 km von der Grenze zu Polen.", "de",
     [("Rzeszów", RZESZOW), ("Polen", POLAND)], {"Polen"}),
    ("Der Zug fuhr 300 Kilometer von Kyiv nach Rzeszów.", "de", [("Kyiv", KYIV), ("Rzeszów", RZESZOW)], set()),
    ("Путин прибыл в Тверь, в 180 км к северо-западу от Москвы.", "ru",
     [("Тверь", TVER), ("Москвы", MOSCOW)], {"Москвы"}),
    ("Кортеж проехал 180 км от Москвы до Твери.", "ru", [("Москвы", MOSCOW), ("Твери", TVER)], set()),
    ("El Papa visitó Toledo, a unos 70 kilómetros al sur de Madrid.", "es",
     [("Toledo", TOLEDO), ("Madrid", MADRID)], {"Madrid"}),
    ("El Papa viajó 70 kilómetros desde Madrid hasta Toledo.", "es", [("Madrid", MADRID), ("Toledo", TOLEDO)], set()),
    ("대통령은 서울에서 약 330km 떨어진 부산에 도착했다.", "ko", [("서울", SEOUL), ("부산", BUSAN)], {"서울"}),
    ("总统抵达釜山，距首尔约330公里。", "zh", [("釜山", BUSAN), ("首尔", SEOUL)], {"首尔"}),
    ("Tổng thống đến Busan, cách Seoul khoảng 330 km.", "vi", [("Busan", BUSAN), ("Seoul", SEOUL)], {"Seoul"}),
    ("大統領はソウルから約330キロ離れた釜山に到着した。", "ja", [("ソウル", SEOUL), ("釜山", BUSAN)], {"ソウル"}),
    ("Az elnök a Kijevtől 200 kilométerre fekvő városba érkezett.", "hu", [("Kijev", KYIV)], {"Kijev"}),
    ("Cumhurbaşkanı Kiev'den 200 kilometre uzaklıktaki kente vardı.", "tr", [("Kiev", KYIV)], {"Kiev"}),
])
def test_distance_reference_points(text, language, named, expected):
    assert refs(text, language, *named) == expected


def test_reference_point_claims_measure_from_the_place_before():
    text = "대통령은 서울에서 약 330km 떨어진 부산에 도착했다."
    ms = [at(text, "서울", SEOUL), at(text, "부산", BUSAN)]
    (c,) = find_claims(doc(text, "ko"), ms)
    assert {c.from_name, c.to_name} == {"Seoul", "Busan"} and c.qualifier == "approx"
    assert c.verdict == "consistent"


def _checked(tmp_path, text):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text(text + "\n", encoding="utf-8")
    return [(c.from_place.name if c.from_place else None, c.to_place.name if c.to_place else None, c.verdict)
            for c in itinerary.check([p]).claims]


@pytest.mark.parametrize("text", [
    "Jakarta and Surabaya are about 660 km apart.",
    "Jarak Jakarta ke Surabaya sekitar 660 kilometer.",
    "Jakarta dan Surabaya berjarak sekitar 660 km.",
])
def test_two_places_joined_before_the_figure_are_its_ends(tmp_path, text):
    assert _checked(tmp_path, text) == [("Jakarta", "Surabaya", "consistent")]


def test_a_city_state_is_an_end_like_a_city(tmp_path):
    # 300 nautical miles is 556 km; Singapore to Jakarta is about 900 km
    assert _checked(tmp_path, "The ship sailed 300 nautical miles from Singapore to Jakarta.") == [
        ("Singapore", "Jakarta", "inconsistent")]


def test_an_unknown_name_opening_the_claim_is_not_replaced_by_the_previous_sentence(tmp_path):
    # "Medan" is read as the Indonesian word, not found: the claim is unresolved, never measured from
    # Bandung; "the city" refers back, so that claim borrows the previous sentence's place
    text = "The president arrived in Bandung on Monday. Medan is about 1,400 km from Jakarta."
    assert [c[2] for c in _checked(tmp_path, text)] == ["unresolved"]
    text = "The president arrived in Bandung on Monday. The city is about 120 km from Jakarta."
    assert _checked(tmp_path, text) == [("Bandung", "Jakarta", "consistent")]


def test_a_reference_after_the_figure_with_a_from_case_ending(tmp_path):
    # Hungarian: "Belgrade lies about 320 km from Budapest", the reference last, in the ablative
    assert _checked(tmp_path, "Belgrád mintegy 320 kilométerre fekszik Budapesttől.") == [
        ("Belgrade", "Budapest", "consistent")]


@pytest.mark.parametrize("text", [
    "The president held talks in Riyadh on Tuesday. Kuwait is about 570 km from Doha.",
    "---\nlanguage: tr\n---\nErdoğan salı günü Riyad'da temaslarda bulundu. Kuveyt, Doha'ya yaklaşık 570 kilometre "
    "uzaklıkta bulunuyor.",
])
def test_a_country_opening_the_claim_is_not_replaced_by_the_sentence_before(tmp_path, text):
    # the distance is told of the country, which has no point: unresolved, never measured from Riyadh
    assert _checked(tmp_path, text) == [(None, "Doha", "unresolved")]


def test_a_place_named_only_in_the_sentence_before_is_still_borrowed(tmp_path):
    text = "The president held talks in Riyadh on Tuesday. The city is about 870 km from Doha."
    assert _checked(tmp_path, text) == [("Riyadh", "Doha", "plausible-route")]
