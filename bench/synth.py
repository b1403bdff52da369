"""Deterministic synthetic content for scale tests: news articles, pages, innovations.

`write_site(out, articles, innovations)` writes a content tree (berita/, halaman/, data/,
and inovasi/ when innovations > 0) that builds with the project's settings. The text is
assembled from real Indonesian words and phrases about life in the regency; the same
arguments always give a byte-identical tree. Never committed (see .gitignore).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data"
SEED = 5320  # Kemendagri code of Kabupaten Sabu Raijua
MARKER = ".synth"  # marks a folder written here, so a rerun may clear it
FIRST_YEAR, LAST_YEAR = 2016, 2025
MIN_WORDS, MAX_WORDS = 300, 900
INNOVATION_SHARE = 10  # about one article in this many reports on innovations

KECAMATAN = ["Sabu Barat", "Sabu Tengah", "Sabu Timur", "Sabu Liae", "Hawu Mehara", "Raijua"]
DESA = ["Menia", "Mebba", "Seba", "Nadawawi", "Ledeke", "Bolua", "Raerobo", "Eilogo",
        "Lobohede", "Bodae", "Deme", "Ledeana", "Molie", "Kujiratu", "Wadumaddi", "Ballu"]
AUTHORS = ["Sofyan", "Maria Lado", "Yohanes Djami", "Ester Bunga", "Agustinus Riwu",
           "Dorkas Ludji", "Markus Kana", "Yuliana Tede", "Petrus Dara", "Ribka Mone",
           "Simon Haba", "Naomi Lay"]
TAGS = [
    "stunting", "posyandu", "puskesmas", "imunisasi", "gizi anak", "air bersih", "embung",
    "jalan desa", "listrik desa", "pelabuhan seba", "kapal feri", "nelayan", "rumput laut",
    "ikan tongkol", "lontar", "gula sabu", "tuak", "tenun ikat", "kacang hijau", "sorgum",
    "jagung", "ternak babi", "sapi", "kambing", "musim kemarau", "musim hujan", "angin kencang",
    "gelombang tinggi", "bencana", "sekolah dasar", "guru honorer", "beasiswa", "literasi",
    "perpustakaan desa", "adminduk", "ktp elektronik", "akta kelahiran", "bantuan sosial",
    "kemiskinan ekstrem", "dana desa", "musrenbang", "apbd", "pelayanan publik",
    "inovasi daerah", "disabilitas", "kesetaraan gender", "partisipasi warga", "pariwisata",
    "pantai", "budaya hawu", "gereja", "hut ri", "pemilu", "umkm", "pasar seba", "harga bbm",
    "sinyal internet", "rspd", "kesehatan ibu", "lansia",
]

# Phrase banks. A sentence is a frame filled from these; each theme adds its own nouns.
COMMON = {
    "actor": ["Bupati Sabu Raijua", "Wakil Bupati Sabu Raijua", "Sekretaris Daerah",
              "Asisten Pemerintahan", "Camat {kec}", "Kepala Desa {desa}", "Ketua DPRD",
              "tokoh masyarakat {desa}", "Ketua TP PKK", "warga Desa {desa}",
              "perwakilan kelompok disabilitas", "Kepala Bappelitbangda"],
    "say": ["mengatakan", "menjelaskan", "menegaskan", "menyampaikan", "mengungkapkan",
            "berharap", "mengingatkan", "menilai"],
    "time": ["pada Senin pagi", "pada Selasa siang", "pada Rabu", "pada Kamis sore",
             "pada Jumat pagi", "pada Sabtu", "pekan lalu", "sejak awal bulan ini",
             "selama tiga hari", "hingga akhir tahun", "dalam beberapa bulan terakhir",
             "menjelang musim hujan", "saat musim kemarau panjang"],
    "place": ["di Aula Kantor Bupati di Menia", "di Kecamatan {kec}", "di Desa {desa}",
              "di Balai Desa {desa}", "di Gedung Gereja GMIT di {desa}",
              "di halaman Kantor Camat {kec}", "di Pelabuhan Seba", "di Pulau Raijua",
              "di Lapangan Umum Menia"],
    "verb": ["meninjau", "membahas", "meresmikan", "memantau", "mendata", "menyiapkan",
             "memperkuat", "memperbaiki", "menyalurkan", "mendampingi", "mengevaluasi",
             "menyosialisasikan"],
    "result": ["warga tidak lagi harus menempuh perjalanan jauh",
               "pelayanan menjadi lebih cepat dan murah",
               "data penerima bantuan menjadi lebih tepat",
               "anak-anak dapat belajar dengan tenang",
               "keluarga nelayan memiliki penghasilan tambahan",
               "antrean di kantor pelayanan berkurang",
               "warga penyandang disabilitas lebih mudah mendapat layanan",
               "ibu hamil mendapat pemeriksaan secara rutin"],
    "close": ["Kegiatan ini akan dilanjutkan di kecamatan lain pada tahap berikutnya.",
              "Pemerintah daerah meminta warga ikut mengawasi pelaksanaannya.",
              "Hasil kegiatan akan dilaporkan dalam rapat koordinasi bulan depan.",
              "Warga dapat menyampaikan pertanyaan melalui siaran RSPD Sabu Raijua.",
              "Ia berterima kasih atas dukungan semua pihak yang terlibat."],
    "weather": ["Cuaca di Sabu Raijua sedang panas dengan angin timur yang kencang.",
                "Hujan pertama mulai turun di beberapa desa setelah kemarau panjang.",
                "BMKG memperkirakan gelombang laut setinggi dua sampai tiga meter.",
                "Debit air di embung mulai menurun karena musim kemarau.",
                "Angin barat membuat kapal nelayan tidak berani melaut."],
}
THEMES = {
    "pemerintahan": {
        "thing": ["rencana kerja perangkat daerah", "pelayanan administrasi kependudukan",
                  "musyawarah perencanaan pembangunan", "anggaran pendapatan dan belanja daerah",
                  "laporan keuangan desa", "disiplin aparatur sipil negara",
                  "penyaluran dana desa", "data kemiskinan ekstrem"],
        "group": ["aparatur sipil negara", "kepala desa", "perangkat daerah", "anggota DPRD",
                  "petugas Dukcapil", "pendamping desa"],
        "head": ["Rapat Koordinasi", "Pelayanan Publik", "Musrenbang", "Dana Desa", "Adminduk"],
    },
    "kesehatan": {
        "thing": ["pemeriksaan ibu hamil", "imunisasi dasar lengkap", "pemberian makanan tambahan",
                  "penimbangan balita di posyandu", "pencegahan stunting",
                  "layanan puskesmas keliling", "penyuluhan gizi seimbang",
                  "persediaan obat di puskesmas"],
        "group": ["kader posyandu", "bidan desa", "tenaga kesehatan", "ibu balita",
                  "petugas puskesmas", "kelompok lansia"],
        "head": ["Posyandu", "Stunting", "Gizi Anak", "Imunisasi", "Puskesmas Keliling"],
    },
    "pendidikan": {
        "thing": ["kegiatan belajar mengajar", "pojok baca desa", "bantuan seragam sekolah",
                  "ujian sekolah dasar", "pelatihan guru", "beasiswa mahasiswa daerah",
                  "perbaikan ruang kelas", "gerakan literasi"],
        "group": ["guru sekolah dasar", "kepala sekolah", "siswa SMP", "orang tua murid",
                  "pegiat literasi", "mahasiswa"],
        "head": ["Literasi", "Sekolah", "Guru", "Beasiswa", "Ruang Kelas"],
    },
    "ekonomi": {
        "thing": ["harga kebutuhan pokok", "pasar mingguan", "usaha gula sabu",
                  "pinjaman modal usaha kecil", "penjualan tenun ikat", "pasokan bahan bakar",
                  "bantuan sosial tunai", "pelatihan kewirausahaan"],
        "group": ["pedagang pasar", "pelaku UMKM", "penenun", "koperasi desa",
                  "keluarga penerima manfaat", "pengusaha lokal"],
        "head": ["Harga Pasar", "UMKM", "Bantuan Sosial", "Koperasi", "Modal Usaha"],
    },
    "sosial-budaya": {
        "thing": ["upacara adat", "festival budaya Hawu", "lomba tenun ikat",
                  "ibadah bersama", "kerja bakti desa", "perayaan hari kemerdekaan",
                  "pentas tari ledo", "pelestarian bahasa Hawu"],
        "group": ["tokoh adat", "pemuda gereja", "sanggar budaya", "penenun perempuan",
                  "warga kampung adat", "pelajar"],
        "head": ["Budaya Hawu", "Tenun Ikat", "Tokoh Adat", "Kerja Bakti", "Festival"],
    },
    "pertanian-dan-perikanan": {
        "thing": ["sadapan lontar", "budi daya rumput laut", "hasil tangkapan ikan",
                  "penanaman kacang hijau", "bibit sorgum", "pakan ternak",
                  "alat tangkap nelayan", "pengolahan gula lontar"],
        "group": ["nelayan", "penyadap lontar", "petani rumput laut", "kelompok tani",
                  "peternak", "penyuluh pertanian"],
        "head": ["Lontar", "Rumput Laut", "Nelayan", "Musim Tanam", "Ternak"],
    },
    "infrastruktur": {
        "thing": ["jalan lingkar Sabu", "embung desa", "jaringan air bersih",
                  "penerangan jalan", "dermaga nelayan", "jembatan desa",
                  "menara telekomunikasi", "gedung puskesmas pembantu"],
        "group": ["kontraktor", "pekerja lapangan", "dinas pekerjaan umum", "warga sekitar",
                  "pengawas proyek", "petugas PLN"],
        "head": ["Jalan Desa", "Air Bersih", "Embung", "Listrik", "Dermaga"],
    },
    "inovasi-daerah": {
        "thing": ["inovasi pelayanan publik", "layanan jemput bola", "aplikasi pengaduan warga",
                  "kaji cepat inovasi", "pendataan digital", "replikasi inovasi",
                  "indeks inovasi daerah", "kolaborasi dengan mitra pembangunan"],
        "group": ["tim inovasi daerah", "perangkat daerah", "pendamping program",
                  "warga pengguna layanan", "petugas layanan", "mitra pembangunan"],
        "head": ["Inovasi Daerah", "Layanan Jemput Bola", "Kaji Cepat", "Replikasi",
                 "Pengaduan Warga"],
    },
}
# A category staff add later gets the words of all themes together.
ALL_THEMES = {key: sorted({w for t in THEMES.values() for w in t[key]})
              for key in ("thing", "group", "head")}
TITLE_VERB = ["Dorong", "Perkuat", "Tinjau", "Bahas", "Percepat", "Siapkan", "Perluas",
              "Evaluasi", "Dukung", "Awasi"]
TITLE_SUBJECT = ["Pemkab", "Warga", "Dinas", "Camat", "Kader", "Pemerintah Desa", "DPRD",
                 "Tim Gabungan", "RSPD", "Relawan"]
WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Words as the tests count them: runs of letters or digits."""
    return len(WORD.findall(text))


