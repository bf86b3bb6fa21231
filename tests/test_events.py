"""Journey reconstruction on real-style sentences: cues, status, negation, datelines, merge."""
from datetime import date
from pathlib import Path

import pytest

import itinerary


def _article(tmp_path: Path, name: str, body: str, published: str | None = None, language: str | None = None) -> Path:
    # without `published`, the document date is the first full date in the text
    fm = ("---\ntitle: test\n" + (f"published: {published}\n" if published else "")
          + (f"language: {language}\n" if language else "") + "---\n")
    p = tmp_path / f"{name}.md"
    p.write_text(fm + body + "\n", encoding="utf-8")
    return p


def _stops(tmp_path, body, **kw):
    trip = itinerary.route([_article(tmp_path, "a", body, **kw)])
    return [(s.place.name, s.date, s.status, s.role) for s in trip.stops]


@pytest.mark.parametrize("body, place, status", [
    ("Pemimpin Korea Utara Kim Jong Un tiba di Vladivostok pada Selasa (12/9/2023).", "Vladivostok", "visited"),
    ("Presiden Joko Widodo mengunjungi Kyiv pada Rabu (29/6/2022).", "Kyiv", "visited"),
    ("Presiden Joko Widodo bertemu di Moskow dengan Presiden Vladimir Putin, Kamis (30/6/2022).", "Moscow", "visited"),
    ("Kereta Kim melintasi Khabarovsk pada Jumat (15/9/2023) malam.", "Khabarovsk", "passed"),
    ("North Korean leader Kim Jong Un arrived in Vladivostok on Tuesday, Sept. 12, 2023.", "Vladivostok", "visited"),
    ("Prime Minister Narendra Modi visited Vienna on July 10, 2024.", "Vienna", "visited"),
    ("President Xi Jinping held talks in Moscow on March 21, 2023.", "Moscow", "visited"),
    ("The motorcade passed through Ussuriysk on Saturday, Sept. 16, 2023.", "Ussuriysk", "passed"),
    ("Kim diperkirakan akan mengunjungi Komsomolsk-on-Amur pada Jumat (15/9/2023).", "Komsomolsk-on-Amur", "expected"),
    ("Kim is expected to travel to Vladivostok on Sept. 16, 2023.", "Vladivostok", "expected"),
    ("Kim kemungkinan akan mengunjungi Khabarovsk pada Jumat (15/9/2023).", "Khabarovsk", "expected"),
])
def test_cue_families_and_status(tmp_path, body, place, status):
    stops = _stops(tmp_path, body)
    assert [(n, st) for n, _, st, _ in stops] == [(place, status)]


@pytest.mark.parametrize("body", [
    "Kim tidak mengunjungi Vladivostok dalam perjalanan ini.",
    "Kim did not visit Vladivostok on this trip.",
    "Kim batal berangkat ke Moskow.",
])
def test_negated_moves_are_not_stops(tmp_path, body):
    assert _stops(tmp_path, body) == []


def test_datelines_and_sidebars_are_not_stops(tmp_path):
    body = ("MOSKOW - Presiden Rusia Vladimir Putin menerima undangan dari Kim Jong Un.\n"
            "SEOUL, KOMPAS.TV — Pemimpin Korea Utara Kim Jong Un tiba di Vladivostok pada Selasa (12/9/2023).\n"
            "Baca Juga: Kim Jong Un Tiba di Moskow\n")
    names = [n for n, *_ in _stops(tmp_path, body)]
    assert names == ["Vladivostok"]


def test_other_people_s_moves_are_not_the_traveller_s(tmp_path):
    body = ("Pemimpin Korea Utara Kim Jong Un tiba di Vladivostok pada Selasa (12/9/2023).\n"
            "Presiden Korea Selatan Yoon Suk Yeol akan menghadiri Majelis Umum PBB.\n"
            "Yoon akan berangkat ke New York pada hari Senin.\n"
            "Kim kemudian mengunjungi Khabarovsk pada Rabu (13/9/2023).")
    names = [n for n, *_ in _stops(tmp_path, body)]
    assert "New York City" not in names and names == ["Vladivostok", "Khabarovsk"]


def test_dates_are_not_taken_from_ages_durations_or_clock_times(tmp_path):
    body = ("Kim tiba di Vladivostok pukul 18.30 WIB setelah perjalanan selama enam hari, "
            "bertepatan dengan peringatan 70 tahun gencatan senjata.")
    stops = _stops(tmp_path, body, published="2023-09-12")
    # no date in the sentence: the report's date, marked as such
    assert stops[0][1] == date(2023, 9, 12)
    trip = itinerary.route([tmp_path / "a.md"])
    assert trip.stops[0].date_basis == "report"


