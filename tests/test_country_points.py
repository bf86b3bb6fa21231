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
