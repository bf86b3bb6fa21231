"""Date finding and resolution (itinerary.dates): real or realistic news sentences, resolved ISO dates."""
from __future__ import annotations

import time
from datetime import date

import pytest

from itinerary.dates import (
    detect_language,
    document_date,
    find_dates,
    find_durations,
    resolve_weekday,
)

SUN_17 = date(2023, 9, 17)  # a Sunday
TUE_12 = date(2023, 9, 12)  # a Tuesday


def one(text, ref, lang=None, **kw):
    refs = find_dates(text, ref, lang, **kw)
    assert len(refs) == 1, [(r.text, r.value) for r in refs]
    r = refs[0]
    assert text[r.start:r.end] == r.text
    return r


def values(text, ref, lang=None, **kw):
    return [(r.text, r.value.isoformat() if r.value else None) for r in find_dates(text, ref, lang, **kw)]


# ---------------------------------------------------------------- Indonesian, explicit


@pytest.mark.parametrize(
    "sentence, expr, iso",
    [
        ("Pemimpin Korea Utara Kim Jong Un pada Minggu (17/9/2023) kembali dari lawatannya ke Rusia.",
         "Minggu (17/9/2023)", "2023-09-17"),
        ("Kim Jong Un pulang dengan kereta api pada Minggu, 17 September 2023, kantor berita Rusia melaporkan.",
         "Minggu, 17 September 2023", "2023-09-17"),
        ("kata kantor berita Korea Utara KCNA pada Kamis, (14/9/2023), menggunakan akronim.",
         "Kamis, (14/9/2023)", "2023-09-14"),
        ("Kim Jong Un tiba di Rusia, Selasa pagi, 12 September 2023, untuk menghadiri pertemuan.",
         "Selasa pagi, 12 September 2023", "2023-09-12"),
        ("Kim Jong Un tiba di Rusia pada hari Selasa (12/9/2023) untuk bertemu dengan Presiden Vladimir Putin.",
         "Selasa (12/9/2023)", "2023-09-12"),
        ("Kim bersiap meninggalkan Pyongyang, menuju Rusia, 10 September 2023, di foto yang dikeluarkan KCNA.",
         "10 September 2023", "2023-09-10"),
        ("Rombongan tiba di Vladivostok pada 12 Sept 2023 sore.", "12 Sept 2023", "2023-09-12"),
        ("Kesepakatan itu diteken pada 17 Agt 2023 di Jakarta.", "17 Agt 2023", "2023-08-17"),
        ("Pertemuan berikutnya digelar 5 Des 2023.", "5 Des 2023", "2023-12-05"),
        ("Delegasi berangkat 3 Okt 2023 dari Bandara Soekarno-Hatta.", "3 Okt 2023", "2023-10-03"),
        ("Forum itu dibuka 21 Februari 2024 oleh menteri.", "21 Februari 2024", "2024-02-21"),
    ],
)
def test_indonesian_explicit(sentence, expr, iso):
    r = one(sentence, SUN_17, "id")
    assert r.text == expr
    assert r.value.isoformat() == iso
    assert r.basis == "explicit" and r.precision == "day" and not r.ambiguous


@pytest.mark.parametrize("name, month", [
    ("Januari", 1), ("Februari", 2), ("Maret", 3), ("April", 4), ("Mei", 5), ("Juni", 6), ("Juli", 7),
    ("Agustus", 8), ("September", 9), ("Oktober", 10), ("November", 11), ("Desember", 12),
    ("Agu", 8), ("Agt", 8), ("Okt", 10), ("Des", 12), ("Sept", 9), ("Jan", 1),
])
def test_indonesian_month_names(name, month):
    r = one(f"Acara itu berlangsung pada 9 {name} 2022 di Bandung.", SUN_17, "id")
    assert r.value == date(2022, month, 9)


def test_weekday_with_yearless_date_and_part_of_day():
    r = one("Kim Jong Un meninggalkan Pyongyang menuju Rusia, Minggu (10/9), dengan kereta pribadinya.", TUE_12, "id")
    assert (r.text, r.value, r.basis) == ("Minggu (10/9)", date(2023, 9, 10), "partial")
    r = one("Kim dan Putin bertemu di kosmodrom Vostochny, Rabu (13/9) malam, menurut KCNA.", SUN_17, "id")
    assert (r.text, r.value) == ("Rabu (13/9) malam", date(2023, 9, 13))


def test_weekday_mismatch_is_flagged():
    r = one("Kim tiba di Khasan pada Senin (12/9/2023).", SUN_17, "id")
    assert r.value == date(2023, 9, 12) and r.ambiguous and "Monday" in r.note


def test_yearless_takes_closest_year():
    assert one("Pertemuan itu digelar 28 Desember lalu.", date(2024, 1, 3), "id").value == date(2023, 12, 28)
    assert one("Kunjungan dijadwalkan 5 Januari mendatang.", date(2023, 12, 20), "id").value == date(2024, 1, 5)
    assert one("Putin met Kim on Sept. 13 at the spaceport.", SUN_17, "en").value == date(2023, 9, 13)


# ---------------------------------------------------------------- weekdays


def test_bare_weekday_defaults_to_past_week():
    r = one("Pada Sabtu Kim bertemu dengan Menteri Pertahanan Rusia Sergei Shoigu.", SUN_17, "id")
    assert (r.text, r.value, r.basis) == ("Sabtu", date(2023, 9, 16), "weekday")
    assert "2023-09-23" in r.note  # the other reading, for a later stage
    r = one("Sebuah video yang diterbitkan RIA pada Minggu menunjukkan Kim berjalan di karpet merah.", SUN_17, "id")
    assert r.value == SUN_17  # same weekday as the reference: that day


