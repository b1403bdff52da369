"""`invoke check`: every content rule of the build, then every internal link of the result.

`check_site` builds into a folder it is given (a temporary one for `invoke check`, the
staging folder for `invoke publish`), never output/, and returns every problem as a
Diagnostic at the source file and line that holds it: the build's own diagnostics, links
to content files that do not exist, and pages, anchors and images of the built site that
a link or image points to but that are not there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from common.dates import clock_time, long_date
from common import inventory
from common import diagnostic_data
from common.diagnostics import ERROR, WARNING, Diagnostic, quote

from innovations import readiness

from . import linkcheck, sources

PROJECT = Path(__file__).resolve().parents[2]  # where pelicanconf.py and publishconf.py are
MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


@dataclass
class CheckResult:
    """What a check found; `built` is False when the build itself stopped."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    built: bool = False
    build_log: str = ""
    pages: int = 0
    # Articles held back until their date: (source as shown, line of 'Date:', date).
    scheduled: list[tuple[str, int, dt.datetime]] = field(default_factory=list)
    # Missing mandatory IID evidence (warnings, also in `diagnostics`), by office name.
    iid_gaps: list[tuple[str, list[Diagnostic]]] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if is_error(d)]

    @property
    def ok(self) -> bool:
        return self.built and not self.errors


def build_command(output: Path, settings: str = "pelicanconf.py", extra: dict | None = None,
                  diagnostics_file: str = "-") -> list[str]:
    """The command that builds content/ (of the working folder) into output in a process
    of its own (the preview's builds), writing its diagnostics as JSON Lines to
    diagnostics_file ('-' for none)."""
    command = [sys.executable, "-m", "newsroom.build"]
    if str(diagnostics_file) != "-":
        command += ["--diagnostics", str(diagnostics_file)]
    command += ["content", "-s", str(PROJECT / settings), "-o", str(output)]
    for key, value in (extra or {}).items():
        command += ["-e", f"{key}={json.dumps(value)}"]
    return command


def build_environment(env: dict | None = None) -> dict:
    """The environment of the preview's build processes (newsroom/preview.py)."""
    return {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(PROJECT / "plugins"),
            **(env or {})}


def diagnostics_file_for(output: Path) -> Path:
    """Where the build of `output` writes its diagnostics: beside it, never inside."""
    return output.with_name(output.name + ".diagnostik.jsonl")


def diagnostic(path: str, line: int, column: int, code: str, message: str,
               severity: str = "galat") -> Diagnostic:
    return Diagnostic(path, line, column, code, message, severity=severity)


def is_error(found: Diagnostic) -> bool:
    return found.severity == ERROR


def merge(built: list[Diagnostic], more: list[Diagnostic]) -> list[Diagnostic]:
    """The build's diagnostics, and those of `more` the build did not report at that place."""
    places = {(d.path, d.line, d.column, d.code) for d in built}
    return sorted(set(built) | {d for d in more
                                if (d.path, d.line, d.column, d.code) not in places})


def content_files(content: Path) -> list[Path]:
    """The Markdown articles and pages, and the YAML records, that staff write links in;
    never through a link out of content/ (common/inventory.py: the build reports it)."""
    return [content / relative for relative in inventory.take(content).files
            if relative.suffix in MARKDOWN or relative.suffix == ".yaml"
            if "data" not in relative.parts[:1]]


def shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def missing_targets(root: Path) -> list[Diagnostic]:
    """LNK001 for each {filename}/{static}/{attach} link to a file that is not in content/.

    The build reports these itself (plugins/news/links.py), in the same words; this check
    runs too because Pelican stops with a traceback on such a link when the build does not.
    """
    content = root / "content"
    found = []
    for path in content_files(content):
        if path.suffix not in MARKDOWN:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for link in sources.written_links(text, skip_header=True):
            target = sources.intrasite_target(link.url, path, content)
            if target is not None and not target.is_file():
                found.append(diagnostic(
                    shown(path, root), link.line, link.column, "LNK001",
                    f"tautan ke berkas yang tidak ada: {shown(target, root)} "
                    f"(ditemukan: '{link.url}'); periksa nama dan folder berkasnya"))
    return found


