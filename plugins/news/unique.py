"""Two news files that would be written to the same address. Pure, no Pelican import."""

from __future__ import annotations

from typing import Hashable, Iterable


def clashes(items: Iterable[tuple[Hashable, str]]) -> list[tuple[Hashable, Hashable, str]]:
    """(key, first_key, address) for every item whose address an earlier item already has.

    Items are (key, address) pairs; pass them sorted so the first one stays the owner.
    """
    owner: dict[str, Hashable] = {}
    found = []
    for key, address in items:
        if address in owner:
            found.append((key, owner[address], address))
        else:
            owner[address] = key
    return found
