"""Start a news article or an innovation record from a filled-in skeleton.

Pure functions build the text; `write_new` writes it only when no file is there, so a
scaffold never overwrites anyone's work. No Pelican import.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

WITA = ZoneInfo("Asia/Makassar")
SCHEMA_LINE = "# yaml-language-server: $schema=../../plugins/innovations/inovasi.schema.json"
# Innovation ids the site uses for its own catalogue pages (plugins/innovations/generator.py).
# tests/test_iid_readiness.py checks this copy against the generator's RESERVED_IDS.
RESERVED_INNOVATION_IDS = ("halaman", "kecamatan", "kesiapan-iid", "opd", "statistik",
                           "tahapan", "tahun", "urusan")
# The text a new article's body starts with. The build reports an article that still
# holds PLACEHOLDERS (plugins/news/rules.py reads them from here: one source).
ARTICLE_BODY_HINT = "Tulis isi berita di sini."
ARTICLE_BODY = ARTICLE_BODY_HINT + " Buka dengan siapa, apa, di mana, dan kapan."
PLACEHOLDERS = (ARTICLE_BODY_HINT,)


class ScaffoldError(Exception):
    """A scaffold that cannot be written; the message is for staff, in Bahasa Indonesia."""


def slugify(title: str) -> str:
    """The address part of a title: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", title)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def checked_slug(title: str, what: str) -> str:
    """The slug of a title, or ScaffoldError when the title gives none."""
    if not title.strip():
        raise ScaffoldError(f"{what} kosong; tulis {what} di antara tanda kutip, misalnya "
                            "invoke new-article \"Bupati Resmikan Pasar Seba\"")
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"{what} '{title}' tidak memuat huruf atau angka, jadi tidak "
                            "bisa menjadi alamat halaman; tulis judul dengan kata-kata")
    return slug


def one_line(text: str) -> str:
    """A title on one header line: no line breaks, spaces collapsed."""
    return " ".join(text.split())


def article_text(title: str, now: dt.datetime, category: str, slug: str) -> str:
    """A news article with every header line the site knows, and what each one wants."""
    return f"""Title: {one_line(title)}
Date: {now.astimezone(WITA):%Y-%m-%d %H:%M}
Category: {category}
Tags:
Author:
Summary:
Slug: {slug}
Inovasi:
Cover:
Cover_Alt:

[//]: # (Petunjuk: baris-baris yang diawali [//]: # tidak tampil di situs; hapus bila sudah paham.)
[//]: # (Title: judul berita. Date: tanggal dan jam terbit dalam WITA, TTTT-BB-HH JJ:MM.)
[//]: # (Category: satu nama dari content/data/kategori.yaml, ditulis persis sama.)
[//]: # (Tags: dua sampai empat topik berhuruf kecil, dipisahkan koma. Author: nama penulis.)
[//]: # (Summary: satu atau dua kalimat ringkasan, kurang dari 200 karakter.)
[//]: # (Slug: alamat halaman; huruf kecil dan tanda hubung. Boleh dibiarkan.)
[//]: # (Inovasi: kode data inovasi yang dibahas, nama berkasnya di content/inovasi/ tanpa .yaml.)
[//]: # (Cover: foto sampul, misalnya images/berita/2025/foto.jpg di dalam content/.)
[//]: # (Cover_Alt: wajib bila ada Cover; satu kalimat yang menjelaskan isi foto.)
[//]: # (Contoh: ya hanya untuk tulisan contoh yang bukan peristiwa nyata.)

{ARTICLE_BODY}
"""