def capital(text: str) -> str:
    """First letter upper case, the rest as written (keeps 'PLN', 'SMP')."""
    return text[:1].upper() + text[1:]


def headline(text: str) -> str:
    """Title case as Indonesian newsrooms write it: small words stay lower case."""
    small = {"di", "dan", "dengan", "ke", "untuk", "dari", "yang"}
    return " ".join(w if w in small or w.isupper() else capital(w) for w in text.split())


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_categories(data_dir: Path) -> list[tuple[str, str]]:
    """(nama, slug) of every news category, in file order."""
    entries = yaml.safe_load((data_dir / "kategori.yaml").read_text(encoding="utf-8"))
    return [(e["nama"], e["slug"]) for e in entries]


class Writer:
    """Fills sentence frames from the phrase banks with one seeded random generator."""

    def __init__(self, rng: random.Random, theme: dict):
        self.rng = rng
        self.theme = theme

    def pick(self, bank: str) -> str:
        words = self.theme[bank] if bank in self.theme else COMMON[bank]
        text = self.rng.choice(words)
        if "{" in text:
            text = text.format(kec=self.rng.choice(KECAMATAN), desa=self.rng.choice(DESA))
        return text

    def sentence(self) -> str:
        return capital(self._frame())

    def _frame(self) -> str:
        p, roll = self.pick, self.rng.randrange(7)
        if roll == 0:
            return (f"{p('actor')} {p('say')} bahwa {p('thing')} {p('place')} "
                    f"harus berjalan baik agar {p('result')}.")
        if roll == 1:
            return f"{capital(p('group'))} {p('verb')} {p('thing')} {p('place')} {p('time')}."
        if roll == 2:
            return (f"Menurut {p('actor')}, {p('thing')} menjadi perhatian bersama "
                    f"karena {p('result')}.")
        if roll == 3:
            return (f"Sebanyak {self.rng.randrange(12, 480)} {p('group')} "
                    f"ikut serta dalam kegiatan {p('thing')} {p('time')}.")
        if roll == 4:
            return f"Dengan {p('thing')}, {p('result')}."
        if roll == 5:
            return (f"{p('actor')} juga {p('say')} bahwa {p('group')} perlu "
                    f"{p('verb')} {p('thing')} secara rutin.")
        return self.rng.choice(COMMON["weather"] if self.rng.random() < 0.4 else COMMON["close"])

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randrange(2, 6)))

    def body(self, target: int, author: str) -> str:
        """Paragraphs, maybe a subheading and a list, ending with the radio's sign-off."""
        signoff = f"({author.upper()}/LPPL RSPD SABU RAIJUA)"
        blocks: list[str] = []
        words = count_words(signoff)
        heading_at = self.rng.randrange(2, 6) if self.rng.random() < 0.5 else -1
        list_at = self.rng.randrange(1, 5) if self.rng.random() < 0.3 else -1
        while True:
            if len(blocks) == heading_at:
                block = f"## {self.pick('head')} di {self.rng.choice(KECAMATAN)}"
            elif len(blocks) == list_at:
                items = self.rng.sample(self.theme["thing"], self.rng.randrange(3, 6))
                block = "\n".join(f"- {capital(item)}" for item in items)
            else:
                block = self.paragraph()
            size = count_words(block)
            if words >= MIN_WORDS and words + size > target:
                break
            if words + size > MAX_WORDS:
                continue  # a shorter block may still fit
            blocks.append(block)
            words += size
        blocks.append(signoff)
        return "\n\n".join(blocks)


