"""Audio: recordings published as mono Opus + MP3 at -16 LUFS, cached, with an accessible
player, /dengar/, podcast feeds read as podcast apps read them, and /siaran/."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import mutagen
import pytest
from lxml import etree
from PIL import Image

from conftest import Build, make_site, shared_folder
from quality.builds import run_build_without_search as run_build  # audio, not search


from audio import model, transcode

PUBLISHER = "LPPL RSPD Sabu Raijua"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
WARTA_PAGI = "berita/2025/03/warta-pagi-nelayan/index.html"
SAPA = "berita/2025/03/sapa-warga-membahas-akta-kelahiran/index.html"
# One key only: conftest.run_build passes each as its own -e, and Pelican keeps the last.
SETTINGS = {"AUDIO": {"per_page": 2, "workers": 2}}


def make_recording(path: Path, seconds: float, *, volume_db: float = -20.0,
                   channels: int = 2, rate: int = 22050, tags: dict | None = None,
                   codec: list[str] | None = None) -> Path:
    """A tone with a slow tremolo (speech-like level changes), as a staff export would be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tag_args = [arg for key, value in (tags or {}).items()
                for arg in ("-metadata", f"{key}={value}")]
    subprocess.run(
        [transcode.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=330:sample_rate={rate}:duration={seconds}",
         "-af", f"tremolo=f=3:d=0.6,volume={volume_db}dB", "-ac", str(channels),
         *(codec or []), *tag_args, str(path)], check=True)
    return path


ORIGINAL_TAGS = {"title": "REKAMAN HP 0012", "artist": "Perekam Asli", "comment": "rahasia"}


def cover_png(size: int = 1600) -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (size, size - 100), (14, 76, 92)).save(buffer, "PNG")
    return buffer.getvalue()


def audio_site(folder: Path) -> Path:
    """fixtures/audio_site with its recordings made: quiet stereo WAV, tagged MP3, FLAC."""
    make_site(folder, {"content/audio/sampul-podcast.png": cover_png()}, base="audio_site")
    audio = folder / "content" / "audio" / "2025"
    make_recording(audio / "warta-pagi.wav", 6, volume_db=-32, tags=ORIGINAL_TAGS)
    make_recording(audio / "sapa-warga-akta.mp3", 4, volume_db=-12, rate=44100,
                   tags=ORIGINAL_TAGS, codec=["-c:a", "libmp3lame", "-b:a", "128k"])
    make_recording(audio / "warta-siang.flac", 3, volume_db=-20, channels=1)
    make_recording(audio / "draf.wav", 1)  # of a draft: checked, never published
    return folder


def made_audio_site(tmp_path_factory) -> Path:
    """audio_site built once per test run (shared by every worker: read only): the only
    cold build of it, where FFmpeg makes every derivative into its .cache/audio/."""

    def produce(folder: Path) -> None:
        audio_site(folder)
        build = run_build(folder, extra=SETTINGS)
        assert build.returncode == 0, build.stderr

    return shared_folder(tmp_path_factory, "audio-site", produce)


def audio_site_with_derivatives(folder: Path, made: Path) -> Path:
    """A copy of the made audio_site's content and audio cache (nothing else of .cache/):
    its builds transcode nothing (the derivatives' key holds no AUDIO setting but the
    encoding's), whatever else their settings change."""
    shutil.copytree(made / "content", folder / "content")
    shutil.copytree(made / ".cache" / "audio", folder / ".cache" / "audio")
    return folder


@pytest.fixture(scope="session")
def made_audio(tmp_path_factory) -> Path:
    return made_audio_site(tmp_path_factory)


@pytest.fixture(scope="session")
def audio_build(tmp_path_factory, made_audio) -> Build:
    """This worker's own build of audio_site (tests build again in its folder); its
    derivatives are the shared cold build's, from the cache."""
    folder = audio_site_with_derivatives(tmp_path_factory.mktemp("audio"), made_audio)
    build = run_build(folder, extra=SETTINGS)
    assert build.returncode == 0, build.stderr
    return build


def published_files(build: Build) -> dict[str, bytes]:
    return {p.relative_to(build.output).as_posix(): p.read_bytes()
            for p in sorted((build.output / "audio").rglob("*")) if p.is_file()}


