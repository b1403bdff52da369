"""The web editor's configuration (Decap CMS config.yml), generated from the project's sources.

Pure functions, no Pelican import. In: the vocabularies of content/data/, the innovation JSON
Schema (plugins/innovations/inovasi.schema.json) and the ADMIN setting. Out: a dict that
`to_yaml` writes as /admin/config.yml. Because every category, OPD, urusan, kecamatan,
required field, pattern and help text comes from those sources, the editor cannot drift
from what the build checks.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from common.filefacts import FileFacts

# libyaml where PyYAML has it (its wheels do): the same data, several times faster; the
# vocabularies are read and the configuration written on every build. The two emitters
# fold long quoted lines differently, so one machine always writes with the same one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The Git hosts the regency may use; Forgejo speaks Gitea's API ("gitea").
HOSTED_BACKENDS = ("github", "gitlab", "gitea")
# Keys of ADMIN["backend"] passed to Decap as they are (its backend options).
BACKEND_KEYS = ("name", "repo", "branch", "base_url", "api_root", "auth_endpoint",
                "app_id", "auth_type", "site_domain")
# The environment variable pelicanconf.py hands over as ADMIN["backend"] (JSON text).
BACKEND_VARIABLE = "PENYUNTING_GIT"
BACKEND_EXAMPLE = ('{"name": "gitea", "repo": "diskominfo/kabar-inovasi", '
                   '"base_url": "https://git.saburaijuakab.go.id", "branch": "main"}')
# The shape of each backend value that is not an address (those: url_problem).
BACKEND_SHAPES = {
    "repo": (r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+", "pemilik/nama-repositori"),
    "branch": (r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", "nama cabang Git, misalnya main"),
    "auth_endpoint": (r"[A-Za-z0-9_.~-]+(/[A-Za-z0-9_.~-]+)*",
                      "jalur di server base_url, misalnya login/oauth/authorize"),
    "app_id": (r"[A-Za-z0-9_.-]{1,200}", "kode aplikasi OAuth (huruf, angka, '-', '_', '.')"),
    "auth_type": (r"pkce|implicit", "pkce atau implicit"),
    "site_domain": (r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?",
                    "nama domain, misalnya saburaijuakab.go.id"),
}
URL_KEYS = ("base_url", "api_root")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")

NEWS_FOLDER = "content/berita"
NEWS_IMAGES = "content/images/berita"
INNOVATION_FOLDER = "content/inovasi"
INNOVATION_IMAGES = "content/images/inovasi"
DOCUMENTS_FOLDER = "content/dokumen"  # evidence files, published as they are at /dokumen/
PAGES_FOLDER = "content/halaman"

# The innovation form, grouped as the profile page (theme/templates/innovation.html) groups
# it: (heading, [(field, label)]). The help texts, required fields, patterns and allowed
# values come from the schema; only the labels are written here. A schema property missing
# from this table still gets a field (in "Lainnya"), and tests/test_editor_config.py fails.
INNOVATION_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Identitas", [("nama", "Nama inovasi"), ("ringkasan", "Ringkasan"),
                   ("unggulan", "Tampilkan di beranda")]),
    ("Sekilas", [("tahapan", "Tahapan"), ("status_keberlanjutan", "Status keberlanjutan"),
                 ("perangkat_daerah", "Perangkat daerah"), ("unit_pelaksana", "Unit pelaksana"),
                 ("inisiator", "Inisiator"), ("jenis", "Jenis"), ("bentuk", "Bentuk"),
                 ("urusan_utama", "Urusan utama"), ("urusan_lain", "Urusan lain"),
                 ("tematik", "Tematik"), ("lokasi", "Lokasi")]),
    ("Masalah dan rancang bangun", [("rancang_bangun", "Masalah dan rancang bangun")]),
    ("Tujuan, manfaat, dan hasil", [("tujuan", "Tujuan"), ("manfaat", "Manfaat"),
                                    ("hasil", "Hasil")]),
    ("Penerima manfaat", [("penerima_manfaat", "Penerima manfaat")]),
    ("Tahapan dan waktu", [("waktu_uji_coba", "Mulai uji coba"),
                           ("waktu_penerapan", "Mulai penerapan")]),
    ("Mitra", [("mitra", "Mitra")]),
    ("Tujuan Pembangunan Berkelanjutan (SDGs)", [("sdgs", "SDGs")]),
    ("Penghargaan dan predikat", [("penghargaan", "Penghargaan"), ("predikat", "Predikat IID")]),
    ("Bukti dukung", [("bukti_dukung", "Bukti dukung")]),
    ("Foto", [("media", "Foto")]),
    ("Tautan", [("tautan", "Tautan")]),
    ("Kontak", [("kontak", "Kontak")]),
    ("Sumber", [("sumber", "Sumber")]),
    ("Kata kunci dan pemeriksaan", [("tag", "Kata kunci"), ("diperbarui", "Terakhir diperiksa")]),
]
# Labels of the fields inside lists and objects, by their key.
ITEM_LABELS = {
    "kelompok": "Kelompok", "jumlah": "Jumlah", "satuan": "Satuan", "nama": "Nama",
    "peran": "Peran", "kecamatan": "Kecamatan", "keterangan": "Keterangan", "tahun": "Tahun",
    "pemberi": "Pemberi", "nilai": "Predikat", "indikator": "Indikator", "tentang": "Tentang",
    "nomor": "Nomor", "tanggal": "Tanggal", "tautan": "Tautan (https://...)",
    "dokumen": "Dokumen (PDF, Word, Excel, ... di content/dokumen/)",
    "berkas": "Foto", "alt": "Teks alternatif (isi foto bagi pembaca yang tidak melihatnya)",
    "judul": "Judul", "url": "Alamat (https://...)", "jabatan": "Jabatan",
    "telepon": "Telepon", "surel": "Surel",
}
# Fields the form leaves out: `contoh` marks sample data and is set by hand; a record
# opened in the editor keeps it (Decap keeps values it has no field for).
HIDDEN_FIELDS = ("contoh",)

PATTERN_MESSAGES = {
    r"\S": "wajib berisi teks",
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "harus tanggal TTTT-BB-HH",
    r"^https?://\S+$": "harus alamat lengkap yang diawali https:// atau http://",
    r"^dokumen/(?:[^\s/.][^\s/]*/)*[^\s/.][^\s/]*$":
        "harus berkas di folder dokumen/, nama tanpa spasi",
    r"^\+?[0-9 ()-]{6,20}$": "harus nomor telepon, misalnya +62 380 21000",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "harus alamat surel, misalnya nama@saburaijuakab.go.id",
}


def load_vocabularies(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """(slug, nama) pairs of each content/data/<name>.yaml, in file order.

    Quiet on purpose: the news and innovations plugins report every mistake in these
    files (DAT...); a broken entry is only left out of the editor's lists here.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            entries = _entries.answer(path)
        except OSError:
            continue
        if entries is not None:
            found[path.stem] = list(entries)
    return found


