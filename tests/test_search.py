"""Search: what the built site gives Pagefind, the index it writes, and /cari/ without a browser."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import build_once, parse


ARTICLE = "berita/2023/03/kantor-camat-sabu-barat-perpanjang-jam-buka/index.html"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """The search fixture as test_search_browser.py builds it (one Pagefind run for both):
    its batch of 2 only changes how many results /cari/'s script shows at a time."""
    return build_once(tmp_path_factory, "search", {"SEARCH": {"batch": 2}})


def hidden_data(soup, attribute: str) -> dict[str, list[str]]:
    """{name: [values]} of the hidden data-pagefind-filter/meta/sort elements."""
    found: dict[str, list[str]] = {}
    for element in soup.select(f"[{attribute}]"):
        found.setdefault(element[attribute], []).append(element.get_text(strip=True))
    return found


def test_article_main_element_is_indexed_with_filters_and_date(search_site):
    soup = search_site.html(ARTICLE)
    bodies = soup.select("[data-pagefind-body]")
    assert [(b.name, b.get("class")) for b in bodies] == [("article", ["berita"])]
    assert hidden_data(soup, "data-pagefind-filter") == {
        "jenis_konten": ["berita"], "kategori": ["Pemerintahan"], "tahun": ["2023"]}
    assert hidden_data(soup, "data-pagefind-meta") == {"tanggal": ["2023-03-03T09:30:00+08:00"]}
    assert hidden_data(soup, "data-pagefind-sort") == {"tanggal": ["2023-03-03T09:30:00+08:00"]}
    holder = soup.select_one("[data-pagefind-filter]").parent
    assert holder.has_attr("hidden") and holder.has_attr("data-pagefind-ignore")


def test_page_is_indexed_as_halaman(search_site):
    soup = search_site.html("tentang/index.html")
    assert [b.name for b in soup.select("[data-pagefind-body]")] == ["article"]
    assert hidden_data(soup, "data-pagefind-filter") == {"jenis_konten": ["halaman"]}


@pytest.mark.parametrize("listing", [
    "index.html", "arsip/index.html", "kategori/pemerintahan/index.html",
    "topik/sabu-barat/index.html", "penulis/sofyan/index.html", "cari/index.html", "404.html",
])
def test_lists_and_archives_stay_out_of_the_index(search_site, listing):
    assert search_site.html(listing).select("[data-pagefind-body]") == []


def test_index_holds_articles_and_pages_only(search_site):
    bundle = search_site.output / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["id"]
    assert entry["languages"]["id"]["page_count"] == 4  # 3 articles + Tentang
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "wasm.id.pagefind").is_file()
    # Pagefind's ready-made interfaces are not used, so they are not published.
    assert sorted(p.name for p in bundle.glob("pagefind*ui*")) == []
    assert not (bundle / "pagefind-highlight.js").exists()


# Script files that are not search code: offline reading, save for later and sharing.
NOT_SEARCH = ("theme/js/luring.js", "theme/js/simpan.js")


def test_pages_load_no_search_code_until_asked(search_site):
    """Every page but /cari/ carries only the small inline loader: no script file, no index."""
    for page in search_site.output.rglob("*.html"):
        if page.parent.name == "cari" or "pagefind" in page.parts:
            continue
        if page.relative_to(search_site.output).parts[0] == "admin":
            continue  # the web editor's own application, never a public page
        soup = parse(page)
        others = [s["src"] for s in soup.select("script[src]") if not s["src"].endswith(NOT_SEARCH)]
        assert others == [], page
        assert soup.select("link[href*='pagefind'], link[href*='cari.js']") == [], page


