"""Geodesy and country data against real-world facts (Natural Earth 10m, WGS84)."""
import math

import pytest

from itinerary import geodesy as g

ARTYOM = (43.3595, 132.1896)
KHASAN_STATION = (42.4297, 130.6453)
VLADIVOSTOK = (43.1056, 131.8735)
ANCHORAGE = (61.2181, -149.9003)
PYONGYANG = (39.0392, 125.7625)
JAKARTA = (-6.2088, 106.8456)
MOSCOW = (55.7558, 37.6173)


def test_artyom_to_khasan_station_is_about_163_km():
    assert g.geodesic_km(*ARTYOM, *KHASAN_STATION) == pytest.approx(163, abs=3)


@pytest.mark.parametrize("a, b", [
    (ARTYOM, KHASAN_STATION), (VLADIVOSTOK, ANCHORAGE), (JAKARTA, PYONGYANG),
    ((0.0, 0.0), (0.5, 179.7)), ((89.9, 10.0), (-89.9, -170.0)),
])
def test_geodesic_is_symmetric_and_non_negative(a, b):
    d = g.geodesic_km(*a, *b)
    assert d > 0
    assert g.geodesic_km(*b, *a) == d


def test_geodesic_of_a_point_to_itself_is_zero():
    assert g.geodesic_km(*PYONGYANG, *PYONGYANG) == 0.0


def test_artyom_is_about_164_km_from_the_russia_north_korea_border():
    km, (lat, lon) = g.distance_to_border_km(*ARTYOM, "RU", "KP")
    assert km == pytest.approx(164, abs=5)
    # The nearest border point is on the Tumen, south-west of Artyom.
    assert 42.2 < lat < 42.6 and 130.5 < lon < 130.8
    assert g.geodesic_km(*ARTYOM, lat, lon) == pytest.approx(km)


def test_border_distance_ignores_argument_order_and_case():
    assert g.distance_to_border_km(*ARTYOM, "kp", "ru") == g.distance_to_border_km(*ARTYOM, "RU", "KP")


def test_khasan_station_is_next_to_the_border():
    km, _ = g.distance_to_border_km(*KHASAN_STATION, "RU", "KP")
    assert km < 5


def test_russia_and_north_korea_share_a_short_border():
    length = g.border_length_km("RU", "KP")
    assert length is not None and 15 < length < 40
    assert g.shared_border("KP", "RU").geom_type in ("LineString", "MultiLineString")


def test_russia_and_indonesia_share_no_border():
    assert g.shared_border("RU", "ID") is None
    assert g.distance_to_border_km(*ARTYOM, "RU", "ID") is None


def test_unknown_codes_give_none():
    assert g.country_geometry("ZZ") is None
    assert g.distance_to_border_km(*ARTYOM, "RU", "ZZ") is None
    assert g.distance_to_country_km(*ARTYOM, "ZZ") is None


def test_great_circle_vladivostok_anchorage_splits_at_the_antimeridian():
    parts = g.great_circle(*VLADIVOSTOK, *ANCHORAGE, step_km=50.0)
    assert len(parts) == 2
    first, second = parts
    assert first[0] == VLADIVOSTOK and second[-1] == ANCHORAGE
    assert first[-1][1] == 180.0 and second[0][1] == -180.0
    assert first[-1][0] == pytest.approx(second[0][0])  # same crossing latitude
    for part in parts:
        for (lat_a, lon_a), (lat_b, lon_b) in zip(part, part[1:]):
            assert abs(lon_b - lon_a) < 180
            assert g.geodesic_km(lat_a, lon_a, lat_b, lon_b) <= 50.0 + 1e-6
    total = sum(g.geodesic_km(*p, *q) for part in parts for p, q in zip(part, part[1:]))
    assert total == pytest.approx(g.geodesic_km(*VLADIVOSTOK, *ANCHORAGE), rel=1e-3)


def test_great_circle_unwrapped_for_leaflet_is_one_continuous_line():
    [line] = g.great_circle(*VLADIVOSTOK, *ANCHORAGE, unwrap=True)
    assert line[0] == VLADIVOSTOK
    assert line[-1][0] == pytest.approx(ANCHORAGE[0])
    assert line[-1][1] == pytest.approx(ANCHORAGE[1] + 360.0)  # -149.9 drawn as 210.1
    assert all(abs(b[1] - a[1]) < 5 for a, b in zip(line, line[1:]))


def test_great_circle_that_does_not_cross_is_one_part():
    parts = g.great_circle(*JAKARTA, *PYONGYANG, step_km=100.0)
    assert len(parts) == 1
    expected = math.ceil(g.geodesic_km(*JAKARTA, *PYONGYANG) / 100.0) + 1
    assert len(parts[0]) == expected


def test_great_circle_rejects_a_non_positive_step():
    with pytest.raises(ValueError):
        g.great_circle(*JAKARTA, *PYONGYANG, step_km=0)


@pytest.mark.parametrize("point, code", [
    (ARTYOM, "RU"), (PYONGYANG, "KP"), (JAKARTA, "ID"),
    ((48.8566, 2.3522), "FR"),      # NE writes ISO_A2 -99 for France
    ((59.9139, 10.7522), "NO"),     # ... and for Norway
    ((42.6629, 21.1655), "XK"),     # Kosovo
    ((25.0330, 121.5654), "TW"),    # NE writes CN-TW
    ((-10.49, 105.62), "AU"),       # Christmas Island: NE's "Indian Ocean Ter." piece
    ((0.0, -150.0), None),          # open Pacific
])
def test_country_at(point, code):
    assert g.country_at(*point) == code


def test_country_at_with_tolerance_catches_a_point_just_offshore():
    offshore = (43.05, 131.95)  # in the bay south of Vladivostok
    assert g.country_at(*offshore) is None
    assert g.country_at(*offshore, tolerance_km=10) == "RU"


def test_distance_to_country_outline_from_outside_and_inside():
    km, (lat, lon) = g.distance_to_country_km(*VLADIVOSTOK, "CN")
    assert 40 < km < 120 and 42 < lat < 45 and 130 < lon < 132
    inside_km, _ = g.distance_to_country_km(*MOSCOW, "RU")  # to the outline, not 0
    assert inside_km > 300


def test_country_records_and_names():
    fr = g.country_record("FR")
    assert fr["ISO_A2"] == "FR" and fr["ADM0_A3"] == "FRA" and fr["NAME"] == "France"
    assert g.country_record("fra") == fr
    names = g.country_names()
    assert names["KP"]["ko"] == "조선민주주의인민공화국"
    assert names["RU"]["id"] == "Rusia"
    assert names["KP"]["formal"] == "Democratic People's Republic of Korea"
    assert "RU" in g.country_codes() and "XK" in g.country_codes()
    lat, lon = g.country_label_point("KP")
    assert g.country_at(lat, lon) == "KP"


def test_city_state_screen_agrees_with_geodesic_area_for_every_country():
    """is_city_state's planar pre-screen never disagrees with the geodesic area it skips."""
    from itinerary import geodesy as g

    for code in g.country_codes():
        area = g.country_area_km2(code)
        assert g.is_city_state(code) == (area is not None and area <= g.CITY_STATE_KM2), code