def _title(rng: random.Random, theme: dict, taken: set[str]) -> str:
    for _attempt in range(20):
        title = (f"{rng.choice(TITLE_SUBJECT)} {rng.choice(TITLE_VERB)} "
                 f"{headline(rng.choice(theme['thing']))} di {rng.choice(DESA + KECAMATAN)}")
        if slugify(title) not in taken:
            return title
    number = 2
    while slugify(f"{title} {number}") in taken:
        number += 1
    return f"{title} {number}"


def _date(rng: random.Random) -> dt.datetime:
    start = dt.datetime(FIRST_YEAR, 1, 1, 6, 0)
    days = (dt.date(LAST_YEAR, 12, 31) - dt.date(FIRST_YEAR, 1, 1)).days
    return start + dt.timedelta(days=rng.randrange(days + 1), minutes=rng.randrange(15 * 60))


def _prepare(out: Path) -> None:
    """Start from an empty folder; clear it only when this module wrote it."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} berisi berkas lain dan bukan folder sintetis; "
                             "pilih folder kosong atau folder baru")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Ditulis oleh bench/synth.py; boleh dihapus.\n", encoding="utf-8")


def _innovation_ids(out: Path, innovations: int) -> list[str]:
    """Write innovation records with bench/synth_innovations.py; return their ids."""
    if innovations <= 0:
        return []
    try:
        from synth_innovations import write_innovations
    except ImportError as error:
        raise SystemExit(
            "bench/synth_innovations.py (write_innovations) belum ada, jadi inovasi sintetis "
            f"tidak dapat ditulis; jalankan dengan --innovations 0 ({error})") from None
    write_innovations(out / "inovasi", innovations, random.Random(SEED + 1))
    # Records are content/inovasi/<id>.yaml: the file name is the id.
    return sorted(p.stem for p in (out / "inovasi").glob("*.yaml"))


def write_site(out: Path, articles: int, innovations: int = 0) -> dict:
    """Write the synthetic content tree into out/; return how many files of each kind."""
    out = Path(out)
    _prepare(out)
    shutil.copytree(DATA, out / "data")
    categories = read_categories(out / "data")
    innovation_ids = _innovation_ids(out, innovations)

    # Articles draw from their own generator, so adding innovations changes only Inovasi lines.
    rng = random.Random(SEED)
    authors = rng.sample(AUTHORS, rng.randrange(8, 13))
    taken: set[str] = set()
    folders: set[Path] = set()
    linked = 0
    for _number in range(articles):
        name, slug_of_category = rng.choice(categories)
        theme = THEMES.get(slug_of_category, ALL_THEMES)
        writer = Writer(rng, theme)
        title = _title(rng, theme, taken)
        slug = slugify(title)
        taken.add(slug)
        date = _date(rng)
        author = rng.choice(authors)
        tags = rng.sample(TAGS, rng.randrange(2, 5))
        summary = writer.sentence()
        body = writer.body(rng.randrange(MIN_WORDS + 20, MAX_WORDS - 20), author)
        lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}", f"Category: {name}",
                 f"Tags: {', '.join(tags)}", f"Author: {author}", f"Summary: {summary}",
                 f"Slug: {slug}"]
        if innovation_ids and rng.randrange(INNOVATION_SHARE) == 0:
            chosen = rng.sample(innovation_ids, min(len(innovation_ids), rng.randrange(1, 3)))
            lines.append(f"Inovasi: {', '.join(chosen)}")
            linked += 1
        folder = out / "berita" / str(date.year)
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        (folder / f"{slug}.md").write_text("\n".join(lines) + "\n\n" + body + "\n",
                                           encoding="utf-8")

    pages = out / "halaman"
    pages.mkdir()
    (pages / "tentang.md").write_text(
        "Title: Tentang\nSlug: tentang\n"
        "Summary: Situs sintetis untuk uji skala, bukan isi nyata.\n\n"
        "Situs ini berisi berita sintetis yang disusun otomatis untuk menguji kecepatan "
        "pembangunan situs LPPL RSPD Sabu Raijua. Isinya bukan peristiwa nyata.\n",
        encoding="utf-8")
    return {"berita": articles, "halaman": 1, "inovasi": len(innovation_ids),
            "berita_dengan_inovasi": linked}
