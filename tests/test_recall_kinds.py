"""Kinds of evidence that take a candidate out of the journey, or join two candidates into one
stop (issue 10, second round). Every sentence is written for the test."""
from __future__ import annotations

from datetime import date

import pytest

import itinerary


def _trip(tmp_path, body, published, lang=None):
    p = tmp_path / "a.md"
    language = f"language: {lang}\n" if lang else ""
    p.write_text(f"---\npublished: {published}\n{language}---\n{body}\n", encoding="utf-8")
    return itinerary.route([p])


def _names(tmp_path, body, published="2025-03-12", lang=None):
    return [s.place.name for s in _trip(tmp_path, body, published, lang).stops]


def test_a_role_noun_of_a_country_is_a_title_not_a_stop(tmp_path):
    body = ("Chancellor Weber arrived in Oslo on Monday. She met the Prime Minister of Canada there "
            "and the President of Chile on Tuesday.")
    assert _names(tmp_path, body) == ["Oslo"]


def test_a_capital_as_the_subject_of_a_clause_is_a_government(tmp_path):
    body = ("Senator Lane arrived in Tokyo on Monday for talks, a visit watched closely as Washington "
            "is seeking closer ties in the region.")
    assert _names(tmp_path, body) == ["Tokyo"]
    # a place after a preposition stays a place even when a verb follows
    body = "Senator Lane flew to Tokyo on Monday. His visit to Osaka was brief."
    assert _names(tmp_path, body) == ["Tokyo", "Osaka"]


def test_habits_are_background(tmp_path):
    body = ("Governor Price arrived in Denver on Monday. Governors usually travel to Aspen for the "
            "winter meeting.")
    assert _names(tmp_path, body) == ["Denver"]


def test_going_home_after_a_place_does_not_make_it_home(tmp_path):
    body = ("Minister Okafor left Accra on Monday. She was welcomed in Lyon on Tuesday and then flew "
            "straight home.")
    trip = _trip(tmp_path, body, "2025-03-12")
    lyon = [s for s in trip.stops if s.place.name == "Lyon"]
    assert lyon and lyon[0].role != "return"


def test_places_of_one_stay_on_one_day_are_one_stop(tmp_path):
    # the hotel district and its city, told around another place on the same day
    body = ("President Silva left her hotel in Mayfair, London on Friday night and flew to Madrid. "
            "Her car had left Mayfair shortly after ten.")
    names = _names(tmp_path, body, "2025-03-15")
    assert len(names) == 2 and names[-1] == "Madrid"


def test_a_small_namesake_far_from_the_story_is_not_a_stop(tmp_path):
    # "Jesuitas" (the plural noun) is also a small Brazilian town
    body = "El presidente llegó a Lisboa el lunes. Se reunió con los Jesuitas de la ciudad."
    assert _names(tmp_path, body) == ["Lisbon"]


def test_verb_final_list_members_are_named_by_the_verb(tmp_path):
    body = "Bakan Demir, Macaristan, Polonya ve Romanya'yı kapsayan bir tura çıktı. Demir Pazartesi döndü."
    names = _names(tmp_path, body, "2025-03-12")
    assert names == ["Hungary", "Poland", "Romania"]


def test_a_name_qualified_by_another_countrys_demonym_is_not_that_place(tmp_path):
    # "Commonwealth" is also a district of Quezon City; "British Commonwealth" is no place in the Philippines
    body = "Queen Maxima arrived in Nairobi on Monday for a meeting of the British Commonwealth."
    assert _names(tmp_path, body) == ["Nairobi"]


def test_holidays_are_stays(tmp_path):
    body = "Keluarga kerajaan Norwegia berlibur di Yogyakarta sejak Senin (6/3/2023)."
    assert _names(tmp_path, body, "2023-03-07") == ["Yogyakarta"]
    body = "The royal family is on holiday in Madeira this week."
    assert _names(tmp_path, body, "2023-03-07") == ["Madeira"]


def test_a_turkish_surname_is_no_negated_verb_and_gecti_moves_on(tmp_path):
    # "Yılmaz" ends like the negative aorist (-maz); a capitalised name is no verb
    body = "Bakan Mehmet Yılmaz salı günü Bursa'dan Konya'ya gitti. Bir gün sonra Kayseri'ye geçti."
    stops = _trip(tmp_path, body, "2025-03-14").stops
    assert [(s.place.name, s.date) for s in stops] == [
        ("Bursa", date(2025, 3, 11)), ("Konya", date(2025, 3, 11)), ("Kayseri", date(2025, 3, 12))]


def test_a_weekday_read_a_week_off_in_one_report_is_the_same_visit(tmp_path):
    # report A, written on Saturday 8 March, tells of "Sunday" with no tense the reader can see and
    # reads it as last Sunday; report B dates the landing 9 March: one visit, not two a week apart
    a = tmp_path / "a.md"
    a.write_text("---\npublished: 2025-03-08\n---\nMinister Lang: Ankunft in Lyon am Sonntag, dann Gespräche.\n",
                 encoding="utf-8")
    b = tmp_path / "b.md"
    b.write_text("---\npublished: 2025-03-10\n---\nMinister Lang landed in Lyon on 9 March for talks.\n",
                 encoding="utf-8")
    stops = itinerary.route([a, b]).stops
    lyon = [s for s in stops if s.place.name == "Lyon"]
    assert len(lyon) == 1 and lyon[0].date == date(2025, 3, 9)


def test_the_homeland_word_is_the_writers_country(tmp_path):
    body = ("Menteri Retno bertolak ke Nairobi pada Minggu (20/8/2023). Ia dijadwalkan kembali ke "
            "Tanah Air pada 25 Agustus 2023.")
    stops = _trip(tmp_path, body, "2023-08-20").stops
    assert [(s.place.name, s.date, s.role) for s in stops] == [
        ("Nairobi", date(2023, 8, 20), "stop"), ("Indonesia", date(2023, 8, 25), "return")]


def test_a_sequence_word_inside_a_date_phrase_is_the_dates(tmp_path):
    # "dopo" (after) marks an earlier stop told in passing, but "il giorno dopo" is a date
    body = "La ministra Rossi è arrivata martedì a Torino. Il giorno dopo si è recata a Genova."
    stops = _trip(tmp_path, body, "2025-03-14").stops
    assert [(s.place.name, s.date) for s in stops] == [("Turin", date(2025, 3, 11)), ("Genoa", date(2025, 3, 12))]


def test_a_background_marker_in_an_aside_stays_in_the_aside(tmp_path):
    body = "Governor Ode, who was previously in Lagos, said on Monday that she would fly to Accra."
    assert _names(tmp_path, body) == ["Accra"]


def test_a_present_tense_weekday_is_a_timetable(tmp_path):
    # written on Monday 13 October: "on Tuesday" in a present-tense sentence is tomorrow
    body = "Chancellor Berg arrived in Oslo on Sunday. She continues her tour in Bergen on Tuesday."
    stops = _trip(tmp_path, body, "2025-10-13").stops
    assert [(s.place.name, s.date) for s in stops] == [("Oslo", date(2025, 10, 12)), ("Bergen", date(2025, 10, 14))]
    # a past tense keeps the past reading
    body = "Chancellor Berg arrived in Oslo on Sunday. She toured Bergen on Tuesday."
    stops = _trip(tmp_path, body, "2025-10-13").stops
    assert [(s.place.name, s.date) for s in stops] == [("Bergen", date(2025, 10, 7)), ("Oslo", date(2025, 10, 12))]
    # a tenseless language keeps the past reading too
    body = "Menteri Sari tiba di Medan pada Selasa."
    stops = _trip(tmp_path, body, "2025-10-13").stops
    assert [(s.place.name, s.date) for s in stops] == [("Medan", date(2025, 10, 7))]


def test_the_same_city_on_both_sides_of_another_stop_is_two_stops(tmp_path):
    body = ("Queen Ingrid toured Perth on 3 May. She visited Adelaide on 4 May and opened a school in "
            "Perth on 5 May.")
    stops = _trip(tmp_path, body, "2025-05-06").stops
    assert [(s.place.name, s.date) for s in stops] == [
        ("Perth", date(2025, 5, 3)), ("Adelaide", date(2025, 5, 4)), ("Perth", date(2025, 5, 5))]


_CHAINS = {
    "nl": ("De minister-president vertrok maandag uit Den Haag naar Brussel. Een dag later reisde hij door naar "
           "Luxemburg, waar hij de groothertog ontmoette. Donderdag wordt hij in Parijs verwacht.",
           [("The Hague", 10), ("Brussels", 10), ("Luxembourg", 11), ("Paris", 13)]),
    "el": ("Ο πρωθυπουργός έφτασε τη Δευτέρα στη Θεσσαλονίκη. Την επόμενη μέρα επισκέφθηκε την Καβάλα και την "
           "Πέμπτη αναμένεται στην Αθήνα.", [("Thessaloníki", 10), ("Kavála", 11), ("Athens", 13)]),
    "ru": ("Премьер-министр прилетел в понедельник в Казань. На следующий день он посетил Самару, а в четверг "
           "ожидается в Москве.", [("Kazan", 10), ("Samara", 11), ("Moscow", 13)]),
    "hu": ("A miniszterelnök hétfőn Debrecenbe utazott. Másnap Miskolcra ment, csütörtökön pedig Győrben tárgyal.",
           [("Debrecen", 10), ("Miskolc", 11), ("Győr", 13)]),
    "zh": ("国务院总理周一抵达上海，次日前往南京访问，周四将赴北京。", [("Shanghai", 10), ("Nanjing", 11), ("Beijing", 13)]),
    "es": ("El presidente llegó el lunes a Valencia. Al día siguiente viajó a Zaragoza y el jueves se espera en "
           "Bilbao.", [("Valencia", 10), ("Zaragoza", 11), ("Bilbao", 13)]),
    "pt": ("O presidente chegou na segunda-feira ao Porto. No dia seguinte visitou Braga e na quinta-feira é "
           "esperado em Coimbra.", [("Porto", 10), ("Braga", 11), ("Coimbra", 13)]),
    "pl": ("Premier przyleciał w poniedziałek do Krakowa. Następnego dnia odwiedził Katowice, a w czwartek ma być "
           "w Gdańsku.", [("Kraków", 10), ("Katowice", 11), ("Gdańsk", 13)]),
    "uk": ("Прем'єр прибув у понеділок до Львова. Наступного дня він відвідав Рівне, а в четвер очікується в Києві.",
           [("Lviv", 10), ("Rivne", 11), ("Kyiv", 13)]),
    "tr": ("Bakan pazartesi günü Bursa'ya gitti. Ertesi gün Eskişehir'i ziyaret etti, perşembe günü Ankara'da "
           "olması bekleniyor.", [("Bursa", 10), ("Eskişehir", 11), ("Ankara", 13)]),
    "ar": ("وصل رئيس الوزراء يوم الاثنين إلى الإسكندرية. وفي اليوم التالي زار طنطا، ومن المتوقع أن يصل إلى القاهرة "
           "يوم الخميس.", [("Alexandria", 10), ("Tanta", 11), ("Cairo", 13)]),
    "ja": ("首相は月曜日に大阪に到着した。翌日、京都を訪問し、木曜日に東京に戻る予定だ。",
           [("Osaka", 10), ("Kyoto", 11), ("Tokyo", 13)]),
    "ko": ("총리는 월요일 부산에 도착했다. 다음 날 대구를 방문했으며 목요일 서울로 돌아올 예정이다.",
           [("Busan", 10), ("Daegu", 11), ("Seoul", 13)]),
    "it": ("Il premier è arrivato lunedì a Torino. Il giorno dopo ha visitato Milano e giovedì è atteso a Venezia.",
           [("Turin", 10), ("Milan", 11), ("Venice", 13)]),
    "fr": ("Le Premier ministre est arrivé lundi à Lyon. Le lendemain, il s'est rendu à Grenoble, puis jeudi il "
           "est attendu à Marseille.", [("Lyon", 10), ("Grenoble", 11), ("Marseille", 13)]),
}


@pytest.mark.parametrize("code", sorted(_CHAINS))
def test_a_dated_chain_in_many_languages(tmp_path, code):
    # published Wednesday 12 March 2025: Monday, the day after, and an announced Thursday
    body, want = _CHAINS[code]
    stops = _trip(tmp_path, body, "2025-03-12").stops
    assert [(s.place.name, s.date) for s in stops] == [(n, date(2025, 3, d)) for n, d in want]
    # the last is announced, the others told as done (the marker at the end reaches no earlier
    # clause, cut by a comma or by a connective verb ending, as Korean "방문했으며")
    assert [s.status for s in stops][:-1] == ["visited"] * (len(want) - 1)
    assert stops[-1].status == "expected"


