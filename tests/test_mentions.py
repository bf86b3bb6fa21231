"""Place mentions in real-style sentences: extraction in several languages and scripts, each
false-positive family, spans, and disambiguation in context."""
import pytest

from itinerary.mentions import find_mentions
from itinerary.model import Document


def _mentions(gazetteer, text, language=None, **kw):
    doc = Document(id="t", path="t.txt", text=text, body_start=0, language=language)
    ms = find_mentions(doc, gazetteer, **kw)
    for m in ms:
        assert text[m.start:m.end] == m.name  # offsets are exact
    return ms


def _names(gazetteer, text, **kw):
    return [(m.name, m.place.name) for m in _mentions(gazetteer, text, **kw)]


# ---------------------------------------------------------------------------------------------
# Extraction


def test_indonesian_seed_sentence(gazetteer):
    text = ("Kereta lapis baja yang membawa Kim Jong Un tiba di stasiun Khasan, Rusia, pada Selasa pagi "
            "sebelum melanjutkan perjalanan ke Kosmodrom Vostochny di wilayah Amur.")
    got = _names(gazetteer, text)
    places = [p for _, p in got]
    assert "Khasan station" in places and "Russia" in places and "Vostochny Cosmodrome" in places
    assert any(p == "Amur Oblast" for p in places)
    assert not any(n in ("Jong", "Un", "Kim", "Selasa") for n, _ in got)


def test_english_sentence(gazetteer):
    text = ("North Korean leader Kim Jong Un arrived in Vladivostok on Wednesday after visiting the "
            "Vostochny Cosmodrome in Russia's Amur Oblast, officials in Seoul said.")
    got = dict(_names(gazetteer, text))
    assert got["Vladivostok"] == "Vladivostok"
    assert got["Vostochny Cosmodrome"] == "Vostochny Cosmodrome"
    assert got["Russia"] == "Russia"  # the possessive 's is not part of the name
    assert got["Amur Oblast"] == "Amur Oblast"
    assert got["Seoul"] == "Seoul"
    assert got["North Korean"] == "North Korea"  # a demonym names its country


def test_cyrillic_sentence(gazetteer):
    text = "Поезд Ким Чен Ына прибыл на станцию Хасан, а затем направился во Владивосток и Артём."
    places = [m.place.name for m in _mentions(gazetteer, text)]
    assert places == ["Khasan station", "Vladivostok", "Artyom"]


def test_korean_sentence_with_particles(gazetteer):
    text = "김정은 위원장은 블라디보스토크에서 러시아 대통령과 만났다."
    got = _names(gazetteer, text)
    assert ("블라디보스토크", "Vladivostok") in got  # the particle 에서 is not part of the mention
    assert ("러시아", "Russia") in got


def test_regions_resolve(gazetteer):
    text = ("Officials in Primorsky Krai, Amur Oblast and Kharkiv Oblast said the roads were open. "
            "Pejabat di Primorye juga setuju.")
    got = [(m.name, m.place.name, m.place.feature) for m in _mentions(gazetteer, text)]
    assert ("Primorsky Krai", "Primorsky Krai", "region") in got
    assert ("Amur Oblast", "Amur Oblast", "region") in got
    assert ("Kharkiv Oblast", "Kharkiv Oblast", "region") in got
    assert ("Primorye", "Primorsky Krai", "region") in got


def test_us_states_and_abbreviations(gazetteer):
    text = "SPRINGFIELD, Ill. (AP) — Lawmakers from Texas and California met in Boise, Idaho, on Monday."
    got = dict(_names(gazetteer, text))
    assert got["SPRINGFIELD"] == "Springfield" and got["Ill."] == "Illinois"
    assert got["Texas"] == "Texas" and got["California"] == "California"
    assert got["Boise"] == "Boise" and got["Idaho"] == "Idaho"


def test_diacritics_are_folded(gazetteer):
    got = _names(gazetteer, "Ukrainian refugees crossed into Poland near Przemysl on Friday.")
    assert ("Przemysl", "Przemyśl") in got


def test_airports_resolve(gazetteer):
    got = _names(gazetteer, "The delegation landed at the Rzeszow-Jasionka airport before driving to the border.")
    assert got and got[0][1].startswith("Rzeszów") and "airport" in got[0][1].lower()
    for text in ("Pesawat mendarat di Bandara Internasional Abu Dhabi pada Senin.",
                 "The plane landed at Abu Dhabi International Airport on Monday."):
        ms = _mentions(gazetteer, text)
        assert ms and ms[0].place.country == "AE"


# ---------------------------------------------------------------------------------------------
# False positives, one family at a time