class SourceMap:
    """Which source file made each page of the build, and where its links are written."""

    def __init__(self, root: Path, output: Path, written: dict[str, str]) -> None:
        self.root = root.resolve()
        self.output = output.resolve()
        self.source_of: dict[str, Path] = {}
        for page, source in written.items():
            try:
                self.source_of[Path(page).relative_to(self.output).as_posix()] = Path(source)
            except ValueError:
                continue
        self.page_of = {source: page for page, source in self.source_of.items()}
        self._links: dict[Path, list[sources.WrittenLink]] = {}

    def source(self, page: str) -> Path | None:
        if page in self.source_of:
            return self.source_of[page]
        parts = page.split("/")
        # Innovation profiles: inovasi/<id>/index.html is made from content/inovasi/<id>.yaml.
        if len(parts) == 3 and parts[0] == "inovasi" and parts[2] == "index.html":
            record = self.root / "content" / "inovasi" / f"{parts[1]}.yaml"
            if record.is_file():
                return record
        return None

    def links(self, source: Path) -> list[sources.WrittenLink]:
        if source not in self._links:
            text = source.read_text(encoding="utf-8", errors="replace")
            markdown = source.suffix in MARKDOWN
            self._links[source] = sources.written_links(text, skip_header=markdown,
                                                        markdown=markdown)
        return self._links[source]

    def written_address(self, link: sources.WrittenLink, source: Path, site: linkcheck.Site,
                        page: str) -> str:
        """The address a written link ends up at, as the built page links it."""
        target = sources.intrasite_target(link.url, source, self.root / "content")
        if target is None:
            return urljoin(site.address(page), link.url)
        built = self.page_of.get(target)
        if built is None:
            return ""
        fragment = sources.fragment_of(link.url)
        return site.address(built) + (f"#{fragment}" if fragment else "")

    def locate(self, broken: linkcheck.Broken,
               site: linkcheck.Site) -> tuple[str, int, int, str] | None:
        """The source file, line, column and URL as written of a broken reference of a
        page, or None when no source file of the page has it (the theme made it)."""
        source = self.source(broken.page)
        if source is None:
            return None
        wanted = urljoin(site.address(broken.page), broken.url)
        for link in self.links(source):
            if link.url == broken.url or self.written_address(link, source, site,
                                                              broken.page) == wanted:
                return shown(source, self.root), link.line, link.column, link.url
        return None


def link_message(broken: linkcheck.Broken, written: str = "") -> str:
    """What is wrong with a broken reference, showing the URL as staff wrote it."""
    what = "gambar" if broken.image else "tautan"
    message = f"{what} {quote(written or broken.url)} {broken.problem}"
    if broken.code == "TAU004":
        message += ("; alamat yang diawali '/' hanya benar bila situs ada di akar domain: "
                    "pakai tautan {filename} ke berkasnya, atau alamat lengkap situs")
    return message


def check_built(root: Path, output: Path, written: dict[str, str],
                base_url: str = linkcheck.LOCAL_BASE) -> tuple[list[Diagnostic], int]:
    """Diagnostics for every broken reference of a built site, and the number of pages.

    A link written in an article is reported once, at its line, though lists of news
    repeat it; a broken link the theme makes is reported once, at the first page
    holding it, with the number of other pages.
    """
    site = linkcheck.Site(output, base_url)
    mapping = SourceMap(root, output, written)
    found: set[Diagnostic] = set()
    written_targets: set[str] = set()
    from_theme: dict[tuple[str, str], list[linkcheck.Broken]] = {}
    for broken in linkcheck.broken_references(output, base_url):
        target = urljoin(site.address(broken.page), broken.url)
        where = mapping.locate(broken, site)
        if where is None:
            from_theme.setdefault((broken.code, target), []).append(broken)
            continue
        written_targets.add(target)
        path, line, column, url = where
        found.add(diagnostic(path, line, column, broken.code, link_message(broken, url)))
    for (code, target), pages in from_theme.items():
        if target in written_targets:
            continue  # a list of news repeating an article's broken link
        first = pages[0]
        others = f" (juga di {len(pages) - 1} halaman lain)" if len(pages) > 1 else ""
        found.add(diagnostic("/" + first.page.removesuffix("index.html"), 0, 0, code,
                             link_message(first) + others))
    pages = sum(1 for _ in output.rglob("*.html"))
    return sorted(found), pages


