// The comparison table: sort by any column, filter, search and choose columns; state in the URL.
import { setQuery } from "./lib.js";

const table = document.getElementById("models");
const form = document.getElementById("filters");
const heads = [...table.tHead.rows[0].cells];
const keys = heads.map((th) => th.dataset.key);
const numeric = heads.map((th) => th.classList.contains("num"));
const col = Object.fromEntries(keys.map((k, i) => [k, i]));
const tbody = table.tBodies[0];
const count = table.querySelector("caption .count");
const DEFAULT_STATUS = "active,preview";
const defaultCols = keys.filter((_, i) => !table.classList.contains("hide-" + (i + 1))).join(",");

function cellValue(td, i) {
  if (!numeric[i]) return td.textContent.toLowerCase();
  const raw = td.dataset.v !== undefined ? td.dataset.v : td.textContent;
  const n = parseFloat(raw);
  return Number.isNaN(n) ? null : n;
}

const rows = [...tbody.rows].map((tr, index) => {
  const c = tr.cells;
  const link = c[col.model].querySelector("a");
  return {
    tr,
    index,
    values: keys.map((_, i) => cellValue(c[i], i)),
    provider: c[col.provider].querySelector("a").getAttribute("href").split("/")[2],
    text: (c[col.provider].textContent + " " + c[col.model].textContent + " " +
      decodeURI(link.getAttribute("href"))).toLowerCase(),
    features: new Set(c[col.features].textContent.split(", ")),
    modalities: new Set(c[col.modalities].textContent.split(", ")),
  };
});

// Only the rows on show are in the DOM, at most PAGE of them until "Show all": style and
// layout of the table is what costs, not the sorting (about 0.2 ms a row in headless Chromium
// on a 2-core VM, twice that in its slow stretches; 100 rows took sorts past 50 ms there).
const PAGE = 50;
const more = document.getElementById("more");
let limit = PAGE;
let order = rows;
let sortKey = null;
let sortDir = "asc";

function compare(a, b) {
  const i = col[sortKey];
  const x = a.values[i], y = b.values[i];
  if (x === y) return a.index - b.index;
  if (x === null) return 1;  // unknowns last, whichever the direction
  if (y === null) return -1;
  const order = x < y ? -1 : 1;
  return sortDir === "asc" ? order : -order;
}

export function sortBy(key, dir) {
  sortKey = key;
  sortDir = dir;
  order = key && key in col ? rows.slice().sort(compare) : rows;
  for (const th of heads) {
    if (th.dataset.key === key) th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
  }
}

function readForm() {
  if (!form) return null;
  const data = new FormData(form);
  const num = (name) => (data.get(name) === "" || data.get(name) === null ? null : Number(data.get(name)));
  return {
    q: (data.get("q") || "").trim().toLowerCase(),
    provider: data.get("provider") || "",
    kind: data.get("kind") || "",
    tier: data.get("tier") || "",
    mod: data.get("mod") || "",
    maxin: num("maxin"), maxout: num("maxout"), minctx: num("minctx"), maxctx: num("maxctx"),
    status: new Set(data.getAll("status")),
    features: data.getAll("feature"),
    cols: data.getAll("col"),
  };
}

function within(value, min, max) {
  if (min === null && max === null) return true;
  if (value === null) return false;
  return (min === null || value >= min) && (max === null || value <= max);
}

function keep(r, f) {
  const v = r.values;
  return (!f.q || r.text.includes(f.q)) &&
    (!f.provider || r.provider === f.provider) &&
    (!f.kind || v[col.kind] === f.kind) &&
    (!f.tier || v[col.tier] === f.tier) &&
    (!f.mod || r.modalities.has(f.mod)) &&
    f.status.has(v[col.status]) &&
    f.features.every((x) => r.features.has(x)) &&
    within(v[col.input], null, f.maxin) &&
    within(v[col.output], null, f.maxout) &&
    within(v[col.context], f.minctx, f.maxctx);
}

export function applyFilters() {
  const f = readForm();
  let shown = 0;
  const on = [];
  for (const r of order) {
    if (f === null || keep(r, f)) {
      if (shown < limit) on.push(r.tr);
      shown++;
    }
  }
  tbody.replaceChildren(...on);
  if (more) {
    more.hidden = shown <= limit;
    more.firstElementChild.textContent = "Show all " + shown + " models (" + limit + " shown)";
  }
  if (f) {
    keys.forEach((k, i) => table.classList.toggle("hide-" + (i + 1), !f.cols.includes(k)));
  }
  if (count) count.textContent = shown === rows.length ? rows.length + " models" : shown + " of " + rows.length + " models";
  return f;
}

function writeUrl(f) {
  const p = new URLSearchParams();
  if (f) {
    for (const name of ["q", "provider", "kind", "tier", "mod"]) if (f[name]) p.set(name, f[name]);
    for (const name of ["maxin", "maxout", "minctx", "maxctx"]) if (f[name] !== null) p.set(name, f[name]);
    const status = [...f.status].join(",");
    if (status !== DEFAULT_STATUS) p.set("status", status || "none");
    if (f.features.length) p.set("feature", f.features.join(","));
    if (f.cols.join(",") !== defaultCols) p.set("cols", f.cols.join(",") || "none");
  }
  if (sortKey) { p.set("sort", sortKey); p.set("dir", sortDir); }
  const url = setQuery(p);
  const share = document.getElementById("share");
  if (share) share.href = url;
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  if (form) {
    for (const name of ["q", "provider", "kind", "tier", "mod", "maxin", "maxout", "minctx", "maxctx"]) {
      if (p.has(name)) form.elements[name].value = p.get(name);
    }
    const lists = {
      status: (p.get("status") || DEFAULT_STATUS).split(","),
      feature: (p.get("feature") || "").split(","),
      col: (p.get("cols") || defaultCols).split(","),
    };
    for (const [name, values] of Object.entries(lists)) {
      for (const box of form.querySelectorAll(`input[name="${name}"]`)) box.checked = values.includes(box.value);
    }
  }
  const key = p.get("sort");
  return [key in col ? key : null, p.get("dir") === "desc" ? "desc" : "asc"];
}

function update() { writeUrl(applyFilters()); }

for (const th of heads) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = th.textContent;
  th.textContent = "";
  th.append(button);
  button.addEventListener("click", () => {
    const key = th.dataset.key;
    sortBy(key, sortKey === key && sortDir === "asc" ? "desc" : "asc");
    writeUrl(applyFilters());
  });
}

if (more) {
  more.firstElementChild.addEventListener("click", () => { limit = Infinity; applyFilters(); });
}
if (form) {
  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(update, 0));
}
const [key, dir] = readUrl();
if (key) sortBy(key, dir);
applyFilters();
document.documentElement.dataset.ready = "table";