@pytest.mark.parametrize("text, word", [
    ("Presiden Jokowi dan Menteri Luar Negeri Retno Marsudi tiba di Jakarta.", "dan"),
    ("Kim Jong Un inspected the new warship in Vladivostok.", "Un"),
    ("Wilayah Barat Laut terdampak banjir, kata pejabat di Jakarta.", "Barat"),
    ("Pasukan bergerak ke arah Selatan kota itu pada malam hari.", "Selatan"),
    ("Of the five ministers who met in Moscow, two left early.", "Of"),
    ("Man arrested after the protest in London, police said.", "Man"),
    ("Nice weather greeted the delegation when it reached Seoul.", "Nice"),
    ("Mobile phones were banned during the meeting in Vladivostok.", "Mobile"),
])
def test_common_words_are_not_places(gazetteer, text, word):
    assert word not in [m.name for m in _mentions(gazetteer, text)]


def test_places_that_are_common_words_still_found_with_support(gazetteer):
    got = _names(gazetteer, "The summit moved from Mobile, Alabama, to Nice, France, in June.")
    assert ("Mobile", "Mobile") in got and ("Nice", "Nice") in got


@pytest.mark.parametrize("text, word", [
    ("Russian President Vladimir Putin met Kim at the cosmodrome.", "Putin"),
    ("Russian President Vladimir Putin met Kim at the cosmodrome.", "Vladimir"),
    ("Kim told reporters the talks in Moscow had gone well.", "Kim"),
    ("Abraham Lincoln delivered the address in 1863. Lincoln spoke for two minutes.", "Lincoln"),
    ("Pengamat politik Victoria Rowell mengatakan hal itu di Jakarta.", "Victoria"),
])
def test_person_names_are_not_places(gazetteer, text, word):
    assert word not in [m.name for m in _mentions(gazetteer, text)]


@pytest.mark.parametrize("text, word", [
    ("The Washington Post reported the visit on Tuesday.", "Washington"),
    ("Leaders gathered for the Asia Pacific Economic Cooperation summit in Lima.", "Pacific"),
    ("Leaders gathered for the Asia Pacific Economic Cooperation summit in Lima.", "Asia"),
    ("The embassy is on Moscow Street in the old town.", "Moscow"),
])
def test_organisations_and_streets_are_not_places(gazetteer, text, word):
    assert word not in [m.name for m in _mentions(gazetteer, text)]


@pytest.mark.parametrize("text", [
    "The delegation will return in May and again on Sunday.",
    "Delegasi akan kembali pada bulan Mei dan pada hari Minggu.",
    "Talks resumed on Monday, March 4, and ended in August.",
])
def test_months_and_weekdays_are_not_places(gazetteer, text):
    assert _mentions(gazetteer, text) == []


def test_acronyms_are_not_places_but_datelines_are(gazetteer):
    got = _names(gazetteer, "MOSCOW (Reuters) — Trade with the CIS grew, the SANA agency said.")
    assert got == [("MOSCOW", "Moscow")]


# ---------------------------------------------------------------------------------------------
# Disambiguation


def test_artyom_in_primorye_is_artyom_russia(gazetteer):
    text = ("Kim visited an aircraft plant in Primorye on Friday. His train then stopped in Artyom, "
            "a city near Vladivostok.")
    m = next(m for m in _mentions(gazetteer, text) if m.name == "Artyom")
    assert m.place.country == "RU" and abs(m.place.lat - 43.36) < 0.2


def test_washington_beside_white_house_is_the_city(gazetteer):
    text = "The White House said on Monday that officials in Washington were studying the report."
    m = next(m for m in _mentions(gazetteer, text) if m.name == "Washington")
    assert m.place.feature == "city" and abs(m.place.lat - 38.9) < 0.2


def test_qualifier_after_comma_decides(gazetteer):
    ms = _mentions(gazetteer, "The fire started in Athens, Georgia, and spread to Paris, Texas, overnight.")
    got = {m.name: m.place for m in ms}
    assert got["Athens"].country == "US" and got["Paris"].country == "US"
    assert got["Georgia"].country == "US"


def test_country_bias_and_near_bias(gazetteer):
    base = _mentions(gazetteer, "The convoy reached Alexandria at dawn.")[0].place
    assert base.country == "EG"
    assert _mentions(gazetteer, "The convoy reached Alexandria at dawn.", country="US")[0].place.country == "US"
    near = _mentions(gazetteer, "The convoy reached Alexandria at dawn.", near=(38.8, -77.05))[0].place
    assert near.country == "US" and abs(near.lat - 38.8) < 0.5


def test_real_failures_from_itinerary_articles(gazetteer):
    text = ("Kim landed at the Changi airport in Singapore. Protesters gathered in Whitehall, London. "
            "Menteri itu kemudian terbang ke Kota London.")
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Singapore"].country == "SG"
    assert got["Whitehall"].country == "GB"
    assert got["Kota London"].country == "GB"


