"""Derivatives of one original photo: upright, stripped of metadata, sRGB, a few widths.

Pure functions on Pillow, no Pelican import. `inspect()` reads only the header (cheap,
for markup and early mistakes); `render()` decodes and writes every derivative of one
original into a cache entry, and runs in a worker process for cold work.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError

from common.diagnostics import FileProblem

# Bump when the derivative pipeline changes, so old cache entries are not reused.
PIPELINE_VERSION = 4  # 3: 16-bit grey scaled, not clipped; 4: no WebP heavier than its JPEG/PNG
OG_SIZE = (1200, 630)
ORIENTATION = 0x0112
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
META_FILE = "meta.json"


# A content mistake in an original is a FileProblem whose kind is missing, unreadable or
# too_large.


@dataclass(frozen=True)
class Header:
    """What the header of an original says, seen upright."""

    width: int
    height: int
    format: str
    graphic: bool  # PNG, GIF, ...: fallbacks in PNG rather than JPEG

    @property
    def fallback(self) -> str:
        return "png" if self.graphic else "jpg"


@dataclass(frozen=True)
class Variant:
    """One derivative file: its width, height and format (webp, jpg or png)."""

    width: int
    height: int
    format: str

    @property
    def name(self) -> str:
        return f"{self.width}.{self.format}"


def _open(path: Path, max_pixels: int) -> Image.Image:
    """Open an original lazily, mapping every way it can fail to a FileProblem."""
    pillow_limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Our own max_pixels is the guard, checked below with the size in hand;
            # Pillow's warning would kill a `--fatal warnings` build with a traceback.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = None
            image = Image.open(path)
    except FileNotFoundError:
        raise FileProblem("missing") from None
    except IsADirectoryError:
        raise FileProblem("missing") from None
    except Image.DecompressionBombError:
        raise FileProblem("too_large", "") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise FileProblem("unreadable", str(error)) from None
    finally:
        Image.MAX_IMAGE_PIXELS = pillow_limit
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise FileProblem("too_large", f"{width}x{height}")
    return image


def inspect(path: Path, max_pixels: int) -> Header:
    """The upright size and kind of an original, from its header only."""
    with _open(path, max_pixels) as image:
        width, height = image.size
        try:
            orientation = image.getexif().get(ORIENTATION, 1)
        except Exception:  # noqa: BLE001 - a broken EXIF block is not worth failing for here
            orientation = 1
        if orientation in ROTATED:
            width, height = height, width
        graphic = image.format != "JPEG"
        return Header(width, height, image.format or "", graphic)


def plan_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The derivative widths for an original `width` pixels wide: never upscaled.

    An original narrower than the widest setting also gets its own width,
    so the largest derivative is as sharp as the original allows.
    """
    chosen = [w for w in sorted(set(widths)) if w <= width]
    if width < max(widths) and width not in chosen:
        chosen.append(width)
    return chosen


def variants(header: Header, widths: tuple[int, ...]) -> list[Variant]:
    """Every file of one original, smallest first: WebP and a fallback per width."""
    result = []
    for w in plan_widths(header.width, widths):
        h = max(1, round(header.height * w / header.width))
        result.append(Variant(w, h, "webp"))
        result.append(Variant(w, h, header.fallback))
    return result


def og_box(width: int, height: int) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """Crop box on the upright image for a 1200x630 social image, and the output size.

    Centred across; a little above centre down, where faces in portraits tend to be.
    Never upscaled: a small original gives a smaller image of the same shape.
    """
    target_w, target_h = OG_SIZE
    if width * target_h > height * target_w:  # wider than 1200:630
        crop_h = height
        crop_w = max(1, round(height * target_w / target_h))
        left = (width - crop_w) // 2
        top = 0
    else:
        crop_w = width
        crop_h = max(1, round(width * target_h / target_w))
        left = 0
        top = round((height - crop_h) * 0.4)
    out_w = min(target_w, crop_w)
    out_h = max(1, round(out_w * target_h / target_w))
    return (left, top, left + crop_w, top + crop_h), (out_w, out_h)


