"""[events] vocabulary of the pl ru uk el hu tr ar ko ja zh packs, checked with the real matcher.

For every language: sentences written for this test (past, present, future; nominal forms; case and
person inflections) must yield the expected kinds of hit, an announced or predicted move must be
marked by an expectation word or an expectation pattern, and sentences without travel vocabulary
(some built around words that share a key or a substring with a travel word) must yield no movement
hit.
"""
from __future__ import annotations

import re

import pytest

from itinerary import languages

MOVES = ("arrive", "depart", "travel", "visit", "stay", "meet", "pass", "return")
KINDS = MOVES + ("expectation", "negation", "background", "prior", "speech", "institutions", "pronouns",
                 "role_nouns", "from", "to", "at", "via", "conjunctions")


def kinds(code: str, text: str) -> list[str]:
    return [h.kind for h in languages.get(code).phrases("events", KINDS).find(text)]


def expected(code: str, text: str) -> bool:
    pack = languages.get(code)
    pats = [p for p in pack.words("events", "expectation_patterns") if p]
    rx = re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None
    return "expectation" in kinds(code, text) or bool(rx and rx.search(text))


# (language, sentence, kinds that must all be found)
FOUND = [
    # Polish
    ("pl", "Prezydent przyleciał w niedzielę do Warszawy.", {"role_nouns", "arrive", "to"}),
    ("pl", "Pani premier opuściła Kijów we wtorek wieczorem.", {"depart"}),
    ("pl", "Papież odwiedził Kraków i złożył wizytę w katedrze.", {"visit", "conjunctions", "at"}),
    ("pl", "Po rozmowach w Brukseli delegacja wróciła do Wilna.", {"prior", "meet", "return"}),
    ("pl", "Po przylocie do Rzymu minister udała się do Watykanu.", {"arrive", "travel"}),
    ("pl", "Przywódcy przybyli na szczyt, a kanclerz przejechał przez Pragę.", {"arrive", "meet", "pass", "via"}),
    # Russian
    ("ru", "Президент России прибыл в Пекин в понедельник.", {"role_nouns", "arrive", "to"}),
    ("ru", "Делегация покинула Вашингтон во вторник вечером.", {"role_nouns", "depart"}),
    ("ru", "Премьер-министр посетила Казань и провела переговоры с губернатором.", {"visit", "meet"}),
    ("ru", "Глава МИД вернулся в Москву из Анкары после визита.", {"return", "from", "prior"}),
    ("ru", "Делегации прибыли в Минск, где состоялась встреча.", {"arrive", "meet"}),
    # Ukrainian
    ("uk", "Президент прибув до Варшави в неділю.", {"role_nouns", "arrive", "to"}),
    ("uk", "Прем'єр-міністр залишила Київ у вівторок.", {"role_nouns", "depart"}),
    ("uk", "Прем’єр-міністр відвідала Львів та провела переговори.", {"role_nouns", "visit", "meet"}),
    ("uk", "Делегація повернулася до Києва з Брюсселя.", {"return", "from"}),
    # Greek
    ("el", "Ο πρόεδρος έφτασε την Κυριακή στη Βαρσοβία.", {"role_nouns", "arrive", "to"}),
    ("el", "Ο πρωθυπουργός αναχώρησε από την Αθήνα για τις Βρυξέλλες.", {"depart", "from", "to"}),
    ("el", "Η βασίλισσα επισκέφθηκε τη Θεσσαλονίκη και παρευρέθηκε σε τελετή.", {"visit", "meet"}),
    ("el", "Ο υπουργός επέστρεψε στην Αθήνα μετά τη σύνοδο κορυφής.", {"return", "prior", "meet"}),
    # Hungarian
    ("hu", "Az elnök vasárnap Varsóba érkezett.", {"role_nouns", "arrive"}),
    ("hu", "A miniszterelnök kedden elhagyta Kijevet.", {"role_nouns", "depart"}),
    ("hu", "A pápa meglátogatta Krakkót, majd részt vett egy ünnepségen.", {"visit", "conjunctions", "meet"}),
    ("hu", "A küldöttség hazatért Budapestre, miután Bécsen keresztül utazott.", {"return", "prior", "via", "travel"}),
    # Turkish
    ("tr", "Cumhurbaşkanı Erdoğan pazar günü Doha'ya ulaştı.", {"role_nouns", "arrive"}),
    ("tr", "Başbakan dün Ankara'dan ayrıldı ve Brüksel'e gitti.", {"depart", "conjunctions", "travel"}),
    ("tr", "Kral, Berlin'i ziyaret etti ve zirveye katıldı.", {"role_nouns", "visit"}),
    ("tr", "Heyet, İstanbul üzerinden yurda döndü.", {"role_nouns", "via", "return"}),
    # Arabic
    ("ar", "وصل الرئيس إلى القاهرة يوم الأحد.", {"arrive", "role_nouns", "to"}),
    ("ar", "غادر رئيس الوزراء الرياض متوجها إلى باريس.", {"depart", "role_nouns", "travel", "to"}),
    ("ar", "قام الملك بزيارة رسمية إلى عمان والتقى ولي العهد.", {"visit", "meet"}),
    ("ar", "عاد الوفد إلى بغداد بعد مشاركته في القمة.", {"return", "prior", "meet"}),
    ("ar", "وصلت الملكة إلى عمان واجتمع الوفد بالمسؤولين ولم يغادر.", {"arrive", "meet", "negation", "depart"}),
    # Korean
    ("ko", "윤석열 대통령은 일요일 런던에 도착했다.", {"role_nouns", "arrive"}),
    ("ko", "총리는 화요일 서울공항을 통해 출국했다.", {"role_nouns", "depart"}),
    ("ko", "교황은 월요일 광주를 방문하고 시민들을 만났다.", {"role_nouns", "visit", "meet"}),
    ("ko", "대통령은 순방 일정을 마치고 귀국길에 올랐다.", {"visit", "return"}),
    # Japanese
    ("ja", "大統領は日曜日にワルシャワに到着した。", {"role_nouns", "to", "arrive"}),
    ("ja", "首相は羽田空港を出発し、ロンドンへ向かった。", {"role_nouns", "depart", "to", "travel"}),
    ("ja", "天皇陛下はロンドンを訪問し、式典に出席された。", {"role_nouns", "visit", "meet"}),
    ("ja", "外相は会談を終えて帰国した。", {"role_nouns", "meet", "return"}),
    # Chinese (simplified and traditional)
    ("zh", "总统周日抵达华沙。", {"role_nouns", "arrive"}),
    ("zh", "總統離開台北，前往東京。", {"role_nouns", "depart", "travel"}),
    ("zh", "国家主席访问了上海并会见了市长。", {"role_nouns", "visit", "meet"}),
    ("zh", "代表团经由香港返回北京。", {"role_nouns", "via", "return"}),
]