def test_weekday_future_cue():
    r = one("Para pengamat mengatakan Kim diperkirakan akan kembali ke Pyongyang, ibu kota Korea Utara, "
            "sekitar Senin sore.", SUN_17, "id")
    assert (r.text, r.value) == ("Senin sore", date(2023, 9, 18))
    r = one("Yoon akan berangkat ke New York pada hari Senin untuk menghadiri Majelis Umum PBB.", SUN_17, "id")
    assert r.value == date(2023, 9, 18)
    r = one("Biden is expected to meet Communist Party leader Nguyen Phu Trong on Monday.", date(2023, 9, 10), "en")
    assert r.value == date(2023, 9, 11)
    r = one("On Tuesday, the president will fly to Hanoi.", date(2023, 9, 10), "en")
    assert r.value == date(2023, 9, 12)
    r = one("The president arrived on Tuesday and will meet Putin later.", date(2023, 9, 14), "en")
    assert r.value == date(2023, 9, 12)


def test_weekday_future_argument_and_helper():
    r = one("Kim bertemu Putin pada Rabu.", SUN_17, "id", future=True)
    assert r.value == date(2023, 9, 20)
    assert resolve_weekday(0, SUN_17) == date(2023, 9, 11)
    assert resolve_weekday(0, SUN_17, future=True) == date(2023, 9, 18)
    assert resolve_weekday(6, SUN_17) == SUN_17
    assert resolve_weekday(6, SUN_17, strict=True) == date(2023, 9, 10)


def test_weekday_modifiers():
    assert one("Serangan itu terjadi Selasa lalu di pusat kota.", date(2022, 6, 29), "id").value == date(2022, 6, 28)
    assert one("The talks resumed last Monday in Geneva.", SUN_17, "en").value == date(2023, 9, 11)
    assert one("The summit opens next Friday in Jakarta.", SUN_17, "en").value == date(2023, 9, 22)


def test_english_weekday_forms():
    r = one("Putin and Kim held talks on Wednesday at the Vostochny cosmodrome.", SUN_17, "en")
    assert (r.text, r.value) == ("Wednesday", date(2023, 9, 13))
    r = one("Air Force One touched down Tuesday evening in Anchorage.", date(2023, 9, 14), "en")
    assert (r.text, r.value) == ("Tuesday evening", date(2023, 9, 12))
    r = one("Kim's armoured train left Artyom on Sunday (Sept 17) after a farewell ceremony.", SUN_17, "en")
    assert (r.text, r.value, r.ambiguous) == ("Sunday (Sept 17)", SUN_17, False)
    r = one("Kim's Tuesday meeting with Putin lasted four hours.", date(2023, 9, 14), "en")
    assert r.value == TUE_12


def test_minggu_sunday_or_week():
    assert values("Minggu lalu, Kim mengunjungi pabrik pesawat di Komsomolsk.", SUN_17, "id") == [
        ("Minggu lalu", "2023-09-04")]
    r = one("Kim berada di Rusia selama seminggu.", SUN_17, "id") if find_dates(
        "Kim berada di Rusia selama seminggu.", SUN_17, "id") else None
    assert r is None
    assert find_dates("Perundingan itu berlangsung dua minggu.", SUN_17, "id") == []
    assert find_dates("Harga naik tiap minggu sejak Juli lalu.", SUN_17, "id")[0].text != "minggu"
    assert values("Ia tiba pada hari Minggu.", date(2023, 9, 19), "id") == [("Minggu", "2023-09-17")]


# ---------------------------------------------------------------- relative


@pytest.mark.parametrize("sentence, lang, expr, iso", [
    ("Kim tiba di Vladivostok kemarin.", "id", "kemarin", "2023-09-16"),
    ("Delegasi akan kembali besok.", "id", "besok", "2023-09-18"),
    ("Kereta dijadwalkan tiba lusa.", "id", "lusa", "2023-09-19"),
    ("Presiden meninjau lokasi hari ini.", "id", "hari ini", "2023-09-17"),
    ("Kim tiba di Pyongyang tadi malam.", "id", "tadi malam", "2023-09-16"),
    ("Kereta lapis baja itu melintasi perbatasan semalam.", "id", "semalam", "2023-09-16"),
    ("Kim arrived in Vladivostok yesterday.", "en", "yesterday", "2023-09-16"),
    ("He will travel to Khabarovsk tomorrow.", "en", "tomorrow", "2023-09-18"),
    ("The train crossed the border overnight, officials said.", "en", "overnight", "2023-09-16"),
    ("Ia tiba dua hari lalu di Moskow.", "id", "dua hari lalu", "2023-09-15"),
    ("The delegation landed three days ago.", "en", "three days ago", "2023-09-14"),
    ("Kim tiba di Vladivostok kemarin.", None, "kemarin", "2023-09-16"),  # short text: language unsure
])
def test_relative_days(sentence, lang, expr, iso):
    r = one(sentence, SUN_17, lang)
    assert (r.text, r.value.isoformat(), r.basis) == (expr, iso, "relative")


def test_semalam_as_duration_is_not_a_date():
    assert find_dates("Delegasi menginap semalam di Khabarovsk.", SUN_17, "id") == []