def test_cari_page_works_without_javascript_by_pointing_elsewhere(search_site):
    soup = search_site.html("cari/index.html")
    note = soup.select_one("noscript [data-cari-tanpa-js]")  # shown only without JavaScript
    assert not note.has_attr("hidden")
    assert "memerlukan JavaScript" in note.get_text()
    assert [a["href"] for a in note.select("a")] == ["../arsip/", "../kategori/", "../topik/",
                                                     "../inovasi/"]
    app = soup.select_one("[data-cari-aplikasi]")
    assert not app.has_attr("hidden")  # in the HTML from the start: nothing moves (CLS)
    assert soup.select_one("label[for=q]").get_text(strip=True) == "Kata kunci"
    assert soup.select_one("[data-cari-status]")["role"] == "status"
    assert soup.select_one("script[type=module]")["src"] == "../theme/js/cari.js"
    settings = json.loads(soup.select_one("#cari-pengaturan").string)
    assert [key for key, _label in settings["filters"]][:3] == ["jenis_konten", "kategori", "tahun"]


def test_header_search_form_leads_to_cari(search_site):
    form = search_site.html(ARTICLE).select_one("form.cari-kepala")
    assert form["action"] == "../../../../cari/"
    assert form.select_one("input")["name"] == "q"


def test_indexing_can_be_switched_off(site):
    build = site(base="search", extra={"SEARCH": {"enabled": False}})
    assert build.returncode == 0, build.stderr
    assert not build.exists("pagefind")
    assert build.exists("cari/index.html")


def test_switched_off_search_offers_no_older_news(site):
    build = site(base="search", extra={"SEARCH": {"enabled": False, "recent_news": 2}})
    assert build.returncode == 0, build.stderr
    assert not build.exists("pagefind")
    soup = build.html("cari/index.html")
    assert soup.select("[data-cari-cakupan]") == []
    assert json.loads(soup.select_one("#cari-pengaturan").string)["semua"] is None


def test_unknown_search_setting_is_reported(site):
    build = site(base="search", extra={"SEARCH": {"enable": False}})
    assert build.returncode == 1
    assert build.error_lines == [
        "pelicanconf.py: galat CFG001: pengaturan SEARCH['enable'] tidak dikenal; mungkin "
        "maksudnya 'enabled'? (yang dikenal: enabled, language, exclude_selectors, "
        "recent_news, excerpt_length, batch, filters, value_labels, value_order, names_file, "
        "exclude)",
    ]
    assert not build.exists("pagefind")


@pytest.mark.parametrize("value", [0, -3, "seribu", 2.5, True])
def test_recent_news_must_be_a_positive_whole_number(site, value):
    build = site(base="search", extra={"SEARCH": {"recent_news": value}})
    assert build.returncode == 1
    found = json.dumps(value) if not isinstance(value, str) else value
    found = {"true": "True"}.get(found, found)
    assert build.error_lines == [
        "pelicanconf.py: galat CFG002: pengaturan SEARCH['recent_news'] harus bilangan bulat "
        f"positif atau None (ditemukan: '{found}')",
    ]


def entry(bundle) -> dict:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def indexed_urls(bundle) -> list[str]:
    """URLs of the pages in a bundle, read back from its fragments."""
    import gzip

    urls = []
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"])
    return sorted(urls)


@pytest.fixture
def split_site(split_search_build):
    return split_search_build


def test_first_index_holds_the_newest_news_and_every_page(split_site):
    first = split_site.output / "pagefind"
    assert indexed_urls(first) == [
        "/berita/2024/05/pasar-seba-dibuka-kembali/",
        "/berita/2024/08/hasil-tangkapan-nelayan-raijua-naik/",
        "/tentang/",
    ]
    assert entry(first)["languages"]["id"]["page_count"] == 3


def test_second_index_holds_everything_and_reuses_the_first_script(split_site):
    everything = split_site.output / "pagefind" / "semua"
    assert indexed_urls(everything) == [
        "/berita/2023/03/kantor-camat-sabu-barat-perpanjang-jam-buka/",
        "/berita/2024/05/pasar-seba-dibuka-kembali/",
        "/berita/2024/08/hasil-tangkapan-nelayan-raijua-naik/",
        "/tentang/",
    ]
    assert (everything / "wasm.id.pagefind").is_file()  # each index loads its own engine
    assert not (everything / "pagefind.js").exists()  # opened with ../pagefind.js
    assert sorted(p.name for p in everything.glob("pagefind*ui*")) == []