def settings_digest(widths: tuple[int, ...], quality: int, libraries: str = "") -> str:
    """What, besides the original's bytes, decides the derivatives: the settings, this
    pipeline's version and the key of the library versions it runs on (Pillow)."""
    text = json.dumps({"v": PIPELINE_VERSION, "widths": sorted(set(widths)),
                       "quality": quality, "og": OG_SIZE, "libraries": libraries},
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_key(path: Path, settings: str) -> str:
    """Content hash of the original plus the settings digest."""
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return f"{digest[:32]}-{settings}"


@dataclass(frozen=True)
class Job:
    """One original to render into one cache entry (picklable, for a process pool)."""

    source: str
    entry: str
    widths: tuple[int, ...]
    quality: int
    max_pixels: int


def is_cached(entry: Path) -> bool:
    """True when the entry is whole: its metadata reads and every file has the size it was
    written with (a file missing, truncated or emptied by a crash or a full disk is not)."""
    try:
        meta = json.loads((entry / META_FILE).read_text(encoding="utf-8"))
        sizes = meta["sizes"]
        return bool(sizes) and all((entry / name).stat().st_size == size
                                   for name, size in sizes.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def render(job: Job) -> dict:
    """Write every derivative of one original into job.entry; return its metadata.

    Returns {"problem": kind, "detail": ...} instead when the original cannot be
    decoded. The entry appears whole or not at all (written aside, then renamed).
    """
    entry = Path(job.entry)
    try:
        header = inspect(Path(job.source), job.max_pixels)
        files = variants(header, job.widths)
        crop, og_size = og_box(header.width, header.height)
        scale = _scale_needed(header, files, crop, og_size)
        base_size = (max(1, round(header.width * scale)), max(1, round(header.height * scale)))
        base = _decode_base(Path(job.source), job.max_pixels, base_size)
    except FileProblem as problem:
        return {"problem": problem.kind, "detail": problem.detail}

    staging = entry.with_name(f"{entry.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    # Widest first, each width resized from the one before: cheap, and sharp enough.
    previous = base
    for variant in sorted(files, key=lambda v: -v.width):
        if previous.size != (variant.width, variant.height):
            previous = _resize(previous, (variant.width, variant.height))
        _save(previous, staging / variant.name, variant.format, job.quality)
    left, top, right, bottom = (round(c * scale) for c in crop)
    og = _resize(base.crop((left, top, min(right, base.width), min(bottom, base.height))),
                 og_size)
    _save(_flatten(og), staging / "og.jpg", "jpg", job.quality)
    files = lighter_only(files, staging)
    meta = {"header": asdict(header), "variants": [asdict(v) for v in files],
            "og": list(og_size),
            "sizes": {p.name: p.stat().st_size for p in sorted(staging.iterdir())}}
    (staging / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    try:
        staging.rename(entry)
    except OSError:  # another build made the same entry meanwhile: keep theirs
        shutil.rmtree(staging, ignore_errors=True)
    return meta


def lighter_only(files: list[Variant], folder: Path) -> list[Variant]:
    """The files without each WebP that is not lighter than the JPEG/PNG of its width.

    WebP is offered first for being smaller; a flat graphic or a tiny photo can come out
    heavier than its PNG or JPEG, and then the browser should get the lighter one. The
    dropped WebP is deleted from folder; the JPEG/PNG stays (every browser can show it)
    and stands in for it in the WebP source's srcset (markup.picture).
    """
    fallback = {v.width: v for v in files if v.format != "webp"}
    kept = []
    for variant in files:
        other = fallback.get(variant.width)
        if variant.format == "webp" and other is not None and \
                (folder / variant.name).stat().st_size >= (folder / other.name).stat().st_size:
            (folder / variant.name).unlink()
            continue
        kept.append(variant)
    return kept


def rendered_variants(entry: Path) -> list[Variant] | None:
    """The files a rendered cache entry holds, smallest first; None when it cannot tell."""
    try:
        meta = json.loads((entry / META_FILE).read_text(encoding="utf-8"))
        return [Variant(int(v["width"]), int(v["height"]), str(v["format"]))
                for v in meta["variants"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def name_tag(key: str) -> str:
    """8 hex characters of a cache key (the original's bytes and the settings), put in the
    published names: a photo replaced under the same name gets new addresses, so no host or
    browser cache serves the old one."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def _scale_needed(header: Header, files: list[Variant], crop, og_size) -> float:
    """The smallest scale of the original that still serves the widest file and the crop."""
    widest = max(v.width for v in files) / header.width
    crop_width = crop[2] - crop[0]
    return min(1.0, max(widest, og_size[0] / crop_width))


# What turns stored pixels upright, per EXIF orientation (as ImageOps.exif_transpose).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _decode_base(path: Path, max_pixels: int, size: tuple[int, int]) -> Image.Image:
    """The original at `size` (upright), in sRGB, with no metadata.

    JPEGs decode at a reduced DCT scale when that still covers `size` (draft mode);
    the one big resize happens before turning upright, so the turn moves fewer pixels.
    """
    with _open(path, max_pixels) as image:
        try:
            try:
                orientation = image.getexif().get(ORIENTATION, 1)
            except Exception:  # noqa: BLE001 - a broken EXIF block: as if upright
                orientation = 1
            stored = (size[1], size[0]) if orientation in ROTATED else size
            if image.format == "JPEG" and stored[0] < image.width:
                image.draft("RGB", stored)  # picks 1/2, 1/4, 1/8 no smaller than asked
            image.load()
            icc = image.info.get("icc_profile")
            working = image
            if image.mode.startswith("I"):  # 16-bit grey (scans, some PNGs): scale, not clip
                working = _eight_bit_grey(image)
            if working.mode not in ("RGB", "RGBA", "CMYK"):
                working = working.convert("RGBA" if _has_alpha(working) else "RGB")
                icc = None  # a grey or palette profile does not fit the converted pixels
            if working.size != stored:
                working = working.resize(stored, Image.Resampling.LANCZOS, reducing_gap=2.0)
            elif working is image:
                working = image.copy()
            if orientation in UPRIGHT:
                working = working.transpose(UPRIGHT[orientation])
            return _to_srgb(working, icc)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise FileProblem("unreadable", str(error)) from None


def _eight_bit_grey(image: Image.Image) -> Image.Image:
    """Integer grey (I;16, I) as 8-bit L: Pillow's own convert clips every value over 255
    to white, so a 16-bit photo would come out nearly all white."""
    wide = image.convert("I")
    high = wide.getextrema()[1]
    scale = 255 / 65535 if high > 255 else 1.0  # 8-bit values stored wide stay as they are
    return wide.point(lambda value: value * scale).convert("L")


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    mode = "RGBA" if _has_alpha(image) else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            working = image if image.mode in ("RGB", "RGBA", "CMYK") else image.convert(mode)
            converted = ImageCms.profileToProfile(working, source, target, outputMode=mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: treat the pixels as sRGB already
    if image.mode != mode:
        image = image.convert(mode)
    image.info = {}
    return image


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        result = image.copy()
    else:
        result = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    result.info = {}  # nothing of the original (EXIF, ICC, text) travels on
    return result


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def _save(image: Image.Image, path: Path, fmt: str, quality: int) -> None:
    # No exif=, icc_profile= or pnginfo=: every metadata block is left behind.
    if fmt == "webp":
        image.save(path, "WEBP", quality=quality, method=4)
    elif fmt == "jpg":
        _flatten(image).save(path, "JPEG", quality=quality, optimize=True, progressive=True)
    else:
        # Graphics have few colours: a 256-colour palette keeps them sharp and small.
        image.quantize(256, method=Image.Quantize.FASTOCTREE).save(path, "PNG", optimize=True)
