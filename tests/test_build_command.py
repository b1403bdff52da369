"""Settings given on the command line (-e KEY=JSON) as Pelican expects them."""

from __future__ import annotations

from conftest import make_site, run_build


def test_log_filter_pairs_given_as_json_lists_are_taken(tmp_path):
    """JSON has no tuples: LOG_FILTER's (level, message) pairs arrive as lists, and Pelican
    puts them in a set. Before, the build stopped with CFG012 (unhashable type: 'list')."""
    build = run_build(make_site(tmp_path / "situs"),
                      extra={"LOG_FILTER": [[30, "pesan yang tidak perlu"]],
                             "SEARCH": {"enabled": False}})
    assert build.returncode == 0, build.stderr
    assert build.error_lines == []
    assert build.exists("index.html")