def test_one_sense_per_document(gazetteer):
    text = ("Georgia lawmakers met in Atlanta. Later, Georgia's governor flew to Savannah. "
            "The Georgia delegation returned on Friday.")
    places = {m.place.id for m in _mentions(gazetteer, text) if m.name.startswith("Georgia")}
    assert len(places) == 1


def test_nearby_small_towns_beat_famous_namesakes(gazetteer):
    # spatial minimality: only the Minnesota readings of the two names lie together
    text = ("Voters in Jordan and Shakopee will decide on a shared school levy in November, "
            "the Scott County board said.")
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Jordan"].country == "US" and got["Jordan"].admin1 == "MN"


def test_small_town_cluster_resolves_together(gazetteer):
    # three names with many readings each: the Iowa ones are the only close trio
    text = ("Police in New London asked drivers to avoid the highway between Mt. Pleasant and Winfield "
            "after Tuesday's ice storm.")
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert {got[n].admin1 for n in ("New London", "Mt. Pleasant", "Winfield")} == {"IA"}


def test_a_list_is_of_one_kind(gazetteer):
    text = "The number of police officers in England and Wales has fallen since 2010."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Wales"].feature == "region" and got["Wales"].country == "GB"
    text = "Tech firms are moving from states such as California or Washington to cheaper ones."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Washington"].feature == "region" and got["Washington"].admin1 == "WA"


def test_a_demonym_before_a_noun_is_its_country(gazetteer):
    # "Canadian" is also a town in Texas, and Texas is named: the adjective still means Canada
    text = ("The slugger moved to Texas last winter. Fans loved his attitude, even if it is not exactly "
            "the Canadian way.")
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Canadian"].country == "CA" and got["Canadian"].feature == "country"


def test_famous_city_beats_small_namesake_in_a_named_state(gazetteer):
    # Ohio and Michigan each have a small Louisville / Memphis: a state named elsewhere in the
    # article is too weak to outweigh the famous city, but a qualifier still pins the small town
    text = "Fans drove down from Ohio and Pennsylvania on Saturday, but their team lost to Louisville by six points."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Louisville"].admin1 == "KY" and got["Louisville"].feature == "city"
    text = "Students from Michigan and Indiana cheered as the team beat Memphis in overtime."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Memphis"].admin1 == "TN"
    text = "Louisville, Ohio, will repave Main Street this summer, the mayor of the small town said."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Louisville"].admin1 == "OH"


def test_bare_state_name_is_the_state_not_a_village(gazetteer):
    # Florida, New York is a village of a few thousand people: New York named nearby does not make
    # a bare "Florida" the village, but "Florida, N.Y." is
    text = "Fans from New York and New Jersey cheered as the team beat Florida on Sunday."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Florida"].feature == "region" and got["Florida"].admin1 == "FL"
    text = "Commuters from Middletown and Goshen said the new bus stops in Florida, N.Y., save them an hour."
    got = {m.name: m.place for m in _mentions(gazetteer, text)}
    assert got["Florida"].feature == "town" and got["Florida"].admin1 == "NY"


def test_a_name_written_with_a_comma_is_one_mention(gazetteer):
    text = "Artists in Washington, D.C., painted a mural a few blocks from the White House."
    ms = _mentions(gazetteer, text)
    assert ms[0].name == "Washington, D.C." and ms[0].place.feature == "city"
    # a comma between two names still parts them
    text = "The tour stops in Boise, Idaho, and Spokane, Washington, next month."
    names = [m.name for m in _mentions(gazetteer, text)]
    assert "Boise" in names and "Idaho" in names and "Spokane" in names


def test_russian_case_endings_resolve(gazetteer):
    from itinerary.model import Document

    text = "Из Москвы сообщили, что Ким позже был в Хабаровске, а затем вернулся в Пхеньян."
    doc = Document(id="ru", path="ru.txt", text=text, body_start=0)
    found = [(m.name, m.place.name) for m in find_mentions(doc, gazetteer)]
    assert found == [("Москвы", "Moscow"), ("Хабаровске", "Khabarovsk"), ("Пхеньян", "Pyongyang")]
    assert all(text[m.start:m.end] == m.name for m in find_mentions(doc, gazetteer))


# ---------------------------------------------------------------------------------------------
# Languages: the document's language pack decides the words; names under case endings, clitics
# and particles; names inside unspaced (Japanese, Chinese) text


def _found(gazetteer, text, language=None):
    doc = Document(id="t", path="t.txt", text=text, body_start=0, language=language)
    ms = find_mentions(doc, gazetteer)
    for m in ms:
        assert text[m.start:m.end] == m.name
    return [(m.name, m.place.name) for m in ms]


