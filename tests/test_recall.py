"""Recall-first stops: the kinds of construction a new article brings (issue 10's inputs, as tests).

Each sentence is written for the test; each names a general kind: a country named by a movement
verb, a pronoun subject with "flew on to", a rally venue and a drive, a route list, "from X to Y",
a distance's reference point, a weekday that names the publication day, an old but dated trip,
a text without front matter.
"""
from datetime import date
from pathlib import Path

import pytest

import itinerary


def _article(tmp_path: Path, body: str, published: str | None = None, name: str = "a") -> Path:
    fm = "---\ntitle: test\n" + (f"published: {published}\n" if published else "") + "---\n"
    p = tmp_path / f"{name}.md"
    p.write_text(fm + body + "\n", encoding="utf-8")
    return p


def _stops(tmp_path, body, published=None):
    trip = itinerary.route([_article(tmp_path, body, published)])
    return [(s.place.name, s.date, s.status) for s in trip.stops]


def test_countries_named_by_a_movement_verb_are_stops(tmp_path):
    stops = _stops(tmp_path, "The trade delegation traveled to China on Monday and flew on to the U.S. on Thursday.",
                   "2024-05-10")
    assert [(n, d) for n, d, _ in stops] == [("China", date(2024, 5, 6)), ("United States", date(2024, 5, 9))]


def test_pronoun_subject_flew_on_to(tmp_path):
    body = ("The prime minister left Tokyo on Monday (April 8) and arrived in Honolulu on Tuesday (April 9). "
            "She flew on to Los Angeles on Thursday (April 11).")
    stops = _stops(tmp_path, body, "2024-04-12")
    assert [(n, d) for n, d, _ in stops] == [
        ("Tokyo", date(2024, 4, 8)), ("Honolulu", date(2024, 4, 9)), ("Los Angeles", date(2024, 4, 11))]


def test_rally_venue_and_a_drive(tmp_path):
    body = "The candidate held a rally in Paris, Texas on Saturday and then drove 100 miles to Dallas on Sunday."
    stops = _stops(tmp_path, body, "2024-10-28")
    assert [(n, d) for n, d, _ in stops] == [("Paris", date(2024, 10, 26)), ("Dallas", date(2024, 10, 27))]
    paris = itinerary.route([_article(tmp_path, body, "2024-10-28")]).stops[0].place
    assert paris.country == "US"


def test_then_drove_to(tmp_path):
    body = "The governor flew to Atlanta, Georgia on Monday for a campaign rally, then drove to Savannah on Tuesday."
    stops = _stops(tmp_path, body, "2024-03-06")
    assert [(n, d) for n, d, _ in stops] == [("Atlanta", date(2024, 3, 4)), ("Savannah", date(2024, 3, 5))]


def test_weekday_of_the_publication_day_is_that_day(tmp_path):
    body = ("The president arrived in St. Louis, Mo., on Wednesday and traveled to Indianapolis, Indiana, "
            "on Thursday.")
    stops = _stops(tmp_path, body, "2019-06-20")
    assert [(n, d) for n, d, _ in stops] == [("St. Louis", date(2019, 6, 19)), ("Indianapolis", date(2019, 6, 20))]


def test_route_list_is_expected_stops_in_order(tmp_path):
    body = ("The royal train is due to leave Vienna on Friday, call at Linz and Salzburg, and run on through "
            "Innsbruck and Feldkirch before reaching Zurich on Saturday.")
    stops = _stops(tmp_path, body, "2024-06-03")
    assert [n for n, _, _ in stops] == ["Vienna", "Linz", "Salzburg", "Innsbruck", "Feldkirch", "Zürich"]
    assert {st for _, _, st in stops} == {"expected"}
    assert stops[0][1] == date(2024, 6, 7) and stops[-1][1] == date(2024, 6, 8)


def test_old_trips_are_dated_as_the_text_dates_them(tmp_path):
    body = ("On 1 March 2024 President Joko Widodo arrived in London, then travelled to Paris on 3 March 2024 "
            "and returned to Jakarta on 5 March 2024.")
    stops = _stops(tmp_path, body, "2024-04-15")
    assert [(n, d) for n, d, _ in stops] == [
        ("London", date(2024, 3, 1)), ("Paris", date(2024, 3, 3)), ("Jakarta", date(2024, 3, 5))]


