"""Reading files: encodings, binary sniffing, HTML, front matter, limits, folders."""
from pathlib import Path

import pytest

from itinerary import documents
from itinerary.documents import (collect_paths, decode_with_encoding, document_ids, load_document, parse_front_matter,
                                 read_document, read_documents, sniff_binary)
from itinerary.errors import InputError, NothingReadableError
from itinerary.model import Skipped

ARTICLE = ("The armoured train crossed the border at Khasan on Tuesday morning, officials in Moscow said. "
           "From there it travelled north toward the Vostochny Cosmodrome in the Amur region.\n")
# Curly quotes, a dash and accented letters: the bytes 0x92-0x97 and 0xE9 that only cp1252 has.
WIN1252 = ("The leader\u2019s train left Pyongyang on Sunday \u2013 officials said the caf\u00e9 beside "
           "Vladivostok station was closed. \u201cWe will meet in Moscow,\u201d an aide said.\n")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00C\x00"
HTML = """<!doctype html><html lang="en"><head><title>Leader arrives in Vladivostok | Example News</title>
<meta property="og:title" content="Leader arrives in Vladivostok">
<meta property="article:published_time" content="2023-09-13T08:00:00+00:00">
<link rel="canonical" href="https://news.example.org/world/leader-arrives">
<script>var tracking = "Tokyo";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/asia">Asia</a> <a href="/europe">Paris office</a></nav>
<article><h1>Leader arrives in Vladivostok</h1>
<p>The armoured train crossed the border at Khasan on Tuesday morning, officials in Moscow said.</p>
<p>From there the convoy travelled north toward the Vostochny Cosmodrome in the Amur region, about 1,000 km away.</p>
<p>Talks were expected to last two days &amp; to cover economic matters and military co-operation.</p>
</article><footer>Copyright 2021 Example News. All rights reserved.</footer></body></html>
"""


def write(folder: Path, name: str, data) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


# ---------------------------------------------------------------- encodings


def test_utf8_bom_is_dropped_and_front_matter_still_read(tmp_path):
    p = write(tmp_path, "a.md", b"\xef\xbb\xbf---\ntitle: Kim tiba\npublished: 2023-09-12\n---\n" + ARTICLE.encode())
    loaded = load_document(p)
    doc = loaded.document
    assert loaded.notes == ()
    assert not doc.text.startswith("\ufeff")
    assert doc.title == "Kim tiba" and str(doc.published) == "2023-09-12"
    assert doc.body == ARTICLE
    i = doc.text.index("Khasan")
    assert doc.text[i:i + 6] == "Khasan"


def test_windows_1252_is_detected_and_reported(tmp_path):
    p = write(tmp_path, "win.txt", WIN1252.encode("cp1252"))
    loaded = load_document(p)
    assert loaded.document.text == WIN1252
    assert loaded.notes == ("decoded as cp1252",)


def test_short_windows_1252_text_prefers_cp1252_over_exotic_code_pages():
    text, enc = decode_with_encoding("Caf\u00e9 in Nice".encode("cp1252"))
    assert (text, enc) == ("Caf\u00e9 in Nice", "cp1252")


def test_cyrillic_legacy_encoding_is_detected():
    ru = ("\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u043f\u0440\u0438\u0431\u044b\u043b "
          "\u0432 \u0412\u043b\u0430\u0434\u0438\u0432\u043e\u0441\u0442\u043e\u043a \u0432 \u0441\u0440\u0435\u0434\u0443, "
          "\u0433\u0434\u0435 \u043e\u043d \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 "
          "\u0433\u0443\u0431\u0435\u0440\u043d\u0430\u0442\u043e\u0440\u043e\u043c \u041f\u0440\u0438\u043c\u043e\u0440\u044c\u044f.")
    text, enc = decode_with_encoding(ru.encode("cp1251"))
    assert text == ru and enc == "cp1251"


def test_utf16_with_bom_is_read(tmp_path):
    p = write(tmp_path, "u16.txt", ARTICLE.encode("utf-16"))
    loaded = load_document(p)
    assert loaded.document.text == ARTICLE
    assert loaded.notes == ("decoded as UTF-16",)


# ---------------------------------------------------------------- binary files


@pytest.mark.parametrize("data,kind", [
    (JPEG, "JPEG image"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"GIF89a\x01\x00\x01\x00", "GIF image"),
    (b"some text\x00\x00\x00more", "NUL bytes"),
])
def test_binary_files_are_skipped_with_their_kind(tmp_path, data, kind):
    assert kind in sniff_binary(data)
    loaded = load_document(write(tmp_path, "x.txt", data))
    assert loaded.document is None
    assert kind in loaded.skipped and "not an article" in loaded.skipped


def test_text_is_not_taken_for_binary():
    assert sniff_binary(ARTICLE.encode()) is None
    assert sniff_binary(ARTICLE.encode("utf-16")) is None


def test_empty_and_blank_files_are_skipped(tmp_path):
    assert load_document(write(tmp_path, "e.txt", b"")).skipped == "empty file"
    assert load_document(write(tmp_path, "b.txt", b" \n\t\r\n")).skipped == "empty file"


