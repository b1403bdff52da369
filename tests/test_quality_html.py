"""Gate: every HTML page of the built sample site is valid per the Nu HTML Checker."""

from __future__ import annotations

import pytest

from quality.html_checker import html_errors


def test_checker_reports_invalid_html(tmp_path):
    (tmp_path / "baik.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Baik</title></head>'
        "<body><p>Isi</p></body></html>", encoding="utf-8")
    (tmp_path / "rusak").mkdir()
    (tmp_path / "rusak" / "index.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Rusak</title></head>'
        '<body><p><div id="a"></div><span id="a">Isi</span></body></html>', encoding="utf-8")
    errors = html_errors(tmp_path)
    assert errors and all(line.startswith('"rusak/index.html":') for line in errors), errors
    assert any("Duplicate ID" in line for line in errors), errors


@pytest.mark.slow  # the Java checker over every page
def test_every_page_of_the_sample_site_is_valid_html(sample_build):
    errors = html_errors(sample_build.output)
    assert not errors, f"{len(errors)} galat HTML:\n" + "\n".join(errors)