def test_a_name_opening_a_sentence_is_the_place_it_is_elsewhere(tmp_path):
    body = "Menteri tiba di Makassar pada Senin. Makassar berjarak sekitar 800 km dari Surabaya."
    p = tmp_path / "a.md"
    p.write_text(f"---\npublished: 2025-03-12\n---\n{body}\n", encoding="utf-8")
    claims = itinerary.check([p]).claims
    assert [(c.from_name, c.to_name, c.verdict) for c in claims] == [("Makassar", "Surabaya", "consistent")]


def test_procedente_de_is_where_the_leg_began(tmp_path):
    body = "La ministra llegó el lunes a Sevilla procedente de Lima."
    stops = _trip(tmp_path, body, "2025-03-12").stops
    assert [(s.place.name, s.role) for s in stops] == [("Lima", "origin"), ("Sevilla", "destination")]


def test_a_name_after_an_earlier_verb_is_its_object_not_the_next_verbs_subject(tmp_path):
    # the second verb's subject is elided: it is still the minister's move, not the king's
    body = ("Minister Rubio headed straight to a meeting in the port city of Aqaba with King Abdullah "
            "and will travel later in the day to Ankara.")
    trip = _trip(tmp_path, body, "2024-12-12")
    assert [(s.place.name, s.status) for s in trip.stops] == [("Aqaba", "visited"), ("Ankara", "expected")]
    # a name after "and" is a new subject: the king's own move is not the minister's
    body = ("Minister Rubio arrived in Amman on Wednesday. Rubio met King Abdullah in Aqaba on Thursday, "
            "and Abdullah then flew to Riyadh. Rubio stayed on in Aqaba.")
    assert "Riyadh" not in _names(tmp_path, body, "2024-12-12")


def test_a_country_with_its_own_movement_word_is_a_stop_beside_a_city(tmp_path):
    # the country and the city are two legs, not one place and its country
    body = "Minister Rubio met the king in Lyon on Thursday and will then travel on to Turkey."
    assert _names(tmp_path, body, "2024-12-12") == ["Lyon", "Turkey"]
    # the city's own country, in the same leg, is no stop of its own
    body = "Minister Rubio arrived in Lyon, France on Thursday."
    assert _names(tmp_path, body, "2024-12-12") == ["Lyon"]


def test_a_short_cjk_sentence_is_identified_and_read_with_its_pack(tmp_path):
    # 18 characters: too few Latin letters to tell a language, plenty of Japanese
    p = tmp_path / "a.md"
    p.write_text("首相は3月12日に東京を出発し、北京に到着した。\n", encoding="utf-8")
    trip = itinerary.route([p])
    assert [(s.place.name, s.role) for s in trip.stops] == [("Tokyo", "origin"), ("Beijing", "destination")]


def _lang_trip(tmp_path, body, language, published="2024-03-14"):
    p = tmp_path / "a.md"
    p.write_text(f"---\npublished: {published}\nlanguage: {language}\n---\n{body}\n", encoding="utf-8")
    return [(s.place.name, s.status) for s in itinerary.route([p]).stops]


@pytest.mark.parametrize("language,body,home", [
    ("fr", "Le président est arrivé à Kiev mercredi. « C'est une provocation », a déclaré Moscou.", "Kyiv"),
    ("es", "El presidente llegó a Kiev el miércoles. Washington expresó su preocupación por el viaje.", "Kyiv"),
    ("uk", "Президент прибув до Києва в середу. Москва назвала поїздку провокацією.", "Kyiv"),
    ("ar", "وصل الرئيس إلى بغداد يوم الأربعاء. وقالت طهران إنها تتابع الزيارة.", "Baghdad"),
])
def test_a_capital_next_to_a_verb_of_saying_is_its_government(tmp_path, language, body, home):
    # before the verb ("Washington expressed") or after it, as French and Arabic write the speaker
    assert _lang_trip(tmp_path, body, language) == [(home, "visited")]


@pytest.mark.parametrize("language,body", [
    ("en", "President Mara Lind arrived in Seoul on Tuesday for talks. The foreign secretary, meanwhile, "
           "flew to Tokyo."),
    ("fr", "Le président Emmanuel Roux est arrivé à Séoul mardi. Le ministre allemand, de son côté, se "
           "trouvait à Tokyo."),
])
def test_another_title_after_a_contrast_word_is_someone_elses_move(tmp_path, language, body):
    assert [n for n, _ in _lang_trip(tmp_path, body, language)] == ["Seoul"]


def test_the_travellers_own_title_after_a_contrast_word_is_still_the_traveller(tmp_path):
    body = ("President Mara Lind arrived in Seoul on Tuesday for talks. The president, meanwhile, flew on "
            "to Tokyo on Wednesday.")
    assert [n for n, _ in _lang_trip(tmp_path, body, "en")] == ["Seoul", "Tokyo"]


def test_a_source_adverb_before_a_comma_does_not_govern_the_place(tmp_path):
    # 据悉 ("it is reported"), then a comma: the sentence still tells the move
    assert _lang_trip(tmp_path, "据悉，习近平将于4月12日飞往万象。", "zh") == [("Vientiane", "expected")]


@pytest.mark.parametrize("language,body", [
    ("nl", "De koning kwam maandag aan in Jakarta. Het staatsbezoek van de koning eindigt zaterdag in Surabaya."),
    ("de", "Der König kam am Montag in Jakarta an. Der Staatsbesuch endet am Samstag in Surabaya."),
    ("en", "The king arrived in Jakarta on Monday. The state visit ends on Saturday in Surabaya."),
])
def test_where_a_visit_ends_is_a_stop_and_a_past_arrival_stays_past(tmp_path, language, body):
    # ("kam ... an", German "came", is no "coming" expectation)
    assert _lang_trip(tmp_path, body, language) == [("Jakarta", "visited"), ("Surabaya", "expected")]


def test_english_function_words_do_not_read_into_another_language(tmp_path):
    # Hungarian "is" means "also"; read as the English verb it made Zagreb a clause's subject.
    # "a jövő héten" (next week) after the report makes both stops expected.
    body = ("Orbán Viktor hétfőn Belgrádba érkezett. A miniszterelnök a jövő héten Prágába és Zágrábba is "
            "ellátogat.")
    assert _lang_trip(tmp_path, body, "hu") == [
        ("Belgrade", "visited"), ("Prague", "expected"), ("Zagreb", "expected")]


def test_an_italian_feminine_expected_is_an_expectation(tmp_path):
    body = "La presidente è arrivata a Roma lunedì. Giovedì la presidente è attesa a Bari."
    assert _lang_trip(tmp_path, body, "it") == [("Rome", "visited"), ("Bari", "expected")]


@pytest.mark.parametrize("language,body", [
    ("ru", "Министр Лавров прибыл в Анкару в понедельник. Его коллега в это время находился в Женеве."),
    ("en", "Minister Lavrov arrived in Ankara on Monday. His counterpart was in Geneva at the time."),
])
def test_a_counterpart_or_colleague_as_subject_is_someone_else(tmp_path, language, body):
    assert [n for n, _ in _lang_trip(tmp_path, body, language)] == ["Ankara"]


def test_a_counterpart_as_the_object_of_the_travellers_move_is_no_subject(tmp_path):
    body = "Minister Lavrov met his counterpart in Ankara on Monday."
    assert [n for n, _ in _lang_trip(tmp_path, body, "en")] == ["Ankara"]


def test_the_dutch_article_het_is_no_pronoun_for_a_vehicle(tmp_path):
    body = ("De koning kwam maandag aan in Jakarta. Het bezoek eindigt zaterdag in Surabaya, waarna de "
            "koning naar Den Haag terugkeert.")
    assert [n for n, _ in _lang_trip(tmp_path, body, "nl")] == ["Jakarta", "Surabaya", "The Hague"]


def test_a_report_that_never_names_the_runs_traveller_is_read_with_its_own(tmp_path):
    # the same trip told in English and Russian: "Путин" is "Putin" in another script
    (tmp_path / "en.md").write_text("---\npublished: 2024-06-20\n---\nPresident Putin arrived in Pyongyang on "
                                    "Wednesday. He flew on to Hanoi on Thursday.\n", encoding="utf-8")
    (tmp_path / "ru.md").write_text("---\npublished: 2024-06-20\nlanguage: ru\n---\nПрезидент Путин прибыл в "
                                    "Пхеньян в среду. В четверг Путин вылетел в Ханой.\n", encoding="utf-8")
    trip = itinerary.route([tmp_path / "en.md", tmp_path / "ru.md"])
    assert [(s.place.name, len({e.document for e in s.evidence})) for s in trip.stops] == [("Pyongyang", 2), ("Hanoi", 2)]


@pytest.mark.parametrize("body,order", [
    ("Ο πρωθυπουργός έφτασε την Τρίτη στην Αθήνα από τις Βρυξέλλες.", [("Brussels", "origin"), ("Athens", "destination")]),
    ("Ο πρωθυπουργός αναχώρησε την Τρίτη από την Αθήνα για τη Ρώμη.", [("Athens", "origin"), ("Rome", "destination")]),
])
def test_a_word_for_both_from_and_since_is_from_before_a_place(tmp_path, body, order):
    # Greek "από" (from; since before a date), with the article between it and the place
    p = tmp_path / "a.md"
    p.write_text(f"---\npublished: 2024-03-14\nlanguage: el\n---\n{body}\n", encoding="utf-8")
    assert [(s.place.name, s.role) for s in itinerary.route([p]).stops] == order


def test_an_announced_stop_does_not_take_the_date_of_a_move_already_made(tmp_path):
    body = ("The Pope left Rome on Monday for Jakarta, the first leg of a 12-day tour that will take him to "
            "Port Moresby, Dili and Singapore.")
    trip = _trip(tmp_path, body, "2024-02-19")
    dated = {s.place.name: (s.status, s.date_basis) for s in trip.stops}
    assert dated["Rome"] == ("visited", "weekday")
    assert all(dated[n] == ("expected", "report") for n in ("Port Moresby", "Dili", "Singapore"))


def test_a_possessive_and_another_title_with_a_contrast_word_is_someone_else(tmp_path):
    body = ("Prime Minister Anthony Albanese arrived in Jakarta on Tuesday. His foreign minister, Penny Wong, "
            "flew to Manila separately.")
    assert _names(tmp_path, body, "2024-03-14") == ["Jakarta"]


def test_a_chinese_will_before_a_move_verb_leaves_the_verb_a_move(tmp_path):
    # 将访问 ("will visit"): the expectation and the visit, not one word swallowing the other
    assert _lang_trip(tmp_path, "习近平3月12日抵达莫斯科。随后他将访问明斯克。", "zh") == [
        ("Moscow", "visited"), ("Minsk", "expected")]


@pytest.mark.parametrize("language,body,stop", [
    ("de", "Der Kanzler traf am Montag in Warschau ein. Unterdessen flog Außenministerin Baerbock nach Paris.",
     "Warsaw"),
    ("en", "The president arrived in Prague on Tuesday. Meanwhile, the Czech foreign minister travelled to "
           "Brussels.", "Prague"),
    ("id", "Presiden tiba di Kyiv pada Selasa. Sementara itu, menteri luar negeri berada di Jakarta.", "Kyiv"),
])
def test_after_a_contrast_word_another_title_or_name_is_someone_else_even_unnamed(tmp_path, language, body, stop):
    # the traveller goes unnamed ("the president", "Der Kanzler"): their title is the first mover's;
    # a name told only after "meanwhile" does not make its bearer the traveller
    assert [n for n, _ in _lang_trip(tmp_path, body, language)] == [stop]


def test_after_a_contrast_word_a_pronoun_is_still_the_traveller(tmp_path):
    body = "President Lind arrived in Prague on Tuesday. Meanwhile, she flew on to Vienna."
    assert [n for n, _ in _lang_trip(tmp_path, body, "en")] == ["Prague", "Vienna"]


def test_a_bare_name_opening_a_verb_final_clause_of_saying_is_the_speaker(tmp_path):
    # Turkish: "Moscow said the visit mattered", the verb of saying at the clause's end
    body = "Cumhurbaşkanı pazartesi günü Bakü'ye geldi. Moskova ziyaretin önemli olduğunu söyledi."
    assert [n for n, _ in _lang_trip(tmp_path, body, "tr", "2024-10-14")] == ["Baku"]


