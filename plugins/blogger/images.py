"""Images of imported posts: Blogger's largest size, checked, or base64 data.

Pure functions, no Pelican import (downloads: fetching.py). Files are named after the
address they came from (a hash of it), so a re-run finds what it already saved and never
fetches it again, with or without --no-images.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

# Blogger puts the size in a path part (/s320/, /w400-h300/, /s1600-h/) or a suffix (=s320).
SIZE_PART = re.compile(r"/(?:s\d+|w\d+-h\d+|h\d+)(?:-[a-z0-9-]*)?/(?=[^/]+$)")
SIZE_SUFFIX = re.compile(r"=(?:s\d+|w\d+-h\d+|w\d+|h\d+)(?:-[a-z0-9-]*)?$")
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
NOT_NAME = re.compile(r"[^a-z0-9]+")


class ImageProblem(Exception):
    """Why an image was not saved (message in Indonesian)."""


def largest_url(src: str) -> str:
    """The address of the largest copy Blogger keeps (/s0/ or =s0); other URLs unchanged."""
    parts = urlsplit(src)
    if parts.scheme not in ("http", "https"):
        return src
    path = SIZE_PART.sub("/s0/", parts.path, count=1)
    if path == parts.path and SIZE_SUFFIX.search(path):
        path = SIZE_SUFFIX.sub("=s0", path)
    return parts._replace(path=path).geturl()


def decode_data_url(src: str, max_bytes: int) -> bytes:
    """The bytes of a base64 data: URL; ImageProblem when it is not one we can read."""
    header, _, payload = src.partition(",")
    if not header.startswith("data:image/") or ";base64" not in header:
        raise ImageProblem("gambar data: bukan base64")
    if len(payload) * 3 // 4 > max_bytes:
        raise ImageProblem(f"lebih besar dari {max_bytes // 1_000_000} MB")
    try:
        return base64.b64decode(unquote(payload), validate=False)
    except (binascii.Error, ValueError):
        raise ImageProblem("isi base64 rusak") from None


def image_suffix(data: bytes) -> str:
    """'.jpg', '.png'... when Pillow reads the bytes as a whole image; else ImageProblem."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            fmt = image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ImageProblem("isinya bukan gambar yang dapat dibaca") from None
    if fmt not in FORMATS:
        raise ImageProblem(f"format {fmt} tidak dipakai situs (hanya JPEG, PNG, GIF, WebP)")
    return FORMATS[fmt]


def file_stem(src: str) -> str:
    """'pasar-seba-3f2a9c1d' for '.../s320/Pasar%20Seba.jpg': readable name + hash of src."""
    digest = hashlib.sha256(src.encode("utf-8")).hexdigest()[:10]
    if src.startswith("data:"):
        return f"gambar-{digest}"
    name = PurePosixPath(unquote(urlsplit(src).path)).stem.lower()
    name = NOT_NAME.sub("-", name).strip("-")[:40].strip("-")
    return f"{name or 'gambar'}-{digest}"


def existing(folder: Path, stem: str) -> Path | None:
    """A file already saved for this stem (any format), or None."""
    for suffix in FORMATS.values():
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None
