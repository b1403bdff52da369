"""Visible focus and readable marks (issue 16, point 7), measured from computed styles.

In light and dark colours: every focus ring has at least 3:1 contrast against the
background it is drawn on (the teal header included), form fields are told apart from
their background at 3:1, chart bars and timeline marks at 3:1, and chart labels keep
their size on a 320 px phone.
"""

from __future__ import annotations

import pytest

PAGES = ["", "berita/2023/03/lokakarya-kaji-cepat-inovasi-pelayanan-publik/",
         "inovasi/kartu-nelayan-sabu/", "inovasi/", "inovasi/statistik/", "cari/?q=layanan",
         "tentang/"]

HELPERS = """
const rgba = (text) => { const n = text.match(/[\\d.]+/g).map(Number); return {r: n[0], g: n[1], b: n[2], a: n.length > 3 ? n[3] : 1}; };
const lum = ({r, g, b}) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const backdrop = (el) => { for (let up = el.parentElement; up; up = up.parentElement) {
    const c = rgba(getComputedStyle(up).backgroundColor); if (c.a > 0.5) return c; }
  return matchMedia('(prefers-color-scheme: dark)').matches ? {r: 18, g: 22, b: 21, a: 1} : {r: 255, g: 255, b: 255, a: 1}; };
const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className || ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`;
"""

# The focused element (null when focus is back on the body) and its focus ring's problem:
# one round trip per Tab stop.
FOCUS = "() => {" + HELPERS + """
  const el = document.activeElement;
  if (el === document.body) return null;
  const key = el.outerHTML.slice(0, 200); const s = getComputedStyle(el);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) return {key, found: `${name(el)}: no focus ring`};
  const r = ratio(rgba(s.outlineColor), backdrop(el));
  return {key, found: r < 3 ? `${name(el)}: focus ring ${r.toFixed(2)}:1` : null}; }"""

MARKS = "() => {" + HELPERS + """
  const out = [];
  for (const el of document.querySelectorAll('input[type=search], input[type=text], select')) {
    const s = getComputedStyle(el); const back = backdrop(el);
    const r = Math.max(ratio(rgba(s.borderTopColor), back), ratio(rgba(s.backgroundColor), back));
    if (r < 3) out.push(`${name(el)}: field edge ${r.toFixed(2)}:1`); }
  for (const el of document.querySelectorAll('.grafik-batang')) {
    const r = ratio(rgba(getComputedStyle(el).fill), backdrop(el.closest('svg')));
    if (r < 3) out.push(`chart bar ${r.toFixed(2)}:1`); }
  for (const el of document.querySelectorAll('.linimasa li')) {
    const s = getComputedStyle(el, '::before');
    const mark = el.classList.contains('tercapai') ? s.backgroundColor : s.borderTopColor;
    const r = ratio(rgba(mark), backdrop(el.firstElementChild));
    if (r < 3) out.push(`timeline mark (${el.className}) ${r.toFixed(2)}:1`); }
  return out; }"""


@pytest.fixture(scope="module")
def site_url(sample_build):
    from browser import StaticServer

    with StaticServer(sample_build.output) as server:
        yield server.base_url


@pytest.fixture
def page(module_page):
    module_page.problems.clear()
    module_page.emulate_media(color_scheme="light")
    module_page.set_viewport_size({"width": 1280, "height": 720})  # Playwright's default
    return module_page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_rings_fields_and_marks_have_contrast(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    problems: list[str] = []
    checked = 0
    for url in PAGES:
        page.goto(site_url + url)
        if url.startswith("cari/"):
            page.wait_for_function(
                "() => document.querySelector('[data-cari-status]').textContent !== ''")
            page.locator("details.cari-saring > summary").click()
            page.locator("[data-cari-kelompok] input").first.wait_for()
        problems += [f"/{url}: {p}" for p in page.evaluate(MARKS)]
        seen = set()
        for _ in range(120):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS)
            if stop is None or stop["key"] in seen:
                break
            seen.add(stop["key"])
            checked += 1
            if stop["found"]:
                problems.append(f"/{url}: {stop['found']}")
    assert checked > 100
    assert problems == [], "\n".join(sorted(set(problems)))


def test_chart_labels_keep_their_size_on_a_phone(page, site_url):
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(site_url + "inovasi/statistik/")
    sizes = page.locator(".grafik-label").evaluate_all("""labels => labels.map(label => {
        const svg = label.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(label).fontSize) * scale; })""")
    assert sizes and min(sizes) >= 13, sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
