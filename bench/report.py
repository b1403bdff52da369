"""Write bench/RESULTS.md from the figures of one run of bench/run.py.

Everything above the NOTES marker is regenerated; the hand-written analysis below it is kept.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTES = "<!-- Catatan tulisan tangan di bawah ini dipertahankan oleh bench/run.py. -->"


def verdict(ratio: float | None, target: float) -> str:
    if ratio is None:
        return "– (a build failed)"
    return f"{ratio:.2f} {'✅' if ratio <= target else '❌'} (≤ {target})"


def seconds(figures: dict | None) -> str:
    if not figures:
        return "failed"
    failed = f" ({figures['failed']} failed)" if figures.get("failed") else ""
    return f"{figures['wall_s']:.1f}{failed}"


def megabytes(figures: dict | None, key: str) -> str:
    return f"{figures[key]:.0f}" if figures else "failed"


def build_table(sizes: list[dict]) -> list[str]:
    cache = any("warm_content_cache" in s["ratios"] for s in sizes)
    head = ["articles + innovations", "runs", "plain cold s", "ours cold s", "cold ratio",
            "ours warm s", "warm / plain cold"]
    if cache:
        head += ["warm with content cache s", "ratio"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for size in sizes:
        m, r = size["medians"], size["ratios"]
        row = [f"{size['articles']:,} + {size['innovations']:,}", str(size["runs"]),
               seconds(m["plain_cold"]), seconds(m["project_cold"]),
               verdict(r["cold"], 1.3), seconds(m["project_warm"]),
               verdict(r["warm"], 0.6)]
        if cache:
            row += [seconds(m.get("project_warm_content_cache")),
                    verdict(r.get("warm_content_cache"), 0.6)]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def memory_table(sizes: list[dict]) -> list[str]:
    lines = ["| articles + innovations | plain Pelican peak MB | ours: Pelican process peak MB "
             "| ratio | Pagefind (child process) peak MB |", "|---|---|---|---|---|"]
    for size in sizes:
        m, r = size["medians"], size["ratios"]
        lines.append(f"| {size['articles']:,} + {size['innovations']:,} "
                     f"| {megabytes(m['plain_cold'], 'pelican_peak_mb')} "
                     f"| {megabytes(m['project_cold'], 'pelican_peak_mb')} | {verdict(r['memory'], 1.5)} "
                     f"| {megabytes(m['project_cold'], 'children_peak_mb')} |")
    return lines


def lighthouse_table(found: dict) -> list[str]:
    lines = ["| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | bytes |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, page in found.items():
        if "error" in page:
            lines.append(f"| {name} | {page['error']} |||||||| ")
            continue
        s, m = page["scores"], page["metrics"]
        lines.append(
            f"| {name} `{page['path']}` | {s.get('performance')} | {s.get('accessibility')} "
            f"| {s.get('best-practices')} | {s.get('seo')} "
            f"| {m.get('largest-contentful-paint', '')} | {m.get('total-blocking-time', '')} "
            f"| {m.get('cumulative-layout-shift', '')} | {m.get('total-byte-weight', '')} |"
            .replace("\u00a0", " "))
    return lines


def search_lines(search: dict | None) -> list[str]:
    if search == "skipped":
        return ["Not measured in this run."]
    if not search:
        return ["bench/search_bench.py was not there; nothing measured."]
    if "error" in search:
        return [f"bench/search_bench.py failed: `{search['error']}`"]
    lines = [f"On {search.get('articles'):,} articles + {search.get('innovations'):,} innovations, "
             f"query {search.get('query')!r}:", ""]
    for scenario, figures in (search.get("browser") or {}).items():
        total = figures.get("total_bytes") if isinstance(figures, dict) else None
        requests = figures.get("requests") if isinstance(figures, dict) else None
        if total is not None:
            lines.append(f"- {scenario}: **{total / 1024:.1f} KB** transferred"
                         + (f" in {requests} requests" if requests is not None else ""))
    for key in ("indexed_pages", "indexed_pages_all_news", "html_files", "indexing_seconds",
                "pagefind_peak_memory_mb"):
        if key in search:
            lines.append(f"- {key}: {search[key]}")
    lines += ["", "<details><summary>raw figures</summary>", "", "```json",
              json.dumps(search, indent=1, ensure_ascii=False), "```", "</details>"]
    return lines


def images_lines(images: dict | None) -> list[str]:
    if images == "skipped":
        return ["Not measured in this run."]
    if not images:
        return ["bench/images_bench.py was not there; nothing measured."]
    return ["```json", json.dumps(images, indent=1, ensure_ascii=False), "```"]


def property_lines(found: dict | None) -> list[str]:
    """tests/test_incremental.py's random edits at the bench's size (bench/run.py)."""
    if not found:
        return ["Not run in this run (`--no-property`)."]
    verdict = "passed ✅" if found["passed"] else "FAILED ❌"
    return [f"{found['steps']} random edit steps (seed {found['seed']}) on a synthetic site of "
            f"{found['articles']} articles and {max(4, found['articles'] // 10)} innovations, "
            "each step's warm build (`invoke build`) compared byte for byte with a cold build "
            f"of the same content: **{verdict}** in {found['seconds']} s "
            f"(`{found['summary']}`)."]


def write_results(results: dict, path: Path) -> None:
    machine = results["machine"]
    kept = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if NOTES in text:
            kept = text[text.index(NOTES) + len(NOTES):].lstrip("\n")
    lines = [
        "# Benchmark: this project against plain Pelican",
        "",
        f"Run `{results['command'].strip()}` on {machine['date']}: {machine['cpu']}, "
        f"{machine['cores']} cores, {machine['memory_gb']} GB RAM, {machine['system']}, "
        f"Python {machine['python']}, Pelican {machine['pelican']}, Markdown {machine['markdown']}, "
        f"Pagefind {machine['pagefind']}. Other work may have shared the machine.",
        "",
        "Synthetic content from bench/synth.py (articles of 300-900 words, a tenth as many "
        "innovation records). *Ours*: pelicanconf.py with every plugin, `--fatal warnings`. "
        "*Plain*: bench/plainconf.py, Pelican's default theme, no plugins, the same articles. "
        "*Cold*: no output and no cache. *Warm*: one article changed, rebuilt on the previous "
        "output" + (" and content cache" if results["content_cache_configured"] else
                   " (pelicanconf.py has CACHE_CONTENT off; the extra column turns it on with "
                   "`-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true` to show what it would give)")
        + ". Figures are medians; wall time of the whole `pelican` process, Pagefind indexing included. "
        "Peak memory is ru_maxrss: of the Pelican process itself, and of its largest child "
        "(Pagefind's indexer).",
        "",
        "## Build time (targets: cold ≤ 1.3 × plain, warm ≤ 0.6 × plain cold)",
        "",
        *build_table(results["sizes"]),
        "",
        "## Peak memory (target: Pelican process ≤ 1.5 × plain)",
        "",
        *memory_table(results["sizes"]),
        "",
        "## Warm builds equal cold builds (property test)",
        "",
        *property_lines(results.get("property")),
        "",
        "## Search: bytes per query",
        "",
        *search_lines(results.get("search", "skipped")),
        "",
        "## Images: throughput",
        "",
        *images_lines(results.get("images", "skipped")),
        "",
        "## Lighthouse (mobile, simulated throttling) on the sample site",
        "",
        *(lighthouse_table(results["lighthouse"]) if results.get("lighthouse") else ["not run"]),
        "",
        "Every run's figures are in bench/results.json.",
        "",
        NOTES,
        "",
    ]
    path.write_text("\n".join(lines) + kept, encoding="utf-8")