def test_relative_weeks_months_years():
    r = one("Pekan lalu, Kim memeriksa pabrik amunisi.", SUN_17, "id")
    assert (r.value, r.value_end, r.precision) == (date(2023, 9, 4), date(2023, 9, 10), "week")
    r = one("Kim dijadwalkan ke Moskow pekan depan.", SUN_17, "id")
    assert (r.value, r.value_end) == (date(2023, 9, 18), date(2023, 9, 24))
    r = one("Talks are expected to resume next week.", SUN_17, "en")
    assert r.value == date(2023, 9, 18)
    r = one("Kim visited the factory last week.", SUN_17, "en")
    assert r.value == date(2023, 9, 4)
    r = one("Xi memperoleh masa jabatan ketiga pada bulan lalu.", date(2023, 3, 21), "id")
    assert (r.value, r.precision) == (date(2023, 2, 1), "month")
    r = one("Kesepakatan serupa diteken tahun lalu.", SUN_17, "id")
    assert (r.value, r.precision) == (date(2022, 1, 1), "year")


def test_anaphoric_next_day():
    text = ("Kim tiba di Vladivostok pada Rabu (13/9/2023). Keesokan harinya ia mengunjungi pabrik pesawat.")
    assert values(text, SUN_17, "id") == [("Rabu (13/9/2023)", "2023-09-13"), ("Keesokan harinya", "2023-09-14")]
    text = "Biden landed in Hanoi on Sept. 10. The following day he met Nguyen Phu Trong, and the next day he left."
    assert values(text, date(2023, 9, 12), "en") == [
        ("Sept. 10", "2023-09-10"), ("The following day", "2023-09-11"), ("the next day", "2023-09-12")]
    # the anchor may lie before `start` (per-sentence calls)
    s = text.index("The following")
    assert values(text, date(2023, 9, 12), "en", start=s)[0] == ("The following day", "2023-09-11")
    assert one("The next day he left.", None, "en").value is None


# ---------------------------------------------------------------- English explicit


@pytest.mark.parametrize("sentence, expr, iso", [
    ("Kim met Putin on Sept. 13 at the Vostochny cosmodrome.", "Sept. 13", "2023-09-13"),
    ("The leaders met on September 13, 2023, in the Amur region.", "September 13, 2023", "2023-09-13"),
    ("The leaders met on 13 September 2023 in the Amur region.", "13 September 2023", "2023-09-13"),
    ("The statement was dated 2023-09-12 and signed by both sides.", "2023-09-12", "2023-09-12"),
    ("The train is due back on Sept 17th, officials said.", "Sept 17th", "2023-09-17"),
    ("The ceasefire was signed on the 27th of July 1953.", "27th of July 1953", "1953-07-27"),
])
def test_english_explicit(sentence, expr, iso):
    r = one(sentence, SUN_17, "en")
    assert (r.text, r.value.isoformat()) == (expr, iso)


def test_english_may_march_need_capital_and_context():
    assert find_dates("Officials may 5 times review it; troops march 10 km.", SUN_17, "en") == []
    assert one("Talks were held on May 5, 2023.", SUN_17, "en").value == date(2023, 5, 5)


# ---------------------------------------------------------------- numeric order


def test_numeric_day_month_order():
    assert one("Rapat digelar Senin (4/9/2023).", SUN_17, "id").value == date(2023, 9, 4)
    r = one("The memo is dated 4/9/2023.", SUN_17, "en")
    assert r.value == date(2023, 9, 4) and r.ambiguous and "2023-04-09" in r.note
    r = one("The memo is dated 4/9/2023.", SUN_17, "en-US")
    assert r.value == date(2023, 4, 9) and not r.ambiguous
    r = one("The memo is dated 9/17/2023.", SUN_17, "en")
    assert r.value == SUN_17 and not r.ambiguous  # 17 cannot be a month
    assert one("Das Treffen fand am 12.09.2023 statt.", SUN_17, "de").value == TUE_12
    assert one("Tanggal 17-09-2023 kereta tiba.", SUN_17, "id").value == SUN_17


# ---------------------------------------------------------------- ranges


@pytest.mark.parametrize("sentence, lang, first, last", [
    ("KTT G20 berlangsung 18-19 November 2024 di Rio de Janeiro.", "id", "2024-11-18", "2024-11-19"),
    ("Pameran dibuka 10–17 September di Jakarta.", "id", "2023-09-10", "2023-09-17"),
    ("Latihan militer digelar 10 hingga 17 September 2023.", "id", "2023-09-10", "2023-09-17"),
    ("The forum runs from 10 to 17 September in Vladivostok.", "en", "2023-09-10", "2023-09-17"),
    ("The forum ran Sept. 10-13 in Vladivostok.", "en", "2023-09-10", "2023-09-13"),
    ("Kunjungan itu berlangsung 30 Agustus - 2 September 2023.", "id", "2023-08-30", "2023-09-02"),
    # a list of days reads as a range from its first day to its last ([dates] list_words)
    ("Der Minister reist am 21., 22. und 23. September nach Asien.", "de", "2023-09-21", "2023-09-23"),
    ("Menteri dijadwalkan berkunjung pada 21, 22 dan 23 September.", "id", "2023-09-21", "2023-09-23"),
    ("Bakan 21-22-23 Eylül tarihlerinde Asya'da olacak.", "tr", "2023-09-21", "2023-09-23"),
    ("The minister travels on September 21, 22 and 23.", "en", "2023-09-21", "2023-09-23"),
    ("El ministro viajará los días 21, 22 y 23 de septiembre.", "es", "2023-09-21", "2023-09-23"),
])
def test_ranges(sentence, lang, first, last):
    r = one(sentence, SUN_17, lang)
    assert (r.value.isoformat(), r.value_end.isoformat()) == (first, last)


