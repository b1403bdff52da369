"""Speech derivatives of one original recording: Opus and MP3, mono, at -16 LUFS.

Pure functions, no Pelican import. `probe()` reads only the file's header with mutagen
(cheap: a warm build does nothing more); `render()` decodes the original with FFmpeg
(the binary shipped in the imageio-ffmpeg wheel), measures its loudness (EBU R128,
FFmpeg's loudnorm, first pass), then writes both derivatives normalised in one second
pass, with the original's tags dropped and the site's own written. It runs in a worker
process for cold work and writes a cache entry whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from common import children
from common.diagnostics import FileProblem

# Bump when the pipeline changes, so old cache entries are not reused.
PIPELINE_VERSION = 3
META_FILE = "meta.json"
OPUS_FILE = "rekaman.opus"
MP3_FILE = "rekaman.mp3"
# What staff export: WAV, MP3, M4A/AAC, Ogg (Vorbis or Opus), FLAC.
EXTENSIONS = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac")
TIMEOUT_FACTOR = 4.0  # seconds of work allowed per second of audio, plus a minute


# What stops an original is a FileProblem whose kind is missing, unreadable, format,
# too_long, too_large, decode or silent (FFmpeg failed on it), or engine (FFmpeg itself
# cannot run).


@dataclass(frozen=True)
class Probe:
    """What an original's header says: its length in seconds and its size in bytes."""

    seconds: float
    size: int
    format: str


