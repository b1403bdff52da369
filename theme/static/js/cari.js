// The /cari/ page: a small search interface on Pagefind's JavaScript API.
// The form is in the page's HTML (a <noscript> note says that search needs JavaScript),
// so nothing moves when this module starts. It keeps the query and the chosen filters in
// the address (?q=...&kategori=...), so a search can be shared and the back button works.
// A large site has two indexes (plugins/search_index): the first holds the newest news,
// the innovations and the pages; "semua" holds everything and is fetched only when a
// reader asks for older news (?semua=1).

const app = document.querySelector("[data-cari-aplikasi]");
const config = JSON.parse(document.getElementById("cari-pengaturan").textContent);
const form = app.querySelector("form");
const field = form.elements.q;
const order = form.elements.urut;
const filterBox = app.querySelector("[data-cari-saring]");
const filterGroups = app.querySelector("[data-cari-kelompok]");
const activeCount = app.querySelector("[data-cari-aktif]");
const loadingNote = app.querySelector("[data-cari-memuat]");
const status = app.querySelector("[data-cari-status]");
const list = app.querySelector("[data-cari-hasil]");
const more = app.querySelector("[data-cari-lagi]");
const scopeNotes = {
  terkini: app.querySelector('[data-cari-cakupan="terkini"]'),
  semua: app.querySelector('[data-cari-cakupan="semua"]'),
};
const allButton = app.querySelector("[data-cari-semua]");
const siteRoot = new URL(app.dataset.situs, document.baseURI);
const filterLabels = new Map(config.filters); // [key, label] pairs, in the order of the setting
const filterKeys = [...filterLabels.keys()];
const LIVE_MIN_LETTERS = 3; // shorter words would fetch much of the index while typing
const dateFormat = new Intl.DateTimeFormat("id-ID",
  { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const pageTitle = document.title;
// Place, person and institution names known to the site (content/data/nama.yaml). The
// stemmer would cut them ("Menia" to "ia"), so a query naming one also asks for the
// pages the build marked as containing that very name (the hidden filter "nama").
const knownNames = [...config.names].sort((a, b) => b.length - a.length)
  .map((name) => ({ name, pattern: new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(name)}(?=$|[^\\p{L}\\p{N}])`, "iu") }));

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function namesIn(query) {
  const found = [];
  let rest = query;
  for (const { name, pattern } of knownNames) {
    if (pattern.test(rest)) {
      found.push(name);
      rest = rest.replace(pattern, "$1 "); // "Sabu Timur" is not also "Sabu"
    }
  }
  return found;
}

loadingNote.textContent = "Memuat saringan…";

// No worker: one script less to download, and our queries are small.
const engineOptions = { noWorker: true, excerptLength: config.excerptLength,
                        baseUrl: siteRoot.pathname };
let pagefindLoading = null;
let allLoading = null;
function pagefind() {
  if (!pagefindLoading) {
    // Pagefind asks for its stemmer only after its entry file: ask for both at once.
    const stemmer = document.createElement("link");
    stemmer.rel = "preload";
    stemmer.as = "fetch";
    stemmer.crossOrigin = "anonymous"; // the request mode of Pagefind's fetch(): one download
    stemmer.href = new URL(`wasm.${config.language}.pagefind`, new URL(app.dataset.pagefind, document.baseURI)).href;
    document.head.append(stemmer);
    pagefindLoading = import(new URL(app.dataset.pagefind, document.baseURI).href)
      .then(async (module) => {
        await module.options(engineOptions);
        return module;
      });
  }
  return pagefindLoading;
}

// The index of everything, opened with the same pagefind.js as a second instance.
function allIndex() {
  if (!allLoading) {
    allLoading = pagefind().then(async (module) => {
      const engine = module.createInstance({
        ...engineOptions, basePath: new URL(config.semua, document.baseURI).href });
      await engine.init();
      return engine;
    });
  }
  return allLoading;
}

function engineFor(state) {
  return state.semua ? allIndex() : pagefind();
}

// The filter lists are a large part of the index (every page is in one year, one
// category...), so they are fetched only when a reader opens "Saring hasil" or the
// address already holds filters. Once loaded, every search also returns the counts.
const filtersLoading = new Map(); // per index
let filtersReady = false;
function loadFilters(state) {
  const key = state.semua ? "semua" : "terkini";
  if (!filtersLoading.has(key)) {
    filtersLoading.set(key, engineFor(state).then((engine) => engine.filters()).then(() => {
      filtersReady = true;
      loadingNote.hidden = true;
    }));
  }
  return filtersLoading.get(key);
}

// ---- state <-> address and form -------------------------------------------------

function stateFromAddress() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of filterKeys) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = values;
  }
  return { q: (params.get("q") || "").trim(), urut: params.get("urut") || "", filters,
           semua: Boolean(config.semua) && params.get("semua") === "1" };
}

let searchingAll = false; // the index the form searches: the reader switches it with a button

function stateFromForm() {
  const filters = {};
  for (const box of filterGroups.querySelectorAll("input:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return { q: field.value.trim(), urut: order.value, filters, semua: searchingAll };
}

function address(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.urut) params.set("urut", state.urut);
  if (state.semua) params.set("semua", "1");
  for (const [key, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(key, value);
  }
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

function showInForm(state) {
  field.value = state.q;
  order.value = state.urut;
  for (const box of filterGroups.querySelectorAll("input")) {
    box.checked = (state.filters[box.name] || []).includes(box.value);
  }
  showScope(state);
}

function showScope(state) {
  searchingAll = state.semua;
  if (!scopeNotes.terkini) return; // one index: nothing to choose
  scopeNotes.terkini.hidden = state.semua;
  scopeNotes.semua.hidden = !state.semua;
}

// ---- searching -----------------------------------------------------------------

let latest = 0;        // number of the newest search; older answers are dropped
let found = [];        // Pagefind results of the current search
let shownCount = 0;

function isEmpty(state) {
  return !state.q && !Object.keys(state.filters).length;
}

async function search(state) {
  const number = ++latest;
  document.title = state.q ? `${state.q} · ${pageTitle}` : pageTitle;
  if (isEmpty(state)) {
    found = [];
    shownCount = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  // No "searching" text in the live region: it would be read out at every keystroke.
  list.setAttribute("aria-busy", "true");
  const engine = await engineFor(state);
  if (Object.keys(state.filters).length || filtersReady) await loadFilters(state);
  const filters = {};
  for (const [key, values] of Object.entries(state.filters)) filters[key] = { any: values };
  const names = namesIn(state.q);
  const withNames = (chosen) => (names.length ? { ...chosen, nama: { all: names } } : chosen);
  const options = { filters: withNames(filters) };
  if (state.urut === "terbaru") options.sort = { tanggal: "desc" };
  if (state.urut === "terlama") options.sort = { tanggal: "asc" };
  const answer = await engine.search(state.q || null, options);
  if (number !== latest || !answer) return;
  // A group's counts leave out that group's own choice: ticking "Pemerintahan" must not
  // turn every other category's count into 0, since ticking one more adds its results.
  const counts = { ...answer.filters };
  for (const key of Object.keys(filters)) {
    const others = { ...filters };
    delete others[key];
    const wider = withNames(others);
    if (!state.q && !Object.keys(wider).length) {
      counts[key] = answer.totalFilters[key];
      continue;
    }
    const without = await engine.search(state.q || null, { filters: wider });
    if (number !== latest || !without) return;
    counts[key] = without.filters[key];
  }
  found = answer.results;
  shownCount = 0;
  list.replaceChildren();
  showFilters(counts, answer.totalFilters, state.filters);
  await showMore(number, false);
  if (number !== latest) return;
  list.removeAttribute("aria-busy");
  status.textContent = summary(found.length, state);
}

// Read out at each search: a short count, never the query the reader just typed.
function summary(count, state) {
  const chosen = Object.values(state.filters).flat().length;
  const narrowed = chosen ? ` dengan ${chosen} saringan` : "";
  const older = config.semua && !state.semua;
  if (!count && older) {
    return `Tidak ada hasil${narrowed} di berita terbaru. ` +
      "Cari juga di berita yang lebih lama, coba kata lain, atau kurangi saringan.";
  }
  if (!count) return `Tidak ada hasil${narrowed}. Coba kata lain atau kurangi saringan.`;
  return `${count} hasil${narrowed}`;
}

async function showMore(number, moveFocus) {
  const batch = found.slice(shownCount, shownCount + config.batch);
  const pages = await Promise.all(batch.map((result) => result.data()));
  if (number !== latest) return;
  const items = pages.map(resultItem);
  list.append(...items);
  shownCount += items.length;
  more.hidden = shownCount >= found.length;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

function resultItem(page) {
  const item = document.createElement("li");
  item.className = "hasil";
  const title = document.createElement("h2");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  title.append(link);
  item.append(title);

  const details = document.createElement("p");
  details.className = "hasil-meta";
  const kind = (page.filters.jenis_konten || [])[0];
  if (kind) details.append(valueLabel("jenis_konten", kind));
  const date = (page.meta.tanggal || "").slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const time = document.createElement("time");
    time.dateTime = date;
    time.textContent = dateFormat.format(new Date(`${date}T00:00:00Z`));
    if (kind) details.append(" · ");
    // A profile's date is when its data was last updated, not when something happened.
    if (kind === "inovasi") details.append("diperbarui ");
    details.append(time);
  }
  if (details.childNodes.length) item.append(details);

  if (page.meta.gambar) {
    const image = document.createElement("img");
    image.src = new URL(page.meta.gambar, siteRoot).href;
    image.alt = "";
    image.loading = "lazy";
    image.decoding = "async";
    image.width = 96;
    image.height = 64;
    item.append(image);
  }

  const excerpt = document.createElement("p");
  excerpt.className = "hasil-kutipan";
  excerpt.append(...excerptNodes(page, config.excerptLength));
  item.append(excerpt);
  return item;
}

// The excerpt is built here from the page's indexed text and the word positions Pagefind
// matched: whole words, "…" where text is left out, the title (already the result's
// heading) not repeated, and only text nodes and <mark>, so nothing from the indexed
// pages can become markup here.
function excerptNodes(page, length) {
  const words = page.content.split(/\s+/).filter(Boolean);
  const title = (page.meta.title || "").trim();
  let bodyStart = 0;
  if (title && page.content.trimStart().startsWith(title)) {
    bodyStart = title.split(/\s+/).filter(Boolean).length;
  }
  const hits = [...new Set((page.locations || []).filter((at) => at >= bodyStart && at < words.length))]
    .sort((a, b) => a - b);
  let start = bodyStart;
  if (hits.length) {
    // The window holding the most matches; its text starts a few words before the first.
    let best = 0;
    let bestCount = 0;
    for (let i = 0, j = 0; i < hits.length; i += 1) {
      while (hits[i] - hits[j] >= length - 4) j += 1;
      if (i - j + 1 > bestCount) { bestCount = i - j + 1; best = j; }
    }
    start = Math.max(bodyStart, hits[best] - 4);
  }
  const end = Math.min(words.length, start + length);
  const marked = new Set(hits);
  const nodes = [];
  let text = start > bodyStart ? "… " : "";
  for (let at = start; at < end; at += 1) {
    const word = words[at];
    const core = marked.has(at) && word.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
    if (core && core[2]) {
      nodes.push(document.createTextNode(text + core[1]));
      const mark = document.createElement("mark");
      mark.textContent = core[2];
      nodes.push(mark);
      text = core[3];
    } else {
      text += word;
    }
    if (at + 1 < end) text += " ";
  }
  if (end < words.length) text += " …";
  nodes.push(document.createTextNode(text));
  return nodes;
}

// ---- filters -------------------------------------------------------------------

function valueLabel(key, value) {
  return (config.valueLabels[key] || {})[value] || value;
}

// Values in a fixed order where the setting gives one (the stages of an innovation, in
// their lifecycle), else alphabetical; years newest first.
function sortedValues(key, values) {
  const collator = new Intl.Collator("id", { numeric: true });
  const order = config.valueOrder[key] || [];
  const rank = (value) => (order.includes(value) ? order.indexOf(value) : order.length);
  const sorted = [...values].sort((a, b) => rank(a) - rank(b)
    || collator.compare(valueLabel(key, a), valueLabel(key, b)));
  return key === "tahun" ? sorted.reverse() : sorted;
}

// Boxes are updated in place, never rebuilt, so the box a reader just ticked keeps focus.
function showFilters(counts, totals, chosen) {
  let offered = 0;
  for (const key of filterKeys) {
    const values = new Set([...Object.keys(totals[key] || {}), ...Object.keys(counts[key] || {}),
                            ...(chosen[key] || [])]);
    let group = filterGroups.querySelector(`fieldset[data-kunci="${CSS.escape(key)}"]`);
    if (!values.size) {
      if (group) group.hidden = true;
      continue;
    }
    offered += 1;
    if (!group) group = filterGroup(key);
    group.hidden = false;
    const options = group.querySelector("ul");
    sortedValues(key, values).forEach((value, position) => {
      let option = [...options.children].find((li) => li.dataset.nilai === value);
      if (!option) option = filterOption(key, value);
      // Move only what is out of place: moving an element takes its focus away.
      const there = options.children[position];
      if (there !== option) options.insertBefore(option, there || null);
      option.querySelector("[data-jumlah]").textContent = `(${(counts[key] || {})[value] || 0})`;
      option.querySelector("input").checked = (chosen[key] || []).includes(value);
    });
  }
  filterBox.hidden = filtersReady && offered === 0;
  const chosenCount = Object.values(chosen).flat().length;
  activeCount.textContent = chosenCount ? `(${chosenCount} dipilih)` : "";
  if (chosenCount) filterBox.open = true;
}

function filterGroup(key) {
  const group = document.createElement("fieldset");
  group.dataset.kunci = key;
  const legend = document.createElement("legend");
  legend.textContent = filterLabels.get(key);
  group.append(legend, document.createElement("ul"));
  // Groups keep the order of the setting, whatever order they first appear in.
  const after = filterKeys.slice(filterKeys.indexOf(key) + 1)
    .map((other) => filterGroups.querySelector(`fieldset[data-kunci="${CSS.escape(other)}"]`))
    .find(Boolean);
  filterGroups.insertBefore(group, after || null);
  return group;
}

let optionNumber = 0;
function filterOption(key, value) {
  const option = document.createElement("li");
  option.dataset.nilai = value;
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = key;
  box.value = value;
  box.id = `saring-${++optionNumber}`;
  const label = document.createElement("label");
  label.htmlFor = box.id;
  const count = document.createElement("span");
  count.className = "jumlah";
  count.dataset.jumlah = "";
  label.append(`${valueLabel(key, value)} `, count);
  option.append(box, label);
  return option;
}

// ---- events --------------------------------------------------------------------

function searchAndRemember(how) {
  const state = stateFromForm();
  const target = address(state);
  if (target !== location.pathname + location.search) history[how](null, "", target);
  return search(state);
}

let typingTimer = 0;
field.addEventListener("input", () => {
  clearTimeout(typingTimer);
  const q = field.value.trim();
  if (q && q.length < LIVE_MIN_LETTERS) return; // wait for Enter or more letters
  typingTimer = setTimeout(() => searchAndRemember("replaceState"), 300);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  searchAndRemember("pushState");
});
form.addEventListener("change", (event) => {
  if (event.target === field) return; // typing is handled above
  searchAndRemember("pushState");
});
more.addEventListener("click", () => showMore(latest, true));
filterBox.addEventListener("toggle", () => {
  const state = stateFromForm();
  if (filterBox.open && !filtersReady) loadFilters(state).then(() => search(stateFromForm()));
});
if (allButton) {
  allButton.addEventListener("click", () => {
    showScope({ semua: true });
    scopeNotes.semua.focus(); // the button is gone; the note says what is searched now
    searchAndRemember("pushState");
  });
}
window.addEventListener("popstate", () => {
  const state = stateFromAddress();
  showInForm(state);
  search(state);
});

function start(state) {
  return engineFor(state).then(() => search(state), () => {
    status.textContent = "Maaf, pencarian tidak dapat dimuat. Silakan telusuri arsip berita atau katalog inovasi.";
  });
}

// An empty page fetches nothing until the reader focuses its field (or ticks a filter):
// a visit that only passes through costs no index download.
const initial = stateFromAddress();
showInForm(initial);
if (isEmpty(initial)) {
  form.addEventListener("focusin", () => pagefind().catch(() => {}), { once: true });
} else {
  start(initial);
}