def test_cari_says_what_the_first_index_covers(split_site):
    soup = split_site.html("cari/index.html")
    note = soup.select_one('[data-cari-cakupan="terkini"]')
    assert " ".join(note.get_text().split()) == (
        "Pencarian ini mencakup semua inovasi dan halaman, serta berita sejak 14 Mei 2024. "
        "Cari juga di 1 berita yang lebih lama")
    assert note.select_one("time")["datetime"] == "2024-05-14"
    assert note.select_one("button[data-cari-semua]")["type"] == "button"
    assert soup.select_one('[data-cari-cakupan="semua"]').has_attr("hidden")
    settings = json.loads(soup.select_one("#cari-pengaturan").string)
    assert settings["semua"] == "../pagefind/semua/"


def test_one_index_when_every_news_fits(search_site):
    assert not (search_site.output / "pagefind" / "semua").exists()
    soup = search_site.html("cari/index.html")
    assert soup.select("[data-cari-cakupan]") == []
    assert json.loads(soup.select_one("#cari-pengaturan").string)["semua"] is None


def test_drafts_and_stray_html_stay_out_of_the_index(site):
    build = site({
        "content/berita/rahasia.md": (
            "Title: Rencana Yang Belum Diumumkan\nDate: 2024-09-01 08:00\n"
            "Category: Pemerintahan\nAuthor: Sofyan\nStatus: draft\n"
            "Summary: Draf.\n\nRencana rahasia ini belum boleh dibaca umum.\n"),
    }, base="search")
    assert build.returncode == 0, build.stderr
    # A draft is published nowhere: no page at any address, nothing in the index.
    written = [p for p in build.output.rglob("*.html") if "rencana" in p.as_posix()]
    assert written == []
    assert not any("Rencana rahasia" in p.read_text(encoding="utf-8")
                   for p in build.output.rglob("*.html"))
    urls = indexed_urls(build.output / "pagefind")
    assert not [url for url in urls if "draf" in url or "rencana" in url]
    assert len(urls) == 4


def test_pagefind_that_cannot_run_stops_the_build_and_keeps_the_old_index(tmp_path,
                                                                          monkeypatch):
    """The binary is chosen by pagefind's own PAGEFIND_BINARY_PATH, read when the build
    starts it: set in this process, the builds run in-process."""
    from conftest import make_site, run_build

    folder = make_site(tmp_path / "site", base="search")
    assert run_build(folder).returncode == 0
    before = entry(folder / "output" / "pagefind")
    for binary, reason in [
        (tmp_path / "tidak-ada", "Pagefind tidak dapat dijalankan: [Errno 2] No such file"),
        ("/bin/false", "Pagefind berhenti sebelum selesai (kode keluar 1)"),
    ]:
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
        build = run_build(folder)
        assert build.returncode == 1
        assert "Traceback" not in build.stderr
        assert "Situs tidak dibangun: 1 kesalahan" in build.stderr
        assert len(build.error_lines) == 1
        assert build.error_lines[0].startswith(
            f"pelicanconf.py: galat SRC001: indeks pencarian tidak dapat dibuat: {reason}")
        assert entry(build.output / "pagefind") == before
        assert not list(build.output.glob(".pagefind*"))


def test_pagefind_dying_while_pages_are_written_stops_the_build_and_keeps_the_old_index(
        tmp_path, monkeypatch):
    """Pages are given to Pagefind while they are written (search_index/feeding.py); a
    service that starts, then dies at the first pages, is reported like one that never ran."""

    from conftest import make_site, run_build

    fake = tmp_path / "pagefind-mati"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import base64, json, sys\n"
        "buffer = b''\n"
        "while not buffer.endswith(b','):\n"
        "    buffer += sys.stdin.buffer.read(1)\n"
        "asked = json.loads(base64.b64decode(buffer[:-1]))\n"
        "answer = {'message_id': asked['message_id'],\n"
        "          'payload': {'type': 'NewIndex', 'index_id': 1}}\n"
        "sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b',')\n"
        "sys.stdout.flush()\n"
        "sys.exit(3)\n", encoding="utf-8")
    fake.chmod(0o755)
    folder = make_site(tmp_path / "site", base="search")
    assert run_build(folder).returncode == 0
    before = entry(folder / "output" / "pagefind")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))  # read when the build starts it
    build = run_build(folder)
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr
    assert build.error_lines == [
        "pelicanconf.py: galat SRC001: indeks pencarian tidak dapat dibuat: Pagefind berhenti "
        "sebelum selesai (kode keluar 3) (indeks yang lama, bila ada, tetap dipakai)"]
    assert entry(build.output / "pagefind") == before
    assert not list(build.output.glob(".pagefind*"))