@pytest.mark.parametrize("body, want", [
    ("Presiden Santoso berangkat dengan kereta api pada Senin. Di Stasiun Lviv Holovnyi, Presiden dan "
     "rombongan disambut Duta Besar. Presiden kemudian menuju kota Lviv.", ["Lviv"]),
    ("Chancellor Weber travelled overnight by train. At Union Station Kyiv, President Weber and his "
     "delegation were welcomed. She later drove to Irpin.", ["Kyiv", "Irpin"]),
])
def test_a_name_with_a_feature_word_opening_a_clause_is_no_person(tmp_path, body, want):
    """"At X Station, the President ...": the run before the comma and a title holds a feature word
    (station, stasiun), so it is a place's name, not a person's name in apposition."""
    from itinerary import events

    assert "Lviv" not in events.known_persons(body, ()) and "Kyiv" not in events.known_persons(body, ())
    assert [n for n in _names(tmp_path, body, "2025-03-10")] == want


@pytest.mark.parametrize("body, want", [
    ("Maputo adalah kota terakhir yang dikunjungi Presiden Santoso dalam lawatan di Afrika setelah Kenya, "
     "Tanzania, dan Malawi.", {"Maputo", "Kenya", "Tanzania", "Malawi"}),
    ("Chancellor Weber visited Warsaw on Tuesday, after Vilnius and Riga.", {"Warsaw", "Vilnius", "Riga"}),
    # a verb after the name: a clause, not a list of stops
    ("Chancellor Weber visited Kyiv on Monday after Russia invaded Ukraine.", {"Kyiv"}),
])
def test_places_listed_after_after_are_earlier_stops(tmp_path, body, want):
    """In a sentence with a visit, a list of places right after a word for "after" that closes the
    clause names earlier stops of the trip, countries included."""
    assert set(_names(tmp_path, body, "2023-08-24")) == want


def test_a_front_matter_title_does_not_make_a_country_a_persons_name(tmp_path):
    """The front matter's title has no place mentions, so "Raja Yordania Abdullah" read there made
    "Yordania" a person's name, and the country was then dropped from the body as one."""
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: \"Raja Yordania Abdullah memperpanjang liburan di Bali\"\npublished: 2017-03-07\n---\n"
                 "Raja Yordania Abdullah memperpanjang masa liburannya di Bali. Rencana awal, ia akan kembali "
                 "pulang ke Yordania pada 9 Maret 2017.\n", encoding="utf-8")
    names = [s.place.name for s in itinerary.route([p]).stops]
    assert names == ["Bali", "Jordan"]


def test_a_schedule_still_ahead_does_not_move_the_storys_clock(tmp_path):
    """A date the report announces as still to come ("is due to attend the summit on 18-19
    November", published on the 17th) does not date the past moves told after it; a plan already
    under way when the report was written ("the plan was from 4 to 9 March", published on the 8th)
    does."""
    body = ("President Santos arrived in Lima on Saturday (16/11). He is scheduled to attend the summit "
            "on 18-19 November. His convoy then drove to the Miraflores district, where he was greeted "
            "by diaspora.")
    trip = _trip(tmp_path, body, "2024-11-17")
    assert [(s.place.name, str(s.date)) for s in trip.stops][:1] == [("Lima", "2024-11-16")]
    assert all(str(s.date) != "2024-11-18" for s in trip.stops)
    body = ("King Omar has been in Indonesia since 1 March, when he began a visit in Jakarta. The Bali "
            "vacation plan was from 4 to 9 March. He and his entourage booked out hotels in Nusa Dua.")
    trip = _trip(tmp_path, body, "2017-03-08")
    assert [(s.place.name, str(s.date)) for s in trip.stops] == [("Jakarta", "2017-03-01"), ("Nusa Dua", "2017-03-04")]


@pytest.mark.parametrize("body, want", [
    ("The president flew to Belgium on Monday and to Mexico on Wednesday.", ["Belgium", "Mexico"]),
    ("Presiden Santoso terbang ke Belgia pada Senin dan ke Meksiko pada Rabu.", ["Belgium", "Mexico"]),
])
def test_a_second_conjunct_without_its_verb_is_a_stop(tmp_path, body, want):
    """"flew to A on Monday and to B on Wednesday": the conjunction and the repeated preposition
    carry the verb over to the second place, a country included."""
    trip = _trip(tmp_path, body, "2025-10-23")
    assert [s.place.name for s in trip.stops] == want
    assert [str(s.date) for s in trip.stops] == ["2025-10-20", "2025-10-22"]


@pytest.mark.parametrize("body, lang", [
    ("Cumhurbaşkanı Demir yarın Kuveyt'e gidecek, ardından Katar'a geçecek.", "tr"),
    ("The emir's guest, President Demir, will fly to Kuwait tomorrow and then on to Qatar.", "en"),
])
def test_a_small_country_named_after_its_capital_is_drawn_at_the_capital(tmp_path, body, lang):
    """Kuwait (17,800 km²) shares its name with Kuwait City (GeoNames' capital): a stop named by the
    country is drawn at the capital, in any language; a larger country (Qatar) stays a country."""
    trip = _trip(tmp_path, body, "2025-10-20", lang)
    stops = trip.stops
    assert [(s.place.name, s.place.feature) for s in stops] == [("Kuwait City", "town"), ("Qatar", "country")]


def test_a_country_and_a_city_under_one_verb_joined_by_then_are_two_legs(tmp_path):
    """"will fly to Kuwait tomorrow and then on to Doha": one verb, but a conjunction between and the
    city not inside the country: two legs (not "met the king in Aqaba, Jordan")."""
    assert _names(tmp_path, "President Demir will fly to Oman tomorrow and then on to Doha.",
                  "2025-10-20") == ["Oman", "Doha"]
    assert _names(tmp_path, "President Demir met the king in Amman, Jordan, on Monday.", "2025-10-20") == ["Amman"]


@pytest.mark.parametrize("body, want", [
    ("Presiden Santoso meresmikan Jembatan Tayan, di Kecamatan Tayan, Kabupaten Sanggau, Selasa (22/3).", ["Tayan"]),
    ("Governor Lane visited a bridge in Tayan, Sanggau Regency, on Tuesday, then flew to Pontianak.",
     ["Tayan", "Pontianak"]),
])
def test_the_district_of_an_address_is_no_stop(tmp_path, body, want):
    """"X, Kabupaten Y" / "X, Y Regency": the district written after a place, as an address, is its
    setting, even where the gazetteer knows only the district's seat (a town 50 km away)."""
    assert _names(tmp_path, body, "2016-03-22") == want


def test_a_dedication_ending_in_a_place_of_the_story_is_that_place(tmp_path):
    """"o santuário de Nossa Senhora de Fátima": the longer name's own reading (a parish of Macau)
    lies half a world from the Fátima the report names; the dedication is no stop of its own."""
    body = ("O Papa Bento chegou a Fátima no sábado de manhã. O Papa visitou o santuário de Nossa Senhora de "
            "Fátima, onde rezou com os doentes, e regressou a Lisboa à tarde.")
    assert _names(tmp_path, body, "2023-08-05", "pt") == ["Fátima", "Lisbon"]


@pytest.mark.parametrize("body, want", [
    ("Presiden Santoso tiba di Nairobi pada Senin (21/8/2023). Dalam kesempatan tersebut, Presiden Santoso "
     "mengajak Presiden Kenya untuk berkunjung ke Indonesia. Santoso kemudian terbang ke Dar es Salaam.",
     ["Nairobi", "Dar es Salaam"]),
    ("Prime Minister Okafor arrived in Nairobi on Monday. Okafor invited the Kenyan president to visit Canberra "
     "next year. President Ruto invited Okafor to visit Mombasa, and Okafor flew there on Tuesday.",
     ["Nairobi", "Mombasa"]),
])
def test_an_invitation_to_someone_else_is_not_the_travellers_move(tmp_path, body, want):
    """"invited the Kenyan president to visit Canberra": the move belongs to the one invited; when that
    is the traveller ("Ruto invited Okafor to visit Mombasa"), it is the traveller's."""
    assert _names(tmp_path, body, "2023-08-23") == want


def test_the_day_of_a_statement_does_not_date_the_last_stop(tmp_path):
    """"..., kata Bey dalam keterangannya, Rabu (23/8/2023)": the day the spokesman spoke, not a move's."""
    body = ("Presiden Santoso tiba di Nairobi pada Senin (21/8/2023). \"Presiden juga mengundang Presiden Kenya "
            "untuk berkunjung ke Indonesia,\" kata Bey dalam keterangannya, Rabu (23/8/2023).")
    trip = _trip(tmp_path, body, "2023-08-23")
    assert [(s.place.name, str(s.date)) for s in trip.stops] == [("Nairobi", "2023-08-21")]


def test_tinggal_stays_and_meninggalkan_leaves(tmp_path):
    """Indonesian "meninggalkan" (leave) has the lemma of "tinggal" (stay): the pack lists the form."""
    body = "Presiden Santoso meninggalkan Jakarta pada Senin (21/8/2023) dan tinggal di Nairobi selama dua hari."
    trip = _trip(tmp_path, body, "2023-08-23")
    assert [(s.place.name, s.role) for s in trip.stops] == [("Jakarta", "origin"), ("Nairobi", "destination")]


@pytest.mark.parametrize("body, want", [
    ("WASHINGTON, March 14, 2024 — Secretary Reyes will travel to Tokyo next week, the State Department said on "
     "Thursday. Reyes will arrive in Tokyo on Monday, March 18, and fly to Seoul on Wednesday.",
     [("Tokyo", "2024-03-18"), ("Seoul", "2024-03-20")]),
    ("서울=연합뉴스 — 김민수 대통령은 10일 카자흐스탄 아스타나에 도착했다.", [("Astana", "2024-06-10")]),
    ("新华社北京5月20日电 国家主席王建国20日抵达雅加达。", [("Jakarta", "2024-05-20")]),
])
def test_agency_and_dated_datelines_are_neither_stops_nor_dates(tmp_path, body, want):
    """Datelines with the date in them ("WASHINGTON, March 14, 2024 —"), Yonhap's "서울=연합뉴스" and
    Xinhua's "新华社北京5月20日电": the city is where the report was filed, the date the report's; and
    the day a statement was made does not date a move the sentence dates itself ("next week")."""
    p = tmp_path / "a.md"
    published = "" if body.startswith("WASHINGTON") else f"---\npublished: {want[0][1]}\n---\n"
    p.write_text(published + body + "\n", encoding="utf-8")
    trip = itinerary.route([p])
    assert [(s.place.name, str(s.date)) for s in trip.stops] == want


@pytest.mark.parametrize("body, lang, want", [
    ("Président Morel est arrivé à Dakar mardi. Son porte-parole, resté à Paris, a indiqué que le président "
     "Morel rentrerait en France samedi.", "fr", [("Dakar", "visited"), ("France", "expected")]),
    ("Министр Волков прибыл в Дакар во вторник. Как сообщили в МИД, в Москву министр Волков вернется в пятницу.",
     "ru", [("Dakar", "visited"), ("Moscow", "expected")]),
    ("Kanzler Brandt landete am Dienstag in Dakar. Ein Regierungssprecher sagte in Berlin, Brandt werde am "
     "Sonntag nach Deutschland zurückkehren.", "de", [("Dakar", "visited"), ("Germany", "expected")]),
    ("President Morel arrived in Dakar on Tuesday. His spokesman, who stayed in Paris, said the president "
     "would fly home to France on Saturday.", "en", [("Dakar", "visited"), ("France", "expected")]),
])
def test_a_spokesmans_report_of_the_way_home(tmp_path, body, lang, want):
    """A spokesman is someone else ("Son porte-parole, resté à Paris"), yet the traveller's move he
    reports is the traveller's: a clause after the attribution with its verb after the place ("в
    Москву министр вернется"), a verb-final German clause ("nach Deutschland zurückkehren"), and the
    reported future ("werde", "вернется") makes the way home expected."""
    trip = _trip(tmp_path, body, "2024-03-13", lang)
    assert [(s.place.name, s.status) for s in trip.stops] == want


def test_a_move_before_a_comma_does_not_reach_a_bare_name_in_a_new_clause(tmp_path):
    """"seiring dengan kedatangan Presiden ke Ukraina, 8 rudal Rusia hantam kota Mykolaiv": the
    arrival's word does not reach past the comma into a clause with a subject of its own."""
    body = ("Presiden Santoso tiba di Kyiv pada Rabu (29/6/2022). Seiring dengan kedatangan Presiden Santoso ke "
            "Ukraina, delapan rudal Rusia menghantam kota Mykolaiv.")
    assert _names(tmp_path, body, "2022-06-29") == ["Kyiv"]


def test_the_bare_name_of_a_city_and_its_namesake_region_is_the_city(tmp_path):
    """"Odessa" is the oblast's own name and an alternate name of Odesa the city: the name read as the
    region's own is the city's own too; "à Odessa" in French is the city."""
    from itinerary.model import Document

    for text in ("The president flew to Odessa on Monday.",
                 "Le président est arrivé à Kiev. Il doit se rendre à Odessa avant de regagner Paris."):
        p = tmp_path / "a.txt"
        p.write_text(text + "\n", encoding="utf-8")
        got = {(m.place.name, m.place.feature) for m in itinerary.places([p]).mentions if m.name == "Odessa"}
        assert got == {("Odesa", "city")}