@pytest.mark.parametrize("language, text, expected", [
    # Hungarian case suffixes (illative, inessive, elative, sublative)
    ("hu", "A miniszter Moszkvába utazott, majd Kijevbe ment; a küldöttség Varsóból érkezett Budapestre.",
     [("Moszkvába", "Moscow"), ("Kijevbe", "Kyiv"), ("Varsóból", "Warsaw"), ("Budapestre", "Budapest")]),
    ("hu", "A tárgyalások Moszkvában folytatódtak.", [("Moszkvában", "Moscow")]),
    # Turkish suffixes after an apostrophe: the mention ends before it
    ("tr", "Bakan Ankara'da konuştu, ardından Moskova'ya gitti ve Pekin'den döndü.",
     [("Ankara", "Ankara"), ("Moskova", "Moscow"), ("Pekin", "Beijing")]),
    # Polish locative and genitive
    ("pl", "Premier spotkał się z ministrem w Lizbonie, a potem poleciał do Warszawy z Krakowa.",
     [("Lizbonie", "Lisbon"), ("Warszawy", "Warsaw"), ("Krakowa", "Kraków")]),
    # Ukrainian genitive and locative with the і ~ о/е alternation
    ("uk", "Делегація прибула до Києва, а потім зупинилася у Львові.", [("Києва", "Kyiv"), ("Львові", "Lviv")]),
    # Russian: an adjective and a noun both inflected
    ("ru", "Переговоры прошли в Нижнем Новгороде, а затем в Хабаровске.",
     [("Нижнем Новгороде", "Nizhniy Novgorod"), ("Хабаровске", "Khabarovsk")]),
    # Greek accusative after στην/από τη (the nominative form) and genitive
    ("el", "Ο υπουργός έφτασε στην Αθήνα από τη Μόσχα μετά την επίσκεψη του Πεκίνου.",
     [("Αθήνα", "Athens"), ("Μόσχα", "Moscow"), ("Πεκίνου", "Beijing")]),
    # Korean particles (cut off) and an administrative suffix joined to the name (kept)
    ("ko", "대표단은 블라디보스토크에서 출발해 부산시에 도착했다.", [("블라디보스토크", "Vladivostok"), ("부산시", "Busan")]),
    # Arabic proclitics: "and", "in" joined to the name
    ("ar", "وصل الوزير إلى بغداد والقاهرة بعد أن مكث بموسكو.",
     [("بغداد", "Baghdad"), ("القاهرة", "Cairo"), ("موسكو", "Moscow")]),
    # German genitive -s; French elision
    ("de", "Der Minister sprach über die Zukunft Deutschlands.", [("Deutschlands", "Germany")]),
    ("fr", "La délégation est partie d'Ankara pour l'Ukraine.", [("Ankara", "Ankara"), ("Ukraine", "Ukraine")]),
])
def test_inflected_names(gazetteer, language, text, expected):
    assert _found(gazetteer, text, language) == expected


def test_inflected_names_without_a_declared_language(gazetteer):
    # the language is detected from the text when the document does not declare it
    assert _found(gazetteer, "A miniszter tegnap Moszkvába utazott, ahol a kormány tagjaival tárgyalt.") == \
        [("Moszkvába", "Moscow")]


def test_an_ending_gives_only_gazetteer_names(gazetteer):
    # "Krakowie" -> "Kraków" by a declared ending; a capitalised common word stays a word
    got = _found(gazetteer, "Wczoraj w Krakowie Rada Miasta przyjęła budżet.", "pl")
    assert got == [("Krakowie", "Kraków")]


def test_an_inflected_name_after_a_title_is_the_place_of_the_office(gazetteer):
    # "мэр Москвы" is Moscow's mayor: the genitive place stays a place
    got = _found(gazetteer, "Мэр Москвы встретился с губернатором области.", "ru")
    assert ("Москвы", "Moscow") in got


@pytest.mark.parametrize("language, text, expected", [
    ("ja", "岸田首相は東京から大阪へ移動した。", [("東京", "Tokyo"), ("大阪", "Osaka")]),
    ("zh", "习近平抵达莫斯科。", [("莫斯科", "Moscow")]),
    ("zh", "代表团从北京飞往上海。", [("北京", "Beijing"), ("上海", "Shanghai")]),
    ("ja", "首脳はモスクワとサンパウロを訪問した。", [("モスクワ", "Moscow"), ("サンパウロ", "São Paulo")]),
])
def test_names_inside_unspaced_text(gazetteer, language, text, expected):
    assert _found(gazetteer, text, language) == expected


def test_unspaced_longest_name_first(gazetteer):
    # "达莫" (a town's Chinese name) straddles "抵达|莫斯科": the longer name takes the characters
    assert _found(gazetteer, "总统抵达莫斯科。", "zh") == [("莫斯科", "Moscow")]
    # a name inside a longer name is not a mention of its own: "東京都" (Tokyo) holds "京都" (Kyoto)
    got = _found(gazetteer, "会議は東京都内で開かれた。", "ja")
    assert got == [("東京都", "Tokyo")]