# -- derivatives ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["warta-pagi", "sapa-warga-akta", "warta-siang"])
def test_derivatives_are_mono_speech_at_minus_16_lufs_with_the_sites_tags(audio_build, name):
    opus = audio_build.output / f"audio/2025/{name}.opus"
    mp3 = audio_build.output / f"audio/2025/{name}.mp3"
    found_opus, found_mp3 = mutagen.File(opus), mutagen.File(mp3)
    assert type(found_opus).__name__ == "OggOpus" and found_opus.info.channels == 1
    assert type(found_mp3).__name__ == "MP3" and found_mp3.info.channels == 1
    assert 48_000 <= found_mp3.info.bitrate <= 64_000
    # Ogg Opus has no header bit rate: bits over seconds, container overhead included.
    opus_rate = opus.stat().st_size * 8 / found_opus.info.length
    assert 20_000 <= opus_rate <= 40_000, opus_rate
    for path in (opus, mp3):
        assert abs(transcode.integrated_loudness(path) - (-16.0)) <= 1.0, path
    values = " ".join(str(v) for v in found_opus.tags.values()) + " ".join(
        str(found_mp3.tags[k]) for k in found_mp3.tags.keys())
    for original in ORIGINAL_TAGS.values():
        assert original not in values
    assert found_opus.tags["artist"] == [PUBLISHER]
    assert found_opus.tags["date"] == ["2025"]
    assert str(found_mp3.tags["TPE1"]) == PUBLISHER
    assert "COMM::XXX" not in found_mp3.tags and not found_mp3.tags.getall("COMM")


def test_site_tags_name_the_recording_and_its_programme(audio_build):
    opus = mutagen.File(audio_build.output / "audio/2025/sapa-warga-akta.opus")
    assert opus.tags["title"] == ["Sapa Warga: akta kelahiran"]
    assert opus.tags["album"] == ["Sapa Warga"]
    mp3 = mutagen.File(audio_build.output / "audio/2025/warta-pagi.mp3")
    assert str(mp3.tags["TIT2"]) == "Warta Pagi <Pasar> & Nelayan"
    assert str(mp3.tags["TALB"]) == "Warta Sabu Raijua"


def test_originals_are_never_published(audio_build):
    names = sorted(published_files(audio_build))
    assert names == ["audio/2025/sapa-warga-akta.mp3", "audio/2025/sapa-warga-akta.opus",
                     "audio/2025/sapa-warga-akta.txt", "audio/2025/warta-pagi.mp3",
                     "audio/2025/warta-pagi.opus", "audio/2025/warta-siang.mp3",
                     "audio/2025/warta-siang.opus", "audio/sampul-podcast.jpg"]


def test_a_warm_build_does_no_audio_work(audio_build, tmp_path, monkeypatch):
    """Rebuilt with FFmpeg taken away: every derivative must come from the cache, unchanged.

    imageio-ffmpeg reads IMAGEIO_FFMPEG_EXE at each call, so the build runs in-process (the
    cold build below stays a process: a worker's traceback would bypass this one's stderr)."""
    folder = audio_build.output.parent
    before = published_files(audio_build)
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "tidak-ada-ffmpeg"))
    warm = run_build(folder, extra=SETTINGS, output="output-warm")
    assert warm.returncode == 0, warm.stderr
    assert published_files(warm) == before


def test_a_cold_build_without_ffmpeg_fails_with_a_diagnostic_not_a_traceback(tmp_path):
    folder = make_site(tmp_path / "site", {
        "content/berita/rekaman.md": "Title: Rekaman\nDate: 2025-03-03 07:00\n"
                                     "Category: Pemerintahan\nAudio: audio/r.wav\n\nIsi.\n"})
    make_recording(folder / "content/audio/r.wav", 1)
    build = run_build(folder, env={"IMAGEIO_FFMPEG_EXE": str(tmp_path / "tidak-ada")})
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert build.error_lines == [
        "content/berita/rekaman.md:4:8: galat AUD015: 'Audio': rekaman 'audio/r.wav' tidak "
        "bisa diolah karena FFmpeg tidak dapat dijalankan; pasang ulang paket "
        "imageio-ffmpeg dengan `make serve` lalu bangun ulang"]


