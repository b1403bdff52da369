"""Audio mistakes staff can make: all listed at once, in Bahasa Indonesia, no traceback,
output/ untouched."""

from __future__ import annotations

from conftest import make_site
from quality.builds import run_build_without_search as run_build  # audio, not search
from test_audio import cover_png, make_recording

ARTICLE = """Title: {title}
Date: 2025-03-0{day} 07:00
Category: Pemerintahan
{lines}
Isi berita.
"""


def article(title: str, day: int, lines: str) -> str:
    return ARTICLE.format(title=title, day=day, lines=lines)


def test_every_audio_mistake_is_listed_at_once(tmp_path):
    folder = make_site(tmp_path / "site", {
        "content/audio/sampul-podcast.png": cover_png(),
        "content/berita/hilang.md": article("Hilang", 1, "Audio: audio/tidak-ada.wav\n"),
        "content/berita/rusak.md": article("Rusak", 2, "Audio: audio/bukan-suara.mp3\n"),
        "content/berita/panjang.md": article("Panjang", 3, "Audio: audio/panjang.mp3\n"),
        "content/berita/besar.md": article("Besar", 4, "Audio: audio/besar.wav\n"),
        "content/berita/program.md": article(
            "Program", 5, "Audio: audio/baik.flac\nProgram: Kabar Desa\n"),
        "content/berita/transkrip.md": article(
            "Transkrip", 6, "Audio: audio/baik.flac\nTranskrip: audio/tidak-ada.txt\n"),
        "content/berita/transkrip-kendali.md": article(
            "Transkrip Kendali", 7, "Audio: audio/baik.flac\nTranskrip: audio/kendali.txt\n"),
        "content/audio/kendali.txt": "Selamat pagi,\npendengar\x07 setia.\n",
        "content/berita/tanpa-audio.md": article(
            "Tanpa Audio", 7, "Audio_Title: Judul rekaman\nProgram: warta\n"),
        "content/berita/di-luar.md": article("Di Luar", 8, "Audio: ../rahasia.wav\n"),
        "content/berita/jenis.md": article("Jenis", 9, "Audio: audio/catatan.docx\n"),
        "content/berita/senyap.md": article("Senyap", 1, "Audio: audio/senyap.wav\n"),
        "content/audio/bukan-suara.mp3": b"ini bukan berkas suara, hanya teks\n" * 50,
        "content/audio/catatan.docx": b"PK\x03\x04",
        "content/data/program.yaml": "- nama: Warta Sabu Raijua\n  slug: warta\n",
        "content/data/siaran.yaml": (
            "- program: warta\n  hari: Senen\n  mulai: \"07:00\"\n  selesai: \"07:30\"\n"
            "- program: kabar-desa\n  hari: Senin\n  mulai: \"25:00\"\n  selesai: \"08:00\"\n"
            "- program: warta\n  hari: setiap hari\n  mulai: \"12:30\"\n  selesai: \"12:00\"\n"
            "- program: warta\n  hari: Senin\n"),
    })
    audio = folder / "content/audio"
    make_recording(audio / "panjang.mp3", 65, rate=8000, channels=1,
                   codec=["-c:a", "libmp3lame", "-b:a", "16k"])
    make_recording(audio / "besar.wav", 40, rate=16000, channels=1)
    make_recording(audio / "baik.flac", 1, channels=1)
    make_recording(audio / "senyap.wav", 2, volume_db=-200)
    secret = tmp_path / "rahasia.wav"
    make_recording(secret, 1)
    # A link out of content/ stops the build before anything is read (CNT005):
    # tests/test_trust_files.py has content/audio/tautan.wav.
    output = folder / "output"
    output.mkdir()
    (output / "lama.html").write_text("situs lama", encoding="utf-8")

    build = run_build(folder, extra={"AUDIO": {"max_minutes": 1, "max_megabytes": 1}})

    assert build.returncode == 1
    assert "Traceback" not in build.stderr + build.stdout
    assert build.error_lines == [
        # build_report's check of files nothing reads: the audio plugin claims only recordings.
        "content/audio/catatan.docx: galat CNT003: berkas ini tidak dibaca situs (jenis berkas "
        "tidak dikenal di folder ini); pindahkan ke luar folder content/ atau hapus",
        "content/audio/kendali.txt:2:10: galat AUD006: transkrip: karakter kendali tak "
        "terlihat (U+0007) di sini; hapus karakter itu (sering terbawa saat menyalin dari "
        "aplikasi lain)",
        "content/berita/besar.md:4:8: galat AUD004: 'Audio': berkas rekaman 'audio/besar.wav' "
        "terlalu besar: paling besar 1 MB; ekspor ulang sebagai MP3 atau FLAC "
        "(ditemukan: 1,3 MB)",
        "content/berita/di-luar.md:4:8: galat AUD008: 'Audio' harus menunjuk berkas di dalam "
        "content/audio/, misalnya 'audio/2025/sapa-warga.wav' (ditemukan: '../rahasia.wav')",
        "content/berita/hilang.md:4:8: galat AUD001: 'Audio': rekaman 'audio/tidak-ada.wav' "
        "tidak ditemukan; simpan berkasnya sebagai content/audio/tidak-ada.wav atau perbaiki "
        "nama berkasnya",
        "content/berita/jenis.md:4:8: galat AUD002: 'Audio': berkas 'audio/catatan.docx' bukan "
        "rekaman yang bisa dibaca (rusak, terpotong, atau bukan WAV/MP3/M4A/OGG/FLAC); ekspor "
        "ulang dari aplikasi perekam (ditemukan: '.docx')",
        "content/berita/panjang.md:4:8: galat AUD003: 'Audio': rekaman 'audio/panjang.mp3' "
        "terlalu panjang: paling lama 1 menit; potong rekamannya atau bagi menjadi beberapa "
        "berita (ditemukan: 1 menit 5 detik)",
        "content/berita/program.md:5:10: galat AUD005: 'Program' harus salah satu dari "
        "Warta Sabu Raijua (daftar program ada di content/data/program.yaml) "
        "(ditemukan: 'Kabar Desa')",
        "content/berita/rusak.md:4:8: galat AUD002: 'Audio': berkas 'audio/bukan-suara.mp3' "
        "bukan rekaman yang bisa dibaca (rusak, terpotong, atau bukan WAV/MP3/M4A/OGG/FLAC); "
        "ekspor ulang dari aplikasi perekam",
        "content/berita/senyap.md:4:8: galat AUD002: 'Audio': rekaman 'audio/senyap.wav' "
        "senyap (tidak ada suara yang bisa diukur); periksa hasil ekspor rekamannya",
        "content/berita/tanpa-audio.md:4:14: galat AUD007: baris 'Audio_Title' hanya berlaku "
        "bersama baris 'Audio'; tambahkan 'Audio:' dengan berkas rekamannya atau hapus baris ini",
        "content/berita/tanpa-audio.md:5:10: galat AUD007: baris 'Program' hanya berlaku "
        "bersama baris 'Audio'; tambahkan 'Audio:' dengan berkas rekamannya atau hapus baris ini",
        "content/berita/transkrip.md:5:12: galat AUD006: berkas transkrip tidak ditemukan, "
        "kosong, atau bukan teks UTF-8; simpan transkrip sebagai berkas .txt di content/audio/ "
        "atau hapus baris 'Transkrip' bila isi berita sudah sama dengan rekamannya "
        "(ditemukan: 'audio/tidak-ada.txt')",
        "content/data/siaran.yaml:2:9: galat AUD012: acara ke-1: 'hari' harus nama hari (Senin "
        "sampai Minggu), misalnya 'Senin', 'Senin, Rabu', 'Senin-Jumat' atau 'setiap hari' "
        "(ditemukan: 'Senen')",
        "content/data/siaran.yaml:5:12: galat AUD011: acara ke-2: 'program' harus salah satu "
        "dari warta (daftar program ada di content/data/program.yaml) "
        "(ditemukan: 'kabar-desa')",
        "content/data/siaran.yaml:7:10: galat AUD013: acara ke-2: 'mulai' harus jam WITA "
        "berbentuk JJ:MM dalam tanda kutip, misalnya \"08:00\" (ditemukan: '25:00')",
        "content/data/siaran.yaml:12:12: galat AUD014: acara ke-3: 'selesai' harus setelah "
        "'mulai' (12.30); untuk tengah malam tulis \"24:00\" (ditemukan: '12.00')",
        "content/data/siaran.yaml:13:3: galat AUD010: acara ke-4: baris 'mulai' tidak ada "
        "atau kosong",
        "content/data/siaran.yaml:13:3: galat AUD010: acara ke-4: baris 'selesai' tidak ada "
        "atau kosong",
    ]
    assert sorted(p.name for p in output.iterdir()) == ["lama.html"]