def test_unspaced_people_and_organisations_are_not_places(gazetteer):
    got = _found(gazetteer, "上海合作组织峰会在北京举行。", "zh")
    assert got == [("北京", "Beijing")]  # the organisation is named after Shanghai
    got = _found(gazetteer, "山田さんと中村さんは大阪に住んでいる。", "ja")
    assert got == [("大阪", "Osaka")]  # an honorific follows a person's name


def test_a_few_unspaced_characters_in_an_english_text(gazetteer):
    got = _found(gazetteer, "The sign at the station read 東京 in large letters.", "en")
    assert ("東京", "Tokyo") in got


def test_the_document_language_picks_the_words(gazetteer):
    # "AS" (Amerika Serikat) is a name in Indonesian; English "as" is a stop word of English only
    got = _found(gazetteer, "Presiden bertemu Menteri Luar Negeri AS di Jakarta.", "id")
    assert ("AS", "United States") in got
    # a weekday of the document's language (CLDR via babel) that is also a town's name
    got = _found(gazetteer, "Bakanlar Pazar günü Ankara'da bir araya geldi.", "tr")
    assert got == [("Ankara", "Ankara")]
    # a common noun, capitalised as every German noun is, that is also a town's name
    got = _found(gazetteer, "Die Lage in Berlin ist nach Angaben der Polizei ruhig.", "de")
    assert got == [("Berlin", "Berlin")]


def test_streets_and_organisations_named_after_places_in_head_first_languages(gazetteer):
    assert _found(gazetteer, "La manifestation a commencé rue de Paris, près de la gare.", "fr") == []
    got = _found(gazetteer, "El director de la Organización de Lima viajó a Madrid.", "es")
    assert got == [("Madrid", "Madrid")]


def test_person_titles_stay_importable_for_other_stages():
    from itinerary.mentions import PERSON_TITLES, WORD

    assert {"president", "presiden", "президент"} <= PERSON_TITLES
    assert WORD.findall("Côte d'Ivoire") == ["Côte", "d'Ivoire"]


def test_an_inflected_common_noun_opening_a_sentence_is_not_a_place(gazetteer):
    # "Kulę" (a bullet, accusative) would be "Kula" (a town) by the ending -ę; it opens the sentence
    # and nothing beside it says place. The same ending after a preposition is a place.
    assert _found(gazetteer, "Kulę znaleziono w samochodzie.", "pl") == []
    assert _found(gazetteer, "Premier przyjechał do Warszawy.", "pl") == [("Warszawy", "Warsaw")]


def test_a_surname_that_parses_as_an_inflected_place_is_a_person(gazetteer):
    # Hungarian writes the family name first; "Orbán" would be "Orba" (a town) under the ending -án
    assert _found(gazetteer, "Orbán Viktor tegnap Moszkvába utazott.", "hu") == [("Moszkvába", "Moscow")]


# ---------------------------------------------------------------------------------------------
# A city and the region of its name; demonyms; person names; names the matcher must not miss


def _places(gazetteer, text, language=None):
    doc = Document(id="t", path="t.txt", text=text, body_start=0, language=language)
    return [(m.name, m.place.name, m.place.feature) for m in find_mentions(doc, gazetteer)]


@pytest.mark.parametrize("language, text, name", [
    ("en", "The delegation changed trains twice before reaching Zurich on Saturday evening.", "Zurich"),
    ("en", "The premier drove from Osaka to Kyoto on Monday.", "Osaka"),
    ("es", "El primer ministro llegó a Lisboa el martes por la noche.", "Lisboa"),
    ("de", "Der Kanzler reiste am Sonntag nach Chongqing weiter.", "Chongqing"),
])
def test_a_city_named_like_its_region_is_the_city(gazetteer, language, text, name):
    got = {n: f for n, _, f in _places(gazetteer, text, language)}
    assert got[name] in ("city", "town")


@pytest.mark.parametrize("language, text, name", [
    ("en", "Farmers in Osaka Prefecture expect a good harvest this year.", "Osaka Prefecture"),
    ("de", "Die Wahl im Kanton Zürich fand am Sonntag statt.", "Zürich"),
    ("en", "The minister spent the weekend in Bavaria with his family.", "Bavaria"),
])
def test_a_region_word_or_no_namesake_city_keeps_the_region(gazetteer, language, text, name):
    got = _places(gazetteer, text, language)
    assert [f for n, _, f in got if n == name] == ["region"]
    assert not any(n == "Kanton" for n, _, _ in got)  # the region word is not a place of its own


def test_demonyms_are_flagged(gazetteer):
    ms = _mentions(gazetteer, "Saudi officials met Russian diplomats in Saudi Arabia last week.")
    flags = {(m.name, m.place.name): m.demonym for m in ms}
    assert flags[("Saudi", "Saudi Arabia")] is True
    assert flags[("Russian", "Russia")] is True
    assert flags[("Saudi Arabia", "Saudi Arabia")] is False


