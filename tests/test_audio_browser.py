"""Audio in a real browser: nothing downloaded before play, the player plays, /siaran/ marks
what is on air now (WITA) and shows the whole schedule without JavaScript."""

from __future__ import annotations

import pytest

from browser import StaticServer, open_page
from conftest import Build, run_build
from test_audio import audio_site_with_derivatives, made_audio_site

ARTICLE = "berita/2025/03/warta-pagi-nelayan/"
# The live stream of this fixture is a recording of the site itself, so it plays locally.
STREAM = "../audio/2025/warta-siang.mp3"


@pytest.fixture(scope="module")
def stream_build(tmp_path_factory) -> Build:
    """audio_site with a stream, search on; its derivatives come from the run's one cold
    build of audio_site (test_audio.made_audio_site), so FFmpeg is not run again."""
    folder = audio_site_with_derivatives(tmp_path_factory.mktemp("audio-browser"),
                                         made_audio_site(tmp_path_factory))
    build = run_build(folder, extra={"AUDIO": {"stream_url": STREAM}})
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def base(stream_build):
    """The stream build served once for the module (plain, as the tests before gzip)."""
    with StaticServer(stream_build.output) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def gzip_base(stream_build):
    with StaticServer(stream_build.output, gzip=True) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def shared_clock_page(chromium_browser):
    """One page for the tests that fix the clock and look at what a load shows: each sets
    its time, viewport and colour scheme and loads its own document; problems are
    collected afresh for each test."""
    context, page = open_page(chromium_browser)
    yield page
    context.close()


@pytest.fixture
def clock_page(shared_clock_page):
    shared_clock_page.problems.clear()
    shared_clock_page.set_viewport_size({"width": 1280, "height": 720})  # Playwright's default
    shared_clock_page.emulate_media(color_scheme="light")
    return shared_clock_page


def audio_requests(page) -> list[str]:
    return [url for url in page.requested if url.endswith((".opus", ".mp3"))]


def watch(page) -> None:
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))


PLAY_AND_WAIT = """async (selector) => {
  const audio = document.querySelector(selector);
  const playing = new Promise((resolve) => audio.addEventListener("playing", resolve, {once: true}));
  await audio.play();
  await playing;
  const start = audio.currentTime;
  // At most 1.2 s, as long as it ever waited; done as soon as half a second has played.
  const deadline = performance.now() + 1200;
  while (audio.currentTime - start < 0.5 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {start, now: audio.currentTime, paused: audio.paused, src: audio.currentSrc};
}"""


def test_article_audio_loads_nothing_until_played_then_plays(base, chromium_page):
    page = chromium_page
    watch(page)
    page.goto(base + ARTICLE)
    page.wait_for_load_state("networkidle")
    assert audio_requests(page) == []
    result = page.evaluate(PLAY_AND_WAIT, "audio[data-rekaman]")
    assert result["paused"] is False
    assert result["now"] - result["start"] >= 0.5, result
    # Chromium plays Opus, the first source; the MP3 is for browsers that cannot.
    assert result["src"] == base + "audio/2025/warta-pagi.opus"
    assert audio_requests(page) and all(u.endswith(".opus") for u in audio_requests(page))
    assert page.problems == []


def test_the_player_is_reachable_by_keyboard_and_named(base, clock_page):
    page = clock_page
    page.goto(base + ARTICLE)
    name = page.evaluate("""() => {
      const audio = document.querySelector("audio[data-rekaman]");
      audio.focus();
      const label = document.getElementById(audio.getAttribute("aria-labelledby"));
      return {focused: document.activeElement === audio, label: label.textContent};
    }""")
    assert name["focused"] is True
    assert name["label"].startswith("Dengarkan · 6 detik · ")


def test_live_stream_starts_only_on_request(base, chromium_page):
    page = chromium_page
    watch(page)
    page.goto(base + "siaran/")
    page.wait_for_load_state("networkidle")
    assert audio_requests(page) == []
    result = page.evaluate(PLAY_AND_WAIT, "audio[data-siaran-langsung]")
    assert result["now"] - result["start"] >= 0.5, result
    assert result["src"] == base + "audio/2025/warta-siang.mp3"


@pytest.mark.parametrize("utc, row, status", [
    ("2025-03-03T00:30:00Z", "Sapa Warga", "Sedang mengudara: Sapa Warga (08.00-09.00 WITA)"),
    ("2025-03-08T23:10:00Z", "Warta Sabu Raijua",  # Sunday 07:10 WITA
     "Sedang mengudara: Warta Sabu Raijua (07.00-07.30 WITA)"),
    ("2025-03-09T01:30:00Z", None,  # Sunday 09:30 WITA: Musik Daerah is Senin-Sabtu only
     "Tidak ada acara terjadwal pada jam ini."),
])
def test_siaran_marks_what_is_on_air_now_in_wita(base, clock_page, utc, row, status):
    page = clock_page
    page.clock.set_fixed_time(utc)
    page.goto(base + "siaran/")
    shown = page.locator("[data-siaran-kini]")
    assert shown.is_visible()
    assert shown.text_content() == status
    current = page.locator('tbody tr[aria-current="time"] th')
    if row is None:
        assert current.count() == 0
    else:
        assert current.all_text_contents() == [row]
    assert page.problems == []


def test_siaran_without_javascript_shows_the_whole_schedule(base, chromium_page_nojs):
    page = chromium_page_nojs
    page.goto(base + "siaran/")
    assert page.locator("tbody tr").count() == 3
    assert not page.locator("[data-siaran-kini]").is_visible()
    assert page.locator('tr[aria-current]').count() == 0


@pytest.mark.parametrize("path", [ARTICLE, "dengar/", "dengar/program/warta/", "siaran/", ""])
def test_audio_pages_have_no_wcag_violation(base, clock_page, path):
    """Light and dark: the page is loaded once and the colour scheme changed in place."""
    from quality.axe import describe, violations

    page = clock_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.clock.set_fixed_time("2025-03-03T00:30:00Z")  # a row is marked on /siaran/
    page.goto(base + path)
    failures = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found = violations(page)
        if found:
            failures.append(f"{path} ({scheme}):\n{describe(found)}")
    assert not failures, "\n".join(failures)
    assert page.problems == []


def test_recordings_are_found_by_their_programme(base, chromium_page):
    """'Raijua' is only in the programme name (Warta Sabu Raijua) of the two warta articles."""
    from urllib.parse import urlsplit

    page = chromium_page
    page.goto(base + "cari/?q=raijua")
    page.locator("[data-cari-hasil] h2 a").first.wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")
    hrefs = page.locator("[data-cari-hasil] h2 a").evaluate_all("links => links.map(a => a.href)")
    assert sorted(urlsplit(h).path for h in hrefs) == [
        "/berita/2025/03/warta-pagi-nelayan/", "/berita/2025/03/warta-siang/"]


@pytest.mark.parametrize("path", [ARTICLE, "dengar/", ""])
def test_pages_with_players_stay_within_the_article_budget(gzip_base, chromium_page, path):
    """HTML+CSS+JS at most 30 KB gzipped (tests/test_quality_weight.py's budget), and no
    recording among what a phone loads, scrolled to the end, before anyone presses play."""
    from quality.weight import code_bytes, load, table

    page = chromium_page
    page.set_viewport_size({"width": 360, "height": 740})
    transfers = load(page, gzip_base + path, scroll=True)
    assert not [t.url for t in transfers if t.url.endswith((".opus", ".mp3"))]
    assert code_bytes(transfers) <= 30 * 1024, table(transfers)