def test_without_front_matter_narrated_moves_stay_visited(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("The minister arrived in Tokyo on 4 March 2024. He flew to Seoul on 5 March 2024.\n", encoding="utf-8")
    stops = [(s.place.name, s.date, s.status) for s in itinerary.route([p]).stops]
    assert stops == [("Tokyo", date(2024, 3, 4), "visited"), ("Seoul", date(2024, 3, 5), "visited")]


def test_from_x_to_y(tmp_path):
    stops = _stops(tmp_path, "Kishida travelled from Tokyo to Nagoya on Monday.", "2024-02-14")
    assert [n for n, _, _ in stops] == ["Tokyo", "Nagoya"]


def test_from_x_to_y_origin(tmp_path):
    trip = itinerary.route([_article(tmp_path, "The premier drove from Osaka to Kyoto on Monday.", "2024-02-14")])
    assert [s.place.name for s in trip.stops] == ["Osaka", "Kyoto"]
    assert trip.stops[0].role == "origin"


def test_a_distance_reference_point_is_not_a_stop(tmp_path):
    stops = _stops(tmp_path, "The president arrived in Busan, about 330 km from Seoul, on Monday.", "2024-02-14")
    assert [n for n, _, _ in stops] == ["Busan"]


def test_metonymy_and_titles_are_not_stops(tmp_path):
    body = ("President Prabowo arrived in Beijing on Saturday. Moscow said the visit was not a threat, "
            "and the Mayor of London welcomed the Russia-China relations talks.")
    assert [n for n, _, _ in _stops(tmp_path, body, "2024-11-10")] == ["Beijing"]


def test_past_year_background_is_not_a_stop(tmp_path):
    body = ("Chancellor Scholz arrived in Beijing on Sunday. He last visited Shanghai in 2022, "
            "when he also met students in Tianjin in 2019.")
    assert [n for n, _, _ in _stops(tmp_path, body, "2024-04-15")] == ["Beijing"]


def test_where_the_news_came_from_is_not_a_stop(tmp_path):
    id_body = ("Presiden Prabowo tiba di Tokyo pada hari Senin, 10 Maret 2025. Presiden dijadwalkan berkunjung ke "
               "Canberra pekan depan, kata juru bicara di Jakarta.")
    assert [n for n, _, _ in _stops(tmp_path, id_body, "2025-03-14")] == ["Tokyo", "Canberra"]
    ru_body = "Президент прибыл в Ташкент в понедельник. В среду он вылетел в Душанбе, сообщили в Москве."
    assert [n for n, _, _ in _stops(tmp_path, ru_body, "2025-03-14")] == ["Tashkent", "Dushanbe"]


def test_examples_and_sources_are_not_stops(tmp_path):
    body = ("The president landed in Nairobi on Monday. The airport serves cities such as Mombasa, Kisumu "
            "and Eldoret. According to a statement released in Washington, he met the president in Nairobi.")
    assert [n for n, _, _ in _stops(tmp_path, body, "2024-05-08")] == ["Nairobi"]


def test_a_state_visit_and_a_later_country(tmp_path):
    body = ("The emir has been in Malaysia since June 2, when he began a four-day state visit in Kuala Lumpur. "
            "He will travel later in the day to Brunei.")
    names = [n for n, _, _ in _stops(tmp_path, body, "2024-06-04")]
    assert names == ["Kuala Lumpur", "Brunei"]


def test_countries_flown_over_are_not_stops(tmp_path):
    body = ("El papa aterrizó en Ulán Bator el viernes. Sobrevoló Croacia, Serbia, Bulgaria y Turquía.")
    assert [n for n, _, _ in _stops(tmp_path, body, "2023-09-01")] == ["Ulan Bator"]
    body = "The president landed in Tokyo on Monday after the plane flew over Russia and China."
    assert [n for n, _, _ in _stops(tmp_path, body, "2024-05-08")] == ["Tokyo"]


def test_turkish_place_as_a_modifier(tmp_path):
    body = "Bakan pazartesi günü Amman'a ulaştı. Görüşmelerde Bağdat'taki gelişmeler konuşulacak."
    assert [n for n, _, _ in _stops(tmp_path, body, "2025-10-22")] == ["Amman"]


def test_a_country_beside_a_town_inside_it_across_reports(tmp_path):
    a = _article(tmp_path, "Presiden Prabowo tiba di Jerman pada Rabu (13/11/2024).", "2024-11-14", name="a")
    b = _article(tmp_path, "Presiden Prabowo tiba di Munich pada Rabu (13/11/2024) malam.", "2024-11-14", name="b")
    assert [s.place.name for s in itinerary.route([a, b]).stops] == ["Munich"]


def test_the_traveller_speaking_where_he_is(tmp_path):
    body = ('"Tugas ini tidak ringan," ucap Presiden di Surabaya sebelum keberangkatannya ke Tokyo, Senin (3/7/2023).')
    assert [n for n, _, _ in _stops(tmp_path, body, "2023-07-04")] == ["Surabaya", "Tokyo"]


def test_a_country_after_another_place_is_not_named_by_the_verb(tmp_path):
    body = "The minister made a surprise visit to Jordan on Friday for Lebanon talks."
    assert [n for n, _, _ in _stops(tmp_path, body, "2024-12-13")] == ["Jordan"]


def test_an_earlier_stop_told_in_passing(tmp_path):
    body = ("After attending the summit in Jakarta, President Biden arrived in Hanoi on Sunday (Sept. 10, 2023). "
            "After landing in Hanoi, he will go to the presidential palace.")
    stops = itinerary.route([_article(tmp_path, body, "2023-09-11")]).stops
    assert [(s.place.name, s.date) for s in stops] == [("Jakarta", None), ("Hanoi", date(2023, 9, 10))]


def test_german_ordinal_day_does_not_end_the_sentence(tmp_path):
    body = "Der Kanzler traf am Dienstag in Warschau ein. Am 13. März reiste er weiter nach Vilnius."
    stops = _stops(tmp_path, body, "2025-03-14")
    assert [(n, d) for n, d, _ in stops] == [("Warsaw", date(2025, 3, 11)), ("Vilnius", date(2025, 3, 13))]


def test_japanese_departure_closes_the_stay(tmp_path):
    body = "首相は3月10日にハノイに到着した。12日に首相はハノイを離れ、マニラを訪問した。"
    stops = itinerary.route([_article(tmp_path, body, "2025-03-14")]).stops
    assert [(s.place.name, s.date, s.date_end, s.conflicts) for s in stops] == [
        ("Hanoi", date(2025, 3, 10), date(2025, 3, 12), ()), ("Manila", date(2025, 3, 12), None, ())]


def test_the_start_of_a_leg_and_a_verb_final_list(tmp_path):
    ru = "Президент Южной Кореи прибыл на Украину из Польши в субботу."
    assert [n for n, _, _ in _stops(tmp_path, ru, "2023-07-15")] == ["Poland", "Ukraine"]
    tr = "Dışişleri Bakanı, Bahreyn, Ürdün ve Mısır'ı kapsayan bir tura çıkıyor."
    assert [n for n, _, _ in _stops(tmp_path, tr, "2025-10-20")] == ["Bahrain", "Jordan", "Egypt"]


def test_two_neighbouring_towns_are_two_stops(tmp_path):
    body = "On Saturday the president visited Bucha and Irpin, towns near Kyiv."
    assert [n for n, _, _ in _stops(tmp_path, body, "2023-07-16")] == ["Bucha", "Irpin"]


def test_inaugurations_are_visits(tmp_path):
    body = "Presiden Jokowi meresmikan Bendungan Baru di Kota Balikpapan pada Kamis (24/3/2016)."
    assert [n for n, _, _ in _stops(tmp_path, body, "2016-03-25")] == ["Balikpapan"]
    body = "The president inaugurated a new bridge in Samarinda on Thursday."
    assert [n for n, _, _ in _stops(tmp_path, body, "2016-03-25")] == ["Samarinda"]


def test_clauses_keep_their_own_dates_and_tenses(tmp_path):
    body = ("The premier arrived in Oslo on Monday, where the minister said talks would go on. A day later she "
            "visited Bergen, and on 12 March she left for Stockholm. The premier, who toured Helsinki in 2019, "
            "will fly on to Riga on Friday.")
    stops = _stops(tmp_path, body, "2025-03-13")
    assert stops == [("Oslo", date(2025, 3, 10), "visited"), ("Bergen", date(2025, 3, 11), "visited"),
                     ("Stockholm", date(2025, 3, 12), "visited"), ("Riga", date(2025, 3, 14), "expected")]


def test_german_participle_at_the_end_announces(tmp_path):
    body = "Die Gespräche mit der Regierung sind für Dienstag in Peking geplant."
    assert _stops(tmp_path, body, "2024-04-13") == [("Beijing", date(2024, 4, 16), "expected")]


def test_speakers_affiliations_and_inflected_greek_names(tmp_path):
    nl = "Premier Schoof is maandag in Warschau aangekomen, meldde de woordvoerder van de ambassade in Den Haag."
    assert [n for n, _, _ in _stops(tmp_path, nl, "2025-06-04")] == ["Warsaw"]
    el = "Ο πρωθυπουργός επισκέφθηκε τη Λεμεσό τη Δευτέρα και αναχώρησε για τη Βηρυτό."
    assert [n for n, _, _ in _stops(tmp_path, el, "2025-10-08")] == ["Limassol", "Beirut"]
    vi = "Ngày 3 tháng 12, ông tới Viêng Chăn."
    assert [n for n, _, _ in _stops(tmp_path, vi, "2025-12-05")] == ["Vientiane"]


def test_verb_final_clauses_date_and_speakers(tmp_path):
    hu = ("A miniszterelnök hétfőn megérkezett Belgrádba. Egy nappal később Szarajevóba utazott, "
          "november 12-én pedig Zágrábban tárgyalt.")
    assert [(n, d) for n, d, _ in _stops(tmp_path, hu, "2025-11-13")] == [
        ("Belgrade", date(2025, 11, 10)), ("Sarajevo", date(2025, 11, 11)), ("Zagreb", date(2025, 11, 12))]
    ko = "대통령은 월요일 하노이에 도착했다고 도쿄 주재 한국대사관이 밝혔다."
    assert [n for n, _, _ in _stops(tmp_path, ko, "2025-08-14")] == ["Hanoi"]
    zh = "国家主席星期一抵达莫斯科，外交部表示会谈顺利。"
    assert [(n, d) for n, d, _ in _stops(tmp_path, zh, "2025-07-10")] == [("Moscow", date(2025, 7, 7))]


def test_headline_words_are_not_the_traveller(tmp_path):
    body = ("Ke Sulawesi Sampai Jumat, Presiden Jokowi Akan Meresmikan Bendungan Baru\n"
            "Juru bicara istana dalam keterangan tertulisnya menyebutkan, Presiden Jokowi akan memulai "
            "kunjungannya ke Makassar pada Rabu (5/4/2017).")
    stops = _stops(tmp_path, body, "2017-04-05")
    assert [(n, st) for n, _, st in stops] == [("Makassar", "expected")]


def test_arabic_tour_list_with_attached_conjunctions(tmp_path):
    body = "بدأ الوزير جولة تشمل الأردن ومصر والعراق."
    assert [n for n, _, _ in _stops(tmp_path, body, "2025-10-21")] == ["Jordan", "Egypt", "Iraq"]


def test_one_place_told_for_one_day_by_two_reports_is_one_stop(tmp_path):
    a = _article(tmp_path, "The pope returned to Lisbon on Saturday (Aug. 5, 2023) after a visit to Fatima.",
                 "2023-08-05", name="a")
    b = _article(tmp_path, "The pope will be back in Lisbon on Saturday (Aug. 5, 2023) for the vigil.",
                 "2023-08-04", name="b")
    stops = itinerary.route([a, b]).stops
    assert [s.place.name for s in stops].count("Lisbon") == 1


def test_a_day_number_ending_an_english_sentence_still_ends_it():
    from itinerary.text import sentences

    t = "He met Dr. Smith in the U.S. on Sept. 12. Then he left. Am 13. März reiste er ab."
    assert [t[a:b] for a, b in sentences(t)] == [
        "He met Dr. Smith in the U.S. on Sept. 12.", "Then he left.", "Am 13. März reiste er ab."]


def test_a_since_date_does_not_date_the_place_before_it(tmp_path):
    body = ("Perdana menteri tiba di Mataram pada Senin (10/7/2023). Peralatan rombongannya sudah tiba di Mataram "
            "sejak 28 Juni 2023.")
    stops = _stops(tmp_path, body, "2023-07-11")
    assert [(n, d) for n, d, _ in stops] == [("Mataram", date(2023, 7, 10))]
