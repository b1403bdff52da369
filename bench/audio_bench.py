"""Benchmark of the audio plugin: speech recordings cold and warm.

Makes `count` originals of `minutes` minutes each in bench/work/audio/ as staff export them
(WAV, 44.1 kHz stereo 16-bit), from the sample speech in content/audio/ looped, each at
another level so that every file differs. Then times what a build does:
  - cold: every original measured (loudnorm pass 1) and encoded to Opus + MP3 at -16 LUFS
    into an empty cache, in a process pool over every core (plugins/audio/transcode.py);
  - warm: the same originals again with the cache filled: header probe (mutagen) and content
    hash only, no decoding.
`run()` returns the figures; as a script it also writes its section of bench/RESULTS.md.

    .venv/bin/python bench/audio_bench.py [--count 6] [--minutes 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "audio"
RESULTS = ROOT / "bench" / "RESULTS.md"
SAMPLE = ROOT / "content" / "audio" / "2025" / "sapa-warga-akta-kelahiran.wav"
sys.path.insert(0, str(ROOT / "plugins"))

from audio import transcode  # noqa: E402

START, END = "<!-- audio-bench -->", "<!-- /audio-bench -->"


def make_originals(count: int, minutes: float) -> list[Path]:
    folder = WORK / f"asli-{count}x{minutes:g}"
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        path = folder / f"rekaman-{number + 1:02d}.wav"
        if not path.is_file():
            subprocess.run([transcode.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                            "-stream_loop", "-1", "-i", str(SAMPLE), "-t", str(minutes * 60),
                            "-af", f"volume={-6 - number}dB", "-ar", "44100", "-ac", "2",
                            "-c:a", "pcm_s16le", str(path)], check=True)
        made.append(path)
    return made


def jobs_for(originals: list[Path], cache: Path, encoding: transcode.Encoding) -> list:
    """What a build asks of the cache: probe, hash, then a job for each missing entry."""
    jobs = []
    for path in originals:
        found = transcode.probe(path, 10**10, 10**6)
        tags = transcode.Tags(path.stem, "LPPL RSPD Sabu Raijua", "Bench", "2026")
        entry = cache / transcode.cache_key(path, encoding, tags)
        if not transcode.is_cached(entry):
            jobs.append(transcode.Job(str(path), str(entry), encoding, tags, found.seconds))
    return jobs


def run(count: int = 6, minutes: float = 5.0) -> dict:
    originals = make_originals(count, minutes)
    cache = WORK / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    encoding = transcode.Encoding()
    workers = min(os.cpu_count() or 1, count)

    started = time.perf_counter()
    jobs = jobs_for(originals, cache, encoding)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(transcode.render, jobs))
    cold = time.perf_counter() - started
    assert len(jobs) == count and all("problem" not in r for r in results), results

    started = time.perf_counter()
    again = jobs_for(originals, cache, encoding)
    warm = time.perf_counter() - started
    assert again == []

    audio_seconds = sum(r["seconds"] for r in results)
    original_mb = sum(p.stat().st_size for p in originals) / 1e6
    opus_mb = sum(r["opus_bytes"] for r in results) / 1e6
    mp3_mb = sum(r["mp3_bytes"] for r in results) / 1e6
    entry = next(cache.iterdir())
    return {
        "recordings": count,
        "minutes_each": minutes,
        "original": "WAV 44.1 kHz stereo 16-bit (sample speech looped)",
        "workers": workers,
        "cold_s": round(cold, 2),
        "cold_audio_minutes_per_s": round(audio_seconds / 60 / cold, 2),
        "cold_realtime_factor": round(audio_seconds / cold, 1),
        "warm_s": round(warm, 3),
        "warm_recordings_per_s": round(count / warm, 1),
        "original_mb": round(original_mb, 1),
        "opus_mb": round(opus_mb, 2),
        "mp3_mb": round(mp3_mb, 2),
        "opus_kbps": round(opus_mb * 8e3 / audio_seconds, 1),
        "mp3_kbps": round(mp3_mb * 8e3 / audio_seconds, 1),
        "loudness_lufs_opus": transcode.integrated_loudness(entry / transcode.OPUS_FILE),
        "loudness_lufs_mp3": transcode.integrated_loudness(entry / transcode.MP3_FILE),
    }


def section(figures: dict, command: str) -> str:
    ffmpeg = subprocess.run([transcode.ffmpeg_exe(), "-version"], capture_output=True,
                            text=True).stdout.split("\n", 1)[0]
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    f = figures
    return "\n".join([
        START,
        "## Audio (plugins/audio)",
        "",
        f"`{command}` on {time.strftime('%Y-%m-%d %H:%M %Z')}: {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {ffmpeg.split(' Copyright')[0]} (imageio-ffmpeg "
        "wheel). Other work may have shared the machine.",
        "",
        f"{f['recordings']} originals of {f['minutes_each']:g} minutes ({f['original']}, "
        f"{f['original_mb']} MB in all), each measured (loudnorm pass 1) and encoded to mono "
        "Opus 32 kbit/s + MP3 64 kbit/s at -16 LUFS in one second pass.",
        "",
        "| run | seconds | throughput |",
        "|---|---|---|",
        f"| cold ({f['workers']} processes: 2 decodes, loudness, 2 encodes) | {f['cold_s']} | "
        f"{f['cold_audio_minutes_per_s']} audio minutes/s ({f['cold_realtime_factor']}x real time) |",
        f"| warm (cache hit: header probe + content hash) | {f['warm_s']} | "
        f"{f['warm_recordings_per_s']} recordings/s |",
        "",
        f"Published sizes: Opus {f['opus_mb']} MB ({f['opus_kbps']} kbit/s), MP3 {f['mp3_mb']} MB "
        f"({f['mp3_kbps']} kbit/s), from {f['original_mb']} MB of WAV. Loudness of one result: "
        f"Opus {f['loudness_lufs_opus']} LUFS, MP3 {f['loudness_lufs_mp3']} LUFS (target -16).",
        "",
        "```json",
        json.dumps(figures, indent=1),
        "```",
        END,
    ])


def write_section(text: str) -> None:
    """Replace the audio section of bench/RESULTS.md, or add it at the end."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--minutes", type=float, default=5.0)
    options = parser.parse_args()
    figures = run(options.count, options.minutes)
    print(json.dumps(figures, indent=1))
    command = f"python bench/audio_bench.py --count {options.count} --minutes {options.minutes:g}"
    write_section(section(figures, command))


if __name__ == "__main__":
    main()