@pytest.mark.parametrize("body, lang, want", [
    ("Bakan Demir bugün Amman'a geçti. Bakan yarın Bağdat'ta olacak.", "tr",
     [("Amman", "visited"), ("Baghdad", "expected")]),
    ("El canciller Ruiz llegó a Guatemala el lunes. Mañana tiene previsto trasladarse a Tegucigalpa y el jueves "
     "estará en San José.", "es", [("Guatemala", "visited"), ("Tegucigalpa", "expected"), ("San José", "expected")]),
    ("Minister Okoth arrived in Addis Ababa on Monday. He will be in Nairobi on Saturday.", "en",
     [("Addis Ababa", "visited"), ("Nairobi", "expected")]),
])
def test_will_be_in_a_place_is_an_announced_stay(tmp_path, body, lang, want):
    """"will be in X" ("Bağdat'ta olacak", "estará en", "will be in"): a stay the report announces."""
    trip = _trip(tmp_path, body, "2024-09-30", lang)
    assert [(s.place.name, s.status) for s in trip.stops] == want


@pytest.mark.parametrize("text, want", [
    ("Csütörtökön Zágrábban folytatja útját.", ["Zagreb"]),
    ("Belgrádtól Szarajevó mintegy 200 kilométerre van.", ["Belgrade", "Sarajevo"]),
])
def test_hungarian_case_forms_next_to_capitalised_words_are_places(text, want):
    """A weekday's case form ("Csütörtökön", on Thursday) is no first name before a place, and a
    name with a case ending ("Belgrádtól", from Belgrade) closes a name: the next capitalised word
    is a place of its own, not the second half of a person's name."""
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = pathlib.Path(d) / "a.md"
        p.write_text(f"---\nlanguage: hu\n---\n{text}\n", encoding="utf-8")
        assert [m.place.name for m in itinerary.places([p]).mentions] == want


@pytest.mark.parametrize("body, lang, want", [
    ("Президент Климов прибыл в Минск в среду. Москва пока не комментирует детали визита.", "ru", ["Minsk"]),
    ("外交部长李明华9日抵达莫斯科。与此同时，俄罗斯外长前往上海出席论坛。", "zh", ["Moscow"]),
    ("O Presidente da República, João Carvalho, chegou na segunda-feira a Luanda.", "pt", ["Luanda"]),
])
def test_governments_other_ministers_and_titles_are_not_stops(tmp_path, body, lang, want):
    """"Москва пока не комментирует" (Moscow has not yet commented: the government); "与此同时，俄罗斯
    外长前往上海" (meanwhile the Russian foreign minister went to Shanghai: someone else, a contrast word
    and a title the traveller, 外交部长, does not bear); "Presidente da República" (a title's word)."""
    trip = _trip(tmp_path, body, "2024-09-11", lang)
    assert [s.place.name for s in trip.stops] == want


def test_a_turkish_case_suffix_after_the_apostrophe_reads_as_a_preposition(tmp_path):
    """"dün Berlin'deydi" (was in Berlin yesterday): the locative suffix, copula included, places the
    traveller as "in Berlin" would; "Berlin'den" (from) is where he left."""
    body = "Cumhurbaşkanı Ahmet Kaya dün Berlin'deydi. Kaya bugün Berlin'den Paris'e hareket etti."
    trip = _trip(tmp_path, body, "2024-12-10", "tr")
    assert [(s.place.name, str(s.date)) for s in trip.stops][0] == ("Berlin", "2024-12-09")
    assert [s.place.name for s in trip.stops][-1] == "Paris"


@pytest.mark.parametrize("body, lang, want", [
    ("Minister Okoth arrived in Cairo on Tuesday to discuss the situation in Gaza.", "en", ["Cairo"]),
    ("غادر وزير الخارجية أحمد فؤاد القاهرة اليوم متوجها إلى باريس. وفي الوقت نفسه، يزور وزير الدفاع موسكو.", "ar",
     ["Cairo", "Paris"]),
])
def test_a_topic_and_another_ministers_visit_are_not_stops(tmp_path, body, lang, want):
    """"the situation in Gaza" is talked about; "وفي الوقت نفسه، يزور وزير الدفاع موسكو" (meanwhile the
    defence minister visits Moscow) is another minister's move: the traveller is the foreign minister."""
    assert _names(tmp_path, body, "2024-03-12", lang) == want


def test_a_place_told_again_with_a_carried_over_date_is_the_same_stay(tmp_path):
    """"وتشمل الجولة بيروت ودمشق وبغداد" (the tour takes in Beirut, Damascus and Baghdad), after the
    days of each were told: the summary's date is only the story's carried-over one (the return to
    Rome announced for Sunday), so each place stays one stop."""
    body = ("وقالت المصادر إن البابا يوحنا اختتم يوم الثلاثاء زيارته إلى بيروت وانتقل إلى دمشق. ويصل البابا الخميس إلى "
            "بغداد. وقال المتحدث إن البابا سيعود إلى روما يوم الأحد. وتشمل الجولة بيروت ودمشق وبغداد.")
    names = _names(tmp_path, body, "2022-05-17", "ar")
    assert sorted(names) == sorted(set(names)) and "Beirut" in names and "Baghdad" in names


def test_dutch_surname_particles_v2_attribution_and_earlier_this_week(tmp_path):
    """"Premier Pieter de Vries" ... "De Vries": a surname particle inside the name; "Volgens een
    woordvoerder in Den Haag keert de premier donderdag terug naar Nederland": in a verb-second
    clause the verb ends the fronted source, so Nederland is the premier's; "Eerder deze week was hij
    in Kuala Lumpur": earlier in this trip, not an old one."""
    body = ("Premier Pieter de Vries is maandag in Washington aangekomen. Eerder deze week was hij in Kuala Lumpur. "
            "Woensdag wordt De Vries in Ottawa verwacht. Volgens een woordvoerder in Den Haag keert de premier "
            "donderdag terug naar Nederland.")
    assert set(_names(tmp_path, body, "2024-09-24", "nl")) == {"Washington, D.C.", "Kuala Lumpur", "Ottawa", "Netherlands"}


@pytest.mark.parametrize("body, lang, published, home", [
    ("Perdana Menteri Anwar tiba di Tokyo pada Isnin. Beliau dijadual pulang ke tanah air pada Khamis.", "ms",
     "2024-03-04", ("Malaysia", "2024-03-07")),
    ("Prezydent Nowicki przyleciał w poniedziałek do Wilna. Prezydent wróci do kraju w czwartek.", "pl",
     "2024-05-13", ("Poland", "2024-05-16")),
    ("Cumhurbaşkanı Kaya pazartesi Bakü'ye vardı. Kaya perşembe günü yurda dönecek.", "tr", "2023-06-12",
     ("Turkey", "2023-06-15")),
])
def test_the_way_home_named_by_the_languages_word_for_the_homeland(tmp_path, body, lang, published, home):
    """"pulang ke tanah air", "wróci do kraju", "yurda dönecek": the writers' word for their own
    country ([mentions] homeland) is that country, the return an expected stop there."""
    trip = _trip(tmp_path, body, published, lang)
    last = trip.stops[-1]
    assert (last.place.name, str(last.date), last.status, last.role) == (*home, "expected", "return")


def test_korean_according_to_follows_its_source_and_will_return(tmp_path):
    """"총리실에 따르면 이 총리는 이틀 뒤 홍콩으로 향할 예정" (according to the PM's office, the PM will head to
    Hong Kong): in a verb-final language "according to" follows its source, so the place after it is
    the report's; "서울로 돌아올 예정이다" (will return to Seoul) is the announced way home."""
    body = ("이 총리는 15일 베이징에 도착했다. 총리실에 따르면 이 총리는 이틀 뒤 홍콩으로 향할 예정이다. "
            "이 총리는 20일 서울로 돌아올 예정이다.")
    trip = _trip(tmp_path, body, "2024-04-16", "ko")
    assert [(s.place.name, s.status) for s in trip.stops] == [
        ("Beijing", "visited"), ("Hong Kong", "expected"), ("Seoul", "expected")]


@pytest.mark.parametrize("body, lang, want", [
    ("Az elnök hétfőn Bécsbe érkezett. Szerdán pedig Pozsonyba utazik.", "hu",
     [("Vienna", "2023-10-16", "visited"), ("Bratislava", "2023-10-18", "expected")]),
    ("Premier De Vries kwam maandag aan in Wenen. Woensdag vliegt hij door naar Bratislava. Vorig jaar bezocht "
     "De Vries Oslo.", "nl", [("Vienna", "2023-10-16", "visited"), ("Bratislava", "2023-10-18", "expected")]),
])
def test_the_present_tense_of_a_move_tells_a_scheduled_step(tmp_path, body, lang, want):
    """Hungarian and Dutch news tell scheduled steps in the present ("szerdán Pozsonyba utazik",
    "woensdag vliegt hij door naar"): expected, on the coming weekday; "vorig jaar" is background."""
    trip = _trip(tmp_path, body, "2023-10-17", lang)
    assert [(s.place.name, str(s.date), s.status) for s in trip.stops] == want


@pytest.mark.parametrize("body, lang, published, home", [
    ("정 장관은 20일 뉴욕에 도착했다. 정 장관은 25일 귀국할 예정이다.", "ko", "2022-09-21", ("South Korea", "2022-09-25")),
    ("岸田首相は20日にジャカルタに到着した。首相は24日に帰国する予定だ。", "ja", "2024-01-21", ("Japan", "2024-01-24")),
    ("国家主席王建国20日抵达雅加达。王建国将于24日回国。", "zh", "2024-05-21", ("China", "2024-05-24")),
    ("Chủ tịch nước đã đến Viêng Chăn vào thứ Hai. Chủ tịch nước sẽ về nước vào thứ Năm.", "vi", "2023-12-12",
     ("Vietnam", "2023-12-14")),
    ("Az elnök hétfőn Bécsbe érkezett. Az államfő csütörtökön hazatér.", "hu", "2023-10-17", ("Hungary", "2023-10-19")),
])
def test_a_word_for_returning_home_holds_the_homeland(tmp_path, body, lang, published, home):
    """One word says "return to one's own country" (귀국, 帰国, 回国, "về nước", "hazatér"): the pack's
    homeland words name the country inside the movement word, so the way home is a stop."""
    last = _trip(tmp_path, body, published, lang).stops[-1]
    assert (last.place.name, str(last.date), last.status, last.role) == (*home, "expected", "return")


def test_a_postponed_return_home_is_no_stop(tmp_path):
    """"예정됐던 귀국 일정을 미루고" (put off the planned return home): negated."""
    body = "윤 대통령은 10일 리투아니아를 방문했다. 윤 대통령은 예정됐던 귀국 일정을 미루고 우크라이나를 방문했다."
    assert "South Korea" not in _names(tmp_path, body, "2023-07-15", "ko")


@pytest.mark.parametrize("body,lang", [
    ("Chancellor Berger will tour Ghana, Togo and Benin on 4-6 May, her office said on Sunday.", "en"),
    ("Kanselir Berger akan melawat ke Ghana, Togo, dan Benin pada 4, 5 dan 6 Mei.", "id"),
    ("Başbakan Berger, 4-5-6 Mayıs tarihlerinde Gana, Togo ve Benin'i kapsayan bir tura çıkacak.", "tr"),
])
def test_as_many_days_as_places_give_one_day_to_each_in_order(tmp_path, body, lang):
    trip = _trip(tmp_path, body, "2025-04-27", lang)
    assert [(s.place.country, s.date.isoformat()) for s in trip.stops] == [
        ("GH", "2025-05-04"), ("TG", "2025-05-05"), ("BJ", "2025-05-06")]
    # a range over fewer places is a stay: it keeps its first day
    trip = _trip(tmp_path, "Chancellor Berger will visit Ghana on 4-6 May.", "2025-04-27", "en")
    assert [s.date.isoformat() for s in trip.stops] == ["2025-05-04"]


def test_a_city_takes_the_firmer_date_of_its_country_told_before(tmp_path):
    body = ("Chancellor Berger will tour Ghana, Togo and Benin on 4-6 May. In Lomé she will meet "
            "President Faure Gnassingbé.")
    trip = _trip(tmp_path, body, "2025-04-27", "en")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == [
        ("Ghana", "2025-05-04"), ("Lomé", "2025-05-05"), ("Benin", "2025-05-06")]