@pytest.mark.parametrize("language, text, word", [
    # a declined first name followed by a declined surname: one person's name in one case
    ("uk", "Учора ввечері прем'єр-міністр зустрівся з Володимиром Зеленським у Києві.", "Володимиром"),
    # a place name only as another place's alternate name, split at a romanisation's ayin mark
    ("en", "Prime Minister Narendra Modi in Vienna: a visit after four decades.", "Modi in"),
    ("en", "Prime Minister Narendra Modi arrived in Delhi on Monday.", "Modi"),
    # the second half of a hyphenated person's name
    ("en", "King Salman bin Abdul-Aziz received the guests in Riyadh.", "Aziz"),
    # a name made only of person titles
    ("en", "A statement said the King and Queen will visit Oslo in May.", "King and Queen"),
    # a person's title alone
    ("es", "El Papa visitará Lisboa en agosto, según el Vaticano.", "Papa"),
    # a short sentence mostly of names is not a Title Case headline
    ("en", "He had met ruler Vladimir Putin in Russia.", "Vladimir"),
])
def test_words_of_person_names_are_not_places(gazetteer, language, text, word):
    assert word not in [n for n, _, _ in _places(gazetteer, text, language)]


def test_a_hyphen_between_two_places_keeps_both(gazetteer):
    got = [n for n, _, _ in _places(gazetteer, "The new Dallas-Houston rail line opened on Monday.", "en")]
    assert "Houston" in got


@pytest.mark.parametrize("language, text, expected", [
    # a case suffix after an apostrophe says a place, even after a capitalised name
    ("tr", "Dışişleri Bakanı Fidan Tiflis'e gitti ve orada iki gün kaldı.", ("Tiflis", "Tbilisi")),
    # the word before is a place with a genitive suffix, not a first name
    ("tr", "Dün akşam Irak’ın Bağdat’taki saldırısı kınandı.", ("Bağdat", "Baghdad")),
    ("tr", "Bakan gelecek hafta Bahreyn, Ürdün ve Mısır’ı ziyaret edecek.", ("Mısır", "Egypt")),
    ("id", "Menteri itu terbang ke Kenya dan Tanzania pekan lalu.", ("Kenya", "Kenya")),
    # "and" joined to a name in Arabic
    ("ar", "يزور الوزير الأردن وقطر الأسبوع المقبل.", ("قطر", "Qatar")),
])
def test_names_with_suffixes_and_clitics_are_found(gazetteer, language, text, expected):
    assert expected in [(n, p) for n, p, _ in _places(gazetteer, text, language)]


def test_a_village_that_shares_a_capitals_name_lends_little_closeness(gazetteer):
    # Madrid, Sevilla and Granada all have small namesakes in Colombia, and the Colombian Madrid and
    # Granada lie close together; the Spanish readings are the likely ones and must win together
    text = ("La ministra viajó de Madrid a Sevilla. Está previsto que visite Granada el 14 de marzo "
            "antes de regresar a Madrid.")
    got = {m.name: m.place.country for m in _mentions(gazetteer, text)}
    assert got == {"Madrid": "ES", "Sevilla": "ES", "Granada": "ES"}


def test_a_sentence_opening_common_word_is_no_first_name(gazetteer):
    # "Jarak" (distance) is capitalised only because it opens the sentence: Surabaya is a place here,
    # and so everywhere in the text
    text = "Menteri tiba di Surabaya. Jarak Surabaya ke Malang sekitar 90 kilometer."
    assert [n for n, _ in _names(gazetteer, text)] == ["Surabaya", "Surabaya", "Malang"]


def test_a_name_read_once_as_a_surname_stays_a_place_where_written_as_one(tmp_path):
    # "Polda Bali" (the regional police) and "Stasiun Przemysl Glowny" read the name as part of a longer
    # name; "di Bali" and "kota Przemysl" still write the place
    import itinerary

    p = tmp_path / "a.md"
    p.write_text("Raja Salman betah di Bali. Polda Bali berkata.\n"
                 "Presiden naik kereta ke kota Przemysl. Dari Stasiun Przemysl Glowny, Presiden menuju bandara.\n",
                 encoding="utf-8")
    names = [m.place.name for m in itinerary.places([p]).mentions]
    assert "Bali" in names and "Przemyśl" in names


def test_a_sentence_heavy_with_names_and_a_date_is_not_a_title_case_headline(tmp_path):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text("Presiden Joko Widodo tiba di Balikpapan pada Rabu, 16 Oktober 2024.\n", encoding="utf-8")
    assert [m.place.name for m in itinerary.places([p]).mentions] == ["Balikpapan"]