# -- the player -------------------------------------------------------------------------
def test_player_loads_nothing_before_play_and_says_duration_and_size(audio_build):
    page = audio_build.html(WARTA_PAGI)
    section = page.select_one("article section.rekaman")
    audio = section.select_one("audio")
    assert audio["preload"] == "none" and audio.has_attr("controls")
    assert not audio.has_attr("autoplay") and not audio.has_attr("src")
    sources = [(s["src"], s["type"]) for s in audio.select("source")]
    assert sources == [("../../../../audio/2025/warta-pagi.opus", "audio/ogg; codecs=opus"),
                       ("../../../../audio/2025/warta-pagi.mp3", "audio/mpeg")]
    opus_size = (audio_build.output / "audio/2025/warta-pagi.opus").stat().st_size
    heading = section.select_one("h2")
    assert heading.get_text() == f"Dengarkan · 6 detik · {round(opus_size / 1000)} KB"
    assert audio["aria-labelledby"] == heading["id"]
    download = section.select_one("a[download]")
    mp3_size = (audio_build.output / "audio/2025/warta-pagi.mp3").stat().st_size
    assert download["href"] == "../../../../audio/2025/warta-pagi.mp3"
    assert download.get_text() == f"Unduh rekaman (MP3, {round(mp3_size / 1000)} KB)"
    # The article is the transcript: said so, and its title is escaped, not markup.
    assert "Transkrip: isi berita di bawah ini" in section.get_text()
    assert section.select_one(".rekaman-judul").get_text().startswith(
        "Warta Pagi <Pasar> & Nelayan · Program Warta Sabu Raijua")


def test_a_transcript_file_is_shown_escaped_and_published(audio_build):
    section = audio_build.html(SAPA).select_one("section.rekaman")
    details = section.select_one("details#rekaman-transkrip")
    assert [p.get_text() for p in details.select("p")] == [
        "Paragraf pertama <b>transkrip</b>.", "Paragraf kedua."]
    assert details.select("b") == []
    assert section.select_one('a[href="#rekaman-transkrip"]').get_text() == "Baca transkrip"
    assert (audio_build.output / "audio/2025/sapa-warga-akta.txt").read_text() == \
        "Paragraf pertama <b>transkrip</b>.\n\nParagraf kedua.\n"


def test_an_article_without_a_recording_has_no_player(audio_build):
    page = audio_build.html("berita/2025/03/berita-tanpa-rekaman/index.html")
    assert page.select("audio") == [] and page.select("section.rekaman") == []


def test_article_json_ld_carries_an_audio_object(audio_build):
    import json

    page = audio_build.html(SAPA)
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    audio = [b for b in blocks if b.get("@type") == "AudioObject"]
    assert len(audio) == 1
    assert audio[0]["name"] == "Sapa Warga: akta kelahiran"
    assert audio[0]["duration"] == "PT4S"
    assert audio[0]["encodingFormat"] == "audio/mpeg"
    assert audio[0]["contentUrl"].endswith("audio/2025/sapa-warga-akta.mp3")
    assert "transcript" not in audio[0]  # printed once, in the page


# -- listings ---------------------------------------------------------------------------
def titles(page) -> list[str]:
    return [h.get_text() for h in page.select(".daftar-rekaman .kartu-judul")]


def test_dengar_lists_recordings_newest_first_in_pages(audio_build):
    first = audio_build.html("dengar/index.html")
    assert titles(first) == ["Warta Siang", "Sapa Warga Membahas Akta Kelahiran"]
    second = audio_build.html("dengar/halaman/2/index.html")
    assert titles(second) == ["Warta Pagi <Pasar> & Nelayan"]
    assert first.select_one('a[rel="next"]')["href"] == "../dengar/halaman/2/"
    assert [a.get_text() for a in first.select(".filter-program a")] == [
        "Semua program (3)", "Warta Sabu Raijua (2)", "Sapa Warga (1)"]
    assert first.select_one('.filter-program a[aria-current="page"]').get_text() == \
        "Semua program (3)"
    # A listed recording's transcript is on its article page.
    assert [a["href"] for a in first.select(".daftar-rekaman a")
            if a.get_text() == "Baca transkrip"] == [
        "../berita/2025/03/sapa-warga-membahas-akta-kelahiran/#rekaman-transkrip"]
    # Each listed player loads nothing before play and has its own ids.
    ids = [a["aria-labelledby"] for a in first.select("audio")]
    assert len(set(ids)) == 2 and all(a["preload"] == "none" for a in first.select("audio"))


