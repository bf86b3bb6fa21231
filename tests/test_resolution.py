"""Toponym resolution in context (issue 12, item 4): a place named with its state or country lies
in it; namesake areas follow the document's country; names listed before a plural feature word
are of that kind; a city named like its region is the city unless the region word is written;
datelines in capitals are places. Self-written sentences, resolved against the real gazetteer."""
import pytest

from itinerary import languages as L
from itinerary import mentions as M
from itinerary.model import Document


def _resolved(gazetteer, text):
    doc = Document(id="t", path="t.txt", text=text, body_start=0)
    ms = M.find_mentions(doc, gazetteer)
    for m in ms:
        assert text[m.start:m.end] == m.name  # offsets are exact
    return {m.name: m.place for m in ms}


# ---------------------------------------------------------------------------------------------
# A place named with its state is inside it


def test_paris_texas_is_in_texas(gazetteer):
    got = _resolved(gazetteer, "The festival drew visitors from Paris, Texas, and from nearby towns.")
    assert (got["Paris"].country, got["Paris"].admin1) == ("US", "TX")
    assert got["Texas"].feature == "region"


def test_paris_alone_is_the_capital(gazetteer):
    got = _resolved(gazetteer, "She moved from Paris to Lyon last year.")
    assert got["Paris"].country == "FR" and got["Lyon"].country == "FR"


# ---------------------------------------------------------------------------------------------
# Namesake areas and places of different countries: the document's country decides


def test_georgia_beside_atlanta_is_the_state(gazetteer):
    got = _resolved(gazetteer, "The bill passed in Atlanta on Monday. Georgia lawmakers said the vote in Savannah "
                               "and Macon was close.")
    assert (got["Georgia"].feature, got["Georgia"].country, got["Georgia"].admin1) == ("region", "US", "GA")
    assert (got["Atlanta"].country, got["Atlanta"].admin1) == ("US", "GA")


def test_georgia_beside_tbilisi_is_the_country(gazetteer):
    got = _resolved(gazetteer, "The war in Georgia began in August, when Russian troops entered South Ossetia "
                               "near Tbilisi.")
    assert (got["Georgia"].feature, got["Georgia"].country) == ("country", "GE")


def test_namesake_city_follows_the_document_country(gazetteer):
    us = _resolved(gazetteer, "Police in Alexandria said the suspect fled toward Pineville and Natchitoches "
                              "before he was caught near Lafayette.")
    assert (us["Alexandria"].country, us["Alexandria"].admin1) == ("US", "LA")
    eg = _resolved(gazetteer, "Ships left Alexandria for Port Said, and the convoy reached Cairo by night.")
    assert eg["Alexandria"].country == "EG"


# ---------------------------------------------------------------------------------------------
# Names listed before a plural feature word


def test_names_listed_before_counties_are_counties(gazetteer):
    text = "Flooding closed roads in Douglas, Sarpy and Lancaster counties on Tuesday, officials in Omaha said."
    got = _resolved(gazetteer, text)
    for name in ("Douglas", "Sarpy", "Lancaster"):  # "Sarpy" alone is no name: found through "Sarpy County"
        assert (got[name].feature, got[name].country, got[name].admin1) == ("district", "US", "NE"), name
    assert got["Omaha"].admin1 == "NE"


def test_names_listed_before_regions_are_regions(gazetteer):
    got = _resolved(gazetteer, "Officials in Kherson and Mykolaiv regions reported shelling.")
    assert got["Kherson"].feature == "region" and got["Mykolaiv"].feature == "region"
    assert got["Kherson"].country == got["Mykolaiv"].country == "UA"


def test_plural_feature_words():
    en = M._lang("en")
    assert M._plural_feature("counties", en) == "district"
    assert M._plural_feature("provinces", en) == "region"
    assert M._plural_feature("States", en) == "region"
    assert M._plural_feature("county", en) == ""  # singular: part of a name or its own hint
    assert M._plural_feature("Texas", en) == ""


def test_a_lone_name_before_a_plural_word_is_left_alone(gazetteer):
    # one name is no list ("Texas counties" are counties in Texas)
    got = _resolved(gazetteer, "Most Texas counties voted early.")
    assert got["Texas"].feature == "region"


# ---------------------------------------------------------------------------------------------
# A city named like its region is the city, unless the region word is written


def test_city_named_like_its_prefecture(gazetteer):
    got = _resolved(gazetteer, "He left Tokyo for Osaka, about 400 km away.")
    assert got["Osaka"].feature == "city"
    got = _resolved(gazetteer, "The governor of Osaka Prefecture met reporters.")
    assert got["Osaka Prefecture"].feature == "region" and got["Osaka Prefecture"].country == "JP"


# ---------------------------------------------------------------------------------------------
# Datelines


@pytest.mark.parametrize("text, name, cc", [
    ("OMAHA - The city council met on Tuesday to discuss the budget.", "OMAHA", "US"),
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON", "US"),
    ("Storm damage. BELGRADE, Serbia -- Heavy rain flooded streets.", "BELGRADE", "RS"),
])
def test_dateline_in_capitals_is_a_place(gazetteer, text, name, cc):
    got = _resolved(gazetteer, text)
    assert name in got and got[name].country == cc


def test_capitals_that_are_no_dateline_stay_words(gazetteer):
    got = _resolved(gazetteer, "The report was VERY clear - nobody was hurt.")
    assert "VERY" not in got


# ---------------------------------------------------------------------------------------------
# Language-pack words read with a fallback (proposed keys: within_words, border_words)


@pytest.fixture
def en_words(monkeypatch):
    """The English pack with the proposed [mentions] keys, as the lead may add them."""
    mentions = L.get("en").data["mentions"]
    monkeypatch.setitem(mentions, "within_words", ["in", "within"])
    monkeypatch.setitem(mentions, "border_words", ["border"])
    M._LANGS.clear()
    yield
    M._LANGS.clear()


def test_missing_pack_keys_are_empty():
    assert isinstance(M._lang("en").within_words, frozenset)
    assert isinstance(M._lang("en").border_words, frozenset)


def test_counties_in_a_state(gazetteer, en_words):
    got = _resolved(gazetteer, "Volunteers came from Camden and Charlton counties in Georgia.")
    assert (got["Georgia"].feature, got["Georgia"].country) == ("region", "US")
    assert (got["Camden"].feature, got["Camden"].admin1) == ("district", "GA")


def test_name_before_border_is_the_area(gazetteer, en_words):
    got = _resolved(gazetteer, "Traffic was stopped near the New York border on Interstate 90 in Massachusetts.")
    assert got["New York"].feature == "region"
