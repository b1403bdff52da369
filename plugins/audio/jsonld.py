"""schema.org AudioObject of a recording, for the article's JSON-LD. Pure, no Pelican import."""

from __future__ import annotations

from markupsafe import Markup

from . import model


def _plain(text) -> str:
    return str(Markup(str(text or "")).striptags())


def audio_object(recording: model.Recording, siteurl: str, publisher: str) -> dict:
    """schema.org AudioObject of a recording (for the article's JSON-LD)."""
    article = recording.content
    data = {
        "@context": "https://schema.org",
        "@type": "AudioObject",
        "name": recording.title,
        "description": _plain(getattr(article, "summary", "") or recording.title),
        "contentUrl": f"{siteurl}/{recording.mp3_url}",
        "encodingFormat": "audio/mpeg",
        "contentSize": f"{recording.mp3_bytes} B",
        "duration": model.iso_duration(recording.seconds),
        "inLanguage": "id",
        "publisher": {"@type": "Organization", "name": publisher},
        "associatedArticle": {"@type": "NewsArticle", "url": f"{siteurl}/{article.url}"},
    }
    if getattr(article, "date", None):
        data["uploadDate"] = article.date.isoformat()
    # No "transcript": the page prints it already, and an hour of talk twice would double
    # the page's weight on costly mobile data.
    return data