def test_a_date_in_the_next_places_own_clause_does_not_date_the_place_before(tmp_path):
    # "where he will speak on Friday" is the meeting's date in Osaka, not the leaving of Sapporo
    body = ("Governor Hale flew from Sapporo to Osaka, where he will speak at the expo on Friday, "
            "March 14.")
    trip = _trip(tmp_path, body, "2025-03-12", "en")
    dates = {s.place.name: s.date for s in trip.stops}
    assert dates["Osaka"] == date(2025, 3, 14) and dates["Sapporo"] != date(2025, 3, 14)


def test_a_clause_on_the_storys_clock_after_the_report_is_announced(tmp_path):
    # the clock is in May, the report in January: "Budapesten ... találkozik" (meets) is still to come
    body = "A pápa május 14-én érkezik Magyarországra. Budapesten a köztársasági elnökkel találkozik."
    trip = _trip(tmp_path, body, "2026-01-20", "hu")
    assert [(s.place.name, s.date.isoformat(), s.status) for s in trip.stops] == [
        ("Budapest", "2026-05-14", "expected")]
    # and a date after the joint of the next leg is that leg's: Budapest keeps the clock's day
    body = ("A pápa május 14-én érkezik Magyarországra. Budapesten a köztársasági elnökkel találkozik, "
            "másnap Pannonhalmára utazik.")
    trip = _trip(tmp_path, body, "2026-01-20", "hu")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == [
        ("Budapest", "2026-05-14"), ("Pannonhalma", "2026-05-15")]
    body = ("Ο πρωθυπουργός αναχωρεί την Τετάρτη για περιοδεία στα Βαλκάνια. Θα επισκεφθεί τα Τίρανα και "
            "την επομένη την Ποντγκόριτσα.")
    trip = _trip(tmp_path, body, "2025-03-04", "el")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == [
        ("Tirana", "2025-03-05"), ("Podgorica", "2025-03-06")]


def test_a_told_date_beats_the_reports_own_date_for_one_stop(tmp_path):
    # the route list dates nothing: Lisbon takes Friday from the announcement, not the report's day
    body = ("Minister Ortiz flew to Madrid on Wednesday and will travel on to Lisbon on Friday. The tour "
            "takes in Paris, Madrid, Lisbon and Rome.")
    trip = _trip(tmp_path, body, "2025-03-12", "en")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops if s.place.name == "Lisbon"] == [
        ("Lisbon", "2025-03-14")]


@pytest.mark.parametrize("body,lang,kept", [
    ("The minister flew to Oslo on Monday. A visit to Zanzibar, planned for Friday, was cancelled.", "en", ["Oslo"]),
    ("The minister flew to Oslo on Monday. A planned stop in Bergen was dropped from the itinerary.", "en", ["Oslo"]),
    ("Le ministre est arrivé lundi à Oslo. Une escale à Bergen a été annulée.", "fr", ["Oslo"]),
    ("Министр прибыл в Осло в понедельник. Визит в Берген перенесен.", "ru", ["Oslo"]),
    ("Menteri tiba di Makassar pada Senin (3/3). Kunjungan ke Nunukan yang semula dijadwalkan Rabu "
     "dibatalkan.", "id", ["Makassar"]),
    ("El ministro llegó el lunes a Oslo. La visita a Bergen fue pospuesta.", "es", ["Oslo"]),
    ("部长周一抵达奥斯陆。原定访问卑尔根的行程因故取消。", "zh", ["Oslo"]),
    # the cancelled thing is another clause's: the place told before it stays
    ("The minister flew to Oslo on Monday after a rally in Bergen was cancelled.", "en", ["Oslo"]),
    ("The minister arrived in Oslo on Monday, but the rally was cancelled because of rain.", "en", ["Oslo"]),
])
def test_a_verb_of_cancelling_after_the_place_undoes_its_move(tmp_path, body, lang, kept):
    assert _names(tmp_path, body, "2025-03-05", lang) == kept


@pytest.mark.parametrize("body,lang,want", [
    ("After stops in Kigali and Kampala, the president arrived in Nairobi on Thursday.", "en",
     [("Kigali", None), ("Kampala", None), ("Nairobi", "2025-12-11")]),
    ("Après des étapes à Lima, à Trujillo et à Chiclayo, le pape a célébré samedi une messe à Piura.", "fr",
     [("Lima", None), ("Trujillo", None), ("Chiclayo", None), ("Piura", "2025-12-13")]),
    ("После визитов в Джакарту и Сурабаю президент в четверг прибыл в Денпасар.", "ru",
     [("Jakarta", None), ("Surabaya", None), ("Denpasar", "2025-12-11")]),
    ("Setelah mengunjungi Kenya dan Tanzania, Presiden tiba di Maputo pada Kamis (11/12).", "id",
     [("Kenya", None), ("Tanzania", None), ("Maputo", "2025-12-11")]),
    # a verb-final language: "after" follows the list it governs
    ("Tokió és Hirosima után szombaton Oszakában a miniszterelnök beszédet mondott.", "hu",
     [("Tokyo", None), ("Hiroshima", None), ("Osaka", "2025-12-13")]),
    ("Na bezoeken aan Taipei en Hsinchu kwam de minister donderdag aan in Tokio.", "nl",
     [("Taipei", None), ("Hsinchu", None), ("Tokyo", "2025-12-11")]),
])
def test_earlier_stops_after_after_are_undated_and_first(tmp_path, body, lang, want):
    trip = _trip(tmp_path, body, "2025-12-13", lang)
    assert [(s.place.name, s.date and s.date.isoformat()) for s in trip.stops] == want
    assert all(s.status == "visited" for s in trip.stops)


def test_a_hungarian_case_ending_is_a_preposition_not_a_title(tmp_path):
    # "a miniszter São Paulóba" is the minister going to São Paulo, not "the minister of São Paulo"
    trip = _trip(tmp_path, "Kedden a miniszter São Paulóba utazott.", "2025-12-13", "hu")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == [("São Paulo", "2025-12-09")]


@pytest.mark.parametrize("body,lang,home", [
    ("윤 대통령은 10일 오전 성남 서울공항에서 출국해 아스타나에 도착했다. 윤 대통령은 14일 귀국한다.", "ko", "KR"),
    ("The president left Seoul on Monday for Astana. He will return home to South Korea on Friday.", "en", "KR"),
    ("Presiden bertolak dari Bandara Soekarno-Hatta pada Senin (10/3). Presiden akan kembali ke Tanah Air "
     "pada Jumat (14/3).", "id", "ID"),
])
def test_the_way_home_to_a_country_stays_beside_the_point_left_from(tmp_path, body, lang, home):
    stops = _trip(tmp_path, body, "2025-03-10", lang).stops
    assert (stops[-1].place.country, stops[-1].place.feature, stops[-1].role) == (home, "country", "return")
    assert stops[-1].date == date(2025, 3, 14) and stops[0].role == "origin"


def test_two_small_towns_far_apart_do_not_discount_each_other(tmp_path):
    # a departure from Haneda and an arrival in a small town named Washington: each is far from the other
    trip = _trip(tmp_path, "首相は10日、羽田空港を出発し、ワシントンに到着した。", "2025-03-10", "ja")
    assert len(trip.stops) == 2


@pytest.mark.parametrize("body,lang,kept", [
    # a titled person after a preposition-led title run ("Minister van Defensie Ruben Brekelmans")
    ("Premier Dick Schoof is maandag in Kyiv aangekomen. Minister van Defensie Ruben Brekelmans was vorige "
     "week nog in Charkiv.", "nl", ["Kyiv"]),
    # a compound title ("Bundespräsident", "Entwicklungsministerin") and a place after the name
    ("Bundespräsident Frank-Walter Steinmeier ist am Montag in Jakarta eingetroffen. Bundeskanzler Friedrich "
     "Merz hält sich derzeit in Neu-Delhi auf.", "de", ["Jakarta"]),
    ("Bundespräsident Frank-Walter Steinmeier ist am Montag in Jakarta eingetroffen. Zuvor hatte "
     "Entwicklungsministerin Reem Alabali-Radovan Kairo besucht.", "de", ["Jakarta"]),
    # a role noun that is part of the title before the name is no lone subject
    ("Presiden Prabowo tiba di Kairo pada Senin (3/3). Wakil Menteri Luar Negeri Anis Matta berangkat ke "
     "Jenewa pada hari yang sama.", "id", ["Cairo"]),
    # after a contrast word: a name of two words with no title, another title, a title after the turn
    ("Orbán Viktor hétfőn Pekingbe érkezett. Szijjártó Péter ugyanekkor Tokióban tárgyal.", "hu", ["Beijing"]),
    ("윤석열 대통령은 3일 하노이에 도착했다. 한편 김민석 국무총리는 이날 부산에서 회의를 주재했다.", "ko", ["Hanoi"]),
    ("وصل الرئيس عبد الفتاح السيسي إلى باريس يوم الاثنين، بينما يشارك رئيس الوزراء مصطفى مدبولي في "
     "اجتماعات في نيويورك.", "ar", ["Paris"]),
    ("Prime Minister Lane arrived in Oslo on Monday. The foreign secretary, meanwhile, flew to Tokyo.", "en",
     ["Oslo"]),
])
def test_another_persons_whereabouts_are_not_the_travellers(tmp_path, body, lang, kept):
    assert _names(tmp_path, body, "2025-03-03", lang) == kept


def test_a_capital_is_no_small_namesake(tmp_path):
    body = "Prime Minister Mette Frederiksen arrived in Nuuk on Monday and flew back to Copenhagen on Tuesday."
    assert _names(tmp_path, body, "2025-03-04", "en") == ["Nuuk", "Copenhagen"]


def test_a_surname_that_is_also_a_place_is_the_persons(tmp_path):
    # "Söder" is also an alias of a Stockholm district; after a first name and a title it is a surname,
    # and he is the traveller, not the mayor who received him ("wurde er von ... empfangen": he)
    body = ("Ministerpräsident Markus Söder hat am Dienstag, 13. Mai, seine Tour in Bayreuth begonnen. Vor dem "
            "Festspielhaus wurde er von Oberbürgermeister Thomas Ebersberger empfangen. Anschließend besuchte "
            "Söder ein Museum in Kulmbach.")
    assert _names(tmp_path, body, "2025-05-14", "de") == ["Bayreuth", "Kulmbach"]


def test_weekdays_of_an_announced_tour_run_on_from_the_storys_clock(tmp_path):
    # published on a Thursday: the tour's "jeudi" is the Thursday after Monday, not the report's day
    body = ("Le président entamera samedi à Hanoï une tournée asiatique. Lundi, il sera à Jakarta. Il "
            "achèvera sa tournée jeudi à Kuala Lumpur.")
    trip = _trip(tmp_path, body, "2025-05-29", "fr")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == [
        ("Hanoi", "2025-05-31"), ("Jakarta", "2025-06-02"), ("Kuala Lumpur", "2025-06-05")]


def test_a_schedule_ahead_with_no_place_dates_the_announced_stops_after_it(tmp_path):
    body = ("Президент в среду отправится в турне по Латинской Америке. Первым пунктом поездки станет "
            "Гавана.")
    trip = _trip(tmp_path, body, "2025-02-14", "ru")
    assert [(s.place.name, s.date.isoformat(), s.status) for s in trip.stops] == [
        ("Havana", "2025-02-19", "expected")]


def test_italian_where_is_not_must(tmp_path):
    # "dove" (where) shares its lemma with "dovere" (must): no announcement, Wednesday is the past one
    body = ("Dopo aver visitato Addis Abeba, dove martedì ha incontrato il premier, il ministro Tajani è "
            "arrivato mercoledì a Nairobi.")
    trip = _trip(tmp_path, body, "2025-02-13", "it")
    nairobi = [s for s in trip.stops if s.place.name == "Nairobi"]
    assert nairobi and (nairobi[0].date.isoformat(), nairobi[0].status) == ("2025-02-12", "visited")


@pytest.mark.parametrize("body,lang,kept", [
    # Korean "위해" (for the sake of) is a function word, not Weihai
    ("대통령은 24일 순방을 위해 서울공항에서 출국해 하노이에 도착했다.", "ko", ["Hanoi"]),
    # a place inside a compound name whose head is a park is the park's name
    ("首相は27日、高田松原津波復興祈念公園を訪れた後、盛岡に到着した。", "ja", ["Morioka"]),
    # the topic follows its place in a verb-final language; the Indonesian topic may stand two words off
    ("外相は14日にテヘランに到着した。外相はガザの情勢についても協議する方針だ。", "ja", ["Tehran"]),
    ("Presiden tiba di Kairo pada Rabu (9/4). Kedua pemimpin membahas situasi kemanusiaan di Gaza.", "id",
     ["Cairo"]),
])
def test_words_and_names_that_are_no_stops(tmp_path, body, lang, kept):
    assert _names(tmp_path, body, "2025-04-14", lang) == kept


