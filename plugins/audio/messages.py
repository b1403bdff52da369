"""What staff read when an original cannot be used: a code and a sentence in Bahasa Indonesia.

Pure, no Pelican import. `kind` is a FileProblem's kind (transcode.py).
"""

from __future__ import annotations

from common.diagnostics import quote

from . import model


def problem_message(kind: str, detail: str, source: str, *, max_minutes: int,
                    max_megabytes: int, cache: str) -> tuple[str, str]:
    """(code, message) of a problem with the original `source` (relative to content/)."""
    if kind == "missing":
        return "AUD001", (f"rekaman '{source}' tidak ditemukan; simpan berkasnya sebagai "
                          f"content/{source} atau perbaiki nama berkasnya")
    if kind == "unreadable":
        return "AUD001", (f"rekaman '{source}' tidak bisa dibaca (izin berkas); "
                          "simpan ulang berkasnya")
    if kind == "too_long":
        return "AUD003", (f"rekaman '{source}' terlalu panjang: paling lama {max_minutes} "
                          "menit; potong rekamannya atau bagi menjadi beberapa berita "
                          f"(ditemukan: {model.spoken_duration(float(detail))})")
    if kind == "too_large":
        return "AUD004", (f"berkas rekaman '{source}' terlalu besar: paling besar "
                          f"{max_megabytes} MB; ekspor ulang sebagai MP3 atau FLAC "
                          f"(ditemukan: {model.file_size(int(detail))})")
    if kind == "engine":
        return "AUD015", (f"rekaman '{source}' tidak bisa diolah karena FFmpeg tidak dapat "
                          "dijalankan; pasang ulang paket imageio-ffmpeg dengan `make serve` "
                          "lalu bangun ulang")
    if kind == "cache":
        return "AUD016", (f"hasil olahan rekaman '{source}' tidak bisa disimpan di {cache} "
                          "(disk penuh atau tanpa izin tulis); kosongkan ruang disk lalu "
                          f"bangun ulang (ditemukan: {quote(detail)})")
    if kind == "silent":
        return "AUD002", (f"rekaman '{source}' senyap (tidak ada suara yang bisa diukur); "
                          "periksa hasil ekspor rekamannya")
    found = f" (ditemukan: {quote(detail)})" if kind == "format" and detail else ""
    return "AUD002", (f"berkas '{source}' bukan rekaman yang bisa dibaca (rusak, terpotong, "
                      "atau bukan WAV/MP3/M4A/OGG/FLAC); ekspor ulang dari aplikasi "
                      f"perekam{found}")
