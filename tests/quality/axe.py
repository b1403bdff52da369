"""axe-core (from node_modules, installed by `npm ci`) injected into a Playwright page."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_script() -> Path:
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} tidak ada: jalankan `npm ci` (make test melakukannya)")
    return AXE_JS


def violations(page, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """axe-core's violations of the given rule tags on the page as it is now."""
    # Evaluated through the browser's debugging protocol, which the site's
    # Content-Security-Policy does not apply to (it refuses an injected inline <script>).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("() => {" + axe_script().read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", tags)
    return result["violations"]


def describe(found: list[dict]) -> str:
    """One readable block per violation: rule, impact, help, and each failing element."""
    lines = []
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... dan {len(violation['nodes']) - 10} elemen lain")
    return "\n".join(lines)