@pytest.mark.parametrize("body,lang", [
    ("Pope Leo arrived in Lima on Friday. The pope, who holds Peruvian citizenship, was born in Chicago.", "en"),
    ("El papa León llegó el viernes a Lima. El pontífice nació en Chicago.", "es"),
    ("Papst Leo ist am Freitag in Lima eingetroffen. Der Papst wurde in Chicago geboren.", "de"),
    ("Paus Leo tiba di Lima pada Jumat (22/5). Paus lahir di Chicago.", "id"),
])
def test_a_birthplace_is_background(tmp_path, body, lang):
    assert _names(tmp_path, body, "2026-05-23", lang) == ["Lima"]


@pytest.mark.parametrize("body,lang,kept", [
    ("Глава «Росатома» Алексей Лихачев в пятницу прибыл в Анкару. Ранее в этом году Лихачев уже побывал в "
     "Мьянме и Узбекистане.", "ru", ["Ankara"]),
    ("Minister Lane arrived in Ankara on Friday. Earlier this year she visited Myanmar and Uzbekistan.", "en",
     ["Ankara"]),
    # announced for later this year: a stop still to come
    ("Minister Lane arrived in Ankara on Friday. She will visit Myanmar later this year.", "en",
     ["Ankara", "Myanmar"]),
])
def test_a_move_dated_only_by_an_earlier_part_of_the_year_is_another_trip(tmp_path, body, lang, kept):
    assert _names(tmp_path, body, "2025-08-16", lang) == kept


def test_a_mixed_case_dateline_with_an_agency_is_no_stop(tmp_path):
    body = "Madrid, 20 dic (Europa Press).- La ministra de Defensa visitó el viernes a los cascos azules en Beirut."
    assert _names(tmp_path, body, "2025-12-20", "es") == ["Beirut"]


@pytest.mark.parametrize("body,lang,kept", [
    # the source of the news before a comma is no subject
    ("Presiden Prabowo tiba di Abu Dhabi pada Rabu (9/4). Menurut Sekretaris Kabinet, Presiden dijadwalkan "
     "bertolak ke Antalya pada Jumat (11/4).", "id", ["Abu Dhabi", "Antalya"]),
    # a title's words are no other person ("il Santo Padre" is the pope)
    ("Papa Leone XIV sarà a Bari il 14 settembre. Il giorno seguente il Santo Padre raggiungerà Matera.", "it",
     ["Bari", "Matera"]),
])
def test_sources_and_titles_are_not_someone_else(tmp_path, body, lang, kept):
    assert _names(tmp_path, body, "2025-04-09", lang) == kept


def test_the_next_day_counts_from_the_storys_clock_not_from_a_statements_today(tmp_path):
    body = ("Papa Leone XIV sarà a Bari il 14 settembre. Lo ha annunciato oggi la Sala Stampa della Santa Sede. "
            "Il giorno seguente il Santo Padre raggiungerà Matera.")
    trip = _trip(tmp_path, body, "2026-07-09", "it")
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == [
        ("Bari", "2026-09-14"), ("Matera", "2026-09-15")]


@pytest.mark.parametrize("body,lang,want", [
    ("Le ministre gagnera mardi Vientiane, puis le lendemain Phnom Penh.", "fr",
     [("Vientiane", "2025-03-04"), ("Phnom Penh", "2025-03-05")]),
    ("Ο Μητσοτάκης θα μεταβεί την Τρίτη στη Ρώμη.", "el", [("Rome", "2025-03-04")]),
    ("Ο Μητσοτάκης θα πάει την Τρίτη στη Ρώμη.", "el", [("Rome", "2025-03-04")]),
    ("Глава «Росатома» во вторник будет в Синопе.", "ru", [("Sinop", "2025-03-04")]),
])
def test_more_verbs_of_going_and_being_somewhere(tmp_path, body, lang, want):
    trip = _trip(tmp_path, body, "2025-03-03", lang)
    assert [(s.place.name, s.date.isoformat()) for s in trip.stops] == want
    assert all(s.status == "expected" for s in trip.stops)


def test_a_russian_tour_that_will_end_somewhere_is_announced(tmp_path):
    body = "Президент прибыл в Гавану в понедельник. Завершится турне в Мехико в пятницу."
    trip = _trip(tmp_path, body, "2025-03-03", "ru")
    assert [(s.place.name, s.status) for s in trip.stops] == [("Havana", "visited"), ("Mexico City", "expected")]


@pytest.mark.parametrize("body,lang,want", [
    ("Panglima tiba di Kupang pada Rabu (27/11). Sedianya, Panglima juga akan mengunjungi Kabupaten Nunukan "
     "pada Kamis (28/11). Namun, kunjungan tersebut ditunda karena cuaca buruk.", "id", ["Kupang"]),
    ("The minister arrived in Oslo on Monday. She was due to visit Bergen on Wednesday. However, the trip was "
     "cancelled because of the storm.", "en", ["Oslo"]),
    # a cancelled visit of its own place does not reach back
    ("The minister arrived in Oslo on Monday and will visit Bergen on Wednesday. The visit to Tromsø was "
     "cancelled last year.", "en", ["Oslo", "Bergen"]),
])
def test_a_visit_called_off_in_the_next_sentence(tmp_path, body, lang, want):
    assert _names(tmp_path, body, "2024-11-27", lang) == want


@pytest.mark.parametrize("body,lang,pub,want", [
    # the attribution ends where a new clause begins ("before continuing to"), or where the subject and
    # its verb follow the source
    ("Secretary Rubio arrived in Cairo on Sunday. He will leave for Tel Aviv on April 29, officials said, "
     "before continuing to Riyadh.", "en", "2025-04-27", ["Cairo", "Tel Aviv", "Riyadh"]),
    ("Prezydent Andrzej Duda przyleciał w poniedziałek do Waszyngtonu. Według zapowiedzi Kancelarii "
     "Prezydenta w środę prezydent odwiedzi Chicago.", "pl", "2025-02-10", ["Washington, D.C.", "Chicago"]),
    # a word of the language opening the sentence is no person ("Usai KTT, Presiden ...": after the summit)
    ("Presiden Prabowo tiba di Rio de Janeiro pada Minggu (6/7). Usai KTT, Presiden dijadwalkan melanjutkan "
     "kunjungan ke Brasília pada Selasa, kemudian ke Paris pada 13 Juli.", "id", "2025-07-06",
     ["Rio de Janeiro", "Brasília", "Paris"]),
    # a relative clause between the place and the verb of cancelling
    ("Президент прибув до Відня в понеділок. Візит до Будапешта, який планували раніше, скасовано.", "uk",
     "2025-03-03", ["Vienna"]),
])
def test_attributions_openers_and_relative_clauses(tmp_path, body, lang, pub, want):
    assert _names(tmp_path, body, pub, lang) == want


@pytest.mark.parametrize("body", [
    "O Presidente chegou a Luanda na segunda-feira. O Presidente regressa a Lisboa no sábado.",
    "O Presidente chegou a Luanda na segunda-feira. O regresso a Lisboa está marcado para sábado.",
])
def test_portuguese_present_and_scheduled_returns_are_announced(tmp_path, body):
    trip = _trip(tmp_path, body, "2024-11-18", "pt")
    assert [(s.place.name, s.date.isoformat(), s.status) for s in trip.stops] == [
        ("Luanda", "2024-11-18", "visited"), ("Lisbon", "2024-11-23", "expected")]


@pytest.mark.parametrize("body,lang,kept", [
    ("Le roi Philippe est arrivé mardi à Santiago. Mercredi, le couple royal visitera un observatoire où des "
     "chercheurs de l'Université de Liège travaillent.", "fr", ["Santiago"]),
    ("Il presidente è arrivato martedì a Santiago, dove ha incontrato i ricercatori dell'Università di Bologna.",
     "it", ["Santiago"]),
])
def test_an_organisation_head_with_an_elided_article_names_the_organisation(tmp_path, body, lang, kept):
    assert _names(tmp_path, body, "2025-10-14", lang) == kept


@pytest.mark.parametrize("body, lang", [
    ("Perdana Menteri Lestari tiba di Jakarta pada Senin (2/3/2026) dan langsung menuju Istana Bogor. "
     "Hingga Kamis, rombongan akan berada di Jakarta dan Bogor.", "id"),
    ("Perdana Menteri Lestari tiba di Jakarta pada Isnin (2/3/2026) dan terus ke Istana Bogor. "
     "Sehingga Khamis, rombongan akan berada di Jakarta dan Bogor.", "ms"),
])
def test_a_palace_named_after_its_city_and_a_stay_until_a_day(tmp_path, body, lang):
    # a venue word before a name makes no first name of it ("Istana Bogor" is the palace in Bogor,
    # so later "Bogor" is the city too); a stay "until Thursday" is the stay already told, no new visit
    trip = _trip(tmp_path, body, "2026-03-02", lang)
    assert [s.place.name for s in trip.stops] == ["Jakarta", "Bogor"]
    assert [s.date for s in trip.stops] == [date(2026, 3, 2)] * 2


@pytest.mark.parametrize("body, lang", [
    ("Chancellor Weber arrived in Oslo on Monday and will stay in Oslo until Thursday.", "en"),
    ("Kanzlerin Weber ist am Montag in Oslo eingetroffen und bleibt bis Donnerstag in Oslo.", "de"),
    ("La chancelière Weber est arrivée à Oslo lundi et restera à Oslo jusqu'à jeudi.", "fr"),
    ("La canciller Weber llegó a Oslo el lunes y permanecerá en Oslo hasta el jueves.", "es"),
    ("Kanzler Weber pazartesi günü Oslo'ya geldi ve perşembeye kadar Oslo'da kalacak.", "tr"),
])
def test_a_date_after_until_ends_the_stay_and_dates_no_stop(tmp_path, body, lang):
    trip = _trip(tmp_path, body, "2026-03-03", lang)
    assert [(s.place.name, s.date) for s in trip.stops] == [("Oslo", date(2026, 3, 2))]


@pytest.mark.parametrize("body, lang", [
    ("Kanselir Weber tiba di Oslo pada Senin dan akan ke Bergen pada Kamis.", "id"),
    ("Kanzlerin Weber ist am Montag in Oslo eingetroffen und wird am Donnerstag nach Bergen reisen.", "de"),
    ("Kanzlerin Weber reiste am Montag nach Oslo und wird am Donnerstag in Bergen erwartet.", "de"),
    ("Premier Weber is maandag in Oslo aangekomen en zal donderdag naar Bergen reizen.", "nl"),
    ("Şansölye Weber pazartesi günü Oslo'ya geldi ve perşembe günü Bergen'e gidecek.", "tr"),
])
def test_a_done_move_joined_to_an_announced_one_keeps_its_past_day(tmp_path, body, lang):
    # published on Wednesday 4 March 2026: Monday is the 2nd (done), Thursday the 5th (announced);
    # the future of the clause after "and" is not the first clause's
    trip = _trip(tmp_path, body, "2026-03-04", lang)
    assert [(s.place.name, s.date, s.status) for s in trip.stops] == [
        ("Oslo", date(2026, 3, 2), "visited"), ("Bergen", date(2026, 3, 5), "expected")]


@pytest.mark.parametrize("body, lang, want", [
    ("Kanzlerin Weber wird am Montag in Oslo und Bergen erwartet.", "de", ["Oslo", "Bergen"]),
    ("La chancelière Weber est attendue lundi à Lyon, Nice et Toulon.", "fr", ["Lyon", "Nice", "Toulon"]),
])
def test_places_listed_after_one_preposition_share_it(tmp_path, body, lang, want):
    trip = _trip(tmp_path, body, "2026-03-04", lang)
    assert [s.place.name for s in trip.stops] == want
    assert {s.status for s in trip.stops} == {"expected"}


@pytest.mark.parametrize("body, lang, want", [
    # a title, its complement in lower case, then the name
    ("Министр Лавров прибыл в Аддис-Абебу в понедельник. Заместитель главы МИД Михаил Богданов на этой неделе "
     "находится в Каире. Министр сельского хозяйства Оксана Лут накануне приняла в Москве делегацию.", "ru",
     ["Addis Ababa"]),
    # a hyphenated title ("Прем'єр-міністерка"); a title and an acronym ("голова МЗС")
    ("Президент Зеленський у середу прибув до Лондона. Прем'єр-міністерка Юлія Свириденко в понеділок "
     "відвідала Харків і Суми, а голова МЗС Андрій Сибіга вилетів до Варшави.", "uk", ["London"]),
    # the words of a title of several words are no name ("Menteri Luar Negeri Sugiono"); "Sementara"
    ("Menteri Luar Negeri Sugiono tiba kembali di Jakarta pada Sabtu (14/6/2025) pagi. Sementara Wakil Menteri "
     "Luar Negeri Arrmanatha Nasir saat ini tengah berada di New York untuk menghadiri konferensi PBB.", "id",
     ["Jakarta"]),
])
def test_other_officials_named_after_their_titles_move_on_their_own(tmp_path, body, lang, want):
    assert _names(tmp_path, body, "2025-06-14", lang) == want


