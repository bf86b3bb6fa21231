"""The [events] words of the language packs, through the real matcher (Pack.phrases(...).find).

Every sentence here is written for this test: arrivals, departures, visits and announced moves in
past, present and future, nominal forms and inflections; and sentences without travel that must
yield no movement hit (over-general entries would make them fire).
"""
from __future__ import annotations

import re

import pytest

from itinerary import languages

MOVES = ("arrive", "depart", "travel", "visit", "stay", "meet", "pass", "return")
KEYS = MOVES + ("expectation", "negation", "cancel")


def _kinds(code: str, text: str) -> set[str]:
    m = languages.get(code).phrases("events", KEYS)
    return {h.kind for h in m.find(text)}


def _expected(code: str, text: str) -> bool:
    """Announced or predicted: an expectation word, or a future/conditional pattern."""
    pack = languages.get(code)
    if "expectation" in _kinds(code, text):
        return True
    return any(re.search(p, text, re.I) for p in pack.words("events", "expectation_patterns"))


# (language, sentence, kinds that must be found)
CASES = [
    # English
    ("en", "The president arrived in Hanoi on Monday evening.", {"arrive"}),
    ("en", "Modi landed at Vnukovo after a long flight.", {"arrive", "travel"}),
    ("en", "She left Paris on Tuesday and took off for Rome.", {"depart"}),
    ("en", "The king toured the old town and visited a hospital in Lyon.", {"visit"}),
    ("en", "The delegation spent the night in Vladivostok.", {"stay"}),
    ("en", "He flew home to Delhi after the summit.", {"return", "meet"}),
    ("en", "The train passed through Ussuriysk and crossed the border.", {"pass"}),
    # Indonesian
    ("id", "Presiden Prabowo tiba di Lima pada Rabu malam.", {"arrive"}),
    ("id", "Kedatangan rombongan disambut di Bandara Haneda.", {"arrive", "meet"}),
    ("id", "Rombongan meninggalkan Beijing pada Kamis pagi.", {"depart"}),
    ("id", "Jokowi berangkat dari Bandara Halim Perdanakusuma.", {"depart"}),
    ("id", "Presiden mengunjungi Kyiv dan menghadiri upacara di Istana.", {"visit", "meet"}),
    ("id", "Lawatan ke Tokyo berakhir, Presiden kembali ke Jakarta.", {"visit", "return"}),
    ("id", "Kereta melintasi Khabarovsk dan singgah di Ussuriysk.", {"pass"}),
    # Malay
    ("ms", "Perdana Menteri tiba di Tokyo pada petang Isnin.", {"arrive"}),
    ("ms", "Ketibaan Sultan disambut di Istana Negara.", {"arrive", "meet"}),
    ("ms", "Rombongan berlepas dari Kuala Lumpur pagi tadi.", {"depart"}),
    ("ms", "Beliau mengadakan lawatan rasmi ke Beijing.", {"visit"}),
    ("ms", "Rombongan terbang pulang ke tanah air.", {"return"}),
    # German
    ("de", "Der Kanzler ist am Sonntag in Peking eingetroffen.", {"arrive"}),
    ("de", "Nach der Landung in Wien reiste er weiter nach Graz.", {"arrive", "travel"}),
    ("de", "Die Präsidentin verließ Berlin am Morgen.", {"depart"}),
    ("de", "Die Abreise aus Tokio ist für Montag angesetzt.", {"depart"}),
    ("de", "Der Staatsbesuch in Paris dauert drei Tage; er besuchte auch Lyon.", {"visit"}),
    ("de", "Die Delegation übernachtete in Wladiwostok und kehrte dann zurück.", {"stay", "return"}),
    # French
    ("fr", "Le président est arrivé dimanche à Pékin.", {"arrive"}),
    ("fr", "L'arrivée du pape à Jakarta est attendue.", {"arrive"}),
    ("fr", "La chancelière a quitté Berlin lundi matin.", {"depart"}),
    ("fr", "Le ministre a visité une usine et s'est rendu à Lyon.", {"visit", "travel"}),
    ("fr", "De retour à Paris, il a tenu une réunion.", {"return", "meet"}),
    # Spanish
    ("es", "El presidente llegó el domingo a Pekín.", {"arrive"}),
    ("es", "La llegada del papa a Yakarta está prevista.", {"arrive"}),
    ("es", "La canciller salió de Berlín el lunes.", {"depart"}),
    ("es", "El rey visitó un hospital y recorrió el casco antiguo.", {"visit"}),
    ("es", "La comitiva pernoctó en Vladivostok y regresó a Madrid.", {"stay", "return"}),
    # Portuguese
    ("pt", "O presidente chegou a Pequim no domingo.", {"arrive"}),
    ("pt", "A chegada do papa a Jacarta foi adiada.", {"arrive"}),
    ("pt", "A chanceler saiu de Berlim na segunda-feira.", {"depart"}),
    ("pt", "O rei visitou um hospital e voltou a Lisboa.", {"visit", "return"}),
    ("pt", "A comitiva fez escala em Khabarovsk.", {"pass"}),
    # Italian
    ("it", "Il presidente è arrivato domenica a Pechino.", {"arrive"}),
    ("it", "L'arrivo del papa a Giacarta è atteso.", {"arrive"}),
    ("it", "La cancelliera ha lasciato Berlino lunedì.", {"depart"}),
    ("it", "La partenza da Roma è fissata per martedì.", {"depart"}),
    ("it", "Il re ha visitato un ospedale ed è rientrato a Madrid.", {"visit", "return"}),
    # Dutch
    ("nl", "De premier is zondag in Peking aangekomen.", {"arrive"}),
    ("nl", "Na de landing in Wenen vloog hij door naar Graz.", {"arrive", "travel"}),
    ("nl", "De kanselier verliet Berlijn maandag.", {"depart"}),
    ("nl", "Het staatsbezoek aan Parijs duurt drie dagen; hij bezocht ook Lyon.", {"visit"}),
    ("nl", "De delegatie overnachtte in Vladivostok en keerde terug.", {"stay", "return"}),
    # Vietnamese
    ("vi", "Chủ tịch nước đã đến Bắc Kinh vào chủ nhật.", {"arrive"}),
    ("vi", "Máy bay chở Thủ tướng hạ cánh xuống sân bay Nội Bài.", {"arrive"}),
    ("vi", "Thủ tướng rời Berlin sáng thứ hai.", {"depart"}),
    ("vi", "Tổng thống đến thăm Hà Nội và hội đàm với Chủ tịch nước.", {"visit", "meet"}),
    ("vi", "Phái đoàn nghỉ đêm tại Vladivostok rồi trở về nước.", {"stay", "return"}),
]


