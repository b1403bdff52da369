"""The podcast cover: a square JPEG of 1400-3000 px made from a committed original.

Pure, on Pillow, no Pelican import. Podcast apps (Apple's rules) want a square RGB
JPEG or PNG of 1400 to 3000 pixels; the original is cropped to its centre square,
scaled down to `size` (never up), stripped of metadata, and cached by content hash.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from common.diagnostics import FileProblem

MIN_SIZE, MAX_SIZE = 1400, 3000


# A cover that cannot be made is a FileProblem whose kind is missing, unreadable or
# too_small (detail: the size found).


def cover_key(path: Path, size: int, libraries: str = "") -> str:
    """The original's bytes, the size and the key of the library versions (Pillow)."""
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(f"cover-v1-{size}-{libraries}".encode())
    return digest.hexdigest()[:32]


def make_cover(original: Path, target: Path, size: int) -> None:
    """Write the square cover of `original` to `target` (written aside, then renamed)."""
    try:
        with Image.open(original) as image:
            image.load()
            width, height = image.size
            side = min(width, height)
            if side < size:
                raise FileProblem("too_small", f"{width} x {height}")
            box = ((width - side) // 2, (height - side) // 2,
                   (width - side) // 2 + side, (height - side) // 2 + side)
            square = image.convert("RGB").crop(box).resize((size, size), Image.LANCZOS)
    except FileNotFoundError:
        raise FileProblem("missing") from None
    except (UnidentifiedImageError, OSError):
        raise FileProblem("unreadable") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".tmp")
    square.save(staging, "JPEG", quality=85, optimize=True, progressive=False)
    staging.replace(target)