def test_a_place_after_a_preposition_is_no_traveller(tmp_path):
    # "Κω" (Kos, a case form the data lacks) opens the sentence after "Στην": the President is the traveller
    body = ("Στην Κω έφτασε σήμερα, Δευτέρα, ο Πρόεδρος της Δημοκρατίας Κωνσταντίνος Τασούλας. Την Τρίτη "
            "το πρωί ο κ. Τασούλας θα βρίσκεται στη Θεσσαλονίκη.")
    trip = _trip(tmp_path, body, "2025-10-27", "el")
    assert [(s.place.name, s.date, s.status) for s in trip.stops][-1] == (
        "Thessaloníki", date(2025, 10, 28), "expected")


@pytest.mark.parametrize("body, lang, want", [
    # "κ." (Mr) does not end a sentence: the weekday before it dates the move after it
    ("Ο πρωθυπουργός έφτασε στο Κάιρο την Τρίτη. Αύριο, Τετάρτη, ο κ. Μητσοτάκης μεταβαίνει στο Ριάντ.", "el",
     [("Cairo", date(2026, 3, 3)), ("Riyadh", date(2026, 3, 4))]),
    # a part of the day before a numeric date ("Chiều 16/10", afternoon of 16 October)
    ("Chiều 2/3, Thủ tướng Phạm Minh Chính đến Praha. Sáng 3/3, Thủ tướng tới Berlin.", "vi",
     [("Prague", date(2026, 3, 2)), ("Berlin", date(2026, 3, 3))]),
])
def test_abbreviations_of_every_pack_and_parts_of_the_day(tmp_path, body, lang, want):
    trip = _trip(tmp_path, body, "2026-03-03", lang)
    assert [(s.place.name, s.date) for s in trip.stops] == want


@pytest.mark.parametrize("body, lang, want", [
    # an aside about the place after it holds a past year: the move is not background
    ("El papa León llegó a Lima el lunes. Mañana viajará a Chiclayo, la diócesis que gobernó entre 2015 y 2023.",
     "es", ["Lima", "Chiclayo"]),
    # a title, its complement with words of titles, a comma, then the name: another official
    ("El presidente Sánchez llegó a Lima el lunes. El ministro de Asuntos Exteriores, José Manuel Albares, "
     "viajó el martes a Ciudad de Panamá.", "es", ["Lima"]),
])
def test_asides_and_appositions(tmp_path, body, lang, want):
    assert _names(tmp_path, body, "2026-03-04", lang) == want


@pytest.mark.parametrize("body, lang, want", [
    # "Le président de la République, Bassirou Diomaye Faye": the title's words are no name; the
    # traveller is the man named after the comma, and "le président Faye" is he
    ("Le président de la République, Amadou Ndiaye Sow, quittera Dakar mercredi pour Paris. Vendredi, "
     "le président Sow se rendra à Lyon.", "fr", ["Dakar", "Paris", "Lyon"]),
    # an organisation's head behind an elided article, and a place after the organisation's name
    ("Le président Sow est arrivé à Paris mardi. Il visitera une entreprise partenaire de l'Institut "
     "Pasteur de Dakar.", "fr", ["Paris"]),
])
def test_titles_of_the_republic_and_organisations_named_after_a_person(tmp_path, body, lang, want):
    assert _names(tmp_path, body, "2026-03-09", lang) == want


@pytest.mark.parametrize("body, lang, want", [
    ("Le président Sow est arrivé à Paris mardi. Le ministre des Affaires étrangères Jean Barrot a rencontré "
     "son homologue à Paris. Il doit rejoindre Bruxelles jeudi.", "fr", ["Paris"]),
    # the traveller the subject, another person the object: the pronoun is the traveller
    ("Le président Sow est arrivé à Paris mardi. Le président Sow a rencontré le ministre Jean Barrot. "
     "Il doit rejoindre Bruxelles jeudi.", "fr", ["Paris", "Brussels"]),
    ("Prime Minister Carney arrived in Tokyo on Monday. Foreign Minister Anita Anand met officials in "
     "Seoul on Tuesday. She then flew to Washington.", "en", ["Tokyo"]),
])
def test_a_pronoun_opening_a_sentence_stands_for_the_last_subject(tmp_path, body, lang, want):
    assert _names(tmp_path, body, "2026-03-09", lang) == want


@pytest.mark.parametrize("body, lang", [
    ("Министр Лавров прибыл в Аддис-Абебу в понедельник. В прошлом году Лавров совершил несколько поездок, "
     "побывав, в частности, в Каире и Алжире, а также в Тяньцзине.", "ru"),
    ("Minister Lane arrived in Addis Ababa on Monday. Last year she made several trips across the region, "
     "with stops among others in the Egyptian capital, in Algiers and, later on, in Tianjin.", "en"),
])
def test_a_past_year_told_before_the_places_makes_the_sentence_background(tmp_path, body, lang):
    assert _names(tmp_path, body, "2025-06-10", lang) == ["Addis Ababa"]



@pytest.mark.parametrize("body, want", [
    # a big city's airport far out (Incheon, 49 km from Seoul) is the way in: one stop, at the city
    ("Chancellor Weber landed at Incheon International Airport on Thursday and went on to Seoul for talks "
     "with President Lee.", ["Seoul"]),
    # a smaller town's neighbour airport is another place (Larnaca's, 60 km from Limassol)
    ("Chancellor Weber landed at Larnaca International Airport on Thursday and went on to Limassol for talks.",
     ["Larnaca International Airport", "Limassol"]),
])
def test_an_airport_far_out_of_a_big_city_is_its_city(tmp_path, body, want):
    assert _names(tmp_path, body, "2026-03-06", "en") == want


@pytest.mark.parametrize("body, lang, want", [
    # a cancelled visit that names its own place (unknown to the gazetteer) leaves the stop before alone
    ("Minister Lane will fly to Papeete on Saturday. A trip to Futuna was cancelled because of the weather.",
     "en", ["Papeete"]),
    ("La ministre se rendra samedi à Papeete. Un déplacement à Futuna a été annulé en raison de la météo.",
     "fr", ["Papeete"]),
    # a territory's capital written with a hyphen is its capital ("Mata-Utu"), no namesake stray
    ("Minister Lane arrived in Mata-Utu on Thursday. She will travel to Berlin on Monday.", "en",
     ["Mata-Utu", "Berlin"]),
    # a visit that did not take place, said after it; "tampoco" (nor)
    ("Министр Лавров прибыл в Астану в понедельник. Запланированный визит в Эсватини в итоге не состоялся.",
     "ru", ["Astana"]),
    ("El presidente Peña llegó el jueves a Lima. Tampoco se prevé una visita a Managua.", "es", ["Lima"]),
    # a departure verb in its exact forms ("deixou"), a bold dateline
    ("**Brasília, 8 jun (Lusa)** – O presidente Lula deixou Brasília no domingo rumo a Díli.", "pt",
     ["Brasília", "Dili"]),
])
def test_cancellations_capitals_departures_and_bold_datelines(tmp_path, body, lang, want):
    assert _names(tmp_path, body, "2026-06-12", lang) == want


@pytest.mark.parametrize("body, lang, want", [
    # "the last stop is X" (an itinerary noun, a schedule told in the present)
    ("Minister Lane arrived in Suva on Monday. The last stop is Niue on Friday.", "en",
     [("Suva", date(2026, 6, 15), "visited"), ("Niue", date(2026, 6, 19), "expected")]),
    ("Menteri Sugiono tiba di Suva pada Senin (15/6). Perhentian terakhir adalah Honiara pada Kamis (18/6).", "id",
     [("Suva", date(2026, 6, 15), "visited"), ("Honiara", date(2026, 6, 18), "expected")]),
    ("Ministerin Lane kam am Montag in Lima an. Letzte Station der Reise ist am Freitag Santiago de Chile.", "de",
     [("Lima", date(2026, 6, 15), "visited"), ("Santiago", date(2026, 6, 19), "expected")]),
    # "in the morning of" a day is no "since" ("del" is also "from")
    ("La ministra Lane partirá de Madrid en la mañana del viernes 19 de junio rumbo a Lima.", "es",
     [("Madrid", date(2026, 6, 19), "expected"), ("Lima", date(2026, 6, 19), "expected")]),
])
def test_last_stops_and_parts_of_the_day(tmp_path, body, lang, want):
    trip = _trip(tmp_path, body, "2026-06-16", lang)
    assert [(s.place.name, s.date, s.status) for s in trip.stops] == want


def test_malay_honorifics_are_titles_not_the_travellers_name(tmp_path):
    # "Datuk Seri" before both names: "Seri" is no word of the Prime Minister's name, so his deputy's
    # stay in Tokyo is not his
    body = ("Perdana Menteri Datuk Seri Anwar Ibrahim tiba di Nairobi pada Isnin. Sementara itu, Timbalan "
            "Perdana Menteri Datuk Seri Ahmad Zahid Hamidi berada di Tokyo untuk lawatan kerja.")
    assert _names(tmp_path, body, "2026-06-16", "ms") == ["Nairobi"]


def test_one_report_telling_two_days_of_one_stay_gives_a_span_not_a_conflict(tmp_path):
    body = "Le président est arrivé lundi à Abidjan. Mardi, il a ouvert le forum économique à Abidjan."
    trip = _trip(tmp_path, body, "2025-07-09", "fr")
    assert [(s.place.name, s.date, s.date_end, s.conflicts) for s in trip.stops] == [
        ("Abidjan", date(2025, 7, 7), date(2025, 7, 8), ())]


@pytest.mark.parametrize("body, lang, pub, want", [
    # a time phrase and a comma before the traveller's title: the phrase is no person's name
    ("Presiden Prabowo tiba di Tokyo pada Senin (10/3). Pada Kamis, Presiden dijadwalkan bertolak ke Osaka "
     "untuk meninjau Expo 2025.", "id", "2025-03-10",
     [("Tokyo", date(2025, 3, 10), "visited"), ("Osaka", date(2025, 3, 13), "expected")]),
    # Vietnamese "đi" (go) before a name supports it and moves to it
    ("Thủ tướng Phạm Minh Chính đến Rio de Janeiro hôm Chủ nhật. Sau đó, Thủ tướng sẽ đi Brasília vào thứ Tư.",
     "vi", "2025-07-07",
     [("Rio de Janeiro", date(2025, 7, 6), "visited"), ("Brasília", date(2025, 7, 9), "expected")]),
    # an announced leg called off in a later clause of its sentence; a done arrival is not undone so
    ("Le président est arrivé lundi à Dakar. Il devait se rendre ensuite à Abidjan, mais cette étape a été "
     "annulée pour des raisons de sécurité.", "fr", "2025-11-20", [("Dakar", date(2025, 11, 17), "visited")]),
    ("The minister arrived in Dakar on Monday. She was to fly on to Accra, but that leg was cancelled.", "en",
     "2025-11-20", [("Dakar", date(2025, 11, 17), "visited")]),
    ("The minister arrived in Oslo on Monday, but the rally was cancelled.", "en", "2025-11-20",
     [("Oslo", date(2025, 11, 17), "visited")]),
])
def test_time_phrases_vietnamese_go_and_legs_called_off_later(tmp_path, body, lang, pub, want):
    trip = _trip(tmp_path, body, pub, lang)
    assert [(s.place.name, s.date, s.status) for s in trip.stops] == want


@pytest.mark.parametrize("lang, body, expected", [
    ("en", "President Lee left Seoul on Sunday. He will visit four countries, namely Kenya, Tanzania, "
           "Mozambique and South Africa.", ["Seoul", "Kenya", "Tanzania", "Mozambique", "South Africa"]),
    ("en", "Governor Price will tour three cities: Lyon, Geneva and Turin.", ["Lyon", "Geneva", "Turin"]),
    ("id", "Presiden Joko Widodo bertolak dari Jakarta pada Minggu. Ia akan berkunjung ke empat negara, yaitu "
           "Kenya, Tanzania, Mozambik, dan Afrika Selatan.",
     ["Jakarta", "Kenya", "Tanzania", "Mozambique", "South Africa"]),
    ("fr", "Le ministre Jean Barrot visitera trois villes, à savoir Lyon, Genève et Turin.",
     ["Lyon", "Geneva", "Turin"]),
    ("ru", "Министр Лавров посетит три страны, а именно Кению, Танзанию и Мозамбик.",
     ["Kenya", "Tanzania", "Mozambique"]),
])
def test_a_count_of_places_then_namely_lists_the_stops(tmp_path, lang, body, expected):
    assert _names(tmp_path, body, "2023-08-20", lang) == expected


