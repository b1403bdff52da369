"""Podcast feeds: RSS 2.0 with the iTunes and Podcasting 2.0 tags, written by feedgen.

Pure, no Pelican import. feedgen's podcast extension writes the iTunes tags; the small
extension below adds what it lacks: podcast:guid, podcast:locked, podcast:transcript,
podcast:alternateEnclosure (the Opus file), and itunes:explicit as Apple now spells it
("true"/"false": feedgen 1.0 only accepts the older "yes"/"no"/"clean").
Nothing depends on the clock: lastBuildDate is the newest episode's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Channel:
    title: str
    link: str          # the listing page, absolute
    feed_url: str      # this feed, absolute
    description: str
    author: str
    image_url: str     # square cover 1400-3000 px, absolute
    guid: str          # podcast:guid
    categories: tuple[tuple[str, str], ...] = (("News", "Daily News"), ("Government", ""))
    owner_email: str = ""
    language: str = "id"


@dataclass(frozen=True)
class Episode:
    guid: str
    title: str
    link: str
    description: str
    published: dt.datetime  # timezone-aware
    mp3_url: str
    mp3_bytes: int
    opus_url: str
    opus_bytes: int
    duration: str           # HH:MM:SS
    transcript_url: str
    transcript_type: str    # text/html or text/plain


class _PodcastIndex(BaseExtension):
    """Channel tags of the Podcasting 2.0 namespace."""

    def __init__(self):
        self.guid = ""
        self.explicit = "false"

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed):
        channel = feed[0]
        xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        xml_elem(f"{{{PODCAST_NS}}}locked", channel).text = "no"
        xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = self.explicit
        return feed


class _PodcastIndexEntry(BaseEntryExtension):
    """Item tags of the Podcasting 2.0 namespace."""

    def __init__(self):
        self.episode: Episode | None = None

    def extend_rss(self, item):
        episode = self.episode
        if episode is None:
            return item
        xml_elem(f"{{{ITUNES_NS}}}explicit", item).text = "false"
        transcript = xml_elem(f"{{{PODCAST_NS}}}transcript", item)
        transcript.attrib.update({"url": episode.transcript_url,
                                  "type": episode.transcript_type, "language": "id"})
        alternate = xml_elem(f"{{{PODCAST_NS}}}alternateEnclosure", item)
        alternate.attrib.update({"type": "audio/ogg; codecs=opus",
                                 "length": str(episode.opus_bytes), "title": "Opus"})
        xml_elem(f"{{{PODCAST_NS}}}source", alternate).attrib["uri"] = episode.opus_url
        return item


def podcast_rss(channel: Channel, episodes: list[Episode]) -> bytes:
    """The feed as UTF-8 bytes; episodes newest first, as given."""
    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.register_extension("podcastindex", _PodcastIndex, _PodcastIndexEntry)
    feed.title(channel.title)
    feed.link(href=channel.feed_url, rel="self")  # feedgen writes the last link as <link>
    feed.link(href=channel.link, rel="alternate")
    feed.description(channel.description)
    feed.language(channel.language)
    feed.generator("Kabar & Inovasi Sabu Raijua")
    feed.lastBuildDate(episodes[0].published if episodes else EPOCH)
    feed.image(url=channel.image_url, title=channel.title, link=channel.link)
    feed.podcast.itunes_author(channel.author)
    feed.podcast.itunes_image(channel.image_url)
    feed.podcast.itunes_summary(channel.description)
    feed.podcast.itunes_type("episodic")
    feed.podcast.itunes_category([{"cat": cat, "sub": sub} if sub else {"cat": cat}
                                  for cat, sub in channel.categories])
    if channel.owner_email:  # Apple's directory wants it; podcast apps do without
        feed.podcast.itunes_owner(name=channel.author, email=channel.owner_email)
    feed.podcastindex.guid = channel.guid
    for episode in episodes:
        entry = feed.add_entry(order="append")
        entry.guid(episode.guid, permalink=False)
        entry.title(episode.title)
        entry.link(href=episode.link)
        entry.description(episode.description or episode.title)
        entry.published(episode.published)
        entry.enclosure(episode.mp3_url, str(episode.mp3_bytes), "audio/mpeg")
        entry.podcast.itunes_duration(episode.duration)
        entry.podcast.itunes_episode_type("full")
        entry.podcastindex.episode = episode
    return feed.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
