"""A warm build's search index answers every query as a cold build's does.

Pagefind writes its filter and metadata indexes in an order of its own, so the property
test (test_incremental.py) compares every other file byte for byte and leaves those out.
Here the site is built as staff publish it (tasks.build_into: staging folder, previous
output, caches), edited, built again, and built cold beside it; then the real Pagefind
script in Chromium asks both sites' indexes (the newest news, and everything) the same
queries, with and without a filter, and the answers must be the same: same pages, in
the same order, with the same titles, excerpts and filters.
"""

from __future__ import annotations

import json
import shlex
import shutil

import pytest
from invoke import Config, Context

from conftest import ROOT, run_build

import tasks
from synth import write_site

# Two indexes: the 6 newest news in the first, everything in pagefind/semua/. The web
# editor (/admin/) is not indexed and not asked: left out of every build.
SETTINGS = {"SEARCH": {"recent_news": 6}, "ADMIN": {"enabled": False}}
QUERIES = ["desa", "posyandu", "embung", "zamrud", "kenari", "inovasi", "sabu", "air bersih"]
ASK = """async ([bundles, queries]) => {
  const root = location.origin + "/";  // the site is served at the root
  const module = await import(new URL("pagefind/pagefind.js", root).href);
  const answers = {};
  for (const bundle of bundles) {
    const engine = module.createInstance({ basePath: new URL(bundle, root).href });
    await engine.init();
    const filters = await engine.filters();
    // The first value of each filter, to ask every query once narrowed by it too.
    const narrowings = [{}, ...Object.entries(filters).map(([name, values]) =>
      ({ [name]: Object.keys(values).sort()[0] }))];
    answers[bundle + " filters"] = filters;
    for (const term of queries) {
      for (const narrowing of narrowings) {
        const found = await engine.search(term, { filters: narrowing });
        const pages = await Promise.all(found.results.map((r) => r.data()));
        answers[`${bundle} ${term} ${JSON.stringify(narrowing)}`] = {
          unfiltered: found.unfilteredResultCount, filters: found.filters,
          pages: pages.map((d) => [d.url, d.meta.title, d.excerpt, d.filters]),
        };
      }
    }
  }
  return answers;
}"""
BUNDLES = ["pagefind/", "pagefind/semua/"]


def publish_build(folder) -> None:
    """`invoke build` as staff run it, in folder."""
    context = Context(Config(overrides={"run": {"in_stream": False, "hide": True}}))
    extra = shlex.join(["-e", *(f"{k}={json.dumps(v)}" for k, v in SETTINGS.items())])
    with context.cd(str(folder)):
        tasks.build_into(context, folder / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content", extra=extra)


def edit(content) -> dict[str, str]:
    """Edits of every kind a search result shows; what each made, for the assertions."""
    articles = sorted((content / "berita").rglob("*.md"))
    retitled, deleted, retagged = articles[0], articles[1], articles[2]
    text = retitled.read_text(encoding="utf-8")
    retitled.write_text("\n".join(
        "Title: Panen Garam Zamrud di Menia" if line.startswith("Title:") else line
        for line in text.split("\n")), encoding="utf-8")
    deleted_text = deleted.read_text(encoding="utf-8")
    deleted.unlink()
    text = retagged.read_text(encoding="utf-8")
    retagged.write_text("\n".join(
        "Tags: embung, kenari" if line.startswith("Tags:") else line
        for line in text.split("\n")), encoding="utf-8")
    added = content / "berita" / "2026" / "burung-kenari.md"
    added.parent.mkdir(parents=True, exist_ok=True)
    added.write_text("Title: Burung Kenari Kembali ke Hutan Bolou\nDate: 2026-11-01 08:00\n"
                     "Category: Kesehatan\nTags: posyandu\nAuthor: Maria Lado\n"
                     "Summary: Warga melihat burung kenari lagi.\nSlug: burung-kenari\n\n"
                     "Warga Desa Bolou melihat burung kenari di hutan dekat embung.\n",
                     encoding="utf-8")
    title = next(line for line in deleted_text.split("\n") if line.startswith("Title:"))
    return {"deleted_title": title.removeprefix("Title: ")}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("cari-hangat")
    warm = base / "hangat"
    write_site(warm / "content", 24, 4)
    categories = (warm / "content" / "data" / "kategori.yaml").read_text(encoding="utf-8")
    assert "nama: Kesehatan" in categories, "the added article's category must exist"
    publish_build(warm)
    made = edit(warm / "content")
    publish_build(warm)
    # The cold build is the reference, not what is tested: the same content and settings,
    # built in this process through the build API (what `newsroom.build` runs), no caches.
    cold = base / "dingin"
    shutil.copytree(warm / "content", cold / "content")
    built = run_build(cold, extra=SETTINGS)
    assert built.returncode == 0, built.stderr
    return warm / "output", built.output, made


def ask(page, server, folder) -> dict:
    page.goto(server(folder) + "cari/")
    return page.evaluate(ASK, [BUNDLES, QUERIES])


def test_a_warm_builds_search_answers_every_query_as_a_cold_builds(
        sites, chromium_page, static_server):
    warm, cold, made = sites
    warm_answers = ask(chromium_page, static_server, warm)
    cold_answers = ask(chromium_page, static_server, cold)
    assert not chromium_page.problems, chromium_page.problems
    assert warm_answers.keys() == cold_answers.keys()
    different = [key for key in warm_answers if warm_answers[key] != cold_answers[key]]
    assert not different, (different[:5], [warm_answers[k] for k in different[:1]],
                           [cold_answers[k] for k in different[:1]])

    # Not a trivial pass: the edits are in the index, and the queries find pages.
    def urls(key):
        return [hit[0] for hit in warm_answers[key]["pages"]]

    assert any("burung-kenari" in url for url in urls("pagefind/ kenari {}"))
    titles = [hit[1] for hit in warm_answers["pagefind/semua/ zamrud {}"]["pages"]]
    assert "Panen Garam Zamrud di Menia" in titles
    everything = [hit[1] for key, answer in warm_answers.items() if " filters" not in key
                  for hit in answer["pages"]]
    assert made["deleted_title"] not in everything
    assert len(urls("pagefind/semua/ desa {}")) >= 10
    assert any(json.dumps(json.loads(key.split(" ", 2)[2])) != "{}" and answer["pages"]
               for key, answer in warm_answers.items() if " filters" not in key)