def check_site(root: Path, output: Path, *, settings: str = "pelicanconf.py",
               base_url: str = linkcheck.LOCAL_BASE, siteurl: str | None = None,
               extra: dict | None = None) -> CheckResult:
    """Build root/content into output (a fresh folder) in this process (newsroom/api.py)
    and check the result; siteurl is the public address a publish build is made for."""
    from newsroom.api import build_site

    root = root.resolve()
    output = Path(output).resolve()
    overrides = dict(extra or {})
    if siteurl is not None:  # as publishconf.py derives them from the SITEURL variable
        overrides.update({"SITEURL": siteurl, "FEED_DOMAIN": siteurl})
    result = CheckResult()
    built = build_site(root, settings_file=PROJECT / settings, overrides=overrides,
                       content="content", output=output)
    result.build_log = built.stdout + built.stderr
    found = set(merge(built.diagnostics, missing_targets(root)))
    result.built = built.ok
    if result.built:
        written = {str(page): str(source) for page, source in built.sources.items()}
        links, result.pages = check_built(root, output, written, base_url)
        found |= set(links)
        result.iid_gaps = iid_gaps(output)
        found |= {d for _office, group in result.iid_gaps for d in group}
        result.scheduled = [(shown(source, root), date_line(source),
                             dt.datetime.fromisoformat(date))
                            for source, date in built.scheduled]
    result.diagnostics = sorted(found)
    return result


def iid_gaps(output: Path) -> list[tuple[str, list[Diagnostic]]]:
    """Warnings for the mandatory IID evidence the built site's data/kesiapan-iid.json
    lists as missing, grouped by office (none when the site has no innovations)."""
    try:
        document = json.loads((output / "data" / "kesiapan-iid.json").read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [(office, [Diagnostic(path, line, 1, readiness.GAP_CODE, message, WARNING)
                      for path, line, message in group])
            for office, group in readiness.gap_warnings(document)]


def date_line(source: Path) -> int:
    """The line of an article's 'Date:' header (1 when there is none)."""
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        if line.lstrip().lower().startswith("date:"):
            return number
    return 1


def scheduled_lines(scheduled: list[tuple[str, int, dt.datetime]]) -> list[str]:
    """Information, not a mistake: each article waiting for its date, soonest first."""
    if not scheduled:
        return []
    lines = [f"{len(scheduled)} berita dijadwalkan (belum tampil di situs, terbit sendiri "
             "saat situs dibangun pada atau setelah tanggalnya):"]
    for path, line, date in sorted(scheduled, key=lambda item: (item[2], item[0])):
        lines.append(f"{path}:{line}: dijadwalkan terbit {long_date(date)} pukul "
                     f"{clock_time(date)}")
    return lines


def gap_lines(gaps: list[tuple[str, list[Diagnostic]]]) -> list[str]:
    """The missing mandatory IID evidence, one block per office (warnings: the site is
    still published)."""
    if not gaps:
        return []
    count = sum(len(group) for _office, group in gaps)
    lines = [f"{count} inovasi belum berbukti untuk indikator wajib IID (peringatan; situs "
             "tetap terbit), menurut perangkat daerah:"]
    for office, group in gaps:
        lines.append(f"{office} ({len(group)} inovasi):")
        lines += [f"  {d}" for d in group]
    return lines


def report(result: CheckResult, form: str = "text") -> str:
    """What is shown after a check: for people ("text", in Bahasa Indonesia), or one line
    per diagnostic for tools ("json": JSON Lines; "github": workflow-command annotations;
    common/diagnostic_data.py)."""
    if form != "text":
        return "\n".join(diagnostic_data.render(result.diagnostics, form))
    errors = len(result.errors)
    if result.built and not errors:
        lines = [f"Pemeriksaan selesai: tidak ada kesalahan ({result.pages} halaman diperiksa)."]
        grouped = {d for _office, group in result.iid_gaps for d in group}
        others = [d for d in result.diagnostics if d not in grouped]
        if others:
            lines.append(f"{len(others)} peringatan perlu diperiksa:")
        return "\n".join(lines + [str(d) for d in others] + gap_lines(result.iid_gaps)
                          + scheduled_lines(result.scheduled))
    if not result.diagnostics:
        return ("Situs gagal dibangun karena galat di dalam program (bukan di isi situs). "
                "Kirim catatan ini kepada pengelola situs:\n" + result.build_log.strip())
    lines = [f"Pemeriksaan menemukan {errors} kesalahan. Perbaiki semuanya, lalu periksa "
             "lagi dengan: invoke check"]
    lines += [str(d) for d in result.diagnostics]
    if not result.built:
        lines.append("Tautan dan gambar diperiksa setelah kesalahan di atas diperbaiki.")
    return "\n".join(lines)