def test_a_programme_page_lists_only_its_recordings(audio_build):
    page = audio_build.html("dengar/program/warta/index.html")
    assert titles(page) == ["Warta Siang", "Warta Pagi <Pasar> & Nelayan"]
    assert page.select_one('.filter-program a[aria-current="page"]').get_text() == \
        "Warta Sabu Raijua (2)"
    assert not audio_build.exists("dengar/program/musik-daerah/index.html")


def test_home_page_shows_the_latest_recordings_and_the_menu_links(audio_build):
    home = audio_build.html("index.html")
    section = home.select_one("section.rekaman-terbaru")
    assert [h.get_text() for h in section.select(".kartu-judul")] == [
        "Warta Siang", "Sapa Warga Membahas Akta Kelahiran", "Warta Pagi <Pasar> & Nelayan"]
    menu = {a.get_text(): a["href"] for a in home.select("nav.menu a")}
    # No stream address in this build: the link says what /siaran/ offers.
    assert menu["Dengar"] == "./dengar/" and menu["Jadwal siaran"] == "./siaran/"
    assert "Dengarkan siaran langsung" not in menu


def test_a_site_without_recordings_or_schedule_has_no_audio_pages(site):
    build = site(extra={"SEARCH": {"enabled": False}})
    assert build.returncode == 0, build.stderr
    assert not build.exists("dengar/index.html") and not build.exists("siaran/index.html")
    assert not build.exists("feeds/podcast.xml")
    labels = [a.get_text() for a in build.html("index.html").select("nav.menu a")]
    assert "Dengar" not in labels and "Dengarkan siaran langsung" not in labels
    assert "Jadwal siaran" not in labels


# -- /siaran/ ---------------------------------------------------------------------------
def test_siaran_shows_the_whole_schedule_without_javascript(audio_build):
    page = audio_build.html("siaran/index.html")
    rows = [[c.get_text() for c in tr.select("td, th")] for tr in page.select("tbody tr")]
    assert rows == [["Setiap hari", "07.00-07.30", "Warta Sabu Raijua"],
                    ["Senin", "08.00-09.00", "Sapa Warga"],
                    ["Senin-Sabtu", "09.00-12.00", "Musik Daerah"]]
    assert page.select_one("[data-siaran-kini]").has_attr("hidden")
    # No stream address set: no player that cannot play, and the page says so.
    assert page.select("audio") == []
    assert "Siaran langsung belum tersedia" in page.select_one("main").get_text()


def test_siaran_player_starts_only_on_request(made_audio, tmp_path):
    folder = audio_site_with_derivatives(tmp_path / "site", made_audio)
    build = run_build(folder, extra={"AUDIO": {"stream_url": "https://radio.example/langsung"}})
    assert build.returncode == 0, build.stderr
    page = build.html("siaran/index.html")
    assert page.select_one("h1").get_text() == "Siaran langsung LPPL RSPD Sabu Raijua"
    menu = {a.get_text(): a["href"] for a in page.select("nav.menu a")}
    assert menu["Dengarkan siaran langsung"] == "../siaran/"
    audio = page.select_one("audio")
    assert audio["src"] == "https://radio.example/langsung"
    assert audio["preload"] == "none" and not audio.has_attr("autoplay")


# -- podcast feeds --------------------------------------------------------------------------
def feed_tree(build: Build, path: str):
    return etree.parse(str(build.output / path)).getroot()


