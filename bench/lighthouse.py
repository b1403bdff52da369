"""Lighthouse (npm package, mobile settings) on the sample site, served from 127.0.0.1.

Builds content/ with the project's settings into a work folder, serves it with gzip as
common hosts do, and runs Lighthouse against the system's Chromium (CHROME_PATH) for the
home page, an article and an innovation profile. Returns the category scores (0-100) and
the main metrics of each page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index", "total-byte-weight"]
sys.path[:0] = [str(ROOT / "tests")]


def build_sample(output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
                    "-o", str(output), "--fatal", "warnings"], cwd=ROOT, check=True,
                   capture_output=True, text=True)


def audit(url: str, report: Path) -> dict:
    from browser import CHROMIUM

    if not LIGHTHOUSE.is_file():
        raise RuntimeError(f"{LIGHTHOUSE} tidak ada: jalankan `npm ci`")
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
        check=True, capture_output=True, text=True, timeout=300,
        env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text(encoding="utf-8"))
    failing = sorted(audit_id for audit_id, found in data["audits"].items()
                     if found.get("score") is not None and found["score"] < 0.9
                     and found.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return {
        "scores": {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES
                   if data["categories"].get(c, {}).get("score") is not None},
        "metrics": {m: data["audits"][m]["displayValue"] for m in METRICS if m in data["audits"]},
        "below_90": failing,
        "form_factor": data["configSettings"]["formFactor"],
        "lighthouse": data["lighthouseVersion"],
    }


def run_lighthouse(work: Path) -> dict:
    """Scores and metrics of the home page, an article and a profile of the sample site."""
    from browser import StaticServer
    from quality.pages import key_pages

    output = work / "output"
    build_sample(output)
    pages = key_pages(output)
    chosen = {"beranda": "", "berita": pages["berita"], "profil-inovasi": pages["profil-inovasi"]}
    results = {}
    with StaticServer(output, gzip=True) as server:
        for name, path in chosen.items():
            if path is None:
                results[name] = {"error": "halaman tidak dibangun"}
                continue
            try:
                results[name] = {"path": "/" + path,
                                 **audit(server.base_url + path, work / f"{name}.json")}
            except (subprocess.SubprocessError, RuntimeError, KeyError) as error:
                results[name] = {"path": "/" + path, "error": f"{type(error).__name__}: {error}"}
    return results


if __name__ == "__main__":
    print(json.dumps(run_lighthouse(ROOT / "bench" / "work" / "lighthouse"), indent=1))
