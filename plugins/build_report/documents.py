"""Only documents are published as they are: an allow-list of types, checked on the bytes.

Files of STATIC_PATHS (content/dokumen/) go out byte for byte, at the site's own address:
an HTML page, an SVG with `onload`, a script or an `.htaccess` published there would run
as the site (stored XSS) or reconfigure the server. So a file is published only when
its extension is a document type staff publish (PDF, the office formats, CSV, plain text)
and its first bytes are that type: a PDF starts with `%PDF-`, an OOXML file (docx, xlsx,
pptx) is a zip holding `[Content_Types].xml` and its part folder, an OpenDocument file is
a zip whose `mimetype` names its kind, a legacy office file is an OLE2 compound file, and
CSV and text are UTF-8 with no NUL byte that do not start like markup (`<`).

Left out on purpose: HTML, SVG, XML, JS and other web formats (they run at the site's
address); zip and other archives (anything can be inside, including programs: a public
office site must not host them); RTF (a carrier of embedded-object exploits, and every
office application saves PDF or docx); macro-enabled office files (docm, xlsm, pptm).
Photos are not documents here: the images plugin publishes them stripped and resized
(a photo in content/dokumen/ is CNT004, build_report/stray.py). Pure, no Pelican import.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .stray import IGNORED_NAMES, IGNORED_SUFFIXES, PHOTO_SUFFIXES

# Extension -> (kind named in messages, how its bytes are checked).
ALLOWED = {
    ".pdf": ("PDF", "pdf"),
    ".doc": ("dokumen Word", "ole2"),
    ".xls": ("lembar kerja Excel", "ole2"),
    ".ppt": ("presentasi PowerPoint", "ole2"),
    ".docx": ("dokumen Word", "word/"),
    ".xlsx": ("lembar kerja Excel", "xl/"),
    ".pptx": ("presentasi PowerPoint", "ppt/"),
    ".odt": ("dokumen OpenDocument", "application/vnd.oasis.opendocument.text"),
    ".ods": ("lembar kerja OpenDocument", "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": ("presentasi OpenDocument", "application/vnd.oasis.opendocument.presentation"),
    ".csv": ("CSV", "text"),
    ".txt": ("teks", "text"),
}
ALLOWED_LIST = ("PDF (.pdf), Word (.doc, .docx), Excel (.xls, .xlsx), PowerPoint (.ppt, "
                ".pptx), OpenDocument (.odt, .ods, .odp), CSV (.csv) dan teks (.txt)")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD = 4096  # bytes looked at to name what a file is


@dataclass(frozen=True)
class Verdict:
    publish: bool
    code: str = ""  # "" with publish False: left out without a word (editor leftovers)
    message: str = ""


PUBLISH = Verdict(True)
LEAVE_OUT = Verdict(False)


def judge(path: Path, relative: PurePosixPath) -> Verdict:
    """Whether the file at `path` (named `relative` under content/) may be published as
    it is, and if not, what to tell staff."""
    name = relative.name.lower()
    if name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES) or name.startswith("~$") \
            or name == ".ds_store":
        return LEAVE_OUT  # what editors and systems leave behind; stray.py says the same
    if name.endswith(PHOTO_SUFFIXES):
        return LEAVE_OUT  # CNT004 (stray.py) reports it
    hidden = next((part for part in relative.parts if part.startswith(".")), None)
    if hidden is not None:
        return Verdict(False, "CNT008",
                       f"berkas tersembunyi (namanya diawali titik: '{hidden}') tidak "
                       f"diterbitkan; yang diterbitkan apa adanya hanya {ALLOWED_LIST}: "
                       "hapus berkas ini dari content/")
    suffix = relative.suffix.lower()
    if suffix not in ALLOWED:
        shown = f"'{relative.suffix}'" if relative.suffix else "tanpa akhiran"
        return Verdict(False, "CNT008",
                       f"jenis berkas ini ({shown}) tidak diterbitkan; yang diterbitkan apa "
                       f"adanya hanya {ALLOWED_LIST}. Simpan dokumennya sebagai PDF, atau "
                       "pindahkan berkas ini ke luar content/")
    kind, check = ALLOWED[suffix]
    try:
        found = _mismatch(path, check)
    except OSError as error:
        return Verdict(False, "CNT007", f"berkas ini tidak dapat dibaca "
                                        f"({error.strerror or type(error).__name__})")
    if found is None:
        return PUBLISH
    advice = (f"simpan ulang dari aplikasinya sebagai {kind}, atau beri nama dengan akhiran "
              "yang benar")
    if found == NOT_UTF8:
        advice = "simpan ulang sebagai teks UTF-8 (di Excel: Simpan Sebagai, 'CSV UTF-8')"
    return Verdict(False, "CNT009",
                   f"isi berkas ini bukan {kind} seperti kata akhiran namanya "
                   f"'{relative.suffix}' (ditemukan: {found}); {advice}")


def _mismatch(path: Path, check: str) -> str | None:
    """None when the bytes are the type `check` names, else what they are."""
    with open(path, "rb") as stream:
        head = stream.read(HEAD)
    if check == "pdf":
        return None if head.startswith(b"%PDF-") else describe(head, path)
    if check == "ole2":
        return None if head.startswith(OLE2) else describe(head, path)
    if check == "text":
        return _not_text(path, head)
    names = _zip_names(path) if head.startswith(b"PK\x03\x04") else None
    if names is None:
        return describe(head, path)
    if check.endswith("/"):  # OOXML: the content types, and the main part's folder
        if "[Content_Types].xml" in names and any(n.startswith(check) for n in names):
            return None
    elif _odf_kind(path, names) == check:
        return None
    return _zip_kind(path, names)


def _not_text(path: Path, head: bytes) -> str | None:
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"<"):
        return describe(head, path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            if b"\x00" in chunk:
                return "data biner (berisi byte NUL)"
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return NOT_UTF8
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return NOT_UTF8
    return None


NOT_UTF8 = "teks yang bukan UTF-8"


def describe(head: bytes, path: Path | None = None) -> str:
    """What the first bytes of a file are, in the words staff know."""
    if not head:
        return "berkas kosong"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(OLE2):
        return "dokumen Office lama (doc, xls atau ppt)"
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(path) if path is not None else None
        return _zip_kind(path, names) if names is not None else "arsip zip yang rusak"
    text = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if text.startswith(b"<"):
        if b"<svg" in text:
            return "gambar SVG"
        if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) \
                or b"<html" in text or b"<script" in text:
            return "halaman HTML"
        return "markah HTML atau XML"
    if b"\x00" in head:
        return "data biner"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not only a character cut by the 4 KB window
            return "data biner atau teks yang bukan UTF-8"
    return "teks biasa"


def _zip_names(path: Path) -> set[str] | None:
    """The member names of a zip (read from its directory only), or None when it is not
    a whole zip file."""
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None


def _odf_kind(path: Path, names: set[str]) -> str | None:
    if "mimetype" not in names:
        return None
    try:
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as member:
            return member.read(100).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return None


def _zip_kind(path: Path | None, names: set[str]) -> str:
    if "[Content_Types].xml" in names:
        for folder, kind in (("word/", "dokumen Word (.docx)"), ("xl/", "lembar kerja Excel "
                             "(.xlsx)"), ("ppt/", "presentasi PowerPoint (.pptx)")):
            if any(n.startswith(folder) for n in names):
                return kind
    if path is not None:
        mime = _odf_kind(path, names) or ""
        for ending, kind in ((".text", "dokumen OpenDocument (.odt)"),
                             (".spreadsheet", "lembar kerja OpenDocument (.ods)"),
                             (".presentation", "presentasi OpenDocument (.odp)")):
            if mime.endswith(ending):
                return kind
    return "arsip zip"