def test_huge_files_are_refused_with_the_limit(tmp_path):
    p = write(tmp_path, "dump.txt", ARTICLE * 100)
    loaded = load_document(p, max_bytes=1000)
    assert loaded.document is None
    assert loaded.skipped == "file too large (17,600 bytes; the limit is 1,000 bytes, see --max-size)"
    assert load_document(p, max_bytes=len(ARTICLE) * 100).document is not None
    assert documents.MAX_BYTES == 20_000_000 and documents._mb(documents.MAX_BYTES) == "20 MB"


def test_read_document_raises_one_line_input_error(tmp_path):
    p = write(tmp_path, "photo.jpg", JPEG)
    with pytest.raises(InputError) as e:
        read_document(p)
    assert str(e.value) == f"{p}: binary file (JPEG image), not an article"


# ---------------------------------------------------------------- front matter


def test_malformed_front_matter_is_reported_and_left_out(tmp_path):
    p = write(tmp_path, "bad.md", "---\ntitle: Kim tiba\nsource: [RM.id\n---\n" + ARTICLE)
    loaded = load_document(p)
    doc = loaded.document
    assert doc is not None and doc.meta == {} and doc.title is None
    assert doc.body == ARTICLE  # the broken block is not read as article text
    (note,) = loaded.notes
    assert note.startswith("malformed front matter ignored (line ")


def test_unclosed_front_matter_is_read_as_text_with_a_note(tmp_path):
    loaded = load_document(write(tmp_path, "open.md", "---\ntitle: Kim tiba\n" + ARTICLE))
    assert loaded.document.body_start == 0
    assert loaded.notes == ("front matter not closed (no second --- line); read as plain text",)


def test_front_matter_that_is_not_a_mapping_or_has_a_bad_date(tmp_path):
    loaded = load_document(write(tmp_path, "list.md", "---\n- a\n- b\n---\n" + ARTICLE))
    assert loaded.document.meta == {} and "not a list of 'key: value' lines" in loaded.notes[0]
    loaded = load_document(write(tmp_path, "date.md", "---\npublished: last Tuesday\n---\n" + ARTICLE))
    assert loaded.document.published is None
    assert loaded.notes == ("front matter published 'last Tuesday' is not a date; ignored",)


def test_nested_front_matter_values_are_not_titles():
    meta, _ = parse_front_matter("---\ntitle: [a, b]\nurl: {x: 1}\n---\nBody.\n")
    assert documents._str(meta["title"]) is None and documents._str(meta["url"]) is None


# ---------------------------------------------------------------- HTML


def test_html_page_is_reduced_to_article_text_with_metadata(tmp_path):
    loaded = load_document(write(tmp_path, "page.html", HTML))
    doc = loaded.document
    assert loaded.notes == ()
    assert "crossed the border at Khasan" in doc.text
    assert "two days & to cover" in doc.text  # entities decoded
    for boilerplate in ("tracking", "Paris office", "Copyright", "<p>", "color: red"):
        assert boilerplate not in doc.text
    assert doc.body_start == 0
    assert doc.title == "Leader arrives in Vladivostok"
    assert doc.url == "https://news.example.org/world/leader-arrives"
    assert str(doc.published) == "2023-09-13"  # from the meta tag, not the footer's copyright year
    assert doc.language == "en"


def test_html_offsets_refer_to_the_extracted_text(gazetteer, tmp_path):
    from itinerary.mentions import find_mentions

    doc = load_document(write(tmp_path, "page.html", HTML)).document
    mentions = find_mentions(doc, gazetteer)
    assert {"Khasan", "Moscow"} <= {m.name for m in mentions}
    assert all(doc.text[m.start:m.end] == m.name for m in mentions)


def test_html_falls_back_to_tag_stripping_when_the_extractor_fails(tmp_path, monkeypatch):
    def boom(html):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(documents, "_trafilatura", boom)
    loaded = load_document(write(tmp_path, "page.htm", HTML))
    assert "crossed the border at Khasan" in loaded.document.text
    assert loaded.notes == ("HTML extractor failed (RuntimeError); used plain tag stripping",)


def test_html_saved_as_txt_is_recognised(tmp_path):
    loaded = load_document(write(tmp_path, "saved.txt", HTML))
    assert "<article>" not in loaded.document.text
    assert loaded.notes == ("looks like an HTML page; read as one",)


def test_html_without_text_is_skipped(tmp_path):
    loaded = load_document(write(tmp_path, "blank.html", "<html><head><script>x()</script></head><body> </body></html>"))
    assert loaded.skipped == "no article text found in the HTML page"


# ---------------------------------------------------------------- folders and batches


