"""The registry of diagnostic codes: every code the site reports, with its usual severity,
a one-line title and help text in Bahasa Indonesia.

Every `record`/`warn` in plugins/ uses a code listed here (tests/test_diagnostics_data.py
checks both ways), and the staff guide's table of messages is rendered from this list
when the site is built (`render_table`, placed where panduan.md holds TABLE_MARKER), so the
guide and the codes cannot drift apart. Pure data and pure functions; no Pelican import.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

ERROR = "galat"  # the same words as common.diagnostics.ERROR / WARNING
WARNING = "peringatan"
# A code that is an error in one place and a warning in another (the guide says so).
BOTH = "galat atau peringatan"

# The paragraph in a page's Markdown that the build replaces with the table of codes.
TABLE_MARKER = "[[daftar-kode-pesan]]"


@dataclass(frozen=True)
class Code:
    """One diagnostic code: what it is called and what staff do about it."""

    code: str
    severity: str  # ERROR, WARNING, or BOTH: an error in one place, a warning in another
    title: str  # one line, what went wrong
    help: str  # what to do, one or two sentences

    @property
    def group(self) -> str:
        return self.code.rstrip("0123456789")


E, W = ERROR, WARNING
_ENTRIES: tuple[tuple[str, str, str, str], ...] = (
    # --- Web editor (plugins/admin, newsroom/editor_*) ---
    ("ADM001", E, "Pengaturan penyunting web salah bentuk",
     "Perbaiki nilai yang disebut di ADMIN atau PENYUNTING_GIT; alamat harus diawali https:// "
     "(http hanya untuk localhost)."),
    ("ADM002", E, "Berkas penyunting web (Decap CMS) belum terpasang",
     "Jalankan `make build` atau `npm ci` sekali di folder proyek, lalu bangun ulang."),
    ("ADM003", E, "PENYUNTING_GIT bukan objek JSON",
     "Tulis variabel itu sebagai objek JSON, misalnya {\"name\": \"github\", \"repo\": "
     "\"pemilik/situs\"}."),
    ("ADM010", E, "Penyunting menulis di luar folder yang boleh diubah",
     "Simpan berkas hanya di folder isi yang dipakai formulir (berita, inovasi, halaman, "
     "foto)."),
    ("ADM011", E, "Permintaan ke penyimpan lokal tidak datang dari pratinjau",
     "Buka penyunting dari http://localhost:8000/admin/ di komputer ini."),
    ("ADM012", E, "Permintaan ke penyimpan lokal rusak atau terlalu besar",
     "Muat ulang penyunting; foto paling besar 64 MB."),
    # --- Recordings (plugins/audio) ---
    ("AUD001", E, "Rekaman tidak ditemukan atau 'Audio' kosong",
     "Simpan rekaman di content/audio/ dan tulis jalurnya di baris 'Audio'."),
    ("AUD002", E, "Rekaman senyap atau bukan berkas audio yang dapat dibaca",
     "Ekspor ulang rekamannya sebagai WAV, MP3, M4A, OGG, Opus atau FLAC."),
    ("AUD003", E, "Rekaman terlalu panjang",
     "Potong rekamannya atau bagi menjadi beberapa berita."),
    ("AUD004", E, "Berkas rekaman terlalu besar",
     "Ekspor ulang sebagai MP3 atau FLAC."),
    ("AUD005", E, "'Program' tidak ada di daftar program",
     "Pakai nama atau kode dari content/data/program.yaml, atau tambahkan programnya di sana."),
    ("AUD006", E, "Berkas transkrip tidak ditemukan atau bukan teks",
     "Simpan transkrip sebagai berkas .txt (UTF-8) di content/ dan periksa jalurnya."),
    ("AUD007", E, "Baris rekaman tanpa baris 'Audio'",
     "Tambahkan 'Audio:' dengan berkas rekamannya, atau hapus baris itu."),
    ("AUD008", E, "'Audio' menunjuk ke luar folder rekaman",
     "Simpan rekaman di content/audio/ dan tulis jalurnya dari situ."),
    ("AUD009", E, "Sampul podcast tidak memenuhi syarat",
     "Pakai gambar JPEG atau PNG persegi seukuran yang disebut pesan."),
    ("AUD010", E, "Jadwal siaran tidak dapat dibaca",
     "Perbaiki penulisan YAML jadwal siaran di baris yang disebut."),
    ("AUD011", E, "Jadwal menyebut program yang tidak ada",
     "Pakai nama atau kode dari daftar program."),
    ("AUD012", E, "Hari siaran salah tulis",
     "Tulis nama hari, misalnya 'Senin', 'Senin, Rabu' atau 'Senin-Jumat'."),
    ("AUD013", E, "Jam siaran salah format",
     "Tulis jam WITA berbentuk JJ:MM dalam tanda kutip, misalnya \"08:00\"."),
    ("AUD014", E, "Jam selesai tidak setelah jam mulai",
     "Periksa 'mulai' dan 'selesai'; untuk tengah malam ikuti petunjuk di pesan."),
    ("AUD015", E, "FFmpeg tidak dapat dijalankan",
     "Pasang ulang paket dengan `make serve`, lalu bangun ulang."),
    ("AUD016", E, "Hasil olahan rekaman tidak dapat disimpan",
     "Kosongkan ruang disk atau periksa izin tulis folder .cache/, lalu bangun ulang."),
    # --- Blogger import (plugins/blogger) ---
    ("BLG001", E, "Alamat lama Blogger salah bentuk",
     "Tulis alamat lama seperti /2023/03/judul.html atau /p/judul.html."),
    ("BLG002", E, "Teks foto arsip Blogger dipakai di luar foto impor",
     "Tulis isi gambar di antara kurung siku sebagai teks alternatif."),
    ("BLG003", E, "Alamat lama Blogger dipakai dua berita",
     "Satu alamat Blogger hanya untuk satu berita; hapus salah satunya."),
    ("BLG004", W, "Foto arsip belum punya teks alternatif",
     "Ganti teks pengganti foto arsip dengan isi gambarnya."),
    # --- News and pages (plugins/news) ---
    ("BRT001", E, "Baris keterangan wajib tidak ada",
     "Tambahkan baris yang disebut pesan (misalnya 'Title:') di awal berkas."),
    ("BRT002", E, "Judul kosong",
     "Tulis judul berita di baris 'Title'."),
    ("BRT003", E, "Baris 'Date' tidak ada",
     "Tambahkan tanggal dan jam terbit dalam WITA, misalnya 'Date: 2025-12-12 09:00'."),
    ("BRT004", E, "Tanggal salah format",
     "Tulis 'Date: TTTT-BB-HH JJ:MM' dalam WITA, misalnya 'Date: 2025-12-12 09:00'."),
    ("BRT005", E, "Baris 'Category' tidak ada",
     "Tambahkan baris 'Category:' dengan salah satu kategori di content/data/kategori.yaml."),
    ("BRT006", E, "Kategori tidak terdaftar",
     "Salin salah satu nama dari daftar, atau tambahkan kategori baru di "
     "content/data/kategori.yaml."),
    ("BRT007", E, "Foto sampul tanpa teks alternatif",
     "Tambahkan baris 'Cover_Alt:' yang menjelaskan isi gambar."),
    ("BRT008", E, "Berkas berita kosong",
     "Tulis baris keterangan (Title, Date, Category, ...) lalu isi berita, atau hapus berkasnya."),
    ("BRT009", E, "Baris keterangan tidak dikenal",
     "Periksa ejaan nama baris (misalnya 'Title', 'Date', 'Category')."),
    ("BRT010", E, "Berkas bukan teks UTF-8 atau terpotong",
     "Simpan ulang berkas sebagai teks UTF-8."),
    ("BRT011", E, "Daftar kategori tidak memuat kategori yang sah",
     "Tulis sedikitnya satu kategori di content/data/kategori.yaml."),
    ("BRT012", E, "Alamat halaman sudah dipakai berita lain",
     "Ubah judulnya atau tambahkan baris 'Slug:' yang berbeda."),
    ("BRT013", E, "'Template' bukan templat untuk jenis tulisan ini",
     "Hapus baris 'Template' untuk memakai templat yang biasa."),
    ("BRT014", E, "Alamat sudah dipakai situs sendiri",
     "Ganti baris 'Slug' (atau judul) dengan alamat lain."),
    ("BRT015", E, "Karakter kendali tak terlihat",
     "Hapus karakter di kolom yang disebut; sering terbawa saat menyalin dari aplikasi lain."),
    ("BRT016", E, "Baris keterangan ditulis dua kali",
     "Hapus salah satu baris."),
    ("BRT017", E, "Nama kategori, topik atau penulis tanpa huruf atau angka",
     "Tulis namanya dengan huruf atau angka."),
    ("BRT018", E, "Berkas tidak dapat dibaca sebagai berita atau halaman",
     "Periksa baris-baris keterangan di awal berkas."),
    ("BRT019", E, "'Status' tidak dikenal",
     "Tulis published, draft atau hidden."),
    ("BRT020", E, "Judul atau 'Slug' tidak menghasilkan alamat",
     "Tambahkan baris 'Slug:' dengan huruf latin, angka dan '-'."),
    ("BRT021", E, "Alamat halaman terlalu panjang",
     "Tambahkan atau pendekkan baris 'Slug:'."),
    ("BRT022", E, "Tahun di luar batas",
     "Periksa tahunnya."),
    ("BRT023", E, "'Modified' salah format",
     "Tulis 'Modified: TTTT-BB-HH JJ:MM' dalam WITA, atau hapus baris ini."),
    ("BRT024", E, "'Modified' sebelum 'Date'",
     "Tanggal diperbarui harus sama dengan atau sesudah tanggal terbit."),
    ("BRT030", E, "Teks contoh dari invoke new-article belum diganti",
     "Ganti kalimat contoh dengan isi berita; sampai itu berita tidak diterbitkan."),
    ("BRT031", W, "Topik atau penulis ditulis berbeda",
     "Samakan penulisannya dengan yang disebut pesan."),
    ("BRT032", E, "KABAR_SEKARANG salah format",
     "Tulis 'TTTT-BB-HH JJ:MM' dalam WITA, atau hapus variabel itu."),
    ("BRT040", E, "Karakter tak terlihat mengubah nilai baris keterangan",
     "Hapus karakter di kolom yang disebut (hapus kata di sekitarnya lalu ketik ulang)."),
    ("BRT041", W, "Karakter tak terlihat di judul atau ringkasan",
     "Hapus karakter di kolom yang disebut; berita tetap terbit."),
    # --- Settings (pelicanconf.py) ---
    ("CFG001", E, "Kunci pengaturan tidak dikenal",
     "Periksa ejaannya; pesan menyebut kunci yang dikenal."),
    ("CFG002", E, "Nilai pengaturan plugin salah",
     "Tulis nilai seperti yang diharapkan pesan."),
    ("CFG003", E, "Pengaturan plugin bukan kamus",
     "Tulis pengaturannya sebagai {'kunci': nilai, ...}."),
    ("CFG004", E, "Jenis nilai pengaturan plugin salah",
     "Tulis nilai dengan jenis yang disebut pesan (misalnya True atau False)."),
    ("CFG005", E, "Plugin di PLUGINS tidak dapat dimuat",
     "Periksa nama plugin dan PLUGIN_PATHS."),
    ("CFG010", E, "Berkas pengaturan tidak ditemukan",
     "Jalankan perintah dari folder proyek, atau sebutkan berkasnya dengan -s."),
    ("CFG011", E, "Penulisan Python di pengaturan salah",
     "Periksa tanda kutip, koma dan kurung di baris yang disebut."),
    ("CFG012", E, "Pengaturan tidak dapat dimuat",
     "Perbaiki baris yang disebut; pesan menyebut kesalahan Python-nya."),
    ("CFG013", E, "Jenis nilai pengaturan Pelican salah",
     "Tulis nilai dengan jenis yang disebut pesan."),
    # --- Files under content/ (plugins/build_report, common/inventory) ---
    ("CNT001", E, "Akhiran nama berkas tidak dibaca situs",
     "Ganti namanya menjadi akhiran yang disebut pesan (misalnya .md)."),
    ("CNT002", E, "Berkas di folder yang tidak dibaca situs",
     "Pindahkan ke folder yang disebut pesan."),
    ("CNT003", E, "Jenis berkas tidak dikenal di folder ini",
     "Pindahkan ke luar folder content/ atau hapus."),
    ("CNT004", E, "Foto di folder yang diterbitkan apa adanya",
     "Pindahkan ke content/images/, agar data kamera dan lokasinya dibuang."),
    ("CNT005", E, "Tautan simbolik ke luar folder content/",
     "Salin berkasnya ke dalam content/, atau hapus tautannya."),
    ("CNT006", E, "Tautan simbolik rusak atau berputar",
     "Hapus tautannya."),
    ("CNT007", E, "Bukan berkas biasa atau tidak dapat dibaca",
     "Hapus dari folder content/, atau periksa izin bacanya."),
    ("CNT008", E, "Jenis dokumen tidak diterbitkan",
     "Simpan dokumennya sebagai PDF (atau jenis lain yang disebut pesan)."),
    ("CNT009", E, "Isi dokumen tidak sesuai akhiran namanya",
     "Simpan ulang dari aplikasinya, atau beri akhiran nama yang benar."),
    # --- Vocabularies (content/data/) ---
    ("DAT001", E, "Berkas daftar tidak ditemukan",
     "Buat berkas daftar yang disebut di content/data/."),
    ("DAT002", E, "Berkas daftar tidak dapat dibaca",
     "Perbaiki penulisan YAML di baris yang disebut, atau simpan ulang sebagai teks UTF-8."),
    ("DAT003", E, "Isi berkas daftar bukan daftar",
     "Awali setiap butir dengan '- '."),
    ("DAT004", E, "Butir daftar tidak lengkap",
     "Setiap butir berisi kode dan nama."),
    ("DAT005", E, "Kolom butir daftar kosong",
     "Isi kolom yang disebut dengan teks."),
    ("DAT006", E, "Kode butir daftar salah bentuk",
     "Pakai huruf kecil a-z, angka, '-' atau '_'."),
    ("DAT007", E, "Kode butir daftar dipakai dua kali",
     "Ganti salah satu kodenya."),
    ("DAT008", E, "Kolom butir daftar salah isi",
     "Isi kolom yang disebut dengan jenis nilai yang diminta pesan (misalnya wajib: true)."),
    # --- Files the build reads and writes ---
    ("FS001", E, "Berkas tidak dapat ditulis atau dibaca",
     "Kosongkan ruang disk atau periksa izin folder, lalu bangun ulang."),
    ("FS002", W, "Cache isi tidak dapat disimpan",
     "Situs tetap dibangun; periksa ruang disk dan izin folder .cache/."),
    ("FS003", E, "Berkas hilang atau tidak dapat dibaca",
     "Bangun ulang; bila berkasnya terhapus tanpa sengaja, pulihkan dulu."),
    # --- HTML in content (common/sanitize.py) ---
    ("HTM001", W, "Skrip dibuang",
     "Hapus <script> dari isi; isi situs tidak boleh menjalankan skrip."),
    ("HTM002", W, "Penangan peristiwa (on...=) dibuang",
     "Hapus atribut on...= dari tag itu."),
    ("HTM003", W, "Gaya (style) dibuang",
     "Hapus <style> atau style=; tampilan diatur tema situs."),
    ("HTM004", W, "Alamat berbahaya dibuang",
     "Pakai alamat http(s) biasa, bukan javascript: atau data:."),
    ("HTM005", W, "Video dari situs yang tidak diizinkan dibuang",
     "Sisipkan video dari YouTube atau Vimeo."),
    ("HTM006", W, "Formulir atau sisipan dibuang",
     "Tautkan ke formulir atau berkasnya di tempat lain."),
    ("HTM007", W, "Elemen atau atribut HTML tidak dikenal dibuang",
     "Pakai Markdown biasa."),
    ("HTM008", W, "Gambar dari luar situs dibuang",
     "Simpan gambarnya di content/images/ dan tautkan dari situ."),
    # --- Photos (plugins/images) ---
    ("IMG001", E, "Foto tidak ditemukan",
     "Periksa nama berkas dan foldernya; huruf besar dan kecil dibedakan."),
    ("IMG002", E, "Berkas bukan gambar yang dapat dibaca",
     "Simpan ulang sebagai JPEG, PNG atau WebP."),
    ("IMG003", E, "Foto terlalu besar untuk diolah",
     "Perkecil fotonya lalu simpan ulang."),
    ("IMG004", E, "Gambar tanpa teks alternatif",
     "Tulis isi gambar di antara kurung siku, misalnya ![Bupati membuka Pasar Seba](...)."),
    ("IMG005", E, "Dua foto hanya berbeda ekstensi",
     "Ganti nama salah satu berkas."),
    ("IMG006", E, "Jalur foto keluar dari folder content/",
     "Simpan fotonya di content/images/ dan tulis jalurnya dari situ."),
    # --- Internal ---
    ("INT001", E, "Kesalahan internal program",
     "Bukan kesalahan isi: kirim pesan ini dan .cache/galat-internal.log kepada pengelola "
     "situs."),
    # --- Innovation records (plugins/innovations) ---
    ("INV001", E, "Berkas data inovasi bukan teks UTF-8",
     "Hapus karakter yang disebut atau simpan ulang sebagai teks UTF-8."),
    ("INV002", E, "Penulisan YAML salah",
     "Perbaiki baris yang disebut (titik dua, tanda kutip, indentasi, kunci ganda)."),
    ("INV003", E, "Berkas data inovasi kosong",
     "Salin contoh dari content/inovasi/ lalu isi kolom wajibnya."),
    ("INV004", E, "Isi berkas bukan pasangan 'kolom: nilai'",
     "Tulis data sebagai 'nama: ...', 'ringkasan: ...' dan seterusnya."),
    ("INV005", E, "Nama berkas tidak dapat menjadi kode inovasi",
     "Ganti nama berkas dengan huruf kecil a-z, angka dan '-'."),
    ("INV006", E, "Nama kolom tidak dikenal",
     "Periksa ejaannya; pesan menyebut kolom yang dikenal."),
    ("INV007", E, "Kolom wajib belum ada",
     "Tambahkan kolom yang disebut."),
    ("INV008", E, "Jenis nilai kolom salah",
     "Tulis nilai dengan jenis yang disebut (teks, bilangan bulat, daftar...)."),
    ("INV009", E, "Kolom wajib kosong",
     "Isi kolom yang disebut."),
    ("INV010", E, "Tanggal salah format",
     "Tulis tanggal sebagai TTTT-BB-HH yang ada di kalender."),
    ("INV011", E, "Nilai tidak sesuai bentuk yang diminta",
     "Tulis nilai dalam bentuk yang disebut pesan."),
    ("INV012", E, "Nilai tidak ada di daftar",
     "Pakai salah satu nilai yang disebut pesan."),
    ("INV013", E, "'waktu_penerapan' belum ada untuk tahapan penerapan",
     "Tambahkan tanggal penerapan, atau ubah tahapannya."),
    ("INV014", E, "'hasil' belum ada untuk tahapan penerapan",
     "Tambahkan hasil inovasi, atau ubah tahapannya."),
    ("INV015", E, "Tanggal penerapan sebelum uji coba",
     "Periksa 'waktu_uji_coba' dan 'waktu_penerapan'."),
    ("INV016", E, "Foto inovasi tanpa 'alt'",
     "Tambahkan 'alt' yang menjelaskan isi foto."),
    ("INV017", E, "Angka di luar batas",
     "Tulis bilangan bulat dalam batas yang disebut, tanpa titik atau koma."),
    ("INV018", E, "Nilai ditulis lebih dari sekali",
     "Hapus nilai yang berulang."),
    ("INV019", E, "Daftar kosong",
     "Tulis sedikitnya butir sejumlah yang disebut."),
    ("INV020", E, "Kode inovasi tidak ada",
     "Tulis nama berkas data inovasi tanpa .yaml; pesan menyebut kode yang ada."),
    ("INV021", E, "Data inovasi tanpa akhiran .yaml",
     "Ganti nama berkas menjadi <kode>.yaml."),
    ("INV022", E, "Kode inovasi sudah dipakai alamat katalog",
     "Ganti nama berkas data inovasinya."),
    ("INV023", E, "Dokumen bukti dukung tidak ada",
     "Unggah berkasnya ke content/dokumen/ atau perbaiki jalurnya (dokumen/<nama>)."),
    ("INV024", E, "Dokumen bukti dukung tidak diterbitkan",
     "Simpan bukti sebagai PDF (atau Word, Excel, OpenDocument, CSV, teks) lalu tautkan "
     "berkas itu."),
    ("INV030", W, "Indikator wajib IID belum berbukti",
     "Lampirkan dokumen atau tautan untuk indikator yang disebut di 'bukti_dukung'; situs "
     "tetap terbit."),
    ("INV099", E, "Data tidak sesuai skema",
     "Perbaiki kolom yang disebut sesuai pesan."),
    # --- Links written in content ---
    ("LNK001", E, "Tautan ke berkas yang tidak ada",
     "Periksa nama dan folder berkas yang ditautkan."),
    ("LNK002", E, "Tautan ke luar folder content/",
     "Tautkan hanya berkas di dalam content/."),
    # An error where the news reader checks links before writing; a warning when Pelican
    # reports one the reader did not see (build_report/net.py).
    ("LNK003", BOTH, "Tautan {filename} ke berkas yang bukan berita atau halaman",
     "Pakai {static} untuk berkas seperti foto atau dokumen."),
    ("LNK004", E, "Tautan ke berkas sumber situs",
     "Tautkan halamannya, bukan berkas sumbernya."),
    # --- Offline reading (plugins/offline) ---
    ("LUR001", E, "Workbox untuk baca-luring belum terpasang",
     "Jalankan `make build` atau `npm ci` sekali di folder proyek, lalu bangun ulang."),
    ("LUR002", E, "Berkas yang dipasang service worker tidak ada",
     "Periksa nama berkas di OFFLINE['precache'] (pelicanconf.py) atau hapus dari daftar."),
    # --- Search names (content/data/nama.yaml) ---
    ("NAM001", E, "Daftar nama pencarian tidak dapat dibaca",
     "Perbaiki penulisan YAML di baris yang disebut."),
    ("NAM002", E, "Daftar nama pencarian salah bentuk",
     "Tulis kelompok berisi daftar nama, misalnya 'tempat: [Menia, Seba]'."),
    ("NAM003", E, "Nama pencarian kosong atau bukan teks",
     "Tulis setiap nama sebagai teks."),
    # --- The build itself ---
    ("SIT001", E, "Pelican atau pustaka melaporkan masalah",
     "Baca pesan pustakanya; bila tidak jelas, kirim kepada pengelola situs."),
    ("SIT002", W, "Peringatan dari pustaka",
     "Situs tetap dibangun; periksa berkas yang disebut."),
    ("SRC001", E, "Indeks pencarian tidak dapat dibuat",
     "Indeks lama tetap dipakai; bangun ulang, atau kirim pesan kepada pengelola situs."),
    # --- Links of the built site (invoke check, publish) ---
    ("TAU001", E, "Tautan ke halaman yang tidak ada",
     "Periksa alamatnya; pakai tautan {filename} ke berkas sumbernya."),
    ("TAU002", E, "Tautan ke subjudul yang tidak ada",
     "Periksa bagian setelah '#' dengan subjudul halaman itu."),
    ("TAU003", E, "Gambar yang tidak ada",
     "Periksa jalur gambarnya."),
    ("TAU004", E, "Alamat di luar situs yang terbit di subfolder",
     "Pakai tautan {filename} ke berkasnya, atau alamat lengkap situs."),
    # --- Templates (theme/) ---
    ("TPL001", E, "Templat tema tidak dapat dibaca",
     "Perbaiki templat di baris yang disebut."),
    ("TPL002", E, "Templat tema gagal menulis halaman",
     "Perbaiki templat di baris yang disebut, atau kirim pesan kepada pengelola situs."),
    # --- Where a site is put (newsroom/destination.py, publishing.py) ---
    ("TRB001", E, "Tujuan berupa berkas, bukan folder",
     "Pilih folder kosong, folder yang belum ada, atau folder situs ini yang lama."),
    ("TRB002", E, "Folder tujuan berisi berkas lain",
     "Pilih folder kosong, atau pindahkan isinya."),
    ("TRB003", E, "Tujuan di dalam proyek atau induknya",
     "Di dalam proyek situs hanya dipasang di output/; pakai folder di luar proyek."),
    ("TRB004", E, "Berkas tambahan bernama sama dengan bagian situs baru",
     "Ganti nama atau pindahkan berkas itu."),
    ("TRB005", E, "Folder lain memakai nama folder kerja pemasangan",
     "Pindahkan atau ganti nama folder <tujuan>.baru atau <tujuan>.lama."),
    ("TRB006", E, "Tujuan --rsync bukan folder situs di server",
     "Tulis pengguna@server:/jalur/folder-situs/."),
)

CODES: dict[str, Code] = {code: Code(code, severity, title, help_text)
                          for code, severity, title, help_text in _ENTRIES}


def lookup(code: str) -> Code | None:
    """The registered code, or None."""
    return CODES.get(code)


def agrees(code: str, severity: str) -> bool:
    """Whether `code` is registered and may be reported with `severity` (ERROR or WARNING):
    what every record()/warn() of the site must satisfy (tests/test_diagnostics_severity.py)."""
    found = CODES.get(code)
    return found is not None and found.severity in (severity, BOTH)


def title(code: str) -> str:
    """The one-line title of a code ('' when it is not registered)."""
    found = CODES.get(code)
    return found.title if found else ""


def place_table(html_text: str) -> str:
    """A page's HTML with the paragraph holding TABLE_MARKER replaced by the table."""
    paragraph = f"<p>{TABLE_MARKER}</p>"
    if paragraph not in html_text:
        return html_text
    return html_text.replace(paragraph, render_table())


def render_table(codes: dict[str, Code] | None = None) -> str:
    """The guide's table of every code, as HTML (one row per code, sorted)."""
    rows = []
    for entry in sorted((codes or CODES).values(), key=lambda c: c.code):
        rows.append(
            f'<tr id="kode-{entry.code.lower()}"><th scope="row"><code>{entry.code}</code></th>'
            f"<td>{entry.severity}</td><td>{html.escape(entry.title, quote=False)}</td>"
            f"<td>{html.escape(entry.help, quote=False)}</td></tr>")
    return ('<table class="daftar-kode">\n<caption>Semua kode pesan</caption>\n'
            "<thead><tr><th scope=\"col\">Kode</th><th scope=\"col\">Jenis</th>"
            "<th scope=\"col\">Artinya</th><th scope=\"col\">Yang perlu dilakukan</th></tr>"
            "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