def test_origin_return_and_order_by_date(tmp_path):
    body = ("Kim Jong Un kembali ke Pyongyang pada Minggu (17/9/2023).\n"
            "Kim Jong Un meninggalkan Pyongyang menuju Rusia pada Minggu (10/9/2023).\n"
            "Kim Jong Un tiba di stasiun Khasan pada Selasa (12/9/2023).")
    stops = _stops(tmp_path, body, published="2023-09-17")
    assert [(n, d.isoformat(), r) for n, d, _, r in stops] == [
        ("Pyongyang", "2023-09-10", "origin"), ("Khasan station", "2023-09-12", "stop"),
        ("Pyongyang", "2023-09-17", "return")]


def test_multi_article_merge_keeps_evidence_and_lists_conflicts(tmp_path):
    a = _article(tmp_path, "report-a", "Kim Jong Un tiba di Vladivostok pada Selasa (12/9/2023).", "2023-09-12")
    b = _article(tmp_path, "report-b", "Kim Jong Un tiba di Vladivostok pada Rabu (13/9/2023), kata KCNA.",
                 "2023-09-14")
    trip = itinerary.route([a, b])
    assert [s.place.name for s in trip.stops] == ["Vladivostok"]
    stop = trip.stops[0]
    assert {e.document for e in stop.evidence} == {"report-a", "report-b"}
    assert stop.conflicts and "2023-09-13" in stop.conflicts[0] and "report-b" in stop.conflicts[0]
    assert trip.conflicts == stop.conflicts
    from itinerary.render.serialize import route_dict, route_table

    assert route_dict(trip)["conflicts"] and "conflicts:" in route_table(trip)


def test_a_later_report_supersedes_an_expectation(tmp_path):
    a = _article(tmp_path, "early", "Pertemuan Kim Jong Un dengan Putin diperkirakan akan diadakan pada Selasa petang "
                 "di Vladivostok.", "2023-09-12")
    b = _article(tmp_path, "late", "Kim Jong Un dan Putin mengadakan pembicaraan di Kosmodrom Vostochny pada Rabu "
                 "(13/9/2023).", "2023-09-14")
    trip = itinerary.route([a, b])
    assert [s.place.name for s in trip.stops] == ["Vostochny Cosmodrome"]
    assert trip.superseded and "Vladivostok" in trip.superseded[0] and "Vostochny" in trip.superseded[0]


def test_english_article_with_weekdays_resolved_against_the_report(tmp_path):
    body = ("Prime Minister Narendra Modi on Monday landed in Moscow for a two-day visit. "
            "On Tuesday evening Modi landed at Vienna from Moscow.")
    stops = _stops(tmp_path, body, published="2024-07-10")
    assert [(n, d.isoformat()) for n, d, *_ in stops][:2] == [("Moscow", "2024-07-08"), ("Vienna", "2024-07-09")]


def test_back_to_back_places_of_one_stay_are_one_stop(tmp_path):
    body = ("Presiden Prabowo Subianto tiba di Rio de Janeiro, Brasil, Sabtu (16/11/2024).\n"
            "Kemudian, rombongan melakukan perjalanan menuju Copacabana.\n"
            "Prabowo kemudian terbang ke Brasilia pada Selasa (19/11/2024).")
    stops = _stops(tmp_path, body, published="2024-11-17")
    assert [(n, d.isoformat()) for n, d, *_ in stops] == [("Rio de Janeiro", "2024-11-16"), ("Brasília", "2024-11-19")]


def test_russian_article(tmp_path):
    body = "Ким Чен Ын прибыл во Владивосток во вторник. Затем Ким посетил космодром Восточный 13 сентября 2023 года."
    stops = _stops(tmp_path, body, published="2023-09-13")
    assert [(n, d.isoformat()) for n, d, *_ in stops] == [("Vladivostok", "2023-09-12"),
                                                         ("Vostochny Cosmodrome", "2023-09-13")]


def test_indonesian_text_that_looks_italian_still_finds_its_cues(tmp_path):
    body = ("Kim Jong Un tiba di Vladivostok pada Rabu (13/9/2023). Kim Jong Un kemudian bertemu Putin di "
            "Khabarovsk pada Kamis (14/9/2023). Kim Jong Un pulang ke Pyongyang pada Minggu (17/9/2023).")
    names = [n for n, *_ in _stops(tmp_path, body, published="2023-09-17")]
    assert names == ["Vladivostok", "Khabarovsk", "Pyongyang"]