@pytest.mark.parametrize("code, text, kinds", CASES)
def test_movement_kinds_are_found(code, text, kinds):
    found = _kinds(code, text)
    assert kinds <= found, (code, text, found)


# (language, sentence announcing a move): an expectation word or a future form, and a move
ANNOUNCED = [
    ("en", "The prime minister will travel to Tokyo next week."),
    ("en", "The pope is due to arrive in Jakarta on Tuesday."),
    ("en", "Modi is scheduled to visit Vienna."),
    ("id", "Paus Fransiskus dijadwalkan mengunjungi Jakarta pekan depan."),
    ("id", "Presiden akan bertolak ke Tokyo besok pagi."),
    ("id", "Rencananya rombongan tiba di Lima pada Rabu."),
    ("ms", "Beliau dijadual tiba di Beijing minggu depan."),
    ("ms", "Perdana Menteri akan mengadakan lawatan ke Jepun."),
    ("de", "Der Papst wird nächste Woche Jakarta besuchen."),
    ("de", "Die Kanzlerin soll am Montag in Paris eintreffen."),
    ("fr", "Le pape visitera Jakarta la semaine prochaine."),
    ("fr", "Le président devrait arriver à Pékin dimanche."),
    ("es", "El papa visitará Yakarta la próxima semana."),
    ("es", "Está previsto que el rey llegue a Lima el martes."),
    ("pt", "O papa visitará Jacarta na próxima semana."),
    ("pt", "O presidente deverá chegar a Pequim no domingo."),
    ("it", "Il papa visiterà Giacarta la prossima settimana."),
    ("it", "È previsto che il presidente arrivi a Pechino domenica."),
    ("nl", "De paus zal volgende week Jakarta bezoeken."),
    ("nl", "De premier komt naar verwachting zondag aan; een bezoek aan Peking is gepland."),
    ("vi", "Giáo hoàng sẽ đến thăm Jakarta vào tuần tới."),
    ("vi", "Thủ tướng dự kiến đến thăm Nhật Bản."),
]


