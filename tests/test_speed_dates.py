"""dates._collect skips the patterns a sentence cannot match (no digit, no four digits, no month
name: issue 14, route throughput); the candidates must be those of running every pattern."""
import dataclasses
import re
from pathlib import Path

import pytest

from itinerary import dates, languages
from itinerary.text import sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SENTENCES = [
    "The bridge was opened on 5 March 2022 by the mayor, and closed in mid-April.",
    "Die Brücke wurde am 5. März 2022 eröffnet; im Mai 2023 kam der Präsident zurück.",
    "El puente fue inaugurado el 5 de marzo de 2022.", "Мост открыли 5 марта 2022 года.",
    "Η γέφυρα εγκαινιάστηκε στις 5 Μαρτίου 2022.", "A hidat 2022. március 5-én adták át.",
    "Köprü 5 Mart 2022'de açıldı.", "افتتح الجسر في 5 مارس 2022 بحضور الوزير.",
    "Cây cầu được khánh thành ngày 5 tháng 3 năm 2022.", "다리는 2022년 3월 5일 개통됐다.",
    "橋は2022年3月5日に開通した。", "大桥于2022年3月5日通车。", "He left on 12/09/2023 at 10.30, back 2023-09-14.",
    "In 1998 the talks failed; since 2001 they have met every year.", "No date in this one at all.",
    "Presiden tiba di Vladivostok pada Selasa (12/9) dan bertemu Putin sehari kemudian.",
]


def _texts(code):
    T = dates._tables(dates._with_also(code))
    names = sorted(T.month_of)[:24]
    made = [f"{n} {n.capitalize()} 7 {n} 2021, mid-{n} 3-4 {n.upper()}. {n} 1999 and {n}, 2020" for n in names]
    return [*SENTENCES, *made, *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))]


@pytest.mark.parametrize("code", languages.codes())
def test_skipping_patterns_changes_no_candidate(code, monkeypatch):
    codes = dates._with_also(code)
    T = dates._tables(codes)
    always = re.compile("")  # matches everywhere: every pattern runs, as before the tests
    everything = dataclasses.replace(T, re_any_month=always)
    for text in _texts(code):
        spans = [*sentences(text), (0, len(text))]
        for a, b in spans:
            for us in (False, True):
                gated = dates._collect(text, a, b, T, us, code)
                with monkeypatch.context() as m:
                    m.setattr(dates, "_ANY_DIGIT", always)
                    m.setattr(dates, "_FOUR_DIGITS", always)
                    ungated = dates._collect(text, a, b, everything, us, code)
                assert gated == ungated, (code, text[a:b])


def test_a_sentence_read_twice_is_collected_once(monkeypatch):
    calls = []
    collect = dates._collect
    monkeypatch.setattr(dates, "_collect", lambda *a: calls.append(a) or collect(*a))
    dates._collected.cache_clear()
    text = "Presiden tiba di Vladivostok pada Selasa, 12 September 2023, dan akan ke Moskow besok."
    first = dates.find_dates(text, None, "id")
    told = dates.find_dates(text, None, "id", future=False)
    upcoming = dates.find_dates(text, None, "id", future=True)
    assert len(calls) == 1 and first == told and [r.text for r in upcoming] == [r.text for r in told]