def test_folder_names_every_file_it_does_not_read(tmp_path):
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "a/c.md", ARTICLE)
    write(tmp_path, "photo.jpg", JPEG)
    write(tmp_path, "notes.csv", "a,b\n")
    write(tmp_path, ".hidden.txt", ARTICLE)
    write(tmp_path, ".git/config.txt", ARTICLE)
    files = collect_paths([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/c.md", "b.txt", "notes.csv", "photo.jpg"]
    skipped: list[Skipped] = []
    docs = read_documents([tmp_path], skipped)
    assert [d.id for d in docs] == ["c", "b"]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("notes.csv", "not an article file (.csv; articles are .txt, .md or .html)"),
        ("photo.jpg", "binary file (JPEG image), not an article"),
    ]


def test_a_file_named_explicitly_is_read_whatever_its_suffix(tmp_path):
    p = write(tmp_path, "article.text.bak", ARTICLE)
    assert read_documents([p])[0].text == ARTICLE


def test_missing_path_and_empty_folder_are_user_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        collect_paths([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no readable article \(empty folder\)"):
        collect_paths([tmp_path / "empty"])


def test_nothing_readable_names_the_single_file(tmp_path):
    p = write(tmp_path, "e.txt", b"")
    with pytest.raises(NothingReadableError) as e:
        read_documents([p], [])
    assert str(e.value) == f"{p}: empty file"
    write(tmp_path, "f.txt", JPEG)
    with pytest.raises(NothingReadableError) as e:
        read_documents([tmp_path], [])
    assert str(e.value) == f"{tmp_path}: no readable article among 2 files"
    assert len(e.value.skipped) == 2


def test_document_ids_are_unique_and_depend_on_paths_only():
    files = [Path("x/2023/a.txt"), Path("y/2023/a.txt"), Path("y/b.txt"), Path("z/b.md"), Path("c.txt")]
    ids = document_ids(files)
    assert ids == ["x/2023/a", "y/2023/a", "y/b", "z/b", "c"]
    assert document_ids(files) == ids
    assert document_ids([Path("a.txt"), Path("a.txt")]) == ["a", "a~2"]


def test_html_declared_charset_is_used(tmp_path):
    page = HTML.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "Talks were expected", "\u0413\u043e\u0432\u043e\u0440\u044f\u0442, talks were expected")
    loaded = load_document(write(tmp_path, "ru.html", page.encode("cp1251")))
    assert "\u0413\u043e\u0432\u043e\u0440\u044f\u0442" in loaded.document.text
    assert loaded.notes == ("decoded as cp1251",)


def test_an_impossible_date_drops_only_that_field(tmp_path):
    from itinerary.documents import load_document

    p = tmp_path / "bad.md"
    p.write_text("---\ntitle: Kunjungan\npublished: 2024-02-30\n---\nKim tiba di Vladivostok.\n", encoding="utf-8")
    loaded = load_document(p)
    assert loaded.document.title == "Kunjungan" and loaded.document.published is None
    assert any("2024-02-30" in n and "not a date" in n for n in loaded.notes)


# ---------------------------------------------------------------- the tool's static maps (issue 13)


def test_static_maps_the_tool_wrote_are_known_and_passed_over_in_a_folder(tmp_path):
    """A PNG, SVG or PDF map written into the articles' folder is the tool's own output: noted and
    passed over (exit 0, not "skipped"); named on the command line it is skipped as such; the same
    formats from another program are still binary files (or not articles)."""
    import io

    from click.testing import CliRunner

    from itinerary.cli import main
    from itinerary.model import Itinerary
    from itinerary.render.static import render_static

    folder = tmp_path / "articles"
    write(folder, "a.txt", ARTICLE)
    empty = Itinerary((), (), (), (), ())
    for fmt in ("png", "svg", "pdf"):
        data = render_static(empty, fmt, size=(300, 200))
        assert documents.own_output(data) == f"static map ({fmt.upper()})"
        write(folder, f"trip.{fmt}", data)
        loaded = load_document(folder / f"trip.{fmt}", explicit=False)
        assert loaded.ignored and loaded.notes == (f"static map ({fmt.upper()}) written by itinerary; "
                                                   "not read as an article",)
        assert load_document(folder / f"trip.{fmt}").skipped == (f"static map ({fmt.upper()}) written by "
                                                                 "itinerary, not an article")
    r = CliRunner().invoke(main, ["places", str(folder)])
    assert r.exit_code == 0, r.output  # nothing skipped
    assert "trip.png: note: static map (PNG) written by itinerary; not read as an article" in r.stderr
    # Another program's PNG, SVG and PDF are not the tool's.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    for fmt in ("png", "svg", "pdf"):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        assert documents.own_output(buf.getvalue()) is None
    plt.close(fig)
    assert sniff_binary(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40) == "PNG image"


# Markdown emphasis in an article is blanked, offsets kept (a bold dateline)


def test_bold_and_italic_markers_are_blanked_to_spaces():
    text = "**Díli, 21 mai (Lusa)** – *Foto* de 2*3 e snake_case"
    from itinerary.documents import without_emphasis

    out = without_emphasis(text)
    assert len(out) == len(text)
    assert out == "  Díli, 21 mai (Lusa)   –  Foto  de 2*3 e snake_case"


def test_a_loaded_markdown_article_reads_its_bold_dateline(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: T\n---\n**JAKARTA** – Presiden tiba.\n", encoding="utf-8")
    from itinerary.documents import load_document

    doc = load_document(p).document
    assert doc.text[doc.body_start:].startswith("  JAKARTA   – Presiden tiba.")