def _read_entries(path: str) -> tuple[tuple[str, str], ...] | None:
    """One vocabulary file's (slug, nama) pairs; None when it cannot be read as YAML."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    entries = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and all(isinstance(item.get(k), str) and item[k].strip()
                                          for k in ("slug", "nama")):
            entries.append((item["slug"].strip(), item["nama"].strip()))
    return tuple(entries)


# Parsed once per process while the file keeps its identity: every build writes the
# editor's configuration, and parsing the 17 vocabularies was 30 ms of each preview save.
_entries = FileFacts(_read_entries)


def parse_backend(value) -> tuple[dict, list[str]]:
    """ADMIN["backend"] as a dict, and why it could not be read.

    pelicanconf.py hands over the PENYUNTING_GIT variable as it is (JSON text), so that a
    mistake in it is reported here, in words staff can act on, not as a Python error while
    the settings load."""
    if isinstance(value, dict):
        return value, []
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}, []
    if not isinstance(value, str):
        return {}, [f"ADMIN['backend'] harus kamus seperti {BACKEND_EXAMPLE} "
                    f"(ditemukan: {type(value).__name__} {value!r})"]
    where = f"{BACKEND_VARIABLE} (ADMIN['backend'])"
    try:
        data = json.loads(value)
    except json.JSONDecodeError as error:
        return {}, [f"{where} bukan JSON yang sah: salah tulis di baris {error.lineno} kolom "
                    f"{error.colno} (ditemukan: {value[:120]!r}); tulis satu objek JSON dengan "
                    f"tanda kutip ganda, misalnya {BACKEND_EXAMPLE}"]
    if not isinstance(data, dict):
        return {}, [f"{where} harus satu objek JSON {{...}}, misalnya {BACKEND_EXAMPLE} "
                    f"(ditemukan: {value[:120]!r})"]
    return data, []


def url_problem(value) -> str | None:
    """Why `value` is not an https address (http only on this machine) of a Git server."""
    if not isinstance(value, str) or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return "harus alamat tanpa spasi"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "bukan alamat yang sah"
    host = parts.hostname or ""
    local = parts.netloc.split("@")[-1].rsplit(":", 1)[0].lower() in LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        return "harus diawali https:// (http:// hanya untuk localhost)"
    if not host or not re.fullmatch(r"[A-Za-z0-9.-]+|\[::1\]|::1", host):
        return "harus menyebut nama server, misalnya https://git.saburaijuakab.go.id"
    if "@" in parts.netloc:
        return "tidak boleh memuat nama pengguna atau sandi"
    if parts.query or parts.fragment:
        return "tidak boleh memuat '?' atau '#'"
    return None


def backend_problems(backend: dict) -> list[str]:
    """What is wrong with ADMIN["backend"] (empty for local use only, or a valid host)."""
    if not backend:
        return []
    problems = []
    unknown = sorted(str(key) for key in set(backend) - set(BACKEND_KEYS))
    if unknown:
        problems.append(f"ADMIN['backend'] berisi kunci yang tidak dikenal: {', '.join(unknown)} "
                        f"(yang dikenal: {', '.join(BACKEND_KEYS)})")
    if backend.get("name") not in HOSTED_BACKENDS:
        problems.append(f"ADMIN['backend']['name'] harus salah satu dari "
                        f"{', '.join(HOSTED_BACKENDS)} (ditemukan: {backend.get('name')!r})")
    repo = backend.get("repo")
    if (not isinstance(repo, str) or not re.fullmatch(BACKEND_SHAPES["repo"][0], repo)
            or any(part in (".", "..") for part in repo.split("/"))):
        problems.append(f"ADMIN['backend']['repo'] harus berbentuk pemilik/nama-repositori "
                        f"(ditemukan: {repo!r})")
    for key, (pattern, expected) in BACKEND_SHAPES.items():
        value = backend.get(key)
        if key == "repo" or value is None:
            continue
        if not isinstance(value, str) or not re.fullmatch(pattern, value) or ".." in value:
            problems.append(f"ADMIN['backend']['{key}'] harus {expected} "
                            f"(ditemukan: {value!r})")
    for key in URL_KEYS:
        if key in backend:
            problem = url_problem(backend[key])
            if problem:
                problems.append(f"ADMIN['backend']['{key}'] {problem} "
                                f"(ditemukan: {backend[key]!r})")
    return problems


def backend_config(backend: dict, local_proxy: str) -> dict:
    """Decap's `backend` and `local_backend` keys.

    Without a hosted backend the editor talks only to the local proxy ();
    with one, it still prefers the local proxy when `invoke editor` runs it.
    """
    local = {"url": local_proxy}
    if not backend:
        return {"backend": {"name": "proxy", "proxy_url": local_proxy, "branch": "main"},
                "local_backend": local}
    hosted = {key: backend[key] for key in BACKEND_KEYS if key in backend}
    hosted.setdefault("branch", "main")
    return {"backend": hosted, "local_backend": local}


def _options(entries: list[tuple[str, str]]) -> list[dict]:
    return [{"label": nama, "value": slug} for slug, nama in entries]


def _resolve(schema: dict, node: dict) -> dict:
    """A property with its $ref merged in (its own keys win, as descriptions do)."""
    ref = node.get("$ref")
    if not ref:
        return node
    target = schema["$defs"][ref.rsplit("/", 1)[-1]]
    merged = {**_resolve(schema, target), **{k: v for k, v in node.items() if k != "$ref"}}
    if "description" in node:
        merged["description"] = node["description"]
    return merged


def _pattern(node: dict) -> list[str] | None:
    pattern = node.get("pattern")
    if pattern is None:
        return None
    return [pattern, PATTERN_MESSAGES.get(pattern, f"harus cocok dengan pola {pattern}")]


def schema_field(schema: dict, vocabularies: dict[str, list[tuple[str, str]]], name: str,
                 node: dict, label: str, required: bool, ref_name: str = "") -> dict:
    """One Decap field for one schema property (recursing into objects and lists)."""
    ref_name = ref_name or (node.get("$ref") or "").rsplit("/", 1)[-1]
    node = _resolve(schema, node)
    field: dict = {"name": name, "label": label, "required": required}
    if node.get("description"):
        field["hint"] = node["description"]
    kind = node.get("type")
    vocabulary = node.get("x-kosakata")
    if vocabulary:
        field.update(widget="select", options=_options(vocabularies.get(vocabulary, [])))
    elif kind == "boolean":
        field.update(widget="boolean", default=False)
    elif kind == "integer":
        field.update(widget="number", value_type="int")
        for key, decap in (("minimum", "min"), ("maximum", "max")):
            if key in node:
                field[decap] = node[key]
    elif kind == "object":
        # Decap checks the fields of an object even when the object itself is optional and
        # left empty; so inside an optional object nothing is required in the form, and the
        # build (shown by the live preview) reports a half-filled one.
        required_keys = node.get("required", []) if required else []
        field.update(widget="object", collapsed=False, fields=[
            schema_field(schema, vocabularies, key, child, ITEM_LABELS.get(key, key),
                         key in required_keys)
            for key, child in node.get("properties", {}).items()])
        if not required and node.get("required"):
            names = ", ".join(ITEM_LABELS.get(key, key) for key in node["required"])
            field["hint"] = f"{field.get('hint', '')} Bila diisi, wajib ada: {names}.".strip()
    elif kind == "array":
        _array_field(schema, vocabularies, field, name, node)
    elif ref_name == "markdown":
        field.update(widget="markdown", buttons=["bold", "italic", "link", "bulleted-list",
                                                 "numbered-list"], editor_components=[],
                     modes=["rich_text", "raw"])
        if name == "ringkasan":
            field.update(widget="text")
            for key in ("buttons", "editor_components", "modes"):
                field.pop(key)
    elif ref_name == "tanggal":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                     time_format=False, picker_utc=False)
    elif ref_name == "dokumen":  # evidence: a file of content/dokumen/, checked by the build
        field.update(widget="file", media_folder=f"/{DOCUMENTS_FOLDER}",
                     public_folder="dokumen", choose_url=False)
    elif name == "berkas":
        field.update(widget="image", media_folder=f"/{INNOVATION_IMAGES}",
                     public_folder="images/inovasi", choose_url=False)
    else:
        field["widget"] = "string"
    pattern = _pattern(node)
    if pattern and field["widget"] in ("string", "text", "markdown", "image", "file"):
        field["pattern"] = pattern
    return field


def _array_field(schema, vocabularies, field: dict, name: str, node: dict) -> None:
    items = _resolve(schema, node.get("items", {}))
    vocabulary = items.get("x-kosakata")
    if name == "sdgs":  # numbers whose names live in content/data/sdgs.yaml
        vocabulary = "sdgs"
    if vocabulary:
        options = _options(vocabularies.get(vocabulary, []))
        if items.get("type") == "integer":
            options = [{"label": f"{o['value']}. {o['label']}", "value": int(o["value"])}
                       for o in options if o["value"].isdigit()]
        field.update(widget="select", multiple=True, options=options)
        if node.get("minItems"):
            field["min"] = node["minItems"]
        return
    if items.get("type") == "object":
        required_keys = items.get("required", [])
        field.update(widget="list", collapsed=False, fields=[
            schema_field(schema, vocabularies, key, child, ITEM_LABELS.get(key, key),
                         key in required_keys)
            for key, child in items.get("properties", {}).items()])
        first = required_keys[0] if required_keys else None
        if first:
            field["summary"] = "{{fields.%s}}" % first
        return
    field.update(widget="list")  # free words, typed separated by commas


def innovation_fields(schema: dict, vocabularies: dict[str, list[tuple[str, str]]]) -> list[dict]:
    """The innovation form: a heading per group of the profile page, then its fields."""
    properties = schema["properties"]
    required = set(schema.get("required", []))
    fields: list[dict] = []
    groups = [(title, [(key, label) for key, label in members if key in properties])
              for title, members in INNOVATION_GROUPS]
    rest = [(key, key) for key in properties
            if key not in HIDDEN_FIELDS and all(key != k for _t, m in groups for k, _l in m)]
    if rest:
        groups.append(("Lainnya", rest))
    for number, (title, members) in enumerate(groups, start=1):
        if not members:
            continue
        fields.append({"name": f"_bagian_{number}", "label": title, "widget": "judul",
                       "required": False})
        for key, label in members:
            fields.append(schema_field(schema, vocabularies, key, properties[key], label,
                                       key in required))
    return fields


def news_fields(vocabularies: dict[str, list[tuple[str, str]]]) -> list[dict]:
    """The news form: one field per header line of content/berita/<year>/<slug>.md."""
    categories = [nama for _slug, nama in vocabularies.get("kategori", [])]
    return [
        {"name": "title", "label": "Judul", "widget": "string", "required": True,
         "pattern": [r"\S", "wajib berisi teks"]},
        {"name": "date", "label": "Tanggal dan jam terbit (WITA)", "widget": "datetime",
         "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm",
         "picker_utc": False, "required": True,
         "hint": "Waktu setempat (WITA), misalnya 2023-03-03 10:00."},
        {"name": "category", "label": "Kategori", "widget": "select", "required": True,
         "options": categories, "hint": "Daftar kategori ada di content/data/kategori.yaml."},
        {"name": "tags", "label": "Topik", "widget": "list", "required": False,
         "hint": "Kata kunci, dipisah koma, misalnya: nelayan, pelayanan publik."},
        {"name": "author", "label": "Penulis", "widget": "string", "required": False},
        {"name": "summary", "label": "Ringkasan", "widget": "text", "required": False,
         "hint": "Satu atau dua kalimat untuk daftar berita dan pratinjau tautan."},
        {"name": "cover", "label": "Foto sampul", "widget": "image", "required": False,
         "media_folder": f"/{NEWS_IMAGES}", "public_folder": "images/berita",
         "choose_url": False},
        {"name": "cover_alt", "label": "Teks alternatif foto sampul", "widget": "string",
         "required": False,
         "hint": "Wajib bila ada foto sampul: jelaskan isi foto bagi pembaca yang tidak "
                 "melihatnya, misalnya 'Nelayan menarik perahu ke pantai Seba'."},
        {"name": "inovasi", "label": "Inovasi yang diberitakan", "widget": "relation",
         "collection": "inovasi", "search_fields": ["nama"], "display_fields": ["nama"],
         "value_field": "{{slug}}", "multiple": True, "required": False,
         "hint": "Pilih inovasi menurut namanya; beritanya tampil di halaman inovasi itu."},
        {"name": "slug", "label": "Alamat (slug)", "widget": "string", "required": False,
         "pattern": [r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                     "hanya huruf kecil a-z, angka, dan tanda '-'"],
         "hint": "Boleh dikosongkan: alamat dibuat dari judul."},
        {"name": "body", "label": "Isi berita", "widget": "markdown", "required": True,
         "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                     "bulleted-list", "numbered-list"],
         "editor_components": ["image"], "modes": ["rich_text", "raw"]},
    ]


def page_fields() -> list[dict]:
    return [
        {"name": "title", "label": "Judul", "widget": "string", "required": True,
         "pattern": [r"\S", "wajib berisi teks"]},
        {"name": "slug", "label": "Alamat (slug)", "widget": "string", "required": False,
         "pattern": [r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                     "hanya huruf kecil a-z, angka, dan tanda '-'"]},
        {"name": "summary", "label": "Ringkasan", "widget": "text", "required": False},
        {"name": "body", "label": "Isi halaman", "widget": "markdown", "required": True,
         "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                     "bulleted-list", "numbered-list"],
         "editor_components": ["image"], "modes": ["rich_text", "raw"]},
    ]


def editor_config(schema: dict, vocabularies: dict[str, list[tuple[str, str]]],
                  backend: dict, local_proxy: str, site_url: str = "") -> dict:
    """The whole Decap configuration, ready for `to_yaml`."""
    config: dict = {
        **backend_config(backend, local_proxy),
        "locale": "id",
        "media_folder": NEWS_IMAGES,
        "public_folder": "{static}/images/berita",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {"name": "berita", "label": "Berita", "label_singular": "berita",
             "description": "Berita LPPL RSPD Sabu Raijua: satu berkas per berita di "
                            "content/berita/<tahun>/.",
             "folder": NEWS_FOLDER, "path": "{{year}}/{{slug}}", "extension": "md",
             "format": "pelican", "create": True, "identifier_field": "title",
             # Photos in the body: stated here too, or Decap looks beside the entry.
             "media_folder": f"/{NEWS_IMAGES}", "public_folder": "{static}/images/berita",
             "summary": "{{title}} ({{date}})",
             "sortable_fields": ["date", "title"],
             "preview_path": "berita/{{year}}/{{month}}/{{slug}}/",
             "fields": news_fields(vocabularies)},
            {"name": "inovasi", "label": "Inovasi", "label_singular": "inovasi",
             "description": "Data inovasi daerah menurut formulir IID: satu berkas per "
                            "inovasi di content/inovasi/.",
             "folder": INNOVATION_FOLDER, "extension": "yaml", "format": "yaml",
             "create": True, "identifier_field": "nama", "slug": "{{slug}}",
             "summary": "{{nama}}", "preview_path": "inovasi/{{slug}}/",
             "fields": innovation_fields(schema, vocabularies)},
            {"name": "halaman", "label": "Halaman", "label_singular": "halaman",
             "description": "Halaman tetap (Tentang, panduan) di content/halaman/.",
             "folder": PAGES_FOLDER, "extension": "md", "format": "pelican",
             "create": True, "identifier_field": "title", "slug": "{{slug}}",
             "media_folder": f"/{NEWS_IMAGES}", "public_folder": "{static}/images/berita",
             "fields": page_fields()},
        ],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def to_yaml(config: dict) -> str:
    """Deterministic YAML (keys in the order built, Unicode kept)."""
    try:
        spelled = json.dumps(config, ensure_ascii=False)  # keys in order: the YAML's order
    except (TypeError, ValueError):
        return _to_yaml(config)
    if json.loads(spelled) != config:  # JSON spells it otherwise (a number key, a tuple)
        return _to_yaml(config)
    return _yaml_of(spelled)


@functools.lru_cache(maxsize=8)  # every build writes it; most give the same configuration
def _yaml_of(spelled: str) -> str:
    return _to_yaml(json.loads(spelled))


def _to_yaml(config: dict) -> str:
    header = ("# Dibuat otomatis oleh plugins/admin saat situs dibangun; jangan diubah di sini.\n"
              "# Sumbernya: content/data/*.yaml, plugins/innovations/inovasi.schema.json,\n"
              "# dan ADMIN di pelicanconf.py.\n")
    return header + yaml.dump(config, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                              width=100)