# ---------------------------------------------------------------- not dates


@pytest.mark.parametrize("sentence, lang", [
    ("Kunjungan selama enam hari ke Rusia tersebut memicu kekhawatiran global.", "id"),
    ("Keduanya mengadakan pembicaraan lebih dari empat jam.", "id"),
    ("Presiden yang berusia 70 tahun itu tiba lebih dulu.", "id"),
    ("Kereta berangkat pukul 18.30 WIB dan tiba pukul 09.00 waktu setempat.", "id"),
    ("Berita diperbarui 11:54 WIB.", "id"),
    ("Peringatan 70 tahun gencatan senjata Korea digelar di Pyongyang.", "id"),
    ("Kim terakhir ke luar negeri dua tahun lalu.", "id"),
    ("Inflasi naik 2,5 persen, dan kereta menempuh 1.180 km.", "id"),
    ("Versi 2.10.3 dirilis untuk nomor 0812-3456-7890.", "id"),
    ("Para pemimpin G20 bertemu; skor akhir 3-1.", "id"),
    ("The 70-year-old leader, aged 70, last travelled abroad five years ago.", "en"),
    ("Kim began a week-long visit; the six-day trip covered 1,180 km.", "en"),
    ("The overnight train carried two dozen officials.", "en"),
    ("She read the Sunday Times on Good Friday.", "en"),
])
def test_no_false_dates(sentence, lang):
    assert find_dates(sentence, SUN_17, lang) == []


def test_bare_year_is_year_precision():
    r = one("Korea Utara, sebuah negara yang dibentuk pada tahun 1948 dengan dukungan Uni Soviet.", SUN_17, "id")
    assert (r.text, r.value, r.precision) == ("tahun 1948", date(1948, 1, 1), "year")
    r = one("Kim took power in late 2011 after his father died.", SUN_17, "en")
    assert (r.value, r.precision) == (date(2011, 1, 1), "year")


def test_month_only():
    r = one("Pada bulan Juli, Presiden Biden memperingatkan bahwa Ukraina kehabisan amunisi.", SUN_17, "id")
    assert (r.text, r.value, r.precision) == ("Juli", date(2023, 7, 1), "month")
    r = one("Pada bulan Desember, Gedung Putih mengatakan kepada Reuters.", SUN_17, "id")
    assert r.value == date(2022, 12, 1)  # the most recent December
    r = one("The summit is expected to take place in December.", SUN_17, "en")
    assert r.value == date(2023, 12, 1)  # future reading
    r = one("Prices rose in mid-September, traders said.", date(2023, 10, 2), "en")
    assert (r.text, r.value) == ("mid-September", date(2023, 9, 1))
    r = one("Inflasi mencapai puncaknya pada Februari 2023.", SUN_17, "id")
    assert (r.value, r.precision, r.basis) == (date(2023, 2, 1), "month", "explicit")


# ---------------------------------------------------------------- other languages


@pytest.mark.parametrize("sentence, lang, iso", [
    ("El papa aterrizó en Ulán Bator el 1 de septiembre a las 9:50.", "es", "2023-09-01"),
    ("Il Papa è partito lunedì 4 settembre 2023 da Ulaanbaatar.", "it", "2023-09-04"),
    ("Le président est arrivé à Moscou le 12 septembre 2023.", "fr", "2023-09-12"),
    ("Der Kanzler reiste am 12. September 2023 nach Kiew.", "de", "2023-09-12"),
    ("O presidente chegou a Lisboa em 12 de setembro de 2023.", "pt", "2023-09-12"),
    ("El presidente llegó ayer a Lima.", "es", "2023-09-16"),
    ("Il Papa rientrerà a Roma domani.", "it", "2023-09-18"),
    ("Le sommet s'est tenu hier à Paris.", "fr", "2023-09-16"),
    ("Der Besuch endete gestern in Berlin.", "de", "2023-09-16"),
])
def test_other_languages_hand_tables(sentence, lang, iso):
    refs = find_dates(sentence, SUN_17, lang)
    assert [r.value.isoformat() for r in refs] == [iso]


def test_german_morning_is_not_tomorrow():
    assert find_dates("Am Morgen traf der Kanzler ein.", SUN_17, "de") == []


def test_russian_from_the_pack():
    # was: through dateparser (note "dateparser"); the Russian pack and CLDR genitives now cover it
    text = "Ким Чен Ын прибыл во Владивосток 13 сентября 2023 года. Ему 39 лет, поезд прибыл в 18:30."
    refs = find_dates(text, SUN_17, "ru")
    assert [(r.text, r.value.isoformat()) for r in refs] == [("13 сентября 2023 года", "2023-09-13")]


# ---------------------------------------------------------------- document date, language, durations


