"""The publishing pipelines: each file validates against its host's published schema, and
its steps are the commands the tests run locally, in the same order.

The schemas are those vendored in check-jsonschema (requirements-test.txt), so this runs
offline: GitHub's workflow schema for .github/workflows/publish.yml and, as Forgejo
Actions reads the same format, for .forgejo/workflows/publish.yml (Forgejo's differences
that matter here, `runs-on` labels of its own runners and `concurrency` honoured only by
recent versions, are valid in that schema; they are said in the file's comments);
GitLab's CI schema for .gitlab-ci.yml.

The commands (newsroom.hook.STEPS, which the server hook runs too) are run locally by:
- `make install`: the Makefile's bootstrap of .venv (`make test` runs it before every suite);
- `invoke check --format github`: test_a_failing_check_stops_the_pipeline_with_annotations
  below, and tests/test_diagnostics_data.py::test_github_format_annotates_each_line;
- `invoke publish --siteurl ...`: tests/test_newsroom_publish.py (a checked publish, a failed
  one leaving the previous site byte for byte, two publishes byte identical),
  tests/test_trust_publish.py (destinations, --rsync) and tests/test_publish_hook.py.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_site

from newsroom.hook import STEPS

VALIDATOR = Path(sys.executable).with_name("check-jsonschema")
PIPELINES = {
    ".github/workflows/publish.yml": "vendor.github-workflows",
    ".forgejo/workflows/publish.yml": "vendor.github-workflows",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
}


def validate(path: Path, schema: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VALIDATOR), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)


def load(relative: str) -> dict:
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


def commands(relative: str) -> list[str]:
    """Every shell line the pipeline runs, in order (GitHub/Forgejo steps' `run`, GitLab's
    before_script and script)."""
    data = load(relative)
    if relative == ".gitlab-ci.yml":
        job = data["pages"]
        texts = [*job.get("before_script", []), *job["script"]]
    else:
        texts = [step["run"] for job in data["jobs"].values() for step in job["steps"]
                 if "run" in step]
    return [line.strip() for text in texts for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def project_steps(lines: list[str]) -> list[tuple[str, str]]:
    """The make and invoke commands among lines, as (program, target)."""
    found = []
    for line in lines:
        words = shlex.split(line)
        if words[0] == "make":
            found.append(("make", words[1]))
        elif words[0] == ".venv/bin/invoke":
            found.append(("invoke", words[1]))
    return found


@pytest.mark.parametrize("relative, schema", PIPELINES.items())
def test_each_pipeline_validates_against_its_host_schema(relative, schema):
    done = validate(ROOT / relative, schema)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize("relative, schema, breaking", [
    (".github/workflows/publish.yml", "vendor.github-workflows", ("runs-on:", "runs_on:")),
    (".forgejo/workflows/publish.yml", "vendor.github-workflows",
     ("cancel-in-progress: false", "cancel-in-progress: kadang")),
    (".gitlab-ci.yml", "vendor.gitlab-ci", ("resource_group: pages", "resource_group: [pages]")),
])
def test_the_validation_can_fail(tmp_path, relative, schema, breaking):
    text = (ROOT / relative).read_text(encoding="utf-8")
    assert breaking[0] in text
    copy = tmp_path / Path(relative).name
    copy.write_text(text.replace(breaking[0], breaking[1], 1), encoding="utf-8")
    done = validate(copy, schema)
    assert done.returncode == 1
    assert "Schema validation errors were encountered." in done.stdout + done.stderr


@pytest.mark.parametrize("relative", PIPELINES)
def test_each_pipeline_runs_the_project_steps_in_order(relative):
    assert project_steps(commands(relative)) == list(STEPS)


@pytest.mark.parametrize("relative", PIPELINES)
def test_each_pipeline_publishes_for_its_marked_address_and_keeps_the_cache(relative):
    data = load(relative)
    text = (ROOT / relative).read_text(encoding="utf-8")
    variables = data["variables"] if relative == ".gitlab-ci.yml" else data["env"]
    assert variables["SITEURL"].startswith("https://") and variables["SITEURL"].endswith("/")
    assert "THE SITE'S PUBLIC ADDRESS" in text.split("SITEURL:")[0]  # marked where it is
    publish = [line for line in commands(relative) if " publish " in line]
    assert len(publish) == 1 and '--siteurl "$SITEURL"' in publish[0]
    if relative == ".gitlab-ci.yml":
        job = data["pages"]
        assert job["resource_group"] and ".cache/" in job["cache"]["paths"]
        assert "$CI_COMMIT_REF_SLUG" in job["cache"]["key"]
        assert job["artifacts"]["paths"] == ["public"]
        assert job["script"][-1] == "mv output public"
    else:
        assert data["concurrency"]["group"]
        steps = [step for job in data["jobs"].values() for step in job["steps"]]
        cache = next(step["with"] for step in steps
                     if step.get("uses", "").startswith("actions/cache@"))
        assert cache["path"] == ".cache"
        # A key per commit (a cache is saved after every publish), restored by prefix.
        assert cache["key"].endswith("-${{ github.sha }}")
        assert cache["restore-keys"].strip() == cache["key"].removesuffix("${{ github.sha }}")
        names = [step.get("uses", step.get("run", "")) for step in steps]
        check = next(i for i, name in enumerate(names) if "invoke check" in name)
        publish_at = next(i for i, name in enumerate(names) if "invoke publish" in name)
        assert check < publish_at
        if relative.startswith(".github"):  # Pages takes the published output/ only after
            assert names[publish_at + 1].startswith("actions/upload-pages-artifact@")
            assert steps[publish_at + 1]["with"]["path"] == "output/"
            assert names[publish_at + 2].startswith("actions/deploy-pages@")


def test_a_failing_check_stops_the_pipeline_with_annotations(tmp_path):
    """The pipelines' check step, run as they run it: exit 1 (the job stops before
    publishing) and one annotation per mistake on the commit."""
    site = make_site(tmp_path / "site", {"content/berita/pasar-seba.md": (
        FIXTURE_ARTICLE.replace("Category: Pemerintahan", "Category: Politik"))})
    done = subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "check",
                           "--format", "github", "--folder", str(site)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "::error file=content/berita/pasar-seba.md,line=3,col=11,title=BRT006::'Category' "
        "harus salah satu dari Pemerintahan, Kesehatan, Pertanian dan Perikanan (ditemukan: "
        "'Politik'); daftar kategori ada di content/data/kategori.yaml"]


FIXTURE_ARTICLE = (ROOT / "tests/fixtures/minimal/content/berita/pasar-seba.md").read_text(
    encoding="utf-8")