def vocabulary_slugs(path: Path) -> list[str]:
    """The slugs of a vocabulary file under content/data/ (empty when unreadable)."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    return [str(e["slug"]) for e in entries if isinstance(e, dict) and "slug" in e]


# (field, vocabulary file or None, what it wants) for each required field, in order.
INNOVATION_FIELDS = (
    ("ringkasan", None, "satu paragraf ringkasan; tampil paling atas dan di katalog"),
    ("perangkat_daerah", "perangkat_daerah", "perangkat daerah pengampu"),
    ("tahapan", "tahapan", "tahapan inovasi"),
    ("inisiator", "inisiator", "siapa penggagasnya"),
    ("jenis", "jenis", "jenis inovasi"),
    ("bentuk", "bentuk", "bentuk inovasi"),
    ("urusan_utama", "urusan", "urusan pemerintahan utama"),
    ("rancang_bangun", None, "masalah, rancangan, dan yang baru; IID meminta 300 kata"),
    ("tujuan", None, "tujuan inovasi"),
    ("manfaat", None, "manfaat inovasi"),
)


def innovation_text(name: str, today: dt.date, data_folder: Path) -> str:
    """An innovation record with every required field left for staff to fill."""
    lines = [
        SCHEMA_LINE,
        "# Isi setiap kolom, lalu periksa dengan: invoke check",
        "# Panduan lengkap: /panduan/ di situs. Kode yang boleh dipakai ada di content/data/.",
        f"nama: {yaml.safe_dump(one_line(name), allow_unicode=True, width=1000).strip()}"
        .replace("\n...", ""),
    ]
    for key, vocabulary, wants in INNOVATION_FIELDS:
        if vocabulary:
            codes = vocabulary_slugs(data_folder / f"{vocabulary}.yaml")
            lines.append(f"# {key}: {wants}; salah satu dari: {', '.join(codes)}")
            lines.append(f"{key}:")
        else:
            lines.append(f"# {key}: {wants} (Markdown, menjorok dua spasi di bawahnya)")
            lines.append(f"{key}: |")
            lines.append("  ")
    kecamatan = vocabulary_slugs(data_folder / "kecamatan.yaml")
    lines += [
        f"# lokasi: kecamatan tempat inovasi berjalan; salah satu atau lebih dari: "
        f"{', '.join(kecamatan)}",
        "lokasi:",
        "  kecamatan: []",
        "# diperbarui: tanggal data ini terakhir diperiksa (TTTT-BB-HH)",
        f"diperbarui: {today.isoformat()}",
        "",
    ]
    return "\n".join(lines)


def write_new(path: Path, text: str, shown: str, other: str = "judul lain") -> None:
    """Write text to a new file; ScaffoldError when a file of that name is already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{shown} sudah ada dan tidak ditimpa; buka berkas itu, atau "
                            f"pakai {other}") from None


def header_slugs(folder: Path) -> dict[str, Path]:
    """slug -> file of every article under folder (its Slug: line, else its file name)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.md")):
        slug = path.stem
        try:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:30]:
                if not line.strip():
                    break
                if line.lower().startswith("slug:"):
                    slug = line.split(":", 1)[1].strip() or slug
        except OSError:
            continue
        found.setdefault(slug, path)
    return found


def new_article(root: Path, title: str, category: str, now: dt.datetime) -> Path:
    """Write content/berita/<year>/<slug>.md under root and return its path."""
    slug = checked_slug(title, "judul berita")
    local = now.astimezone(WITA)
    berita = root / "content" / "berita"
    path = berita / str(local.year) / f"{slug}.md"
    shown = path.relative_to(root).as_posix()
    if not path.exists():
        other = header_slugs(berita).get(slug)
        if other is not None:
            raise ScaffoldError(
                f"alamat '{slug}' sudah dipakai {other.relative_to(root).as_posix()}; "
                "pakai judul lain, atau ubah baris 'Slug:' salah satunya")
    write_new(path, article_text(title, local, category, slug), shown)
    return path


def new_innovation(root: Path, name: str, today: dt.date) -> Path:
    """Write content/inovasi/<slug>.yaml under root and return its path."""
    slug = checked_slug(name, "nama inovasi")
    if slug in RESERVED_INNOVATION_IDS:
        raise ScaffoldError(f"kode '{slug}' dipakai situs sendiri untuk halaman katalog "
                            f"(yang tidak boleh: {', '.join(RESERVED_INNOVATION_IDS)}); "
                            "pakai nama yang lebih lengkap")
    path = root / "content" / "inovasi" / f"{slug}.yaml"
    text = innovation_text(name, today, root / "content" / "data")
    write_new(path, text, path.relative_to(root).as_posix(), "nama lain")
    return path


def first_category(root: Path) -> str:
    """The first category name of content/data/kategori.yaml ('Lainnya' when none)."""
    try:
        entries = yaml.safe_load((root / "content/data/kategori.yaml").read_text("utf-8"))
        return str(entries[0]["nama"])
    except (OSError, yaml.YAMLError, TypeError, KeyError, IndexError):
        return "Lainnya"
