"""What imported articles carry, shared by the importer and the build side.

Pure functions, no Pelican import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from common.textlines import split_lines

# The alt text of an imported image that had no alt, title nor caption on Blogger.
# The build accepts it only in an article with an ID_FIELD line; `worklist` lists them.
ARCHIVE_ALT = "Foto arsip tanpa keterangan"
ID_FIELD = "Arsip_Blogger"  # the Blogger id of the post an article was imported from
PATH_FIELD = "Alamat_Blogger"  # its old path on Blogger (/2023/03/slug.html), redirected
FIELDS = (ID_FIELD.lower(), PATH_FIELD.lower())
# Old Blogger paths the build may write a redirect at: posts and static pages only.
OLD_PATH = re.compile(r"^/(?:\d{4}/\d{2}|p)/[A-Za-z0-9._~%-]+\.html$")
ARCHIVE_IMAGE = re.compile(r"!\[" + re.escape(ARCHIVE_ALT) + r"\]\(([^)\s]*)")
# iframe hosts whose embeds the importer turns into a link to the video (htmltomd.py);
# here, not there, so the build's settings check does not load BeautifulSoup (5.6 MB).
DEFAULT_VIDEO_HOSTS = ("youtube.com", "www.youtube.com", "youtube-nocookie.com",
                       "www.youtube-nocookie.com", "player.vimeo.com", "vimeo.com",
                       "www.blogger.com", "www.facebook.com", "www.dailymotion.com")


@dataclass(frozen=True)
class Undescribed:
    """One imported image still waiting for its description."""

    path: str
    line: int
    column: int
    src: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}:{self.column}: gambar arsip '{self.src}' belum "
                "punya teks alternatif; ganti 'Foto arsip tanpa keterangan' dengan isi gambar")


def header_value(text: str, field: str) -> str:
    """The value of a header line (Pelican's Key: value form) or ''."""
    for line in split_lines(text):
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == field.lower():
            return value.strip()
    return ""


def undescribed_images(text: str, path: str) -> list[Undescribed]:
    """The archive images of one Markdown file that still wait for a description."""
    found = []
    if ARCHIVE_ALT not in text:
        return found
    for number, line in enumerate(split_lines(text), start=1):
        for match in ARCHIVE_IMAGE.finditer(line):
            found.append(Undescribed(path, number, match.start() + 1, match.group(1)))
    return found


def worklist(content: Path, root: Path | None = None) -> list[Undescribed]:
    """Every imported image without a description under content/, sorted by file and line.

    For `invoke check` and the import report: staff replace the mark with a description.
    """
    root = root or content.parent
    found: list[Undescribed] = []
    for path in sorted(content.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if ARCHIVE_ALT in text and header_value(text, ID_FIELD):
            try:
                shown = path.relative_to(root).as_posix()
            except ValueError:
                shown = path.as_posix()
            found.extend(undescribed_images(text, shown))
    return found
