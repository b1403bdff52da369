"""Neighbours in time and related articles by shared tags. Pure, no Pelican import."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import Hashable, Sequence

# How many nearest articles of each tag are weighed; keeps the work linear in the
# number of articles even when one tag is on thousands of them.
WINDOW = 12


def related_by_tags(
    items: Sequence[tuple[Hashable, float, Sequence[Hashable]]], count: int
) -> dict[Hashable, list[Hashable]]:
    """For each (key, timestamp, tags), the keys of up to `count` related items.

    Related means sharing tags: more shared tags first, then nearer in time.
    Only the WINDOW items nearest in time within each tag are weighed.
    """
    by_tag: dict[Hashable, list[tuple[float, int]]] = defaultdict(list)
    for index, (_key, stamp, tags) in enumerate(items):
        for tag in tags:
            by_tag[tag].append((stamp, index))
    for members in by_tag.values():
        members.sort()

    result: dict[Hashable, list[Hashable]] = {}
    for index, (key, stamp, tags) in enumerate(items):
        shared: dict[int, int] = defaultdict(int)
        for tag in set(tags):
            members = by_tag[tag]
            at = bisect_left(members, (stamp, index))
            low, high = max(0, at - WINDOW), min(len(members), at + WINDOW + 1)
            for _stamp, other in members[low:high]:
                if other != index:
                    shared[other] += 1
        ranked = sorted(shared, key=lambda o: (-shared[o], abs(items[o][1] - stamp), o))
        result[key] = [items[o][0] for o in ranked[:count]]
    return result