def test_document_date_dateline_and_first_full_date():
    text = ("Kim Jong Un Tiba Di Rusia\n\nSelasa, 12 September 2023 11:54 WIB\n"
            "Pemimpin Korea Utara bersiap meninggalkan Pyongyang, 10 September 2023.\n")
    r = document_date(text)
    assert (r.value, r.text) == (TUE_12, "Selasa, 12 September 2023") and "dateline" in r.note
    text = "MOSKOW, 14 September 2023 - Putin menerima undangan Kim. Kim tiba 12 September 2023."
    assert document_date(text).value == date(2023, 9, 14)
    text = "Header\n\nKim pada Minggu (17/9/2023) kembali dari Rusia. Ia berangkat pada Minggu (10/9)."
    r = document_date(text, body_start=8)
    assert r.value == SUN_17 and r.start >= 8 and "first full date" in r.note and r.basis == "text"
    assert document_date("Kim tiba pada Selasa dan pulang kemarin.") is None


@pytest.mark.parametrize("text, lang", [
    ("Pemimpin Korea Utara Kim Jong Un pada Minggu kembali dari lawatannya ke Rusia yang memicu kekhawatiran.", "id"),
    ("North Korean leader Kim Jong Un returned home on Sunday after a trip to Russia that alarmed the West.", "en"),
    ("El papa Francisco aterrizó en Mongolia para una visita de cuatro días, la primera de un pontífice.", "es"),
    ("Il Papa ha lasciato la Mongolia dopo una visita di quattro giorni nella capitale del paese.", "it"),
    ("Ким Чен Ын вернулся в Пхеньян после визита в Россию.", "ru"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_find_durations():
    text = "Kunjungan selama enam hari itu diikuti seminggu perundingan dan pembicaraan empat jam."
    got = [(text[a:b], d) for a, b, d in find_durations(text, "id")]
    assert got == [("selama enam hari", 6.0), ("seminggu", 7.0), ("empat jam", pytest.approx(4 / 24))]
    text = "Kim began a week-long visit, a six-day trip, two days after the summit."
    got = [(text[a:b], d) for a, b, d in find_durations(text, "en")]
    assert got == [("a week-long", 7.0), ("six-day", 6.0)]


# ---------------------------------------------------------------- offsets and speed


def test_start_end_window_and_offsets():
    text = "Kim tiba Selasa (12/9/2023). Ia pulang Minggu (17/9/2023)."
    s = text.index("Ia")
    refs = find_dates(text, SUN_17, "id", start=s)
    assert [(r.start, r.value) for r in refs] == [(text.index("Minggu"), SUN_17)]


def test_speed_on_a_5kb_article():
    para = ("Pemimpin Korea Utara Kim Jong Un tiba di Rusia pada hari Selasa (12/9/2023) untuk bertemu "
            "Presiden Vladimir Putin. Kunjungan selama enam hari itu berakhir Minggu, 17 September 2023, "
            "dan Kim diperkirakan akan kembali ke Pyongyang sekitar Senin sore. Pada bulan Juli, Biden "
            "memperingatkan bahwa Ukraina kehabisan amunisi, kata pejabat pada 18.30 WIB kemarin. ")
    text = para * (5000 // len(para) + 1)
    find_dates(text, SUN_17, "id")  # compile once
    t = time.perf_counter()
    for _ in range(5):
        refs = find_dates(text, SUN_17, "id")
    per_call = (time.perf_counter() - t) / 5
    assert len(refs) >= 5 * 5
    assert per_call < 0.05, per_call  # a few ms in practice; generous for slow CI machines


def test_day_of_month_and_same_day():
    r = one("Saya diterima di Abu Dhabi tanggal 23 (November), langsung pulang.", date(2024, 11, 22), "id")
    assert (r.text, r.value, r.basis) == ("tanggal 23", date(2024, 11, 23), "partial")
    assert one("Pembayaran jatuh pada tanggal 30.", date(2024, 12, 2), "id").value == date(2024, 11, 30)
    text = "Kim tiba Rabu (13/9/2023), lalu pada malam harinya makan malam bersama Putin."
    assert values(text, SUN_17, "id")[1] == ("malam harinya", "2023-09-13")


def test_clock_time_last_night_is_the_day_before():
    refs = find_dates("Dari stasiun kota Przemysl, pukul sembilan malam tadi, kami naik kereta.", date(2022, 6, 29), "id")
    assert [(r.text, r.value) for r in refs] == [("pukul sembilan malam tadi", date(2022, 6, 28))]
    assert find_dates("Kami menginap sembilan malam di sana.", date(2022, 6, 29), "id") == []


def test_a_weekday_after_then_or_avant_de_follows_the_earlier_date():
    text = "Mardi, le chef de l'État s'est rendu au Parlement avant de partir pour Marrakech mercredi."
    refs = find_dates(text, date(2024, 10, 29), "fr")
    assert [(r.text, r.value) for r in refs] == [("Mardi", date(2024, 10, 29)), ("mercredi", date(2024, 10, 30))]


# ---------------------------------------------------------------- every language: month names (CLDR) and relative days


@pytest.mark.parametrize("lang, sentence, expr, iso", [
    ("id", "Presiden meresmikan bendungan itu pada 5 Maret 2022.", "5 Maret 2022", "2022-03-05"),
    ("ms", "Perdana Menteri merasmikan jambatan itu pada 5 Ogos 2022.", "5 Ogos 2022", "2022-08-05"),
    ("en", "The bridge was opened on 5 March 2022 by the mayor.", "5 March 2022", "2022-03-05"),
    ("de", "Die Brücke wurde am 5. März 2022 eröffnet.", "5. März 2022", "2022-03-05"),
    ("fr", "Le pont a été inauguré le 5 mars 2022.", "5 mars 2022", "2022-03-05"),
    ("es", "El puente fue inaugurado el 5 de marzo de 2022.", "5 de marzo de 2022", "2022-03-05"),
    ("pt", "A ponte foi inaugurada em 5 de março de 2022.", "5 de março de 2022", "2022-03-05"),
    ("it", "Il ponte è stato inaugurato il 5 marzo 2022.", "5 marzo 2022", "2022-03-05"),
    ("nl", "De brug werd op 5 maart 2022 geopend.", "5 maart 2022", "2022-03-05"),
    ("pl", "Most otwarto 5 marca 2022 r. w obecności ministra.", "5 marca 2022 r.", "2022-03-05"),  # genitive
    ("ru", "Мост открыли 5 марта 2022 года.", "5 марта 2022 года", "2022-03-05"),  # genitive
    ("uk", "Міст відкрили 5 березня 2022 року.", "5 березня 2022 року", "2022-03-05"),  # genitive
    ("el", "Η γέφυρα εγκαινιάστηκε στις 5 Μαρτίου 2022.", "5 Μαρτίου 2022", "2022-03-05"),  # genitive
    ("hu", "A hidat 2022. március 5-én adták át.", "2022. március 5-én", "2022-03-05"),
    ("tr", "Köprü 5 Mart 2022'de açıldı.", "5 Mart 2022'de", "2022-03-05"),
    ("ar", "افتتح الجسر في 5 مارس 2022 بحضور الوزير.", "5 مارس 2022", "2022-03-05"),
    ("vi", "Cây cầu được khánh thành ngày 5 tháng 3 năm 2022.", "5 tháng 3 năm 2022", "2022-03-05"),
    ("ko", "다리는 2022년 3월 5일 개통됐다.", "2022년 3월 5일", "2022-03-05"),
    ("ja", "橋は2022年3月5日に開通した。", "2022年3月5日", "2022-03-05"),
    ("zh", "大桥于2022年3月5日通车。", "2022年3月5日", "2022-03-05"),
])
def test_month_names_in_every_language(lang, sentence, expr, iso):
    r = one(sentence, SUN_17, lang)
    assert (r.text, r.value.isoformat(), r.basis) == (expr, iso, "explicit")


@pytest.mark.parametrize("lang, sentence, expr, iso", [
    ("id", "Presiden tiba di Surabaya kemarin.", "kemarin", "2023-09-16"),
    ("ms", "Perdana Menteri tiba di Johor Bahru semalam.", "semalam", "2023-09-16"),
    ("en", "The minister flew to Lagos yesterday.", "yesterday", "2023-09-16"),
    ("de", "Die Ministerin flog gestern nach Lagos.", "gestern", "2023-09-16"),
    ("fr", "La ministre partira demain pour Dakar.", "demain", "2023-09-18"),
    ("es", "La ministra viajó anteayer a Quito.", "anteayer", "2023-09-15"),
    ("pt", "O ministro viaja amanhã para Luanda.", "amanhã", "2023-09-18"),
    ("it", "Il ministro è arrivato ieri a Napoli.", "ieri", "2023-09-16"),
    ("nl", "De minister vertrekt morgen naar Gent.", "morgen", "2023-09-18"),
    ("pl", "Minister przyleciał wczoraj do Gdańska.", "wczoraj", "2023-09-16"),
    ("ru", "Министр прилетел в Казань позавчера.", "позавчера", "2023-09-15"),
    ("uk", "Міністр прилетів до Одеси вчора.", "вчора", "2023-09-16"),
    ("el", "Ο υπουργός έφτασε χθες στην Πάτρα.", "χθες", "2023-09-16"),
    ("hu", "A miniszter tegnap Szegedre utazott.", "tegnap", "2023-09-16"),
    ("tr", "Bakan dün İzmir'e gitti.", "dün", "2023-09-16"),
    ("ar", "وصل الوزير إلى عمان أمس.", "أمس", "2023-09-16"),
    ("vi", "Bộ trưởng đã đến Đà Nẵng hôm qua.", "hôm qua", "2023-09-16"),
    ("ko", "장관은 어제 부산에 도착했다.", "어제", "2023-09-16"),
    ("ja", "大臣は昨日、福岡に到着した。", "昨日", "2023-09-16"),
    ("zh", "部长昨天抵达广州。", "昨天", "2023-09-16"),
])
def test_relative_days_in_every_language(lang, sentence, expr, iso):
    r = one(sentence, SUN_17, lang)
    assert (r.text, r.value.isoformat(), r.basis) == (expr, iso, "relative")


@pytest.mark.parametrize("lang, sentence, iso", [
    ("ru", "Президент посетил Сочи в сентябре.", "2023-09-01"),
    ("pl", "Prezydent odwiedził Gdańsk we wrześniu.", "2023-09-01"),
    ("hu", "Az elnök szeptemberben Szegedre látogatott.", "2023-09-01"),
    ("tr", "Cumhurbaşkanı eylülde İzmir'i ziyaret etti.", "2023-09-01"),
    ("el", "Ο πρόεδρος επισκέφθηκε την Κρήτη τον Σεπτέμβριο.", "2023-09-01"),
    ("uk", "Президент відвідав Одесу у вересні.", "2023-09-01"),
    ("ru", "Министр прилетит в Казань в среду.", "2023-09-20"),
    ("pl", "Minister był w Gdańsku w środę.", "2023-09-13"),
    ("hu", "A miniszter kedden Szegedre utazott.", "2023-09-12"),
])
def test_case_forms_of_names(lang, sentence, iso):
    """Case forms CLDR lacks: months by Snowball stem, weekdays from the pack."""
    assert one(sentence, SUN_17, lang).value.isoformat() == iso


@pytest.mark.parametrize("lang, sentence", [
    ("es", "Fue una visita de seis días a la región."),
    ("fr", "Ce fut une visite de six jours dans la région."),
    ("de", "Es war ein Besuch von sechs Tagen in der Region."),
    ("ru", "Это был визит продолжительностью шесть дней."),
    ("tr", "Altı günlük ziyaret sona erdi."),
    ("ja", "6日間の訪問が終わった。"),
    ("zh", "为期六天的访问结束了。"),
    ("ru", "Среди них были министры."),  # "среди" is no form of "среда"
])
def test_durations_and_lookalikes_are_not_dates(lang, sentence):
    assert find_dates(sentence, SUN_17, lang) == []


# ---------------------------------------------------------------- the publication day's own weekday


THU_20 = date(2019, 6, 20)  # a Thursday


@pytest.mark.parametrize("sentence, lang, kw", [
    ("The governor drove to Toledo on Thursday to open a clinic.", "en", {}),
    ("The governor will drive to Toledo on Thursday to open a clinic.", "en", {}),
    ("The governor is expected in Toledo on Thursday.", "en", {}),
    ("The governor drove to Toledo on Thursday.", "en", {"future": True}),
    ("Gubernur berangkat ke Bandung pada Kamis pagi.", "id", {}),
    ("Gubernur akan berangkat ke Bandung pada hari Kamis.", "id", {}),
])
def test_a_weekday_that_is_the_publication_day_is_that_day(sentence, lang, kw):
    assert one(sentence, THU_20, lang, **kw).value == THU_20


def test_last_or_next_weekday_said_on_that_weekday_is_a_week_away():
    assert one("The governor drove to Toledo last Thursday.", THU_20, "en").value == date(2019, 6, 13)
    assert one("The governor drives to Toledo next Thursday.", THU_20, "en").value == date(2019, 6, 27)


# ---------------------------------------------------------------- chained relative days


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "The envoy reached Nairobi on 12 September 2023. A day later he flew to Kampala, and the next "
           "morning he left for Kigali.",
     [("12 September 2023", "2023-09-12"), ("A day later", "2023-09-13"), ("the next morning", "2023-09-14")]),
    ("id", "Utusan itu tiba di Nairobi pada 12 September 2023. Keesokan harinya ia terbang ke Kampala, "
           "dan dua hari kemudian ke Kigali.",
     [("12 September 2023", "2023-09-12"), ("Keesokan harinya", "2023-09-13"), ("dua hari kemudian", "2023-09-15")]),
    ("es", "El enviado llegó a Nairobi el 12 de septiembre de 2023. Un día después voló a Kampala.",
     [("12 de septiembre de 2023", "2023-09-12"), ("Un día después", "2023-09-13")]),
    ("fr", "L'envoyé est arrivé à Nairobi le 12 septembre 2023. Le lendemain, il s'est rendu à Kampala.",
     [("12 septembre 2023", "2023-09-12"), ("Le lendemain", "2023-09-13")]),
    ("de", "Der Gesandte traf am 12. September 2023 in Nairobi ein. Am nächsten Tag flog er nach Kampala.",
     [("12. September 2023", "2023-09-12"), ("Am nächsten Tag", "2023-09-13")]),
    ("ru", "Посланник прибыл в Найроби 12 сентября 2023 года. На следующий день он вылетел в Кампалу.",
     [("12 сентября 2023 года", "2023-09-12"), ("На следующий день", "2023-09-13")]),
    ("tr", "Elçi 12 Eylül 2023'te Nairobi'ye ulaştı. Ertesi gün Kampala'ya uçtu.",
     [("12 Eylül 2023'te", "2023-09-12"), ("Ertesi gün", "2023-09-13")]),
    ("ja", "特使は2023年9月12日にナイロビに到着した。翌日、カンパラへ向かった。",
     [("2023年9月12日", "2023-09-12"), ("翌日", "2023-09-13")]),
])
def test_chained_relative_days_follow_the_previous_date(lang, text, expected):
    assert values(text, SUN_17, lang) == expected


def test_anchor_argument_for_the_next_day():
    s = "Keesokan harinya ia terbang ke Kampala."
    assert values(s, SUN_17, "id", anchor=date(2023, 9, 12)) == [("Keesokan harinya", "2023-09-13")]
    assert values(s, SUN_17, "id") == [("Keesokan harinya", None)]
    # a date earlier in the text comes first
    text = "Ia tiba pada 14 September 2023. " + s
    got = values(text, SUN_17, "id", start=text.index("Keesokan"), anchor=date(2023, 9, 12))
    assert got == [("Keesokan harinya", "2023-09-15")]


# ---------------------------------------------------------------- dates that leave the calendar


def test_out_of_range_dates_never_raise():
    refs = find_dates("Arsip bertanggal 31/12/9999 dibuka besok; keesokan harinya ditutup.", date(9999, 12, 31), "id")
    assert [(r.text, r.value) for r in refs] == [("31/12/9999", date(9999, 12, 31))]
    refs = find_dates("The stone is dated 1/1/0001 and was found yesterday.", date(1, 1, 1), "en")
    assert [r.value for r in refs] == [date(1, 1, 1)]
    for s in ("It happened last week.", "It happened last month.", "It happened last year.",
              "It happened the day before yesterday."):
        assert find_dates(s, date(1, 1, 1), "en") == []
    for s in ("It happens next week.", "It happens next month.", "It happens next year.", "It happens tomorrow."):
        assert find_dates(s, date(9999, 12, 31), "en") == []
    assert document_date("Arsip\n31/12/9999\nDibuka besok.").value == date(9999, 12, 31)


# ---------------------------------------------------------------- the page's own date line


@pytest.mark.parametrize("text, expr, kind", [
    ("Storm hits the coast\nPublished 2 Dec 2024\nThe storm that formed on 28 November 2024 reached the coast.",
     "2 Dec 2024", "publication"),
    ("Banjir melanda kota\n12/09/2023, 10:15\nHujan deras sejak 10 September 2023 membuat sungai meluap.",
     "12/09/2023", ""),
    ("Le président à Lyon\nPublié le 12 septembre 2023 à 10h15\nLe président, qui était à Paris le 3 septembre "
     "2023, est arrivé.", "12 septembre 2023", "publication"),
    ("Kanzler in Kiel\nVeröffentlicht am 12.09.2023 um 10:15 Uhr\nDer Kanzler, der am 3. September 2023 in Bonn "
     "war, reiste nach Kiel.", "12.09.2023", "publication"),
    ("Президент в Казани\nОпубликовано: 12 сентября 2023, 10:15\nПрезидент, который 3 сентября 2023 года был в "
     "Москве, прибыл в Казань.", "12 сентября 2023", "publication"),
    ("Talks resume\nUpdated: 13 Sept 2023 08:00 GMT\nPublished: 12 Sept 2023\nTalks that began on 1 September 2023 "
     "resumed.", "12 Sept 2023", "publication"),
    ("Banjir di kota\nKabar Kota - 12/09/2023, 10:15 WIB\nHujan deras sejak 10 September 2023.", "12/09/2023", ""),
])
def test_document_date_prefers_the_page_date_line(text, expr, kind):
    r = document_date(text)
    assert (r.text, r.basis) == (expr, "explicit") and "dateline" in r.note and kind in r.note


def test_document_date_line_at_the_end_and_first_date_fallback():
    body = "Presiden, yang pada 3 September 2023 berada di Jakarta, tiba di Bandung.\n" + "Ia disambut gubernur.\n" * 12
    r = document_date(body + "\nDiterbitkan: 12/09/2023\n")
    assert (r.value, r.basis) == (date(2023, 9, 12), "explicit") and "at the end" in r.note
    r = document_date(body)
    assert (r.value, r.basis) == (date(2023, 9, 3), "text") and "not a publication date" in r.note
    assert document_date("Presiden tiba di Bandung.\n", language="id") is None


def test_detect_language_unknown_is_und():
    assert detect_language("12") == "und"
    assert detect_language("Le président est arrivé à Moscou pour une visite officielle de deux jours.") == "fr"


@pytest.mark.parametrize("lang, sentence, expected", [
    ("ja", "大臣は3日前に到着した。", [("3日前", "2023-09-14")]),
    ("zh", "部长三天前抵达。", [("三天前", "2023-09-14")]),
    ("ko", "장관은 이틀 전 부산에 도착했고 사흘 뒤 서울로 갔다.", [("이틀 전", "2023-09-15"), ("사흘 뒤", "2023-09-18")]),
    ("en", "The minister landed two days ago and left three days later.",
     [("two days ago", "2023-09-15"), ("three days later", "2023-09-18")]),
])
def test_counted_days_ago_and_later(lang, sentence, expected):
    assert values(sentence, SUN_17, lang) == expected


@pytest.mark.parametrize("text, lang, want", [
    ("El miércoles 25, el presidente viajará a Cusco.", "es", date(2026, 11, 25)),
    ("Le président se rendra à Cusco mercredi 25.", "fr", date(2026, 11, 25)),
    ("Na quarta-feira (25) o presidente viaja para Cusco.", "pt", date(2026, 11, 25)),
    ("The president will travel to Cusco on Wednesday 25th.", "en", date(2026, 11, 25)),
    # a time after the weekday is no day of the month
    ("The president will travel to Cusco on Wednesday 10:30.", "en", date(2026, 11, 11)),
    # a month after the day makes a full date
    ("Il presidente partirà mercoledì 17 febbraio per Lima.", "it", date(2027, 2, 17)),
    ("El miércoles 25 de noviembre el presidente viajará a Cusco.", "es", date(2026, 11, 25)),
])
def test_a_day_of_the_month_after_its_weekday(text, lang, want):
    # told on Tuesday 10 November 2026: "Wednesday" alone is the 11th, "Wednesday 25" the 25th
    got = [d.value for d in find_dates(text, date(2026, 11, 10), lang) if d.value]
    assert got == [want]


@pytest.mark.parametrize("text, lang", [
    ("이재명 대통령이 1박 2일 일정으로 일본을 방문하기 위해 20일 오전 출국했다.", "ko"),
    ("首相は2泊3日の日程で20日に出発した。", "ja"),
])
def test_nights_and_days_of_a_trip_are_a_length_not_a_date(text, lang):
    # "1박 2일", "2泊3日": one night and two days; only the 20th is a date
    got = [d.value for d in find_dates(text, date(2026, 4, 20), lang) if d.value]
    assert got == [date(2026, 4, 20)]