# announced or predicted moves
EXPECTED = [
    ("pl", "W przyszłym tygodniu kanclerz odwiedzi Paryż."),
    ("pl", "Prezydent ma się spotkać z premierem w Berlinie."),
    ("pl", "Wizyta jest zaplanowana na czerwiec."),
    ("ru", "На следующей неделе канцлер посетит Париж."),
    ("ru", "Президент вернётся в Москву в пятницу."),
    ("ru", "Ожидается, что премьер прибудет в Дели."),
    ("uk", "Канцлер відвідає Париж наступного тижня."),
    ("uk", "Делегація відвідуватиме Одесу."),
    ("uk", "Президент має зустрітися з лідерами в Брюсселі."),
    ("el", "Την ερχόμενη εβδομάδα ο καγκελάριος θα επισκεφθεί το Παρίσι."),
    ("el", "Η επίσκεψη αναμένεται να διαρκέσει δύο ημέρες."),
    ("hu", "A kancellár jövő héten Párizsba fog utazni."),
    ("hu", "Az elnök várhatóan Bécsbe látogat."),
    ("tr", "Dışişleri Bakanı gelecek hafta Paris'i ziyaret edecek."),
    ("tr", "Cumhurbaşkanının Katar'a gitmesi bekleniyor."),
    ("ar", "سيزور وزير الخارجية باريس الأسبوع المقبل."),
    ("ar", "من المقرر أن يصل الرئيس إلى عمان غدا."),
    ("ko", "장관은 다음 주 파리를 방문할 예정이다."),
    ("ko", "대통령은 일본을 방문하겠다고 말했다."),
    ("ja", "外相は来週パリを訪問する予定だ。"),
    ("ja", "首相、来月訪米へ"),
    ("zh", "外长将于下周访问巴黎。"),
    ("zh", "總統預計明年出訪歐洲。"),
]

