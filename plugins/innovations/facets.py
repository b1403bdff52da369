"""The catalogue's facets: innovations grouped by stage, OPD, affair, kecamatan and year.

Pure, no Pelican import. Each facet lists its values in vocabulary order (years newest
first) with the innovations that carry them; values nobody carries are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class FacetValue:
    slug: str
    nama: str
    url: str
    innovations: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.innovations)


@dataclass
class Facet:
    key: str        # the part of the URL: inovasi/<key>/<value>/
    judul: str      # heading shown: "Tahapan"
    values: list[FacetValue]


# (url key, heading, how to read the values of one innovation)
FACETS = (
    ("tahapan", "Tahapan", lambda i: [i.tahapan]),
    ("opd", "Perangkat daerah", lambda i: [i.perangkat_daerah]),
    ("urusan", "Urusan pemerintahan", lambda i: i.urusan),
    ("kecamatan", "Kecamatan", lambda i: i.kecamatan),
    ("tahun", "Tahun mulai", lambda i: [i.tahun] if i.tahun else []),
)


def build_facets(innovations: list, vocabularies: dict, prefix: str = "inovasi") -> list[Facet]:
    """Every facet of the catalogue; innovations keep their given order in each value."""
    order = {"tahapan": vocabularies["tahapan"].entries,
             "opd": vocabularies["perangkat_daerah"].entries,
             "urusan": vocabularies["urusan"].entries,
             "kecamatan": vocabularies["kecamatan"].entries}
    facets = []
    for key, title, values_of in FACETS:
        groups: dict = defaultdict(list)
        for innovation in innovations:
            for value in values_of(innovation):
                groups[value].append(innovation)
        if key == "tahun":
            labels = [(str(year), str(year)) for year in sorted(groups, reverse=True)]
            members = {str(year): groups[year] for year in groups}
        else:
            labels = [(e.slug, e.nama) for e in order[key] if e in groups]
            members = {e.slug: groups[e] for e in order[key] if e in groups}
        facets.append(Facet(key, title, [
            FacetValue(slug, name, f"{prefix}/{key}/{slug}/", members[slug])
            for slug, name in labels
        ]))
    return facets


def counts(innovations: list, values_of, entries: list | None = None) -> list[tuple[str, int]]:
    """(label, count) per value, in vocabulary order when entries are given, else by label."""
    tally: dict = defaultdict(int)
    for innovation in innovations:
        for value in values_of(innovation):
            tally[value] += 1
    if entries is not None:
        return [(e.nama, tally[e]) for e in entries if tally[e]]
    return [(str(k), tally[k]) for k in sorted(tally)]