ITEM_RULES = [
    ("title", lambda item: bool(item.findtext("title"))),
    ("guid isPermaLink=false", lambda item: item.find("guid").get("isPermaLink") == "false"),
    ("pubDate RFC 822", lambda item: parsedate_to_datetime(item.findtext("pubDate")) is not None),
    ("enclosure url/length/type", lambda item: item.find("enclosure") is not None and all(
        item.find("enclosure").get(k) for k in ("url", "length", "type"))),
    ("enclosure absolute", lambda item: item.find("enclosure").get("url").startswith("http")),
    ("itunes:duration HH:MM:SS", lambda item: re.fullmatch(
        r"\d\d:\d\d:\d\d", item.findtext(f"{{{ITUNES}}}duration") or "") is not None),
    ("itunes:explicit", lambda item: item.findtext(f"{{{ITUNES}}}explicit") in ("true", "false")),
    ("podcast:transcript", lambda item: item.find(f"{{{PODCAST}}}transcript") is not None
     and item.find(f"{{{PODCAST}}}transcript").get("url", "").startswith("http")
     and item.find(f"{{{PODCAST}}}transcript").get("type") in ("text/html", "text/plain")),
]
CHANNEL_RULES = [
    ("title", lambda ch: bool(ch.findtext("title"))),
    ("link absolute", lambda ch: ch.findtext("link").startswith("http")),
    ("description", lambda ch: bool(ch.findtext("description"))),
    ("language id", lambda ch: ch.findtext("language") == "id"),
    ("itunes:image absolute", lambda ch: ch.find(f"{{{ITUNES}}}image").get("href", "")
     .startswith("http")),
    ("itunes:category", lambda ch: ch.find(f"{{{ITUNES}}}category") is not None),
    ("itunes:explicit", lambda ch: ch.findtext(f"{{{ITUNES}}}explicit") in ("true", "false")),
    ("itunes:author", lambda ch: bool(ch.findtext(f"{{{ITUNES}}}author"))),
    ("podcast:guid is a UUID", lambda ch: uuid.UUID(ch.findtext(f"{{{PODCAST}}}guid")) is not None),
]


@pytest.mark.parametrize("path", ["feeds/podcast.xml", "feeds/podcast/warta.xml",
                                  "feeds/podcast/sapa-warga.xml"])
def test_podcast_feeds_follow_the_rss_and_itunes_rules(audio_build, path):
    root = feed_tree(audio_build, path)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    broken = [name for name, rule in CHANNEL_RULES if not rule(channel)]
    for item in channel.findall("item"):
        broken += [f"item {item.findtext('title')}: {name}"
                   for name, rule in ITEM_RULES if not rule(item)]
    assert broken == []
    assert channel.findtext(f"{{{PODCAST}}}guid") == model.feed_guid(
        f"http://localhost:8000/{path}")