@pytest.mark.parametrize("text,gone", [
    ("The minister gave a lecture at Ohio State University on Monday and visited the Bank of England.",
     {"Ohio", "England"}),
    ("Menteri memberi kuliah di Universitas Indonesia, lalu ke kantor Bank Indonesia.", {"Indonesia"}),
    ("La ministra visitó la Universidad de Chile y el Banco de España.", {"Chile", "Spain"}),
])
def test_a_place_inside_an_organisation_name_is_not_a_place_there(tmp_path, text, gone):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text(text + "\n", encoding="utf-8")
    assert not gone & {m.place.name for m in itinerary.places([p]).mentions}


def test_the_place_written_on_its_own_beside_its_organisation_stays_a_place(tmp_path):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text("The minister flew to Ohio on Monday and lectured at Ohio State University. He then "
                 "visited the Bank of England in London.\n", encoding="utf-8")
    ms = itinerary.places([p]).mentions
    assert [(m.name, m.place.country) for m in ms] == [("Ohio", "US"), ("London", "GB")]


@pytest.mark.parametrize("text,surface", [
    ("The president arrived in the Ukrainian capital on Monday.", "Ukrainian capital"),
    ("The president arrived in Ukraine's capital on Monday.", "Ukraine's capital"),
    ("Presiden tiba di ibu kota Ukraina pada Senin.", "ibu kota Ukraina"),
    ("Президент прибыл в столицу Украины в понедельник.", "столицу Украины"),
    ("A miniszterelnök hétfőn Ukrajna fővárosába érkezett.", "Ukrajna fővárosába"),
    ("Le président est arrivé lundi dans la capitale de l'Ukraine.", "capitale de l'Ukraine"),
])
def test_a_country_named_with_the_word_for_capital_is_its_capital_city(tmp_path, text, surface):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text(text + "\n", encoding="utf-8")
    assert [(m.name, m.place.name) for m in itinerary.places([p]).mentions] == [(surface, "Kyiv")]


def test_a_traditional_chinese_name_is_found_in_simplified_characters(tmp_path):
    # GeoNames writes Hanoi 河內; mainland news writes 河内 (OpenCC t2s at index build)
    import itinerary

    p = tmp_path / "a.md"
    p.write_text("习近平4月9日抵达河内。\n", encoding="utf-8")
    assert [(m.name, m.place.name) for m in itinerary.places([p]).mentions] == [("河内", "Hanoi")]


@pytest.mark.parametrize("text,name,cc", [
    ("The king arrived in Madrid on Tuesday. He flew on to Bogotá on Wednesday.", "Madrid", "ES"),
    ("Le président est arrivé à Kiev. Il doit se rendre à Odessa avant de regagner Paris.", "Odessa", "UA"),
])
def test_a_small_namesake_beside_the_articles_places_does_not_beat_a_famous_city(tmp_path, text, name, cc):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text(text + "\n", encoding="utf-8")
    assert {m.place.country for m in itinerary.places([p]).mentions if m.name == name} == {cc}


@pytest.mark.parametrize("text,surface,city", [
    ("Le président est arrivé mardi dans la capitale ukrainienne.", "capitale ukrainienne", "Kyiv"),
    ("El presidente llegó el martes a la capital peruana.", "capital peruana", "Lima"),
    ("Президент прибыл во вторник в украинскую столицу.", "украинскую столицу", "Kyiv"),
    ("De koning arriveerde dinsdag in de Oekraïense hoofdstad.", "Oekraïense hoofdstad", "Kyiv"),
    ("Die Kanzlerin reiste am Dienstag in die ukrainische Hauptstadt.", "ukrainische Hauptstadt", "Kyiv"),
])
def test_the_word_for_capital_with_a_countrys_adjective_is_its_capital(tmp_path, text, surface, city):
    # the adjective begins as the country's name in the language (CLDR): ukrainienne / Ukraine
    import itinerary

    p = tmp_path / "a.md"
    p.write_text(text + "\n", encoding="utf-8")
    assert [(m.name, m.place.name) for m in itinerary.places([p]).mentions] == [(surface, city)]


def test_a_capital_word_beside_an_ordinary_adjective_is_no_place(tmp_path):
    import itinerary

    p = tmp_path / "a.md"
    p.write_text("La capitale économique du pays accueille le sommet.\n", encoding="utf-8")
    assert itinerary.places([p]).mentions == ()


@pytest.mark.parametrize("text, lang, word", [
    ("Poco dopo le 12 il presidente Bianchi è partito da Milano per Roma.", "it", "Poco"),
    ("Pouco depois das 12 horas, o presidente Silva partiu de Lisboa para o Porto.", "pt", "Pouco"),
])
def test_a_common_word_of_the_documents_language_opening_a_sentence_is_no_place(gazetteer, text, lang, word):
    """How common a word is counts in the document's own language (wordfreq), not only in the
    English and Indonesian the index knows: Italian "Poco" (shortly) opening a sentence is no town."""
    doc = Document(id="d", path="d.txt", text=text, body_start=0, language=lang)
    names = [m.name for m in find_mentions(doc, gazetteer)]
    assert word not in names and len(names) >= 2


