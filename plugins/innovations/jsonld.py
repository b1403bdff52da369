"""JSON-LD of an innovation profile. Pure shaping, no Pelican import.

The page is a schema.org `WebPage` (it has a last-updated date and a language) whose
`about` is a `GovernmentService`: most records are public services run by an OPD for
residents of named kecamatan, which is what GovernmentService describes (provider,
areaServed, audience, serviceType). `CreativeWork` would say nothing of who runs it
or where.
"""

from __future__ import annotations

from common.jsonld import script_json  # noqa: F401  (the generator imports it from here)

REGENCY = {"@type": "AdministrativeArea", "name": "Kabupaten Sabu Raijua",
           "identifier": "53.20"}



def profile(innovation, siteurl: str, publisher: str) -> dict:
    url = f"{siteurl}/{innovation.url}"
    service = {
        "@type": "GovernmentService",
        "name": innovation.nama,
        "description": innovation.ringkasan_teks,
        "url": url,
        "serviceType": innovation.bentuk.nama,
        "category": [u.nama for u in innovation.urusan],
        "provider": {"@type": "GovernmentOrganization",
                     "name": innovation.perangkat_daerah.nama,
                     "parentOrganization": {"@type": "GovernmentOrganization",
                                            "name": "Pemerintah Kabupaten Sabu Raijua"}},
        "areaServed": [{"@type": "AdministrativeArea", "name": f"Kecamatan {k.nama}",
                        "identifier": k.extra.get("kode", ""),
                        "containedInPlace": REGENCY} for k in innovation.kecamatan],
    }
    if innovation.penerima_manfaat:
        service["audience"] = [{"@type": "Audience", "audienceType": p["kelompok"]}
                               for p in innovation.penerima_manfaat]
    if innovation.penghargaan:
        service["award"] = [f"{a['nama']} ({a['tahun']})" for a in innovation.penghargaan]
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": innovation.nama,
        "url": url,
        "inLanguage": "id",
        "dateModified": innovation.diperbarui.isoformat(),
        "publisher": {"@type": "Organization", "name": publisher},
        "keywords": list(innovation.tag),
        "about": service,
    }