@pytest.mark.parametrize("code, text", ANNOUNCED)
def test_announced_moves_are_expected(code, text):
    assert _kinds(code, text) & set(MOVES), (code, text)
    assert _expected(code, text), (code, text)


@pytest.mark.parametrize("code, text", [
    ("en", "He visited Kyiv in May."),
    ("id", "Presiden mengunjungi Kyiv pada Mei."),
    ("de", "Er besuchte im Mai Kiew."),
    ("fr", "Il a visité Kiev en mai."),
    ("es", "Visitó Kiev en mayo."),
    ("pt", "Visitou Kiev em maio."),
    ("it", "Ha visitato Kiev a maggio."),
])
def test_past_moves_are_not_expected(code, text):
    assert not _expected(code, text), (code, text)


@pytest.mark.parametrize("code, text", [
    ("en", "The visit to Kyiv was cancelled."),
    ("en", "He did not travel to Kyiv."),
    ("id", "Kunjungan ke Sydney dibatalkan."),
    ("ms", "Lawatan ke Sydney dibatalkan."),
    ("de", "Der Besuch in Kiew wurde abgesagt."),
    ("fr", "Il ne voyagera pas à Kiev."),
    ("es", "No viajará a Kiev."),
    ("pt", "Ele não viajará a Kiev."),
    ("it", "La visita a Kiev è stata annullata."),
    ("nl", "Het bezoek aan Kiev is afgelast."),
    ("vi", "Chuyến thăm Kyiv đã bị hủy."),
])
def test_negation_is_found(code, text):
    # a verb of cancelling is a negation of its own kind ([events] cancel): it also reaches back
    assert {"negation", "cancel"} & _kinds(code, text), (code, text)


# Sentences with no travel in them, several built on the words that share a key with a
# movement word (the reason those words are listed only as phrases).
QUIET = [
    ("en", "The central bank raised interest rates by a quarter point, citing inflation."),
    ("en", "The head of state said the economy grew by two percent."),
    ("id", "Bank Indonesia menaikkan suku bunga acuan sebesar 25 basis poin pada Kamis."),
    ("id", "Angkatan Laut mengangkat seorang laksamana baru di Jalan Sudirman."),
    ("id", "Pemerintah menolak usulan itu pada Senin malam."),
    ("ms", "Harga minyak sawit naik dua peratus di lapangan terbang dan pasaran."),
    ("de", "Die Zentralbank senkte den Leitzins um einen Viertelpunkt."),
    ("fr", "Le parti de la majorité a obtenu une partie des sièges."),
    ("es", "El partido ganó una parte de los escaños."),
    ("pt", "O banco central elevou a taxa de juros em um quarto de ponto."),
    ("it", "Il partito ha vinto la partita in parte."),
    ("nl", "De centrale bank verhoogde de rente met een kwart procentpunt."),
    ("vi", "Giá gạo trong nước tăng mạnh do hạn hán kéo dài."),
    ("vi", "Ngân hàng trung ương tăng lãi suất liên quan đến lạm phát."),
]


@pytest.mark.parametrize("code, text", QUIET)
def test_sentences_without_travel_have_no_movement_hit(code, text):
    assert not (_kinds(code, text) & set(MOVES)), (code, text, _kinds(code, text))


PACKS = ("en", "id", "ms", "de", "fr", "es", "pt", "it", "nl", "vi")


@pytest.mark.parametrize("code", PACKS)
def test_pronouns_hold_no_person_titles(code):
    pack = languages.get(code)
    pronouns = {pack.key(w) for w in pack.words("events", "pronouns")}
    titles = {pack.key(w) for w in pack.words("events", "role_nouns")}
    assert pronouns and not (pronouns & titles)


@pytest.mark.parametrize("code", PACKS)
def test_sidebar_openers_and_background_are_found(code):
    pack = languages.get(code)
    m = pack.phrases("events", ("sidebar",))
    first = pack.words("events", "sidebar")[0]
    assert m.find(first.capitalize() + ": something"), code
    assert pack.words("events", "background") and pack.words("events", "prior")
