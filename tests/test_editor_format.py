"""The editor's "pelican" file format (plugins/admin/static/penyunting.js), run in Node.

Every hand-written article and page of the sample site, and files written in odd ways,
come back byte for byte when read and written unchanged; a changed field rewrites its line
only; a new entry gets the header lines of the staff guide.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

SCRIPT = ROOT / "plugins" / "admin" / "static" / "penyunting.js"

# Loads penyunting.js with a stand-in for Decap's registry, then answers one JSON request
# per line on stdin: {"roundtrip": text} or {"read": text, "set": {...}} or {"new": {...}}.
RUNNER = r"""
const noop = () => {};
global.window = {
  CMS: { registerCustomFormat: noop, registerWidget: noop, registerPreviewStyle: noop,
         registerPreviewTemplate: noop, registerLocale: noop, registerEventListener: noop,
         registerEditorComponent: noop },
  h: noop, createClass: (spec) => spec, location: { href: "http://127.0.0.1/admin/" },
};
require(process.argv[1]);
const format = window.penyuntingPelican;
const answers = require("fs").readFileSync(0, "utf8").trim().split("\n").map((line) => {
  const ask = JSON.parse(line);
  if ("roundtrip" in ask) return format.toFile(format.fromFile(ask.roundtrip));
  if ("read" in ask) return format.toFile(Object.assign(format.fromFile(ask.read), ask.set));
  return format.toFile(ask.new);
});
process.stdout.write(JSON.stringify(answers));
"""


def run(requests: list[dict]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js tidak ditemukan: penyunting web memerlukannya", pytrace=False)
    done = subprocess.run([node, "-e", RUNNER, str(SCRIPT)], capture_output=True, text=True,
                          input="\n".join(json.dumps(r) for r in requests), timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_sample_article_and_page_comes_back_byte_for_byte():
    files = sorted((ROOT / "content/berita").rglob("*.md")) + \
        sorted((ROOT / "content/halaman").glob("*.md"))
    assert len(files) > 10
    texts = [path.read_text(encoding="utf-8") for path in files]
    answers = run([{"roundtrip": text} for text in texts])
    changed = [path.relative_to(ROOT).as_posix() for path, text, answer
               in zip(files, texts, answers) if answer != text]
    assert changed == []


@pytest.mark.parametrize("text", [
    "Title: Satu\n",
    "Title: Tanpa baris akhir\n\nIsi tanpa baris baru di akhir",
    "Title: Windows\r\nDate: 2025-01-02 10:00\r\n\r\nIsi.\r\nBaris dua.\r\n",
    "Title:   Spasi berlebih   \nTags: a,b ,  c\n\n\n\nIsi setelah banyak baris kosong.\n",
    "Title: Lanjut\nSummary: baris satu\n    baris dua\n        baris tiga\n\nIsi.\n",
    "Title: Dobel\nTags: a\nTags: b\n\nIsi.\n",
    "Title: Tidak Dikenal\nModified: 2025-01-01\nX-Catatan: apa saja\n\nIsi.\n",
    "---\nTitle: Garis\n---\n\nIsi.\n",
    "Tanpa kepala sama sekali\n",
    "",
    "Title: Unicode ✓ Hawu\nAuthor: Ñoño\n\n“Kutipan” — em dash.\n",
])
def test_odd_hand_written_files_come_back_byte_for_byte(text):
    assert run([{"roundtrip": text}]) == [text]


@pytest.mark.parametrize("changes, expected", [
    ({"title": "Judul Baru"},
     "Title: Judul Baru\nDate: 2025-02-03 08:05\nTags: nelayan,pencatatan\n"
     "Summary: satu\n    dua\nContoh: ya\n\nIsi.\n"),
    ({"tags": ["nelayan", "pencatatan", "raijua"]},
     "Title: Nelayan\nDate: 2025-02-03 08:05\nTags: nelayan, pencatatan, raijua\n"
     "Summary: satu\n    dua\nContoh: ya\n\nIsi.\n"),
    ({"summary": ""},
     "Title: Nelayan\nDate: 2025-02-03 08:05\nTags: nelayan,pencatatan\nContoh: ya\n\nIsi.\n"),
    ({"cover": "images/berita/a.jpg", "cover_alt": "Perahu\ndi pantai", "inovasi": ["x", "y"]},
     "Title: Nelayan\nDate: 2025-02-03 08:05\nTags: nelayan,pencatatan\n"
     "Summary: satu\n    dua\nContoh: ya\nCover: images/berita/a.jpg\n"
     "Cover_Alt: Perahu di pantai\nInovasi: x, y\n\nIsi.\n"),
    ({"body": "Isi baru."},
     "Title: Nelayan\nDate: 2025-02-03 08:05\nTags: nelayan,pencatatan\n"
     "Summary: satu\n    dua\nContoh: ya\n\nIsi baru.\n"),
])
def test_a_changed_field_rewrites_its_line_only(changes, expected):
    original = ("Title: Nelayan\nDate: 2025-02-03 08:05\nTags: nelayan,pencatatan\n"
                "Summary: satu\n    dua\nContoh: ya\n\nIsi.\n")
    assert run([{"read": original, "set": changes}]) == [expected]


def test_a_new_entry_has_the_guide_s_header_lines_in_order():
    data = {"body": "Isi berita.", "inovasi": ["kartu-nelayan-sabu"], "title": "Baru",
            "category": "Kesehatan", "date": "2026-11-30 09:15", "tags": ["a", "b"],
            "author": "Sofyan", "summary": "Ringkas.", "cover": "images/berita/x.jpg",
            "cover_alt": "Foto", "slug": ""}
    assert run([{"new": data}]) == [
        "Title: Baru\nDate: 2026-11-30 09:15\nCategory: Kesehatan\nTags: a, b\n"
        "Author: Sofyan\nSummary: Ringkas.\nCover: images/berita/x.jpg\nCover_Alt: Foto\n"
        "Inovasi: kartu-nelayan-sabu\n\nIsi berita.\n"]
