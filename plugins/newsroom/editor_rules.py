"""What the web editor's local proxy may touch, and which requests it answers. Pure functions.

The editor (Decap CMS at /admin/) saves through a local proxy (`invoke editor`,
newsroom/editor_proxy.py). That proxy may read and write only the places the generated
editor configuration names (plugins/admin/config.py): each collection's folder, with that
collection's file extension, and each media folder, with photo extensions (document
extensions for the evidence documents' folder, content/dokumen/). Everything else
in the project (settings, plugins, templates, .git/) is out of its reach. A path is checked
here as text (no `..`, no absolute path, no hidden or oddly written name, inside an area);
editor_proxy.py checks it again after resolving symlinks on disk.

Requests are answered only when their Host is the proxy's own address on loopback (a web
page that rebinds its DNS name to 127.0.0.1 still sends its own name) and their Origin, if
any, is the preview's (another site open in the same browser cannot call it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

# Photos the editor's image widgets upload (what the images plugin derives from).
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
# Documents the editor's file widgets upload (IID evidence in content/dokumen/): the
# documents allow-list of build_report/documents.py (ALLOWED), which the build applies to
# their bytes; tests/test_iid_readiness.py checks the two lists agree.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".xls", ".ppt", ".docx", ".xlsx", ".pptx",
                               ".odt", ".ods", ".odp", ".csv", ".txt"})
MAX_PATH_CHARS = 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


class Refused(Exception):
    """A request the proxy will not carry out: an HTTP status, a code, a message for staff."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"galat {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Area:
    """A folder the editor may change (relative to the project), and the file endings in it."""

    folder: str
    suffixes: frozenset[str]
    exact: bool = False  # True: `folder` is one file (a "files" collection entry)

    def describe(self) -> str:
        if self.exact:
            return self.folder
        return f"{self.folder}/ ({', '.join(sorted(self.suffixes))})"


def _folder(text) -> str:
    """A configured folder as a clean relative path, or '' when it is not one."""
    if not isinstance(text, str):
        return ""
    text = text.strip().strip("/")
    try:
        return text if text and lexical_problem(text) is None else ""
    except Refused:
        return ""


def _media_folders(node, found: list[tuple[str, frozenset]]) -> None:
    """Every absolute (`/content/...`) media_folder set on a collection or a field, with
    what may be uploaded there: documents for a file widget, photos otherwise."""
    if isinstance(node, dict):
        value = node.get("media_folder")
        if isinstance(value, str) and value.startswith("/") and _folder(value):
            kinds = DOCUMENT_SUFFIXES if node.get("widget") == "file" else MEDIA_SUFFIXES
            found.append((_folder(value), kinds))
        for child in node.values():
            _media_folders(child, found)
    elif isinstance(node, list):
        for child in node:
            _media_folders(child, found)


def areas_from_config(config: dict) -> tuple[Area, ...]:
    """The areas named by an editor configuration (admin.config.editor_config's result).

    Collections' folders carry their own extension (default md); `files` collections allow
    exactly their files; the site-wide media_folder and every absolute media_folder of a
    collection or field allow photos (a file widget's: documents). Relative media folders
    (beside an entry) allow nothing.
    """
    areas: list[Area] = []
    for collection in config.get("collections") or []:
        if not isinstance(collection, dict):
            continue
        folder = _folder(collection.get("folder"))
        if folder:
            extension = str(collection.get("extension") or "md").lstrip(".").lower()
            areas.append(Area(folder, frozenset({"." + extension})))
        for item in collection.get("files") or []:
            path = _folder(item.get("file")) if isinstance(item, dict) else ""
            if path:
                areas.append(Area(path, frozenset({PurePosixPath(path).suffix.lower()}),
                                  exact=True))
    media = [(_folder(config.get("media_folder")), MEDIA_SUFFIXES)] \
        if _folder(config.get("media_folder")) else []
    _media_folders(config.get("collections") or [], media)
    for folder, kinds in dict.fromkeys(media):
        areas.append(Area(folder, kinds))
    return tuple(areas)


def lexical_problem(path: str) -> str | None:
    """Why `path` is not a plain relative path of visible names ('' parts, '..', '/x'...)."""
    if not path:
        return "jalur kosong"
    if len(path) > MAX_PATH_CHARS:
        return f"jalur lebih dari {MAX_PATH_CHARS} karakter"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return "jalur memuat karakter kendali (misalnya NUL)"
    if "\\" in path:
        return "jalur memakai garis miring terbalik '\\'; pakai '/'"
    if path.startswith("/") or ":" in path:
        return ("jalur mutlak tidak diterima; tulis jalur dari folder proyek, "
                "misalnya content/berita/...")
    if "%" in path:
        return "jalur memuat tanda '%' (alamat yang dikodekan tidak diterima)"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return "jalur memuat bagian kosong, '.' atau '..'"
        if part.startswith("."):
            return f"nama berawalan titik ('{part}') tidak diterima"
    return None


def area_of(path: str, areas: tuple[Area, ...], folder: bool = False) -> Area:
    """The area a requested path lies in (a file with an allowed ending, or a folder).

    Raises Refused (ADM010) naming the path and the areas the editor may change.
    """
    problem = lexical_problem(path) if isinstance(path, str) else "jalur harus berupa teks"
    if problem is None:
        parts = PurePosixPath(path).parts
        for area in areas:
            own = PurePosixPath(area.folder).parts
            if area.exact:
                if not folder and parts == own:
                    return area
                continue
            if folder and parts[:len(own)] == own:
                return area
            if (not folder and len(parts) > len(own) and parts[:len(own)] == own
                    and PurePosixPath(path).suffix.lower() in area.suffixes):
                return area
        problem = "di luar folder yang boleh diubah penyunting"
    raise Refused(403, "ADM010", refusal_text(path, problem, areas))


def refusal_text(path, problem: str, areas: tuple[Area, ...]) -> str:
    allowed = "; ".join(area.describe() for area in areas) or "tidak ada"
    return (f"jalur {str(path)[:200]!r} ditolak: {problem}. Penyunting hanya boleh mengubah "
            f"berkas di: {allowed}")


def host_allowed(host: str | None, port: int) -> bool:
    """True for `127.0.0.1:PORT` or `localhost:PORT` (the proxy's own address), only."""
    if not host:
        return False
    return host.strip().lower() in {f"{name}:{port}" for name in LOOPBACK_NAMES}


def preview_origins(preview_port: int) -> frozenset[str]:
    """The origins of the live preview on this machine (where /admin/ is opened)."""
    return frozenset(f"http://{name}:{preview_port}" for name in LOOPBACK_NAMES)


def origin_allowed(origin: str | None, origins: frozenset[str]) -> bool:
    """No Origin (a tool such as curl) or exactly one of `origins` (scheme://host:port)."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip().lower())
    return f"{parts.scheme}://{parts.netloc}" in origins and not parts.path.strip("/")
