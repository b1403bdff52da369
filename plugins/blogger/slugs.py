"""Addresses for imported posts: a-z0-9 slugs, transliterated where the script allows.

Pure functions, no Pelican import.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from unidecode import unidecode

NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 80


def slugify(text: str) -> str:
    """'Bupati Resmikan Pasar Seba!' -> 'bupati-resmikan-pasar-seba'; '' when nothing is left."""
    ascii_text = unidecode(unicodedata.normalize("NFKC", text)).lower()
    slug = NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug


def transliterates(text: str) -> bool:
    """True when the title's letters mostly become Latin letters (Latin, Greek, Cyrillic...).

    Scripts unidecode only guesses at (Chinese read as Mandarin, Japanese, Arabic without
    vowels) give slugs that mean nothing to the writer: Blogger's own filename is kept then.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    guessed = sum(1 for ch in letters
                  if unicodedata.name(ch, "").split(" ")[0] in
                  ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "HEBREW", "THAI", "TAMIL",
                   "DEVANAGARI", "BENGALI", "ETHIOPIC", "KHMER", "LAO", "MYANMAR", "TIBETAN"))
    return guessed * 2 < len(letters)


def blogger_slug(old_path: str) -> str:
    """'/2023/03/bupati-resmikan.html' -> 'bupati-resmikan' (as a-z0-9 slug)."""
    stem = PurePosixPath(old_path).stem if old_path else ""
    return slugify(stem)


def post_slug(title: str, old_path: str, blogger_id: str) -> str:
    """The slug of an imported post: from its title, else Blogger's filename, else its id."""
    if transliterates(title):
        slug = slugify(title)
        if slug:
            return slug
    return blogger_slug(old_path) or f"berita-{blogger_id[-12:] or 'arsip'}"


def unique(slug: str, taken: set[str]) -> str:
    """slug, or slug-2, slug-3... the first not in taken."""
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"
