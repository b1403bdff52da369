"""Pelican wiring of the admin plugin: check the editor's inputs, then write /admin/.

The configuration is made in all_generators_finalized (so a bad ADMIN setting or a missing
bundle is a diagnostic that stops the build with the others) and written with the bundle
in finalized, after the site itself: nothing of the editor is linked from public pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from common import diagnostics, outfiles
from common.settings import plugin_settings

from . import config

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
SCHEMA_FILE = PROJECT / "plugins" / "innovations" / "inovasi.schema.json"
# Decap's prebuilt bundle: the main script, its lazily loaded chunks and WebAssembly.
BUNDLE_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")

# The publish record at the site's top level (newsroom/publish.py writes the published one).
PUBLISH_RECORD = "terbit.json"
UNPUBLISHED = b'{"commit": null}\n'

DEFAULTS = {
    "enabled": (True, "write the web editor into /admin/ (False: leave it out)"),
    "folder": ("admin", "folder of the site the editor is written to"),
    "bundle_dir": (str(PROJECT / "node_modules" / "decap-cms" / "dist"),
                   "decap-cms's dist/ folder, installed by npm ci (Makefile bootstrap)"),
    "local_proxy": ("http://127.0.0.1:8081/api/v1",
                    "address of the local proxy `invoke editor` starts (newsroom/editor_proxy.py)"),
    "backend": ({}, "hosted Git backend, e.g. {'name': 'gitea', 'repo': 'diskominfo/situs', "
                    "'base_url': 'https://git.example', 'branch': 'main'}; {} = local use only"),
    "site_url": ("", "address of the published site, shown in the editor's header"),
}


def admin_settings(settings: dict) -> dict:
    # "backend" may be JSON text (PENYUNTING_GIT); config.parse_backend checks it.
    return plugin_settings(settings, "ADMIN", DEFAULTS, checked=("backend",))


def bundle_files(bundle_dir: Path) -> list[Path]:
    """The files of Decap's bundle to publish (no source maps: 25 MB nobody needs)."""
    found: set[Path] = set()
    for pattern in BUNDLE_FILES:
        found.update(path for path in bundle_dir.glob(pattern) if path.is_file())
    return sorted(found)


def prepare_editor(generators) -> None:
    """Report a bad ADMIN setting or a missing bundle with the build's other mistakes."""
    options = admin_settings(generators[0].settings)
    if not options["enabled"]:
        return
    backend, unreadable = config.parse_backend(options["backend"])
    for problem in unreadable:
        diagnostics.record("pelicanconf.py", 0, 0, "ADM003", problem)
    for problem in config.backend_problems(backend):
        diagnostics.record("pelicanconf.py", 0, 0, "ADM001", problem)
    bundle_dir = Path(options["bundle_dir"])
    if not (bundle_dir / "decap-cms.js").is_file():
        diagnostics.record(
            "pelicanconf.py", 0, 0, "ADM002",
            f"penyunting web (/admin/) tidak dapat dibuat: berkas decap-cms.js tidak ada di "
            f"{bundle_dir}; jalankan `make build` atau `npm ci` sekali di folder proyek, "
            "atau matikan penyunting dengan ADMIN = {'enabled': False}")


def editor_config(settings: dict) -> dict:
    """The editor's configuration for these settings (vocabularies read from PATH)."""
    options = admin_settings(settings)
    data_path = (settings.get("INNOVATIONS") or {}).get("data_path", "data")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return config.editor_config(schema, config.load_vocabularies(Path(settings["PATH"]) / data_path),
                                config.parse_backend(options["backend"])[0],
                                options["local_proxy"],
                                options["site_url"])


def write_editor(pelican) -> None:
    """Write index.html, config.yml, our script and Decap's bundle into output/<folder>/.

    Runs after the build succeeded (a build with mistakes stops before finalized).
    """
    options = admin_settings(pelican.settings)
    if not options["enabled"]:
        return
    target = Path(pelican.output_path) / options["folder"]
    target.mkdir(parents=True, exist_ok=True)
    # Through the build's one writer: unchanged files are hard links of the previous
    # site's (the bundle is 6.5 MB). Never of node_modules' files: npm may rewrite them.
    site = outfiles.site_writer(pelican.output_path)
    for source in bundle_files(Path(options["bundle_dir"])):
        site.place(source, target / source.name)
    for name in ("index.html", "penyunting.js", "penyunting.css"):
        site.place(HERE / "static" / name, target / name)
    site.put(target / "config.yml",
             config.to_yaml(editor_config(pelican.settings)).encode("utf-8"))
    # What the editor's page reads to say which commit is live (penyunting.js). A build
    # names none; `invoke publish` replaces it with the commit it published.
    site.put(Path(pelican.output_path) / PUBLISH_RECORD, UNPUBLISHED)