def test_namely_after_a_count_of_people_lists_no_stops(tmp_path):
    body = "President Lee met three leaders, namely the heads of Kenya, Tanzania and Mozambique."
    assert _names(tmp_path, body, "2023-08-20", "en") == []


@pytest.mark.parametrize("lang, noun_text, verb_text", [
    ("de", "Die Länder der Region und das Land selbst", "Die Kanzlerin landete in Hanoi und ist dort gelandet"),
    ("nl", "De landen van de regio en het land zelf", "De premier landde in Hanoi"),
])
def test_country_nouns_sharing_the_stem_of_landing_are_no_arrival(lang, noun_text, verb_text):
    from itinerary.events import vocabulary

    def arrivals(text):
        return [h for h in vocabulary(lang).hits(text, 0, len(text)) if h.kind == "arrive"]
    assert arrivals(noun_text) == []
    assert arrivals(verb_text)


def test_a_dutch_weak_past_tells_a_past_weekday(tmp_path):
    trip = _trip(tmp_path, "Premier Jansen landde maandag in Hanoi.", "2023-08-20", "nl")  # a Sunday
    assert [(s.place.name, s.date, s.status) for s in trip.stops] == [("Hanoi", date(2023, 8, 14), "visited")]


@pytest.mark.parametrize("lang, body", [
    ("en", "Prime Minister Keir Starmer, who last visited Kenya in 2019, arrived in Nairobi on Tuesday."),
    ("id", "Perdana Menteri Keir Starmer, yang terakhir mengunjungi Kenya pada 2019, tiba di Nairobi pada Selasa (13/5)."),
    ("fr", "Le Premier ministre Keir Starmer, qui s'était rendu au Kenya en 2019, est arrivé à Nairobi mardi."),
])
def test_a_relative_clause_of_an_earlier_trip_leaves_the_main_clause_its_move(tmp_path, lang, body):
    trip = _trip(tmp_path, body, "2025-05-14", lang)
    assert [(s.place.name, s.date) for s in trip.stops] == [("Nairobi", date(2025, 5, 13))]


@pytest.mark.parametrize("lang, body, expected", [
    ("en", "Prime Minister Keir Starmer arrived in Nairobi on Tuesday. Foreign Secretary David Lammy travelled to "
           "Brussels on Monday.", ["Nairobi"]),  # a sentence full of capitals is no Title Case headline
    ("en", "Prime Minister Keir Starmer arrived in Nairobi on Tuesday. The foreign secretary, David Lammy, "
           "travelled to Brussels on Monday.", ["Nairobi"]),
    ("fr", "Le président Emmanuel Macron est arrivé à Hanoï lundi. Son ministre des Armées, Sébastien Lecornu, "
           "s'est rendu mardi à Manille.", ["Hanoi"]),
    ("es", "El presidente Javier Milei llegó a Roma el lunes. Su canciller, Gerardo Werthein, permaneció en "
           "Washington.", ["Rome"]),
    ("en", "The president, Emmanuel Macron, arrived in Hanoi on Monday.", ["Hanoi"]),
])
def test_a_title_then_a_name_between_commas_is_another_person(tmp_path, lang, body, expected):
    assert _names(tmp_path, body, "2025-05-14", lang) == expected


def test_a_place_after_a_feature_word_in_a_title_is_no_first_name(tmp_path):
    # "Gubernur Provinsi Maputo Julio Parruque": the governor of Maputo province, not a man named Maputo
    body = ("Presiden Joko Widodo tiba di Maputo pada Rabu (23/8). Ia disambut oleh Gubernur Provinsi Maputo "
            "Julio Parruque dan Menteri Luar Negeri Mozambik.")
    assert _names(tmp_path, body, "2023-08-24", "id") == ["Maputo"]


def test_the_day_a_tour_was_announced_dates_none_of_its_stops_and_a_list_keeps_its_order(tmp_path):
    body = ("El rey Felipe VI visitará tres países: México, Guatemala y Panamá, informó este lunes la Casa Real. "
            "La gira comenzará en México el miércoles 12 y concluirá en Panamá el sábado 15.")
    trip = _trip(tmp_path, body, "2025-03-11", "es")  # a Tuesday: "este lunes" is the day before
    assert [(s.place.name, s.status) for s in trip.stops] == [
        ("Mexico", "expected"), ("Guatemala", "expected"), ("Panama", "expected")]
    assert [s.date for s in trip.stops] == [date(2025, 3, 12), date(2025, 3, 11), date(2025, 3, 15)]
    assert trip.stops[1].date_basis == "report"  # not next Monday, the 17th


def test_said_on_a_weekday_is_not_the_day_of_an_announced_visit(tmp_path):
    body = ("Prime Minister Mark Carney will visit three countries, namely Japan, South Korea and Vietnam, his "
            "office said on Monday.")
    trip = _trip(tmp_path, body, "2025-03-11", "en")
    assert [s.place.name for s in trip.stops] == ["Japan", "South Korea", "Vietnam"]
    assert all(s.date_basis == "report" and s.status == "expected" for s in trip.stops)


@pytest.mark.parametrize("lang, published, body, expected", [
    ("en", "2025-03-11", "King Felipe lands in Mexico City on Wednesday and ends the tour in Panama City on Saturday.",
     [("Mexico City", date(2025, 3, 12), "expected"), ("Panama City", date(2025, 3, 15), "expected")]),
    ("de", "2025-09-17", "Bundespräsident Weber reist nach Serbien. Erste Station ist am 23. September Belgrad; am "
                         "Donnerstag folgt Sarajevo.",
     [("Belgrade", date(2025, 9, 23), "expected"), ("Sarajevo", date(2025, 9, 25), "expected")]),
])
def test_a_weekday_told_after_a_date_still_ahead_follows_it(tmp_path, lang, published, body, expected):
    trip = _trip(tmp_path, body, published, lang)
    assert [(s.place.name, s.date, s.status) for s in trip.stops] == expected


def test_a_programme_of_several_days_sets_no_clock_for_the_stops_told_after_it(tmp_path):
    # published on a Wednesday: the coming Saturday is the 5th, whatever the programme's Sunday
    body = ("El papa Francisco llegó hoy a Lisboa. Los actos durarán del 1 al 6 de agosto, con el viacrucis del "
            "viernes, la vigilia del sábado y la misa del domingo, a la que llegan miles de peregrinos. El sábado "
            "temprano el papa visitará Fátima en helicóptero.")
    trip = _trip(tmp_path, body, "2023-08-02", "es")
    assert [(s.place.name, s.date) for s in trip.stops] == [("Lisbon", date(2023, 8, 2)), ("Fátima", date(2023, 8, 5))]


@pytest.mark.parametrize("lang, body, expected", [
    ("de", "Bundespräsident Weber ist am Montag in Belgrad eingetroffen. Berlin betonte, die Reise sei eng mit "
           "Washington abgestimmt.", ["Belgrade"]),
    ("en", "President Lee arrived in Hanoi on Monday for talks with Beijing and Tokyo in mind, and flew with his "
           "wife to Da Nang on Tuesday.", ["Hanoi", "Da Nang"]),
    ("id", "Presiden Prabowo tiba di Hanoi pada Senin (15/9) untuk membahas kerja sama dengan Beijing dan Tokyo.",
     ["Hanoi"]),
])
def test_a_place_after_with_is_a_partner_not_a_stop(tmp_path, lang, body, expected):
    assert _names(tmp_path, body, "2025-09-17", lang) == expected


def test_a_spanish_pluperfect_departure_is_a_departure_not_the_next_clause_stopover(tmp_path):
    body = "El presidente Javier Milei llegó a Roma el viernes. Había partido de Buenos Aires el jueves e hizo escala en Madrid."
    trip = _trip(tmp_path, body, "2025-03-15", "es")
    status = {s.place.name: s.status for s in trip.stops}
    assert status["Buenos Aires"] == "visited" and status["Madrid"] == "passed"


@pytest.mark.parametrize("lang, body, expected", [
    ("en", "Nvidia chief Jensen Huang arrived in Tokyo on Monday. Taipei, where the firm plans a new headquarters, "
           "has welcomed the tour.", ["Tokyo"]),
    ("fr", "Le président Macron est arrivé à Hanoï lundi. Pékin, de son côté, a déclaré suivre la visite.", ["Hanoi"]),
])
def test_a_place_opening_the_sentence_then_an_aside_then_its_verb_is_a_subject(tmp_path, lang, body, expected):
    assert _names(tmp_path, body, "2025-09-17", lang) == expected


@pytest.mark.parametrize("lang, body, expected", [
    ("ru", "Президент Токаев прибыл в Москву в понедельник. Минск в программу поездки не входит.", ["Moscow"]),
    ("es", "El presidente Milei llegó a Roma el lunes. Madrid, en cambio, no figura en el programa del viaje.", ["Rome"]),
])
def test_a_negation_after_the_places_own_movement_word_negates_it(tmp_path, lang, body, expected):
    assert _names(tmp_path, body, "2025-09-17", lang) == expected


def test_turkish_aciklamak_is_a_verb_of_saying(tmp_path):
    body = "Cumhurbaşkanı Erdoğan salı günü Kuveyt'e gitti. Ankara, görüşmelerde enerji anlaşmalarının ele alındığını açıkladı."
    assert _names(tmp_path, body, "2025-10-22", "tr") == ["Kuwait City"]


@pytest.mark.parametrize("lang, body", [
    ("en", "President Lula arrived in Beijing on Tuesday from Tianjin, where he had attended the summit the day before."),
    ("ru", "Президент Лула во вторник прибыл в Пекин из Тяньцзиня, где накануне принял участие в саммите."),
])
def test_a_date_in_a_where_clause_is_the_places_own(tmp_path, lang, body):
    trip = _trip(tmp_path, body, "2025-09-03", lang)  # a Wednesday
    assert [(s.place.name, s.date) for s in trip.stops] == [("Tianjin", date(2025, 9, 1)), ("Beijing", date(2025, 9, 2))]


# common words whose stem or lemma is a cue word's ("Estados" and "estadía", "früh" and "früher",
# "reeds" and "reed"): no cue; the cue word itself still is one
@pytest.mark.parametrize("lang, common, cue, kind", [
    ("de", "am frühen Morgen", "Er war früher Botschafter", "background"),
    ("de", "Demnach traf er", "Er reist demnächst", "expectation"),
    ("en", "the State Department", "He will depart", "depart"),
    ("es", "Estados Unidos", "su estadía en", "stay"),
    ("es", "solo la sala", "salió de Lima", "depart"),
    ("es", "solo tres", "suele viajar", "background"),
    ("es", "la Cruz Roja", "cruzó la frontera", "pass"),
    ("fr", "le département du Nord", "le départ de Paris", "depart"),
    ("fr", "Henry James", "il n'est jamais venu", "negation"),
    ("nl", "reeds gisteren", "hij reed naar", "travel"),
    ("nl", "ze genieten", "hij komt niet", "negation"),
    ("nl", "met militaire eer", "eerder die week", "prior"),
    ("it", "su larga scala", "uno scalo a Dubai", "pass"),
    ("it", "del resto", "resterà a Roma", "stay"),
    ("hu", "a kormány által", "általában repül", "background"),
    ("ms", "meninggal dunia", "meninggalkan Kuala Lumpur", "depart"),
    ("tr", "yoğun bir gün", "ziyaret yok", "negation"),
])
def test_a_common_word_sharing_a_cue_words_stem_is_no_cue(lang, common, cue, kind):
    from itinerary.events import vocabulary

    def kinds(text):
        return [h.kind for h in vocabulary(lang).hits(text, 0, len(text))]
    assert kind not in kinds(common)
    assert kind in kinds(cue)


@pytest.mark.parametrize("lang, body", [
    ("en", "As his office announced, on Friday, April 25, President Zelensky will visit Rome."),
    ("uk", "Як повідомили в Офісі Президента, у п'ятницю, 25 квітня, Зеленський відвідає Рим."),
])
def test_an_attribution_opening_the_sentence_leaves_its_date_to_the_move(tmp_path, lang, body):
    trip = _trip(tmp_path, body, "2025-04-23", lang)
    assert [(s.place.name, s.date, s.status) for s in trip.stops] == [("Rome", date(2025, 4, 25), "expected")]


def test_a_dutch_passive_reception_keeps_its_date(tmp_path):
    body = "Op dinsdag 7 oktober worden koning Willem-Alexander en koningin Máxima met militaire eer ontvangen in Hanoi."
    trip = _trip(tmp_path, body, "2025-10-01", "nl")
    assert [(s.place.name, s.date) for s in trip.stops] == [("Hanoi", date(2025, 10, 7))]
