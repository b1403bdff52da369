/* The site's additions to Decap CMS (window.CMS, from decap-cms.js loaded before this file):
 * - the "pelican" file format: the same `Key: value` header lines staff write by hand;
 * - an Indonesian locale for Decap's own buttons and messages;
 * - a "judul" widget: a heading between groups of the innovation form (stores nothing);
 * - previews with the site's own stylesheet.
 * Plain ES5 with window.h (React.createElement) and window.createClass from the bundle:
 * nothing to build, nothing fetched from elsewhere.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;

  // ---- Pelican header format --------------------------------------------------------------
  // Header lines as staff write them, in the order of the guide (/panduan-menulis/).
  var HEADER_KEYS = [
    ["title", "Title"], ["date", "Date"], ["category", "Category"], ["tags", "Tags"],
    ["author", "Author"], ["summary", "Summary"], ["slug", "Slug"], ["cover", "Cover"],
    ["cover_alt", "Cover_Alt"], ["inovasi", "Inovasi"]
  ];
  var LIST_KEYS = { tags: true, inovasi: true };
  // The file as it was read, kept in the entry's data so that an unchanged line is written
  // back byte for byte (Decap keeps data it has no field for, and never writes this key).
  var ORIGINAL = "__berkas_asli";
  var KEY_LINE = /^ {0,3}([A-Za-z0-9_-]+):[ \t]*(.*)$/;
  var CONTINUATION = /^ {4,}(.*)$/;

  function splitList(value) {
    return String(value).split(",").map(function (part) { return part.trim(); })
      .filter(function (part) { return part !== ""; });
  }

  // {newline, items: [{key, lower, lines, value}], body} of a Pelican Markdown file.
  function parsePelican(text) {
    var newline = text.indexOf("\r\n") >= 0 ? "\r\n" : "\n";
    var lines = text.split(newline);
    var items = [];
    var index = 0;
    for (; index < lines.length; index++) {
      var line = lines[index];
      if (line.trim() === "") break;
      var key = KEY_LINE.exec(line);
      if (key) {
        items.push({ key: key[1], lower: key[1].toLowerCase(), lines: [line], value: key[2].trim() });
        continue;
      }
      var more = CONTINUATION.exec(line);
      if (more && items.length) {
        var last = items[items.length - 1];
        last.lines.push(line);
        last.value = (last.value + " " + more[1].trim()).trim();
        continue;
      }
      break; // not a header line: the body starts here (Pelican reads it the same way)
    }
    var headerEnd = index;
    // The one blank line between header and body belongs to neither.
    var bodyStart = headerEnd < lines.length && lines[headerEnd].trim() === "" ? headerEnd + 1 : headerEnd;
    return {
      newline: newline,
      items: items,
      // Everything after the header lines, exactly: the newline, the blank line, the body.
      tail: text.slice(lines.slice(0, headerEnd).join(newline).length),
      body: lines.slice(bodyStart).join(newline)
    };
  }

  function fieldValue(item) {
    return LIST_KEYS[item.lower] ? splitList(item.value) : item.value;
  }

  function written(value) {
    if (value === undefined || value === null) return "";
    if (Array.isArray(value)) return value.map(String).join(", ");
    return String(value).replace(/\s*[\r\n]+\s*/g, " ").trim();
  }

  function fromFile(text) {
    var parsed = parsePelican(text);
    var data = {};
    parsed.items.forEach(function (item) {
      if (!(item.lower in data)) data[item.lower] = fieldValue(item);
    });
    data.body = parsed.body;
    data[ORIGINAL] = text;
    return data;
  }

  function toFile(data) {
    var original = typeof data[ORIGINAL] === "string" ? parsePelican(data[ORIGINAL]) : null;
    var newline = original ? original.newline : "\n";
    var out = [];
    var done = {};
    (original ? original.items : []).forEach(function (item) {
      if (done[item.lower]) { out.push.apply(out, item.lines); return; } // a repeated line
      done[item.lower] = true;
      var now = data[item.lower];
      if (written(now) === written(fieldValue(item))) {
        out.push.apply(out, item.lines); // unchanged: exactly as it was written
      } else if (written(now) !== "") {
        out.push(item.key + ": " + written(now));
      } // emptied in the form: the line goes
    });
    HEADER_KEYS.forEach(function (pair) {
      if (!done[pair[0]] && written(data[pair[0]]) !== "") out.push(pair[1] + ": " + written(data[pair[0]]));
    });
    var body = data.body === undefined || data.body === null ? "" : String(data.body);
    if (original && body === original.body) {
      if (!original.items.length) return (out.length ? out.join(newline) + newline + newline : "") + original.tail;
      return out.join(newline) + original.tail;
    }
    body = body.replace(/\r?\n/g, newline);
    if (body !== "" && body.slice(-newline.length) !== newline) body += newline;
    return out.join(newline) + newline + newline + body;
  }

  CMS.registerCustomFormat("pelican", "md", { fromFile: fromFile, toFile: toFile });
  window.penyuntingPelican = { fromFile: fromFile, toFile: toFile }; // for the tests

  // ---- Rules across fields, checked before saving, as the build checks them ----------------
  // Decap checks one field at a time (required, pattern); these rules join two fields. A
  // message thrown here is shown as "Belum disimpan. Periksa: ..." and nothing is written.
  function filled(data, name) {
    return written(data.get(name) && data.get(name).toJS ? data.get(name).toJS() : data.get(name)) !== "";
  }

  var RULES = {
    berita: function (data) {
      if (filled(data, "cover") && !filled(data, "cover_alt")) {
        return "foto sampul perlu teks alternatif: isi kolom 'Teks alternatif foto sampul' " +
          "dengan isi foto bagi pembaca yang tidak melihatnya (BRT007)";
      }
      return bodyImageRule(data);
    },
    halaman: function (data) { return bodyImageRule(data); },
    inovasi: function (data) {
      if (data.get("tahapan") === "penerapan") {
        var missing = [["waktu_penerapan", "Mulai penerapan"], ["hasil", "Hasil"]]
          .filter(function (pair) { return !filled(data, pair[0]); })
          .map(function (pair) { return "'" + pair[1] + "'"; });
        if (missing.length) {
          return "tahapan Penerapan mewajibkan kolom " + missing.join(" dan ") +
            "; isi kolomnya atau ubah tahapan (INV013, INV014)";
        }
      }
      var trial = written(data.get("waktu_uji_coba")), applied = written(data.get("waktu_penerapan"));
      if (trial && applied && applied < trial) {
        return "'Mulai penerapan' tidak boleh sebelum 'Mulai uji coba' (" + trial + ") (INV015)";
      }
    }
  };

  // A photo in the body without its description (IMG004 in the build).
  function bodyImageRule(data) {
    var body = String(data.get("body") || "");
    var found = /!\[\s*\]\(([^)\s]*)/.exec(body);
    if (found) {
      return "foto '" + found[1].split("/").pop() + "' di isi perlu teks alternatif: " +
        "isi kolom 'Teks alternatif' pada foto itu (IMG004)";
    }
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var rule = RULES[event.entry.get("collection")];
      var problem = rule && rule(event.entry.get("data"));
      if (problem) {
        var error = new Error(problem);
        error.name = "Periksa"; // shown as "Belum disimpan. Periksa: <problem>"
        throw error;
      }
    }
  });

  // ---- A photo in the body: Decap's image block, in Indonesian, with its description -------
  var IMAGE_LINE = /^!\[(.*)\]\((\S*?)\)$/;
  CMS.registerEditorComponent({
    id: "image",
    label: "Foto",
    fields: [
      { name: "image", label: "Foto", widget: "image", choose_url: false },
      { name: "alt", label: "Teks alternatif (isi foto bagi pembaca yang tidak melihatnya)", widget: "string" }
    ],
    pattern: IMAGE_LINE,
    fromBlock: function (match) { return { image: match[2], alt: match[1] }; },
    toBlock: function (data) {
      return "![" + String(data.alt || "").replace(/[\[\]]/g, "") + "](" + (data.image || "") + ")";
    },
    toPreview: function (data, getAsset, fields) {
      var field = fields && fields.find(function (f) { return f.get("widget") === "image"; });
      var src = data.image ? String(getAsset(data.image, field)) : "";
      return h("img", { src: src, alt: data.alt || "" });
    }
  });

  // ---- A heading between groups of a form --------------------------------------------------
  var Heading = window.createClass({
    render: function () {
      var field = this.props.field;
      return h("div", { id: this.props.forID },
        field.get("hint") ? h("p", null, field.get("hint")) : null);
    }
  });
  var NoPreview = window.createClass({ render: function () { return null; } });
  CMS.registerWidget("judul", Heading, NoPreview);

  // ---- Previews with the site's stylesheet -------------------------------------------------
  CMS.registerPreviewStyle(new URL("../theme/css/situs.css", window.location.href).href);

  function text(entry, name) {
    var value = entry.getIn(["data", name]);
    return value === undefined || value === null ? "" : String(value);
  }

  // A field's configuration, which getAsset needs for a field-level media folder.
  function field(props, name) {
    return props.fields.find(function (f) { return f.get("name") === name; });
  }

  function listText(entry, name) {
    var value = entry.getIn(["data", name]);
    if (!value) return "";
    return value.toJS ? value.toJS().join(", ") : String(value);
  }

  var NewsPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var cover = text(entry, "cover");
      var meta = [text(entry, "date") + " WITA"];
      if (text(entry, "author")) meta.push("Oleh " + text(entry, "author"));
      if (text(entry, "category")) meta.push(text(entry, "category"));
      return h("main", { id: "main" },
        h("article", { className: "berita" },
          h("header", null,
            h("h1", null, text(entry, "title") || "(judul belum diisi)"),
            h("p", { className: "meta" }, meta.join(" · "))),
          cover ? h("figure", { className: "sampul" },
            h("img", { src: this.props.getAsset(cover, field(this.props, "cover")).toString(),
                       alt: text(entry, "cover_alt") })) : null,
          text(entry, "summary") ? h("p", { className: "ringkasan" }, text(entry, "summary")) : null,
          h("div", { className: "isi" }, this.props.widgetFor("body")),
          listText(entry, "tags") ? h("footer", { className: "topik" },
            h("h2", { className: "kecil" }, "Topik"), h("p", null, listText(entry, "tags"))) : null));
    }
  });

  var PagePreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      return h("main", { id: "main" },
        h("article", { className: "halaman" },
          h("h1", null, text(entry, "title") || "(judul belum diisi)"),
          h("div", { className: "isi" }, this.props.widgetFor("body"))));
    }
  });

  var InnovationPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var widgetFor = this.props.widgetFor;
      function section(title, name) {
        return entry.getIn(["data", name]) ? h("section", null, h("h2", null, title), widgetFor(name)) : null;
      }
      return h("main", { id: "main" },
        h("article", { className: "inovasi" },
          h("h1", null, text(entry, "nama") || "(nama inovasi belum diisi)"),
          h("p", { className: "ringkasan" }, text(entry, "ringkasan")),
          section("Masalah dan rancang bangun", "rancang_bangun"),
          section("Tujuan", "tujuan"),
          section("Manfaat", "manfaat"),
          section("Hasil", "hasil")));
    }
  });

  CMS.registerPreviewTemplate("berita", NewsPreview);
  CMS.registerPreviewTemplate("halaman", PagePreview);
  CMS.registerPreviewTemplate("inovasi", InnovationPreview);

  // ---- Is the last save live? ------------------------------------------------------------
  // `invoke publish` writes terbit.json beside the site's pages: the commit that is live.
  // When it was published is the file's own time (the server's Last-Modified), so two
  // publishes of one commit are the same bytes. A save made in this browser after that
  // time is "belum terbit" until a newer publish appears; checked every 30 seconds.
  var SAVED_AT = "penyunting-tersimpan";
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];

  function two(number) { return (number < 10 ? "0" : "") + number; }

  // A moment as staff read it, in WITA (UTC+8, no daylight saving): "3 Maret 2025, 10.05 WITA".
  function wita(ms) {
    var d = new Date(ms + 8 * 3600 * 1000);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear() + ", " +
      two(d.getUTCHours()) + "." + two(d.getUTCMinutes()) + " WITA";
  }

  function publishMessage(record, publishedAt, savedAt) {
    if (!record) return "Belum terbit: situs ini belum punya catatan penerbitan (terbit.json).";
    if (!record.commit) {
      return "Pratinjau: situs ini dibangun di komputer ini, bukan diterbitkan dari sebuah commit.";
    }
    var live = "Situs terakhir terbit " + (publishedAt ? wita(publishedAt) : "(waktu tidak diketahui)") +
      ", dari commit " + String(record.commit).slice(0, 7) + ".";
    if (savedAt && (!publishedAt || savedAt > publishedAt)) {
      return "Belum terbit: simpanan Anda " + wita(savedAt) + " sedang diterbitkan " +
        "(diperiksa lagi tiap 30 detik). " + live;
    }
    return live;
  }

  function showPublishStatus() {
    var status = document.getElementById("status-terbit");
    if (!status) {
      status = document.createElement("p");
      status.id = "status-terbit";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    var saved = Number(window.localStorage.getItem(SAVED_AT)) || 0;
    fetch(new URL("../terbit.json", window.location.href).href, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) return [null, 0];
        var modified = Date.parse(response.headers.get("Last-Modified") || "");
        return response.json().then(function (record) { return [record, modified || 0]; });
      })
      .catch(function () { return [null, 0]; })
      .then(function (found) {
        status.textContent = publishMessage(found[0], found[1], saved);
        status.setAttribute("data-commit", (found[0] && found[0].commit) || "");
      });
  }

  function remember() { window.localStorage.setItem(SAVED_AT, String(Date.now())); showPublishStatus(); }
  CMS.registerEventListener({ name: "postSave", handler: remember });
  CMS.registerEventListener({ name: "postPublish", handler: remember });
  window.penyuntingTerbit = { message: publishMessage, wita: wita }; // for the tests
  if (typeof document !== "undefined") { // the format's tests load this file without a page
    showPublishStatus();
    window.setInterval(showPublishStatus, 30000);
  }

  // ---- Bahasa Indonesia for Decap's own words ----------------------------------------------
  // Decap ships no Indonesian; strings not listed here fall back to English.
  CMS.registerLocale("id", {
    auth: {
      login: "Masuk",
      loggingIn: "Sedang masuk...",
      loginWithGitHub: "Masuk dengan GitHub",
      loginWithGitLab: "Masuk dengan GitLab",
      loginWithGitea: "Masuk dengan Gitea",
      loginWithForgejo: "Masuk dengan Forgejo",
      errors: { email: "Isi alamat surel Anda.", password: "Isi kata sandi Anda." }
    },
    app: {
      header: { content: "Isi", workflow: "Alur kerja", media: "Foto dan berkas", quickAdd: "Tulis baru" },
      app: {
        errorHeader: "Pengaturan penyunting tidak dapat dimuat",
        configErrors: "Kesalahan pengaturan",
        checkConfigYml: "Periksa berkas config.yml (dibuat saat situs dibangun).",
        loadingConfig: "Memuat pengaturan...",
        waitingBackend: "Menunggu penyimpanan..."
      },
      notFoundPage: { header: "Tidak ditemukan" }
    },
    collection: {
      sidebar: { collections: "Kumpulan isi", allCollections: "Semua isi", searchAll: "Cari di semua isi", searchIn: "Cari di" },
      collectionTop: {
        sortBy: "Urutkan", viewAs: "Tampilan", viewAsList: "Tampilan daftar", viewAsGrid: "Tampilan kisi",
        newButton: "＋ Tulis %{collectionLabel}", newButtonAriaLabel: "Tulis %{collectionLabel} baru",
        ascending: "Naik", descending: "Turun",
        searchResults: "Hasil pencarian \"%{searchTerm}\"",
        searchResultsInCollection: "Hasil pencarian \"%{searchTerm}\" di %{collection}",
        filterBy: "Saring", groupBy: "Kelompokkan"
      },
      entries: {
        loadingEntries: "Memuat isi...", cachingEntries: "Menyiapkan isi...",
        longerLoading: "Ini bisa memakan beberapa menit", noEntries: "Belum ada isi",
        unpublishedHeader: "Belum terbit"
      },
      groups: { other: "Lainnya", negateLabel: "Bukan %{label}" },
      defaultFields: { author: { label: "Penulis" }, updatedOn: { label: "Diperbarui" } }
    },
    editor: {
      editorControl: { field: { optional: "boleh kosong", widgetLabel: "kolom %{widgetLabel}" } },
      editorControlPane: {
        widget: {
          required: "%{fieldLabel} wajib diisi.",
          regexPattern: "%{fieldLabel}: %{pattern}.",
          processing: "%{fieldLabel} sedang diproses.",
          range: "%{fieldLabel} harus di antara %{minValue} dan %{maxValue}.",
          min: "%{fieldLabel} paling kecil %{minValue}.",
          max: "%{fieldLabel} paling besar %{maxValue}.",
          rangeCount: "%{fieldLabel} harus berisi %{minCount} sampai %{maxCount} butir.",
          rangeCountExact: "%{fieldLabel} harus berisi tepat %{count} butir.",
          rangeMin: "%{fieldLabel} harus berisi sedikitnya %{minCount} butir.",
          rangeMax: "%{fieldLabel} paling banyak berisi %{maxCount} butir.",
          invalidPath: "'%{path}' bukan alamat berkas yang sah",
          pathExists: "Berkas '%{path}' sudah ada"
        }
      },
      editor: {
        onLeavePage: "Yakin meninggalkan halaman ini? Perubahan yang belum disimpan akan hilang.",
        onDeletePublishedEntry: "Yakin menghapus isi ini dari situs?",
        loadingEntry: "Memuat...",
        confirmLoadBackup: "Ada salinan cadangan isi ini yang belum disimpan. Pakai salinan itu?"
      },
      editorInterface: {
        toggleI18n: "Bahasa", togglePreview: "Tampilkan/sembunyikan pratinjau",
        toggleScrollSync: "Gulir bersama", toggleNotes: "Catatan"
      },
      editorToolbar: {
        publishing: "Menyimpan...", publish: "Simpan", published: "Tersimpan",
        unpublish: "Batalkan terbit", duplicate: "Salin",
        unpublishing: "Membatalkan...", publishAndCreateNew: "Simpan lalu tulis baru",
        publishAndDuplicate: "Simpan lalu salin",
        deleteUnpublishedChanges: "Hapus perubahan yang belum terbit",
        deleteUnpublishedEntry: "Hapus isi yang belum terbit",
        deletePublishedEntry: "Hapus dari situs", deleteEntry: "Hapus",
        saving: "Menyimpan...", save: "Simpan", deleting: "Menghapus...", updating: "Memperbarui...",
        status: "Status: %{status}", backCollection: " Menulis di %{collectionLabel}",
        unsavedChanges: "Belum disimpan", changesSaved: "Tersimpan",
        draft: "Draf", inReview: "Diperiksa", ready: "Siap", publishNow: "Simpan sekarang",
        deployPreviewPendingButtonLabel: "Periksa pratinjau", deployPreviewButtonLabel: "Lihat pratinjau",
        deployButtonLabel: "Lihat di situs"
      },
      editorWidgets: {
        markdown: {
          bold: "Tebal", italic: "Miring", strikethrough: "Coret", code: "Kode", link: "Tautan",
          linkPrompt: "Tulis alamat tautan", headings: "Judul bagian", quote: "Kutipan",
          bulletedList: "Daftar berbutir", numberedList: "Daftar bernomor", addComponent: "Sisipkan",
          richText: "Teks biasa", markdown: "Markdown",
          toggleMode: { rich: "Ganti ke teks biasa", markdown: "Ganti ke Markdown" }
        },
        image: {
          choose: "Pilih foto", chooseMultiple: "Pilih foto", chooseUrl: "Dari alamat web",
          replaceUrl: "Ganti dengan alamat web", promptUrl: "Tulis alamat foto",
          chooseDifferent: "Pilih foto lain", addMore: "Tambah foto", remove: "Buang foto",
          removeAll: "Buang semua foto"
        },
        file: {
          choose: "Pilih berkas", chooseUrl: "Dari alamat web", chooseMultiple: "Pilih berkas",
          replaceUrl: "Ganti dengan alamat web", promptUrl: "Tulis alamat berkas",
          chooseDifferent: "Pilih berkas lain", addMore: "Tambah berkas", remove: "Buang berkas",
          removeAll: "Buang semua berkas"
        },
        headingOptions: {
          headingOne: "Judul 1", headingTwo: "Judul bagian", headingThree: "Subjudul",
          headingFour: "Judul 4", headingFive: "Judul 5", headingSix: "Judul 6"
        },
        datetime: { now: "Sekarang", clear: "Kosongkan", setToNow: "Isi %{fieldLabel} dengan waktu sekarang" },
        list: { add: "Tambah %{item}", addType: "Tambah %{item}" },
        object: { expand: "Buka", collapse: "Tutup" }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: { draft: "Draf", copy: "Salin", copyUrl: "Salin alamat", copyPath: "Salin letak", copyName: "Salin nama", copied: "Tersalin" },
      mediaLibrary: {
        onDelete: "Yakin menghapus foto atau berkas yang dipilih?",
        fileTooLarge: "Berkas terlalu besar.\nPaling besar %{size} kB."
      },
      mediaLibraryModal: {
        loading: "Memuat...", close: "Tutup", noResults: "Tidak ada hasil.",
        noAssetsFound: "Belum ada berkas.", noImagesFound: "Belum ada foto.", private: "Pribadi ",
        images: "Foto", mediaAssets: "Foto dan berkas", search: "Cari...",
        uploading: "Mengunggah...", upload: "Unggah foto", download: "Unduh",
        deleting: "Menghapus...", deleteSelected: "Hapus yang dipilih", chooseSelected: "Pakai yang dipilih"
      }
    },
    ui: {
      default: { goBackToSite: "Kembali ke situs" },
      errorBoundary: {
        title: "Galat", details: "Terjadi galat. Beri tahu pengelola situs dan ", reportIt: "laporkan masalahnya.",
        detailsHeading: "Rincian",
        recoveredEntry: { heading: "Isi yang diselamatkan", warning: "Salin isi ini ke tempat lain sebelum meninggalkan halaman!", copyButtonLabel: "Salin" }
      },
      settingsDropdown: { logOut: "Keluar", account: "Pilihan akun" },
      toast: {
        onFailToLoadEntries: "Isi gagal dimuat: %{details}",
        onFailToLoadDeployPreview: "Pratinjau gagal dimuat: %{details}",
        onFailToPersist: "Belum disimpan. %{details}",
        onFailToDelete: "Gagal menghapus: %{details}",
        missingRequiredField: "Ada kolom wajib yang belum diisi atau isinya belum benar. Periksa kolom bertanda merah, lalu simpan lagi.",
        entrySaved: "Tersimpan. Pratinjau situs diperbarui dalam beberapa detik.",
        entryPublished: "Tersimpan. Pratinjau situs diperbarui dalam beberapa detik.",
        entryUnpublished: "Dibatalkan",
        onFailToPublishEntry: "Gagal menyimpan: %{details}",
        onFailToAuth: "%{details}",
        onLoggedOut: "Anda telah keluar. Salin isi yang belum tersimpan, lalu masuk lagi.",
        onBackendDown: "Layanan penyimpanan sedang bermasalah. Lihat %{details}."
      }
    }
  });
})();
