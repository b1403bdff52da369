"""The web editor's configuration: generated from the vocabularies and the innovation schema,
so it cannot drift; hosted-use settings carried; /admin/ kept out of the public site."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT


from admin import config

SCHEMA = json.loads((ROOT / "plugins/innovations/inovasi.schema.json").read_text(encoding="utf-8"))
VOCABULARIES = config.load_vocabularies(ROOT / "content/data")


def collection(made: dict, name: str) -> dict:
    return next(c for c in made["collections"] if c["name"] == name)


def fields_by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields if f["widget"] != "judul"}


@pytest.fixture(scope="module")
def made() -> dict:
    return config.editor_config(SCHEMA, VOCABULARIES, {}, "http://127.0.0.1:8081/api/v1")


@pytest.fixture(scope="module")
def innovation(made) -> dict[str, dict]:
    return fields_by_name(collection(made, "inovasi")["fields"])


def test_every_schema_field_is_in_the_form_with_a_label_of_its_own(innovation):
    expected = [key for key in SCHEMA["properties"] if key not in config.HIDDEN_FIELDS]
    assert sorted(innovation) == sorted(expected)
    assert all(field["label"] != name for name, field in innovation.items()), \
        "a schema field without a label in INNOVATION_GROUPS falls into 'Lainnya'"


def test_groups_follow_the_profile_page(made):
    headings = [f["label"] for f in collection(made, "inovasi")["fields"] if f["widget"] == "judul"]
    assert headings == [title for title, _fields in config.INNOVATION_GROUPS]
    assert "Lainnya" not in headings


def test_required_fields_are_those_of_the_schema(innovation):
    required = sorted(name for name, field in innovation.items() if field["required"])
    assert required == sorted(SCHEMA["required"])
    assert innovation["lokasi"]["fields"][0] == {
        "name": "kecamatan", "label": "Kecamatan", "required": True,
        "hint": SCHEMA["properties"]["lokasi"]["properties"]["kecamatan"]["description"],
        "widget": "select", "multiple": True, "min": 1,
        "options": [{"label": nama, "value": slug} for slug, nama in VOCABULARIES["kecamatan"]],
    }


@pytest.mark.parametrize("field, vocabulary, multiple", [
    ("tahapan", "tahapan", False),
    ("perangkat_daerah", "perangkat_daerah", False),
    ("inisiator", "inisiator", False),
    ("jenis", "jenis", False),
    ("bentuk", "bentuk", False),
    ("urusan_utama", "urusan", False),
    ("urusan_lain", "urusan", True),
    ("tematik", "tematik", True),
    ("status_keberlanjutan", "status_keberlanjutan", False),
])
def test_vocabulary_fields_are_selects_of_their_data_file(innovation, field, vocabulary, multiple):
    made = innovation[field]
    assert made["widget"] == "select"
    assert made["options"] == [{"label": nama, "value": slug}
                               for slug, nama in VOCABULARIES[vocabulary]]
    assert made.get("multiple", False) is multiple


def test_nested_vocabularies_and_numbers(innovation):
    items = fields_by_name(innovation["bukti_dukung"]["fields"])
    assert [o["value"] for o in items["indikator"]["options"]] == \
        [slug for slug, _ in VOCABULARIES["indikator"]]
    predikat = fields_by_name(innovation["predikat"]["fields"])
    assert predikat["tahun"] == {"name": "tahun", "label": "Tahun", "required": True,
                                      "widget": "number", "value_type": "int",
                                      "min": 2000, "max": 2100}
    sdgs = innovation["sdgs"]
    assert sdgs["options"][0] == {"label": "1. Tanpa Kemiskinan", "value": 1}
    assert len(sdgs["options"]) == 17


@pytest.mark.parametrize("path, pattern", [
    (("kontak", "telepon"), r"^\+?[0-9 ()-]{6,20}$"),
    (("kontak", "surel"), r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    (("tautan", "url"), r"^https?://\S+$"),
    (("media", "berkas"), r"^images/inovasi/[^/\s]+\.(jpg|jpeg|png|webp)$"),
    (("nama",), r"\S"),
])
def test_patterns_come_from_the_schema(innovation, path, pattern):
    field = innovation[path[0]]
    for name in path[1:]:
        field = fields_by_name(field["fields"])[name]
    assert field["pattern"][0] == pattern
    assert field["pattern"][1]  # a message in Bahasa Indonesia, not the bare pattern


def test_help_texts_are_the_schema_descriptions(innovation):
    for name, field in innovation.items():
        description = SCHEMA["properties"][name].get("description")
        if description and name not in ("kontak",):
            assert field["hint"] == description, name


def test_media_photo_needs_its_alt_text(innovation):
    media = fields_by_name(innovation["media"]["fields"])
    assert media["alt"]["required"] is True
    assert media["berkas"] == {
        "name": "berkas", "label": "Foto", "required": True, "widget": "image",
        "media_folder": "/content/images/inovasi", "public_folder": "images/inovasi",
        "choose_url": False, "pattern": media["berkas"]["pattern"]}


def test_optional_object_asks_nothing_until_filled(innovation):
    kontak = innovation["kontak"]
    assert kontak["required"] is False
    assert [f["required"] for f in kontak["fields"]] == [False, False, False, False]
    assert kontak["hint"] == "Kontak yang dapat dihubungi warga. Bila diisi, wajib ada: Nama."


def test_news_categories_follow_the_data_file(tmp_path):
    (tmp_path / "kategori.yaml").write_text(
        "- {nama: Pemerintahan, slug: pemerintahan}\n- {nama: Olahraga, slug: olahraga}\n"
        "- {nama: '', slug: kosong}\n- rusak\n", encoding="utf-8")
    (tmp_path / "rusak.yaml").write_text("- [tidak: tertutup\n", encoding="utf-8")
    vocabularies = config.load_vocabularies(tmp_path)
    assert vocabularies == {"kategori": [("pemerintahan", "Pemerintahan"),
                                         ("olahraga", "Olahraga")]}
    news = fields_by_name(config.news_fields(vocabularies))
    assert news["category"]["options"] == ["Pemerintahan", "Olahraga"]


def test_news_form_writes_the_header_lines_staff_write(made):
    news = collection(made, "berita")
    assert (news["folder"], news["path"], news["extension"], news["format"]) == \
        ("content/berita", "{{year}}/{{slug}}", "md", "pelican")
    assert (news["media_folder"], news["public_folder"]) == \
        ("/content/images/berita", "{static}/images/berita")
    assert [f["name"] for f in news["fields"]] == [
        "title", "date", "category", "tags", "author", "summary", "cover", "cover_alt",
        "inovasi", "slug", "body"]
    fields = fields_by_name(news["fields"])
    assert fields["date"]["format"] == "YYYY-MM-DD HH:mm"
    assert fields["cover"]["public_folder"] == "images/berita"
    assert fields["inovasi"] == {
        "name": "inovasi", "label": "Inovasi yang diberitakan", "widget": "relation",
        "collection": "inovasi", "search_fields": ["nama"], "display_fields": ["nama"],
        "value_field": "{{slug}}", "multiple": True, "required": False,
        "hint": fields["inovasi"]["hint"]}
    assert [c["name"] for c in made["collections"]] == ["berita", "inovasi", "halaman"]


@pytest.mark.parametrize("backend, expected", [
    ({}, {"backend": {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1",
                      "branch": "main"},
          "local_backend": {"url": "http://127.0.0.1:8081/api/v1"}}),
    ({"name": "gitea", "repo": "diskominfo/kabar-inovasi", "base_url": "https://git.contoh.id",
      "api_root": "https://git.contoh.id/api/v1", "app_id": "abc"},
     {"backend": {"name": "gitea", "repo": "diskominfo/kabar-inovasi",
                  "branch": "main", "base_url": "https://git.contoh.id",
                  "api_root": "https://git.contoh.id/api/v1", "app_id": "abc"},
      "local_backend": {"url": "http://127.0.0.1:8081/api/v1"}}),
    ({"name": "github", "repo": "pemkab/situs", "branch": "terbit"},
     {"backend": {"name": "github", "repo": "pemkab/situs", "branch": "terbit"},
      "local_backend": {"url": "http://127.0.0.1:8081/api/v1"}}),
])
def test_backend_settings(backend, expected):
    assert config.backend_problems(backend) == []
    assert config.backend_config(backend, "http://127.0.0.1:8081/api/v1") == expected


@pytest.mark.parametrize("backend, problems", [
    ({"name": "bitbucket", "repo": "a/b"},
     ["ADMIN['backend']['name'] harus salah satu dari github, gitlab, gitea "
      "(ditemukan: 'bitbucket')"]),
    ({"name": "gitlab", "repo": "tanpa-pemilik", "cabang": "main"},
     ["ADMIN['backend'] berisi kunci yang tidak dikenal: cabang (yang dikenal: name, repo, "
      "branch, base_url, api_root, auth_endpoint, app_id, auth_type, site_domain)",
      "ADMIN['backend']['repo'] harus berbentuk pemilik/nama-repositori "
      "(ditemukan: 'tanpa-pemilik')"]),
])
def test_bad_backend_settings(backend, problems):
    assert config.backend_problems(backend) == problems


# -- The built site --------------------------------------------------------------------------

GITEA = {"name": "gitea", "repo": "diskominfo/kabar-inovasi",
         "base_url": "https://git.saburaijuakab.go.id", "branch": "main"}


@pytest.fixture(scope="module")
def hosted_build(tmp_path_factory):
    """innovation_base built with the hosted backend given in the environment."""
    from conftest import make_site, run_build

    folder = make_site(tmp_path_factory.mktemp("admin"), base="innovation_base")
    build = run_build(folder, env={"PENYUNTING_GIT": json.dumps(GITEA)})
    assert build.returncode == 0, build.stderr
    return build


def test_built_config_carries_the_hosted_backend_and_the_sources(hosted_build):
    written = yaml.safe_load((hosted_build.output / "admin/config.yml").read_text(encoding="utf-8"))
    assert written["backend"] == GITEA
    assert written["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    tahapan = fields_by_name(collection(written, "inovasi")["fields"])["tahapan"]
    fixture = config.load_vocabularies(ROOT / "tests/fixtures/innovation_base/content/data")
    assert [o["value"] for o in tahapan["options"]] == [slug for slug, _ in fixture["tahapan"]]


def test_admin_page_is_noindex_and_serves_its_own_bundle(hosted_build):
    page = hosted_build.html("admin/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert [s["src"] for s in page.find_all("script")] == ["decap-cms.js", "penyunting.js"]
    for name in ("decap-cms.js", "penyunting.js", "penyunting.css", "config.yml"):
        assert (hosted_build.output / "admin" / name).is_file(), name
    assert not list((hosted_build.output / "admin").glob("*.map"))


def test_admin_is_out_of_sitemap_search_and_public_pages(hosted_build):
    assert "admin" not in (hosted_build.output / "sitemap.xml").read_text(encoding="utf-8")
    for page in hosted_build.output.rglob("*.html"):
        relative = page.relative_to(hosted_build.output).as_posix()
        if relative.startswith("admin/"):
            continue
        html = page.read_text(encoding="utf-8")
        assert "admin/" not in html and "decap" not in html.lower(), relative
    indexed = [p.name for p in (hosted_build.output / "pagefind").rglob("*")]
    assert indexed, "pagefind index missing"
    assert not any("admin" in name for name in indexed)


def test_bad_backend_stops_the_build_with_a_message(tmp_path):
    from conftest import make_site, run_build

    folder = make_site(tmp_path / "situs", base="minimal")
    build = run_build(folder, env={"PENYUNTING_GIT": json.dumps({"name": "svn", "repo": "x/y"})})
    assert build.returncode != 0
    assert ("pelicanconf.py: galat ADM001: ADMIN['backend']['name'] harus salah satu dari "
            "github, gitlab, gitea (ditemukan: 'svn')") in build.stderr.splitlines()
    assert not (folder / "output/admin").exists()


def test_missing_bundle_stops_the_build_with_a_message(tmp_path):
    from conftest import make_site, run_build

    folder = make_site(tmp_path / "situs", base="minimal")
    build = run_build(folder, extra={"ADMIN": {"bundle_dir": str(tmp_path / "tidak-ada")}})
    assert build.returncode != 0
    assert (f"pelicanconf.py: galat ADM002: penyunting web (/admin/) tidak dapat dibuat: "
            f"berkas decap-cms.js tidak ada di {tmp_path / 'tidak-ada'}; jalankan `make build` "
            "atau `npm ci` sekali di folder proyek, atau matikan penyunting dengan "
            "ADMIN = {'enabled': False}") in build.stderr.splitlines()


def test_yaml_of_a_configuration_is_the_same_whether_or_not_kept_from_an_earlier_build():
    """to_yaml keeps its output for a configuration it saw, keyed on its JSON: what JSON
    spells otherwise (a number key) is written as it is, never as its JSON twin."""
    with_number = {"collections": [{"name": "berita"}], 2024: "tahun"}
    assert config.to_yaml(with_number) == config._to_yaml(with_number)
    assert "\n2024: tahun\n" in config.to_yaml(with_number)
    assert "'2024'" in config.to_yaml({"collections": [], "2024": "tahun"})
    again = {"collections": [{"name": "berita"}]}
    assert config.to_yaml(again) == config.to_yaml(dict(again)) == config._to_yaml(again)


def test_an_edited_vocabulary_reaches_the_editor_on_the_next_build(tmp_path, monkeypatch):
    """Each vocabulary is parsed once while its file is unchanged (common/filefacts.py):
    a new entry appears in the editor's lists on the next build."""
    import time

    from common import filefacts

    now = time.time_ns  # the clock moved on: files written now count as settled and kept
    monkeypatch.setattr(filefacts.time, "time_ns", lambda: now() + 10 * 10**9)
    folder = tmp_path / "data"
    folder.mkdir()
    vocabulary = folder / "tahapan.yaml"
    vocabulary.write_text("- slug: inisiatif\n  nama: Inisiatif\n", encoding="utf-8")
    assert config.load_vocabularies(folder) == {"tahapan": [("inisiatif", "Inisiatif")]}
    assert config.load_vocabularies(folder) == {"tahapan": [("inisiatif", "Inisiatif")]}
    time.sleep(0.05)  # past the file system clock's tick: the write gets other times
    vocabulary.write_text("- slug: inisiatif\n  nama: Inisiatif\n"
                          "- slug: uji_coba\n  nama: Uji coba\n", encoding="utf-8")
    assert config.load_vocabularies(folder) == {
        "tahapan": [("inisiatif", "Inisiatif"), ("uji_coba", "Uji coba")]}
    vocabulary.write_text("- [rusak", encoding="utf-8")
    assert config.load_vocabularies(folder) == {}