@dataclass(frozen=True)
class Encoding:
    """How derivatives are made; part of the cache key."""

    opus_kbps: int = 32
    mp3_kbps: int = 64
    loudness: float = -16.0
    true_peak: float = -1.5
    loudness_range: float = 11.0
    libraries: str = ""  # key of the library versions (FFmpeg's wheel, mutagen): cachekeys

    def digest(self) -> str:
        text = json.dumps([PIPELINE_VERSION, asdict(self)], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Tags:
    """The site's own tags written into both derivatives."""

    title: str
    artist: str
    album: str
    year: str

    def as_args(self) -> list[str]:
        args = []
        for key, value in (("title", self.title), ("artist", self.artist),
                           ("album", self.album), ("date", self.year)):
            if value:
                args += ["-metadata", f"{key}={value}"]
        return args


@dataclass(frozen=True)
class Job:
    """Render one original into one cache entry."""

    source: str
    entry: str
    encoding: Encoding
    tags: Tags
    seconds: float


def ffmpeg_exe() -> str:
    """The FFmpeg binary from the imageio-ffmpeg wheel (IMAGEIO_FFMPEG_EXE overrides it)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def probe(path: Path, max_bytes: int, max_seconds: float) -> Probe:
    """Header facts of an original, or a FileProblem saying what is wrong with it."""
    import mutagen

    path = Path(path)
    if path.suffix.lower() not in EXTENSIONS:
        raise FileProblem("format", path.suffix or path.name)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FileProblem("missing")
        if size > max_bytes:
            raise FileProblem("too_large", str(size))
        with path.open("rb") as handle:
            found = mutagen.File(handle)
    except FileProblem:
        raise
    except FileNotFoundError:
        raise FileProblem("missing") from None
    except PermissionError:
        raise FileProblem("unreadable") from None
    except mutagen.MutagenError:
        raise FileProblem("format") from None
    except OSError:
        raise FileProblem("unreadable") from None
    except Exception:  # noqa: BLE001 (mutagen lets assorted errors out of hostile files)
        raise FileProblem("format") from None
    if found is None or not getattr(found.info, "length", 0):
        raise FileProblem("format")
    seconds = float(found.info.length)
    if seconds > max_seconds:
        raise FileProblem("too_long", f"{seconds:.0f}")
    return Probe(seconds, size, type(found).__name__)


def cache_key(path: Path, encoding: Encoding, tags: Tags) -> str:
    """Content hash of the original with the encoding and the tags written."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(encoding.digest().encode())
    digest.update(json.dumps(asdict(tags), sort_keys=True).encode())
    return digest.hexdigest()[:32]


def is_cached(entry: Path) -> bool:
    """A whole entry: meta.json readable, both files there at the sizes it records
    (a disk that filled up or a hand-edited cache is rendered again, not published)."""
    entry = Path(entry)
    try:
        meta = read_meta(entry)
        return ((entry / OPUS_FILE).stat().st_size == int(meta["opus_bytes"])
                and (entry / MP3_FILE).stat().st_size == int(meta["mp3_bytes"])
                and float(meta["seconds"]) > 0)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def read_meta(entry: Path) -> dict:
    return json.loads((Path(entry) / META_FILE).read_text(encoding="utf-8"))


def render(job: Job) -> dict:
    """Write an entry: rekaman.opus, rekaman.mp3 and meta.json; {'problem': ...} on failure.

    The entry is written aside, then renamed, so it appears whole or not at all.
    """
    entry = Path(job.entry)
    staging = entry.with_name(f"{entry.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
    except OSError as error:
        return {"problem": "cache", "detail": str(error)}
    timeout = 60 + TIMEOUT_FACTOR * max(job.seconds, 1.0)
    try:
        measured = measure_for_loudnorm(job.source, job.encoding, timeout)
        _encode(job, measured, staging, timeout)
        meta = {
            "pipeline": PIPELINE_VERSION,
            "seconds": round(_published_length(staging / MP3_FILE, job.seconds), 3),
            "opus_bytes": (staging / OPUS_FILE).stat().st_size,
            "mp3_bytes": (staging / MP3_FILE).stat().st_size,
            "input_lufs": measured.get("input_i"),
        }
        (staging / META_FILE).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        if entry.exists():
            shutil.rmtree(entry)  # a broken leftover (is_cached said no)
        staging.rename(entry)
        return meta
    except FileProblem as problem:
        return {"problem": problem.kind, "detail": problem.detail}
    except OSError as error:  # the cache folder: full disk, no permission
        return {"problem": "cache", "detail": str(error)}
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _published_length(mp3: Path, fallback: float) -> float:
    """Length of the constant-bit-rate MP3 made: exact, where a variable-rate original's
    header (a phone recorder's MP3 without a Xing frame) may only be an estimate."""
    import mutagen

    try:
        found = mutagen.File(mp3)
        return float(found.info.length) if found is not None else fallback
    except Exception:  # noqa: BLE001 (our own file; the original's length will do)
        return fallback


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    try:
        executable = ffmpeg_exe()
    except (ImportError, RuntimeError) as error:  # the wheel is missing or has no binary
        raise FileProblem("engine", str(error)) from None
    try:
        # Its own pipes, no stdin; killed with the build (common/children.py).
        done = subprocess.run([executable, "-hide_banner", "-nostdin", "-nostats", *args],
                              capture_output=True, text=True, errors="replace",
                              timeout=timeout, stdin=subprocess.DEVNULL,
                              preexec_fn=children.tied())
    except subprocess.TimeoutExpired:
        raise FileProblem("decode", "waktu habis") from None
    except OSError as error:  # no FFmpeg binary, or not executable
        raise FileProblem("engine", str(error)) from None
    if done.returncode != 0:
        last = [line for line in done.stderr.splitlines() if line.strip()][-1:] or [""]
        raise FileProblem("decode", last[0].strip())
    return done


MONO = "aformat=channel_layouts=mono"


def measure_for_loudnorm(source: str, encoding: Encoding, timeout: float = 600) -> dict:
    """First loudnorm pass: the input's integrated loudness, true peak, range, threshold."""
    target = _target(encoding)
    done = _run(["-i", source, "-map", "0:a:0", "-vn",
                 "-af", f"{MONO},loudnorm={target}:print_format=json", "-f", "null", "-"],
                timeout)
    block = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", done.stderr)
    if block is None:
        raise FileProblem("decode", "loudnorm")
    values = json.loads(block.group(0))
    if not all(_finite(values.get(k)) for k in ("input_i", "input_tp", "input_lra",
                                                 "input_thresh", "target_offset")):
        raise FileProblem("silent")  # -inf: nothing to normalise
    return values


def _encode(job: Job, measured: dict, folder: Path, timeout: float) -> None:
    enc = job.encoding
    loudnorm = (f"loudnorm={_target(enc)}:measured_I={measured['input_i']}"
                f":measured_TP={measured['input_tp']}:measured_LRA={measured['input_lra']}"
                f":measured_thresh={measured['input_thresh']}"
                f":offset={measured['target_offset']}:linear=true")
    graph = (f"[0:a:0]{MONO},{loudnorm},asplit=2[o][m];"
             "[o]aresample=48000[opus];[m]aresample=44100[mp3]")
    common = ["-map_metadata", "-1", "-map_chapters", "-1", *job.tags.as_args(),
              "-fflags", "+bitexact", "-flags:a", "+bitexact"]
    _run(["-i", job.source, "-filter_complex", graph,
          "-map", "[opus]", "-c:a", "libopus", "-b:a", f"{enc.opus_kbps}k",
          "-vbr", "constrained", "-application", "voip", *common, str(folder / OPUS_FILE),
          "-map", "[mp3]", "-c:a", "libmp3lame", "-b:a", f"{enc.mp3_kbps}k",
          "-id3v2_version", "3", *common, str(folder / MP3_FILE)], timeout)


def _target(encoding: Encoding) -> str:
    return f"I={encoding.loudness}:TP={encoding.true_peak}:LRA={encoding.loudness_range}"


def _finite(value) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number not in (float("inf"), float("-inf")) and number == number


def integrated_loudness(path: Path) -> float:
    """Integrated loudness of a file in LUFS (FFmpeg's ebur128), for tests and benchmarks."""
    done = _run(["-i", str(path), "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-"], 600)
    summary = done.stderr.split("Summary:")[-1]
    found = re.search(r"I:\s*(-?[\d.]+) LUFS", summary)
    if found is None:
        raise FileProblem("decode", "ebur128")
    return float(found.group(1))
