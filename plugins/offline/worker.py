"""The service worker's file and the list of files it installs (no Pelican import).

`precache_entries` reads the built files a worker installs (what every page needs), each
with a revision (a hash of its bytes); `build_id` names a build's caches after those bytes
and the worker's own code, never after a time, so two builds of the same site give the
same worker byte for byte and a publish that changes none of them keeps every cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "sw.js"
PLACEHOLDER = "/*KONFIGURASI*/{}"
# Workbox's prebuilt modules (npm "dependencies"), in the order the worker loads them.
WORKBOX_FILES = (
    ("workbox-sw", "workbox-sw.js"),
    ("workbox-core", "workbox-core.prod.js"),
    ("workbox-routing", "workbox-routing.prod.js"),
    ("workbox-strategies", "workbox-strategies.prod.js"),
    ("workbox-expiration", "workbox-expiration.prod.js"),
    ("workbox-precaching", "workbox-precaching.prod.js"),
)


@dataclass(frozen=True)
class Entry:
    """A file the worker installs: its address relative to the site's root, the file
    under the output folder that answers it, its revision and its size in bytes."""
    url: str
    path: str
    revision: str
    size: int


def file_for(url: str) -> str:
    """The output file of a site address: folder addresses are folder/index.html."""
    return url + "index.html" if url.endswith("/") or not url else url


def workbox_sources(node_modules: Path) -> list[Path]:
    """Where each Workbox file is in an npm installation (present or not)."""
    return [node_modules / package / "build" / name for package, name in WORKBOX_FILES]


def precache_entries(output: Path, urls: list[str]) -> tuple[list[Entry], list[str]]:
    """The entries for urls read from output, and the urls whose file is missing."""
    entries, missing = [], []
    for url in urls:
        path = file_for(url)
        try:
            data = (output / path).read_bytes()
        except OSError:
            missing.append(url)
            continue
        entries.append(Entry(url, path, hashlib.sha256(data).hexdigest()[:16], len(data)))
    return entries, missing


def build_id(entries: list[Entry], code: list[bytes]) -> str:
    """A name for one build's caches: the installed files (by revision) and the worker's
    code (its source and the Workbox modules), hashed. Deterministic by design."""
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.url):
        digest.update(f"{entry.url}\0{entry.revision}\0".encode())
    for part in code:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def worker_script(source: str, config: dict) -> bytes:
    """The worker's file: source with its configuration (JSON, keys sorted) put in."""
    if PLACEHOLDER not in source:
        raise ValueError(f"the worker's source has no {PLACEHOLDER}")
    text = json.dumps(config, ensure_ascii=False, sort_keys=True, indent=1)
    return source.replace(PLACEHOLDER, text, 1).encode("utf-8")