# -- the service's answers, decoded as they arrive (service.AnswerDecoder) ----------------
def _answer_bytes(message: dict) -> bytes:
    import base64
    import json as json_module

    return base64.b64encode(json_module.dumps(message).encode()) + b","


@pytest.mark.parametrize("chunk", [1, 3, 7, 4096])
def test_a_bundle_answer_read_in_pieces_gives_every_file_whole(chunk):
    import base64

    from search_index.service import AnswerDecoder

    files = [{"path": f"fragment/{i}.pf_fragment", "content":
              base64.b64encode(bytes(range(i % 256)) * (i + 1)).decode()} for i in range(40)]
    files.append({"path": 'aneh "content":"AAAA" nama.json', "content": ""})
    message = {"message_id": 7, "payload": {"type": "GetFiles", "files": files}}
    raw = _answer_bytes(message)[:-1]
    decoder = AnswerDecoder()
    for start in range(0, len(raw), chunk):
        decoder.feed(raw[start:start + chunk])
    answer = decoder.answer()
    got = answer["payload"]["files"]
    assert [f["path"] for f in got] == [f["path"] for f in files]
    assert [bytes(f["content"]) for f in got] == [f["content"].encode() for f in files]
    assert answer["message_id"] == 7


@pytest.mark.parametrize("chunk", [1, 5, 4096])
def test_a_bundle_answer_spooled_to_disk_gives_every_file_whole(chunk, tmp_path):
    import base64

    from search_index.service import AnswerDecoder, Spooled

    files = [{"path": f"index/{i}.pf_index",
              "content": base64.b64encode(bytes([i]) * (i * 37)).decode()} for i in range(30)]
    raw = _answer_bytes({"message_id": 3, "payload": {"type": "GetFiles",
                                                      "files": files}})[:-1]
    decoder = AnswerDecoder(tmp_path / "antre")
    for start in range(0, len(raw), chunk):
        decoder.feed(raw[start:start + chunk])
        # The file list and at most one file in base64 (and a chunk) are held, never
        # every file (21 KB of base64 here): a written file leaves the buffer.
        assert len(decoder.decoded) < 100 * 30 + 37 * 30 * 4 // 3 + 4 * chunk
    got = decoder.answer()["payload"]["files"]
    assert [f["path"] for f in got] == [f["path"] for f in files]
    assert all(isinstance(f["content"], Spooled) for f in got)
    assert [f["content"].path.read_bytes() for f in got] == \
        [base64.b64decode(f["content"]) for f in files]


def test_what_is_not_an_answer_is_skipped():
    from search_index.service import AnswerDecoder

    decoder = AnswerDecoder()
    decoder.feed(b"Running Pagefind v1.5.2")
    assert decoder.answer() is None


def test_pagefind_that_cannot_run_is_reported_when_the_caller_has_an_event_loop(tmp_path,
                                                                                monkeypatch):
    """A build API caller whose event loop is running (an asynchronous server; in a test
    process, Playwright's synchronous API once a browser test ran) gets the diagnostic,
    not an internal error from asyncio.run."""
    import asyncio
    import concurrent.futures

    from conftest import make_site, run_build

    folder = make_site(tmp_path / "site", base="search")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "tidak-ada"))

    async def build_with_a_running_loop():
        return run_build(folder)

    # In a thread of its own: this thread's loop may be running already (Playwright).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        build = pool.submit(asyncio.run, build_with_a_running_loop()).result()
    assert build.returncode == 1
    assert len(build.error_lines) == 1, build.stderr
    assert build.error_lines[0].startswith(
        "pelicanconf.py: galat SRC001: indeks pencarian tidak dapat dibuat: Pagefind tidak "
        "dapat dijalankan: [Errno 2] No such file"), build.error_lines
