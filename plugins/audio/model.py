"""A recording as the site shows it, and the words and numbers written next to it.

Pure functions, no Pelican import.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from common.textlines import header_lines

# Header lines of the audio plugin, in lower case as Pelican gives them.
FIELDS = ("audio", "audio_title", "program", "transkrip")
# Podcasting 2.0's namespace for podcast:guid (a UUIDv5 of the feed URL without scheme).
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# The site's own namespace for episode GUIDs: a UUIDv5 of the original's path.
EPISODE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "rspd-sabu-raijua/rekaman")


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Recording:
    """One article's (or page's) recording, with its published files."""

    source: str            # the original, relative to the content folder
    base: str              # published path without extension: audio/2025/x
    title: str
    seconds: float
    opus_bytes: int
    mp3_bytes: int
    program: object = None          # a vocab Entry, or None
    transcript: str | None = None   # text of a Transkrip: file; None = the article is it
    transcript_path: str | None = None  # published .txt of that file
    content: object = field(default=None, repr=False)

    @property
    def opus_url(self) -> str:
        return f"{self.base}.opus"

    @property
    def mp3_url(self) -> str:
        return f"{self.base}.mp3"

    @property
    def guid(self) -> str:
        """Never changes when the article is edited: it comes from the original's path."""
        return str(uuid.uuid5(EPISODE_NAMESPACE, self.source))

    @property
    def durasi(self) -> str:
        return spoken_duration(self.seconds)

    @property
    def ukuran(self) -> str:
        return file_size(self.opus_bytes)

    @property
    def ukuran_mp3(self) -> str:
        return file_size(self.mp3_bytes)

    @property
    def paragraphs(self) -> list[str]:
        """The transcript file's paragraphs, for the template to escape and print."""
        if not self.transcript:
            return []
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.transcript) if p.strip()]


def header_positions(text: str) -> dict[str, Position]:
    """Where each header line's value starts, by lower-case key (first one wins)."""
    found: dict[str, Position] = {}
    for line in header_lines(text):  # lines counted as editors count them
        if not line.continued:
            found.setdefault(line.key.lower(), Position(line.number, line.column))
    return found


def content_path(value: str) -> str | None:
    """An original's path relative to the content folder, or None when it leaves it.

    'audio/x.wav', '/audio/x.wav' and '{static}/audio/x.wav' all give 'audio/x.wav'.
    """
    text = value.strip()
    for prefix in ("{static}", "{attach}", "|static|"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    text = text.replace("\\", "/").lstrip("/")
    if not text:
        return None
    normal = posixpath.normpath(text)
    if normal in (".", "..") or normal.startswith("../"):
        return None
    return normal


def spoken_duration(seconds: float) -> str:
    """'4 menit 12 detik', '45 detik', '1 jam 5 menit' (as a listener says it)."""
    total = max(1, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} jam {minutes} menit" if minutes else f"{hours} jam"
    if minutes:
        return f"{minutes} menit {secs} detik" if secs else f"{minutes} menit"
    return f"{secs} detik"


def clock_duration(seconds: float) -> str:
    """itunes:duration as HH:MM:SS."""
    total = max(1, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """schema.org duration: PT4M12S."""
    total = max(1, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if secs or text == "PT":
        text += f"{secs}S"
    return text


def file_size(size: int) -> str:
    """'1,1 MB' or '420 KB', with the Indonesian decimal comma."""
    if size >= 1_000_000:
        return f"{format_decimal(round(size / 1_000_000, 1), format='#,##0.0', locale='id')} MB"
    return f"{max(1, round(size / 1000))} KB"


def feed_guid(feed_url: str) -> str:
    """podcast:guid of a feed: UUIDv5 of its URL without scheme or trailing slash."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_NAMESPACE, bare))