def test_a_podcast_app_lists_episodes_with_durations_covers_and_transcripts(audio_build):
    feed = feedparser.parse((audio_build.output / "feeds/podcast.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.language == "id"
    assert feed.feed.image.href == "http://localhost:8000/audio/sampul-podcast.jpg"
    assert [e.title for e in feed.entries] == [
        "Warta Siang", "Sapa Warga: akta kelahiran", "Warta Pagi <Pasar> & Nelayan"]
    for entry in feed.entries:
        enclosure = entry.enclosures[0]
        local = audio_build.output / enclosure.href.removeprefix("http://localhost:8000/")
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == local.stat().st_size
        assert entry.guidislink is False
    assert [e.itunes_duration for e in feed.entries] == ["00:00:03", "00:00:04", "00:00:06"]
    sapa = feed.entries[1]
    assert sapa.link == "http://localhost:8000/berita/2025/03/sapa-warga-membahas-akta-kelahiran/"
    root = feed_tree(audio_build, "feeds/podcast.xml")
    transcripts = [(t.get("url"), t.get("type"))
                   for t in root.iter(f"{{{PODCAST}}}transcript")]
    assert transcripts[1] == ("http://localhost:8000/audio/2025/sapa-warga-akta.txt",
                              "text/plain")
    assert transcripts[2] == ("http://localhost:8000/berita/2025/03/warta-pagi-nelayan/",
                              "text/html")
    with Image.open(audio_build.output / "audio/sampul-podcast.jpg") as cover:
        assert cover.format == "JPEG" and cover.mode == "RGB"
        assert cover.size == (1400, 1400)


def test_programme_feed_holds_only_its_episodes(audio_build):
    feed = feedparser.parse((audio_build.output / "feeds/podcast/warta.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Warta Siang", "Warta Pagi <Pasar> & Nelayan"]
    assert feed.feed.title == f"Warta Sabu Raijua · {PUBLISHER}"


def guids(build: Build) -> dict[str, str]:
    feed = feedparser.parse((build.output / "feeds/podcast.xml").read_bytes())
    return {e.enclosures[0].href.rsplit("/", 1)[1]: e.id for e in feed.entries}


def test_episode_guids_survive_edits_and_feeds_use_the_public_address(audio_build, tmp_path,
                                                                     monkeypatch):
    folder = tmp_path / "site"
    shutil.copytree(audio_build.output.parent / "content", folder / "content")
    shutil.copytree(audio_build.output.parent / ".cache", folder / ".cache")
    article = folder / "content/berita/warta-siang.md"
    article.write_text(article.read_text().replace("Title: Warta Siang", "Title: Warta Siang "
                                                   "Diperbarui").replace("Isi warta siang.",
                                                                         "Isi diubah."))
    # publishconf.py reads SITEURL from the environment as it is loaded: in-process too.
    monkeypatch.setenv("SITEURL", "https://contoh.go.id/kabar")
    edited = run_build(folder, settings="publishconf.py", extra=SETTINGS)
    assert edited.returncode == 0, edited.stderr
    assert guids(edited) == guids(audio_build)
    text = (edited.output / "feeds/podcast.xml").read_text()
    assert "localhost" not in text
    feed = feedparser.parse(text)
    assert feed.entries[0].title == "Warta Siang Diperbarui"
    assert feed.entries[0].enclosures[0].href == \
        "https://contoh.go.id/kabar/audio/2025/warta-siang.mp3"
    # Under a sub-path the player's sources are absolute and point at published files.
    page = edited.html("berita/2025/03/warta-siang-diperbarui/index.html")
    sources = [s["src"] for s in page.select("section.rekaman source")]
    assert sources == ["https://contoh.go.id/kabar/audio/2025/warta-siang.opus",
                       "https://contoh.go.id/kabar/audio/2025/warta-siang.mp3"]
    for url in sources:
        assert (edited.output / url.removeprefix("https://contoh.go.id/kabar/")).is_file()


def test_feeds_are_the_same_bytes_when_nothing_changed(audio_build, tmp_path):
    folder = audio_build.output.parent
    again = run_build(folder, extra=SETTINGS, output="output-again")
    assert again.returncode == 0, again.stderr
    for path in ("feeds/podcast.xml", "feeds/podcast/warta.xml"):
        assert (again.output / path).read_bytes() == (audio_build.output / path).read_bytes()


def test_a_page_can_carry_a_recording_shared_with_an_article(audio_build):
    page = audio_build.html("tentang/index.html")
    section = page.select_one("article section.rekaman")
    assert [s["src"] for s in section.select("source")] == [
        "../audio/2025/warta-siang.opus", "../audio/2025/warta-siang.mp3"]
    assert section.select_one(".rekaman-judul").get_text() == "Perkenalan stasiun"
    # Pages are not episodes: the feed and /dengar/ hold articles only.
    assert "Perkenalan stasiun" not in (audio_build.output / "feeds/podcast.xml").read_text()


def test_a_damaged_cache_entry_is_rendered_again(audio_build, tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(audio_build.output.parent / "content", folder / "content")
    shutil.copytree(audio_build.output.parent / ".cache", folder / ".cache")
    damaged = sorted((folder / ".cache/audio").glob("*/rekaman.opus"))[0]
    damaged.write_bytes(damaged.read_bytes()[:100])  # a disk that filled up
    assert not transcode.is_cached(damaged.parent)
    build = run_build(folder, extra=SETTINGS)
    assert build.returncode == 0, build.stderr
    assert transcode.is_cached(damaged.parent)
    assert published_files(build) == published_files(audio_build)


def test_a_cache_that_cannot_be_written_is_a_diagnostic(tmp_path):
    folder = make_site(tmp_path / "site", {
        "content/berita/rekaman.md": "Title: Rekaman\nDate: 2025-03-03 07:00\n"
                                     "Category: Pemerintahan\nAudio: audio/r.wav\n\nIsi.\n",
        "bukan-folder": "sebuah berkas, bukan folder\n"})
    make_recording(folder / "content/audio/r.wav", 1)
    build = run_build(folder, extra={"AUDIO": {"cache_dir": "bukan-folder/audio"}})
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert len(build.error_lines) == 1
    assert build.error_lines[0].startswith(
        "content/berita/rekaman.md:4:8: galat AUD016: 'Audio': hasil olahan rekaman "
        "'audio/r.wav' tidak bisa disimpan di bukan-folder/audio (disk penuh atau tanpa izin "
        "tulis); kosongkan ruang disk lalu bangun ulang (ditemukan: ")