@pytest.mark.parametrize("body, place, day", [
    ("Jokowi tiba di Sydney pada Senin (3/7/2023). Setelah itu, Jokowi dijadwalkan kembali ke Jakarta pada "
     "Kamis (6/7/2023).", "Jakarta", "2023-07-06"),
    ("Modi arrived in Moscow on Monday, July 8, 2024. After that, Modi flew to Vienna on Tuesday, July 9, 2024.",
     "Vienna", "2024-07-09"),
])
def test_after_that_keeps_the_sentence_s_own_date(tmp_path, body, place, day):
    stops = {n: d for n, d, *_ in _stops(tmp_path, body)}
    assert stops[place].isoformat() == day


def test_an_earlier_trip_told_as_background_is_not_a_stop(tmp_path):
    body = ("President Volodymyr Zelensky arrived in Washington on Wednesday, Sept. 18, 2024. "
            "Zelensky last visited Warsaw in December.")
    assert [n for n, *_ in _stops(tmp_path, body, published="2024-09-19")] == ["Washington, D.C."]


def test_exonyms_are_the_world_cities(tmp_path):
    body = "El presidente Lula llegó a Roma el 20 de junio de 2023 y luego viajó a Londres el 22 de junio de 2023."
    stops = _stops(tmp_path, body, published="2023-06-23", language="es")
    assert [(n, d.isoformat()) for n, d, *_ in stops] == [("Rome", "2023-06-20"), ("London", "2023-06-22")]


def test_arrival_and_departure_make_one_stay_not_a_conflict(tmp_path):
    body = ("Presiden Joko Widodo tiba di Sydney pada Senin (3/7/2023).\n"
            "Joko Widodo bertolak dari Sydney menuju Port Moresby pada Rabu (5/7/2023).")
    trip = itinerary.route([_article(tmp_path, "a", body, published="2023-07-05")])
    sydney = trip.stops[0]
    assert (sydney.place.name, sydney.date.isoformat(), sydney.date_end.isoformat()) == \
        ("Sydney", "2023-07-03", "2023-07-05")
    assert sydney.conflicts == ()


def test_a_vehicle_s_move_is_not_the_traveller_s(tmp_path):
    body = ("Kim Jong Un landed in Singapore on Sunday, June 10, 2018. "
            "It initially appeared to be flying back to Beijing.")
    assert [n for n, *_ in _stops(tmp_path, body, published="2018-06-10")] == ["Singapore"]


def test_the_first_stop_is_an_origin_only_when_the_text_says_it_was_left(tmp_path):
    body = "Modi arrived in Moscow on Monday, July 8, 2024. Modi flew to Vienna on Tuesday, July 9, 2024."
    assert [r for *_, r in _stops(tmp_path, body)] == ["stop", "destination"]


def test_reports_a_month_apart_are_different_trips(tmp_path):
    a = _article(tmp_path, "june", "Presiden Jokowi tiba di Jakarta setelah kunjungan kerja.", "2024-06-01")
    b = _article(tmp_path, "sept", "Presiden Jokowi tiba di Jakarta setelah kunjungan kerja.", "2024-09-01")
    trip = itinerary.route([a, b])
    assert [s.place.name for s in trip.stops] == ["Jakarta", "Jakarta"]


def test_spanish_arrival_with_words_between_verb_and_place(tmp_path):
    body = ("El presidente de Brasil, Luiz Inácio Lula da Silva, llegó este miércoles a Roma, donde se reunirá con "
            "el papa Francisco, tras una visita de dos días a París.\n"
            "Lula partió de Brasilia el lunes 19 de junio. El mandatario regresará a Brasilia el viernes.")
    stops = _stops(tmp_path, body, published="2023-06-21", language="es")
    assert [(n, st) for n, _, st, _ in stops] == [("Brasília", "visited"), ("Paris", "visited"),
                                                   ("Rome", "visited"), ("Brasília", "expected")]
    assert stops[2][1].isoformat() == "2023-06-21" and stops[3][3] == "return"


def test_a_move_dated_after_the_report_is_expected(tmp_path):
    body = ("Le président Emmanuel Macron est arrivé lundi 28 octobre 2024 à Rabat. Mardi, Macron s'est rendu "
            "au Parlement avant de partir pour Marrakech mercredi.")
    stops = _stops(tmp_path, body, published="2024-10-29", language="fr")
    assert [(n, d.isoformat(), st) for n, d, st, _ in stops] == [("Rabat", "2024-10-28", "visited"),
                                                                 ("Marrakesh", "2024-10-30", "expected")]
