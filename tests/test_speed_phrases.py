"""PhraseMatcher.find's loop for key packs (issue 14, route throughput: `_candidates` inlined, the
text's "=form"s only when an entry asks for one, keys and forms memoised) finds what the loop it
replaced finds, in every pack and section."""
from pathlib import Path

import pytest

from itinerary import languages

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [
    "The president arrived in Vladivostok on Tuesday and will travel on to Moscow, then return home.",
    "Der Präsident ist am Dienstag in Wladiwostok angekommen und reist weiter nach Moskau.",
    "Le président est arrivé à Vladivostok mardi, puis il se rendra à Moscou.",
    "El presidente llegó a Vladivostok el martes y partió hacia Moscú.",
    "Президент прибыл во Владивосток во вторник и отправится в Москву.",
]


def _reference_find(m, text, start=0, end=None):
    """PhraseMatcher.find as it was before the quicker loop (key and prefix packs)."""
    end = len(text) if end is None else end
    toks = [(x.start(), x.end(), x.group(0)) for x in languages.TOKEN.finditer(text, start, end)]
    keys = [m.pack.key(t[2]) for t in toks]
    forms = ["=" + t[2].casefold().replace("’", "'") for t in toks]
    out = []
    i = 0
    while i < len(toks):
        hit = None
        for phrase_keys, kind, phrase in m._candidates(keys[i], toks[i][2], forms[i]):
            n = len(phrase_keys)
            if (i + n <= len(toks) and all(p == (forms[i + k] if p[:1] == "=" else keys[i + k])
                                           for k, p in enumerate(phrase_keys))) or (
                    m.pack.match == "prefix" and n == 1 and languages._prefix(toks[i][2], phrase_keys[0])):
                hit = languages.Hit(toks[i][0], toks[i + n - 1][1], kind, phrase)
                break
        if hit:
            out.append(hit)
            i += max(1, len(languages.TOKEN.findall(hit.phrase.replace("=", ""))))
        else:
            i += 1
    return out


def _sections(pack):
    for section, table in pack.data.items():
        if isinstance(table, dict):
            keys = tuple(k for k, v in table.items() if isinstance(v, list) and all(isinstance(x, str) for x in v))
            if keys:
                yield section, keys


@pytest.mark.parametrize("code", [c for c in languages.codes() if languages.get(c).match != "substring"])
def test_find_finds_what_it_found_before(code):
    pack = languages.get(code)
    exact = 0
    for section, keys in _sections(pack):
        m = languages.PhraseMatcher(pack, section, keys)
        exact += m.exact
        for text in TEXTS:
            assert m.find(text) == _reference_find(m, text), (code, section)
            assert m.find(text, 10, len(text) - 10) == _reference_find(m, text, 10, len(text) - 10)
        for kind in keys:  # each phrase as its own text, capitalised and with a curly apostrophe
            for phrase in pack.words(section, kind):
                text = f"Then {phrase.replace('=', '')} and {phrase.replace('=', '').upper()} ’s."
                assert m.find(text) == _reference_find(m, text), (code, section, phrase)
    assert exact or code not in ("en", "id", "es")  # their events sections have "=form" entries


def test_word_keys_through_the_memo_are_the_packs_keys():
    pack = languages.get("en")
    words = ["Visited", "visits", "arriving", "went", "Jakarta", "’s", "flew"]
    assert languages._keys(pack, words) == [pack.key(w) for w in words]
    assert languages._keys(pack, words) == [pack.key(w) for w in words]  # from the memo
