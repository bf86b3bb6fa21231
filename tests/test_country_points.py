"""A country's point (where a stop named only by its country is drawn and measured) lies on the
country: the CIA World Factbook's geographic centres put some in the sea or in a neighbour
(Kuwait's 29°30'N 45°45'E is in Iraq); those use Natural Earth's label point instead (or, where
that misses too, a point of the largest island)."""
from shapely.geometry import Point

from itinerary import geodesy
from itinerary.regions import read_country_points


def test_every_country_point_lies_on_its_country():
    outside = []
    for cc, (lat, lon) in read_country_points().items():
        geom = geodesy.country_geometry(cc)
        if geom is not None and not geom.buffer(0.05).contains(Point(lon, lat)) \
                and geodesy.distance_to_country_km(lat, lon, cc)[0] > 30:  # islands: the label point's shore
            outside.append(cc)
    assert outside == []


def test_kuwait_is_drawn_in_kuwait():
    lat, lon = read_country_points()["KW"]
    assert geodesy.country_at(lat, lon) == "KW"


# --- where a country stop is drawn: the middle of its main territory's map extent -------------

import pytest  # noqa: E402

import itinerary  # noqa: E402
from itinerary.regions import build_extent_centres, read_extent_centres  # noqa: E402


def test_every_extent_centre_lies_on_its_country():
    outside = [cc for cc, (lat, lon) in read_extent_centres().items()
               if geodesy.country_at(lat, lon, tolerance_km=1.0) != cc]
    assert outside == []


def test_the_packaged_extent_centres_are_what_the_builder_makes(tmp_path):
    out = tmp_path / "centres.csv"
    assert build_extent_centres(out) == len(read_extent_centres())
    assert read_extent_centres(out) == read_extent_centres()


@pytest.mark.parametrize("cc, lat, lon", [
    ("KE", 0.18, 37.89),   # the middle of Kenya's extent, 110 km south of the Factbook's 1N 38E
    ("TZ", -6.36, 34.89),
    ("LT", 55.16, 23.86),
    ("FR", 46.23, 2.21),   # metropolitan France: the overseas regions are far from its mainland
    ("MY", 3.99, 101.97),  # Peninsular Malaysia, where Kuala Lumpur is; Borneo is 600 km away
])
def test_extent_centres_of_real_countries(cc, lat, lon):
    got = read_extent_centres()[cc]
    assert geodesy.geodesic_km(*got, lat, lon) < 5


def test_main_territory_chains_near_islands_and_leaves_far_ones():
    us = geodesy.main_territory(geodesy.country_geometry("US"), anchor=(38.9, -77.04))  # Washington
    assert all(p.bounds[1] > 24 for p in us)  # Hawaii (19-22N) is not part of it
    assert all(p.bounds[3] < 50 for p in us)  # nor is Alaska (51-71N)
    au = geodesy.main_territory(geodesy.country_geometry("AU"))
    assert min(p.bounds[1] for p in au) < -43  # Tasmania, across Bass Strait's islands, is
    fiji = geodesy.extent_centre(geodesy.country_geometry("FJ"))
    assert abs(fiji[1]) > 177  # spans the antimeridian: the middle is near 180, not near 0


def test_a_country_stop_is_drawn_at_its_extent_centre_and_its_toponym_keeps_the_gazetteer_point(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\npublished: 2025-03-12\n---\nThe trade delegation flew to Kenya on Monday.\n",
                 encoding="utf-8")
    stop = itinerary.route([p]).stops[0]
    assert stop.place.name == "Kenya" and stop.place.feature == "country"
    assert (stop.place.lat, stop.place.lon) == read_extent_centres()["KE"]
    mention = [m for m in itinerary.places([p]).mentions if m.place.feature == "country"][0]
    assert (mention.place.lat, mention.place.lon) == read_country_points()["KE"]
