// The cost calculator: one workload priced on every model, cheapest first; state in the URL.
import { el, fits, loadModels, money, setQuery, tokens, workloadCost } from "./lib.js";

const form = document.getElementById("workload");
const table = document.getElementById("ranking");
const count = table.querySelector("caption .count");
const HIDDEN = new Set(["deprecated", "retired"]);
const FIELDS = { in: "in", out: "out", cached: "cached", req: "req", kind: "kind" };
const defaults = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, form.elements[k].value]));

function workload() {
  const n = (name) => Math.max(0, Number(form.elements[name].value) || 0);
  return {
    input: Math.round(n("in")),
    output: Math.round(n("out")),
    cached: Math.min(n("cached"), 100) / 100,
    requests: Math.round(n("req")),
    batch: form.elements.batch.checked,
  };
}

export function rank(models, w, kind, all) {
  const ranked = [];
  for (const d of models) {
    if ((!all && HIDDEN.has(d.status)) || (kind && d.kind !== kind) || !fits(d, w.input)) continue;
    const cost = workloadCost(d.pricing, w);
    if (cost) ranked.push([d, cost]);
  }
  ranked.sort((a, b) => a[1].monthly - b[1].monthly || (a[0].global_id < b[0].global_id ? -1 : 1));
  return ranked;
}

function render(models) {
  const w = workload();
  const ranked = rank(models, w, form.elements.kind.value, form.elements.all.checked);
  const rows = ranked.map(([d, c], i) => {
    const used = (c.batch ? "batch" : "standard") + (c.tier ? ", long-context above " + tokens(c.tier) : "");
    const tr = el("tr", { "data-id": d.global_id, "data-cost": String(c.monthly) },
      el("td", { class: "num", text: String(i + 1) }),
      el("td", {}, el("a", { href: d.url, text: d.name })),
      el("td", { text: d.provider }),
      el("td", { class: "num", text: money(c.monthly) }),
      el("td", { class: "num", text: money(c.perRequest) }),
      el("td", { text: used }));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  count.textContent = ranked.length + " models priced";
  const p = new URLSearchParams();
  for (const [name, key] of Object.entries(FIELDS)) {
    if (form.elements[name].value !== defaults[name]) p.set(key, form.elements[name].value);
  }
  if (w.batch) p.set("batch", "1");
  if (form.elements.all.checked) p.set("all", "1");
  setQuery(p);
}

async function main() {
  document.getElementById("nojs").hidden = true;
  const p = new URLSearchParams(location.search);
  for (const [name, key] of Object.entries(FIELDS)) if (p.has(key)) form.elements[name].value = p.get(key);
  form.elements.batch.checked = p.get("batch") === "1";
  form.elements.all.checked = p.get("all") === "1";
  let models;
  try {
    models = await loadModels();
  } catch (error) {
    count.textContent = error.message;
    return;
  }
  form.addEventListener("input", () => render(models));
  form.addEventListener("submit", (event) => { event.preventDefault(); render(models); });
  render(models);
  document.documentElement.dataset.ready = "calculator";
}

main();