@pytest.mark.parametrize("text, lang, name", [
    ("Roma ha accolto il presidente Bianchi lunedì.", "it", "Roma"),
    ("Porto recebeu o presidente Silva na segunda-feira.", "pt", "Porto"),
    ("Ο πρωθυπουργός αναχώρησε την Τρίτη από την Αθήνα για τη Ρώμη.", "el", "Αθήνα"),
])
def test_a_place_name_as_common_as_a_word_stays_a_place(gazetteer, text, lang, name):
    """wordfreq counts names as words ("roma" is as common in Italian as "poco"): a capital, a big
    city, or any name mid-sentence stays a place."""
    doc = Document(id="d", path="d.txt", text=text, body_start=0, language=lang)
    assert name in [m.name for m in find_mentions(doc, gazetteer)]


@pytest.mark.parametrize("text, lang, want", [
    ("Le Premier ministre Roussel est arrivé lundi à Tunis, après une étape à Alger dimanche.", "fr",
     [("Tunis", "city"), ("Algiers", "city")]),
    ("Il ministro Bianchi è arrivato a Napoli lunedì.", "it", [("Naples", "city")]),
    ("Il est arrivé à Cuba lundi, puis à Madagascar.", "fr", [("Cuba", "country"), ("Madagascar", "country")]),
])
def test_a_preposition_for_settlements_reads_the_city_not_its_province(gazetteer, text, lang, want):
    """French "à" and Italian "a" stand before settlements ("à Alger", but "en Algérie", "au Québec"):
    of a city and the province named after it, the city; a country stays a country ("à Cuba")."""
    doc = Document(id="d", path="d.txt", text=text, body_start=0, language=lang)
    assert [(m.place.name, m.place.feature) for m in find_mentions(doc, gazetteer)] == want


@pytest.mark.parametrize("text, lang, gone, kept", [
    ("Rombongan menuju Hotel Hilton di pusat kota. Puluhan diaspora menyambut Presiden di Hilton.", "id",
     "Hilton", None),
    ("The delegation checked into the Hotel Indonesia, then drove across Indonesia.", "en", None, "Indonesia"),
])
def test_a_word_written_as_a_venues_name_is_that_venue(gazetteer, text, lang, gone, kept):
    """"Hotel Hilton ... di Hilton": the hotel, not Hilton, New York; a country's name stays a place."""
    doc = Document(id="d", path="d.txt", text=text, body_start=0, language=lang)
    names = [m.name for m in find_mentions(doc, gazetteer)]
    if gone:
        assert gone not in names
    if kept:
        assert kept in names


def test_vietnamese_syllables_and_names_are_not_towns(gazetteer):
    """Vietnamese: a syllable alone is a word ("Bộ trưởng", minister; "thứ Ba", Tuesday; "Chủ nhật",
    Sunday) or a family name ("Trần Đức Long"): one-word names need a locative or feature word
    ("đến Huế"), and a name after a family name is the person's."""
    text = ("Chủ tịch nước Trần Đức Long ngày thứ Ba đã đến Tokyo. Bộ trưởng Lê Thị Hoa sẽ về Hà Nội vào Chủ nhật. "
            "Thủ tướng đã đến Huế hôm qua.")
    doc = Document(id="d", path="d.txt", text=text, body_start=0, language="vi")
    assert [m.place.name for m in find_mentions(doc, gazetteer)] == ["Tokyo", "Hanoi", "Huế"]


def test_a_german_common_noun_before_a_genitive_is_no_town(gazetteer):
    # "im Namen Deutschlands" (in Germany's name) is no Namur ("Namen" in German), "in den Norden des
    # Landes" (to the north of the country) no town of Norden; the place after them stays
    text = "Die Ministerin sprach im Namen Deutschlands und reiste dann in den Norden des Landes, nach Jujuy."
    assert [m.name for m in _mentions(gazetteer, text, language="de")] == ["Deutschlands", "Jujuy"]


@pytest.mark.parametrize("text, lang, want", [
    # a common noun heading an "X de Y" name is the building or feature, and Y after a building word
    # is that building's name: neither is a town
    ("El presidente Peña cruzó el Río de la Plata rumbo a Montevideo y después visitó Río de Janeiro.", "es",
     ["Montevideo", "Río de Janeiro"]),
    ("El rey fue recibido en el Palacio de López y luego viajó a Asunción.", "es", ["Asunción"]),
    ("O presidente foi recebido no Palácio do Governo, em Díli, e depois chegou ao Porto e à Beira.", "pt",
     ["Díli", "Porto", "Beira"]),
])
def test_a_common_noun_heading_a_romance_name_is_no_town(gazetteer, text, lang, want):
    assert [m.name for m in _mentions(gazetteer, text, language=lang)] == want
