"""Audio plugin's pure parts: words and numbers next to the player, paths, schedule, feeds."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest



from audio import feeds, model, schedule, transcode
from common import vocab
from common.diagnostics import FileProblem


@pytest.mark.parametrize("seconds, spoken, clock, iso", [
    (252, "4 menit 12 detik", "00:04:12", "PT4M12S"),
    (29.6, "30 detik", "00:00:30", "PT30S"),
    (0.2, "1 detik", "00:00:01", "PT1S"),
    (120, "2 menit", "00:02:00", "PT2M"),
    (3900, "1 jam 5 menit", "01:05:00", "PT1H5M"),
    (7200, "2 jam", "02:00:00", "PT2H"),
])
def test_durations(seconds, spoken, clock, iso):
    assert model.spoken_duration(seconds) == spoken
    assert model.clock_duration(seconds) == clock
    assert model.iso_duration(seconds) == iso


@pytest.mark.parametrize("size, text", [
    (1_100_000, "1,1 MB"), (1_049_999, "1,0 MB"), (12_345_678, "12,3 MB"),
    (420_400, "420 KB"), (300, "1 KB"),
])
def test_file_sizes_use_the_indonesian_decimal_comma(size, text):
    assert model.file_size(size) == text


@pytest.mark.parametrize("value, path", [
    ("audio/2025/x.wav", "audio/2025/x.wav"),
    ("/audio/2025/x.wav", "audio/2025/x.wav"),
    ("{static}/audio/x.mp3", "audio/x.mp3"),
    ("audio\\2025\\x.wav", "audio/2025/x.wav"),
    ("audio/../audio/x.wav", "audio/x.wav"),
    ("../rahasia.wav", None),
    ("audio/../../x.wav", None),
    ("", None),
])
def test_content_path(value, path):
    assert model.content_path(value) == path


def test_header_positions_stop_at_the_first_blank_line():
    text = "Title: A\nAudio:   audio/x.wav\n    lanjutan\nProgram: warta\n\nAudio: isi\n"
    found = model.header_positions(text)
    assert found["audio"] == model.Position(2, 10)
    assert found["program"] == model.Position(4, 10)


def test_feed_guid_follows_podcasting_2_0():
    # The example of the podcast namespace's documentation of <podcast:guid>.
    assert model.feed_guid("https://mp3s.nashownotes.com/pc20rss.xml") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert model.feed_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == \
        model.feed_guid("https://mp3s.nashownotes.com/pc20rss.xml")


def test_episode_guid_depends_on_the_original_only():
    one = model.Recording("audio/a.wav", "audio/a", "Judul", 1, 1, 1)
    edited = model.Recording("audio/a.wav", "audio/a", "Judul baru", 2, 2, 2)
    other = model.Recording("audio/b.wav", "audio/b", "Judul", 1, 1, 1)
    assert one.guid == edited.guid != other.guid


@pytest.mark.parametrize("value, days", [
    ("Senin", (1,)), ("senin, Rabu", (1, 3)), ("Senin dan Kamis", (1, 4)),
    ("Senin-Jumat", (1, 2, 3, 4, 5)), ("Senin sampai Rabu", (1, 2, 3)),
    ("setiap hari", (1, 2, 3, 4, 5, 6, 7)), (["Minggu", "Sabtu"], (6, 7)),
    ("Jumat-Senin", None), ("Senen", None), ("", None), (5, None),
])
def test_schedule_days(value, days):
    assert schedule.parse_days(value) == days


@pytest.mark.parametrize("value, minutes", [
    ("08:00", 480), ("8.30", 510), ("24:00", 1440), (480, 480),  # YAML 1.1 reads 8:00 as 480
    ("25:00", None), ("08:60", None), ("jam 8", None), (True, None), (None, None),
])
def test_schedule_times(value, minutes):
    assert schedule.parse_time(value) == minutes


@pytest.mark.parametrize("days, label", [
    ((1, 2, 3, 4, 5, 6, 7), "Setiap hari"), ((1, 2, 3, 4, 5), "Senin-Jumat"),
    ((1, 3), "Senin, Rabu"), ((6, 7), "Sabtu, Minggu"),
])
def test_schedule_day_labels(days, label):
    assert schedule.days_label(days) == label


def episode(number: int, **changes) -> feeds.Episode:
    values = dict(
        guid=f"guid-{number}", title=f"Episode {number} <b>&</b>", link=f"https://x.id/{number}/",
        description="Ringkasan", published=dt.datetime(2025, 3, number, 7,
                                                       tzinfo=dt.timezone(dt.timedelta(hours=8))),
        mp3_url=f"https://x.id/{number}.mp3", mp3_bytes=1000 + number,
        opus_url=f"https://x.id/{number}.opus", opus_bytes=500, duration="00:01:02",
        transcript_url=f"https://x.id/{number}/", transcript_type="text/html")
    values.update(changes)
    return feeds.Episode(**values)


CHANNEL = feeds.Channel(title="Rekaman", link="https://x.id/dengar/",
                        feed_url="https://x.id/feeds/podcast.xml", description="Deskripsi",
                        author="LPPL RSPD Sabu Raijua", image_url="https://x.id/sampul.jpg",
                        guid="917393e3-1b1e-5cef-ace4-edaa54e1f810")


def test_podcast_rss_is_read_by_a_feed_parser_as_written():
    xml = feeds.podcast_rss(CHANNEL, [episode(2), episode(1)])
    feed = feedparser.parse(xml)
    assert not feed.bozo and feed.version == "rss20"
    assert feed.feed.link == "https://x.id/dengar/"
    assert [e.title for e in feed.entries] == ["Episode 2 <b>&</b>", "Episode 1 <b>&</b>"]
    assert feed.entries[0].enclosures[0] == {"href": "https://x.id/2.mp3", "length": "1002",
                                              "type": "audio/mpeg"}
    assert feed.entries[0].itunes_duration == "00:01:02"
    assert feed.entries[0].id == "guid-2"
    # No clock in the feed: lastBuildDate is the newest episode's date.
    assert b"<lastBuildDate>Sun, 02 Mar 2025 07:00:00 +0800</lastBuildDate>" in xml
    assert feeds.podcast_rss(CHANNEL, [episode(2), episode(1)]) == xml


def test_an_owner_email_adds_itunes_owner():
    without = feeds.podcast_rss(CHANNEL, [episode(1)])
    assert b"itunes:owner" not in without
    import dataclasses

    owned = feeds.podcast_rss(dataclasses.replace(CHANNEL, owner_email="rspd@contoh.id"),
                              [episode(1)])
    assert b"<itunes:email>rspd@contoh.id</itunes:email>" in owned


def test_probe_refuses_what_is_not_a_recording(tmp_path):
    text = tmp_path / "catatan.mp3"
    text.write_bytes(b"bukan suara " * 100)
    with pytest.raises(FileProblem) as found:
        transcode.probe(text, 10_000_000, 600)
    assert found.value.kind == "format"
    with pytest.raises(FileProblem) as found:
        transcode.probe(tmp_path / "tidak-ada.wav", 10_000_000, 600)
    assert found.value.kind == "missing"
    with pytest.raises(FileProblem) as found:
        transcode.probe(tmp_path / "x.docx", 10_000_000, 600)
    assert (found.value.kind, found.value.detail) == ("format", ".docx")


def test_schedule_reads_names_and_slugs_of_programmes():
    programs = vocab.Vocabulary("program.yaml", [vocab.Entry("warta", "Warta Sabu Raijua")])

    class Marks:
        def of(self, path):
            return (len(path), 1)

    slots, problems = schedule.read_schedule(
        [{"program": "Warta Sabu Raijua", "hari": "Senin-Jumat", "mulai": "07:00",
          "selesai": "07:30"},
         {"program": "warta", "hari": "Minggu", "mulai": 480, "selesai": "24:00"}],
        Marks(), programs, "program.yaml")
    assert problems == []
    assert [(s.program.slug, s.hari, s.mulai, s.selesai, s.data_hari) for s in slots] == [
        ("warta", "Senin-Jumat", "07.00", "07.30", "1 2 3 4 5"),
        ("warta", "Minggu", "08.00", "24.00", "7")]


def test_is_cached_wants_a_whole_entry(tmp_path):
    entry = tmp_path / "entry"
    entry.mkdir()
    assert not transcode.is_cached(entry)
    (entry / transcode.OPUS_FILE).write_bytes(b"o" * 10)
    (entry / transcode.MP3_FILE).write_bytes(b"m" * 20)
    (entry / transcode.META_FILE).write_text('{"opus_bytes": 10, "mp3_bytes": 20, "seconds": 1.5}')
    assert transcode.is_cached(entry)
    (entry / transcode.MP3_FILE).write_bytes(b"m" * 5)
    assert not transcode.is_cached(entry)
    (entry / transcode.META_FILE).write_text('{"opus_bytes": 10, "mp3')
    assert not transcode.is_cached(entry)


def test_a_silent_recording_is_not_normalised(tmp_path):
    from test_audio import make_recording

    silent = make_recording(tmp_path / "senyap.wav", 1, volume_db=-200)
    job = transcode.Job(str(silent), str(tmp_path / "entry"), transcode.Encoding(),
                        transcode.Tags("t", "a", "b", "2025"), 1.0)
    assert transcode.render(job) == {"problem": "silent", "detail": ""}
    assert not (tmp_path / "entry").exists()