# no travel vocabulary: no movement hit (several are built around words whose key or substring
# collides with a travel word: polecam/polecieć, udało się/udać się, прибыли "profit", скорая,
# μήνα/μην, megye/megy, vár/várják, insan/indi, Katar/katıldı, وزارة/زار, فيصل/يصل, 落ち着いた/着いた, 已经/经)
NO_MOVE = [
    ("pl", "Udało się osiągnąć porozumienie w sprawie budżetu, polecam ten tekst."),
    ("ru", "Рост прибыли компании составил пять процентов, скорая помощь работала всю ночь."),
    ("uk", "Тому ми маємо право на власну думку щодо цього питання."),
    ("el", "Τον μήνα αυτό το αγόρι έπαιξε καλά στο πάρκο."),
    ("hu", "Pest megyében a budai vár közelében tartották a versenyt."),
    ("tr", "İnsanlar Katar'da ucuz ürün bulamadı, toplam fiyat arttı."),
    ("ar", "أعلنت وزارة الصحة أن الأمير فيصل قرأ الكتاب."),
    ("ko", "오늘 날씨는 맑고 시장 물가는 안정적이었다."),
    ("ja", "今日は天気が良く、市場は落ち着いていた。"),
    ("zh", "今天天气很好，他已经习惯了市场价格的变化。"),
]


@pytest.mark.parametrize("code,text,want", FOUND)
def test_movement_vocabulary_is_found(code, text, want):
    found = set(kinds(code, text))
    assert want <= found, (text, sorted(found))


@pytest.mark.parametrize("code,text", EXPECTED)
def test_announced_moves_are_marked(code, text):
    assert expected(code, text), text


@pytest.mark.parametrize("code,text", NO_MOVE)
def test_no_travel_vocabulary_no_movement_hit(code, text):
    found = kinds(code, text)
    assert not set(found) & set(MOVES), (text, found)
    assert not {"negation", "background", "via"} & set(found), (text, found)


@pytest.mark.parametrize("code", "pl ru uk el hu tr ar ko ja zh".split())
def test_each_language_covers_arrival_departure_visit_and_announcement(code):
    sentences = [t for c, t, _ in FOUND if c == code]
    found = {k for t in sentences for k in kinds(code, t)}
    assert {"arrive", "depart", "visit"} <= found
    assert any(expected(code, t) for c, t in EXPECTED if c == code)
    assert any(c == code for c, _ in NO_MOVE)


def test_past_narration_is_not_an_announcement():
    # perfective pasts and nominal forms must not trip the future patterns
    assert not expected("ru", "Президент посетил Казань и вернулся в Москву.")
    assert not expected("uk", "Президент відвідав Львів і повернувся до Києва.")
    assert not expected("pl", "Prezydent odwiedził Kraków i wrócił do Warszawy.")
    assert not expected("tr", "Cumhurbaşkanı Katar'ı ziyaret etti ve ocak ayında döndü.")
    assert not expected("ar", "زار الرئيس القاهرة وركب سيارة إلى السفارة.")


def test_prefix_pack_matches_inflected_korean_words():
    # particles and endings are written on the word: the stem entry matches its beginning
    assert kinds("ko", "대통령은 도착했으며 방문한 뒤 귀국했습니다") == ["role_nouns", "arrive", "visit", "return"]


def test_substring_packs_take_the_longest_entry():
    # 首脳会談 is one meeting word, not 首脳 (role) + 会談; 国事访问 holds 访问 once
    assert kinds("ja", "首脳会談") == ["meet"]
    assert kinds("zh", "国事访问") == ["visit"]
