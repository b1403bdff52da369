"""News <-> innovations: the ids an article's `Inovasi:` line names. Pure, no Pelican import."""

from __future__ import annotations

import re
from collections import defaultdict

from common.textlines import split_lines

HEADER_KEY = re.compile(r"^ {0,3}(?P<key>[A-Za-z0-9_-]+):(?P<value>.*)$")


def split_ids(value) -> list[str]:
    """'a, b' -> ['a', 'b']; Pelican may also hand over a list."""
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def id_positions(text: str) -> dict[str, tuple[int, int]]:
    """Where each id of the header's `Inovasi:` line stands: id -> (line, column), 1-based."""
    positions: dict[str, tuple[int, int]] = {}
    lines = split_lines(text)
    start = 1 if lines and lines[0].strip() == "---" else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip():
            break
        match = HEADER_KEY.match(line)
        if not match or match["key"].lower() != "inovasi":
            continue
        offset = match.start("value")
        for part in re.finditer(r"[^,]+", match["value"]):
            name = part.group().strip()
            if name:
                column = offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
                positions.setdefault(name, (number, column + 1))
        break
    return positions


def link(articles: list, known: dict) -> tuple[dict, list]:
    """Index articles by innovation id once: (id -> articles in the given order, unknown refs).

    `known` maps id -> innovation. Each unknown ref is (article, id).
    """
    by_id: dict[str, list] = defaultdict(list)
    unknown = []
    for article in articles:
        ids = split_ids(getattr(article, "inovasi", None))
        for innovation_id in dict.fromkeys(ids):
            if innovation_id in known:
                by_id[innovation_id].append(article)
            else:
                unknown.append((article, innovation_id))
    return by_id, unknown
