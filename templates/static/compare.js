// Compare two to four models side by side; the models are the page's ?m= parameters.
import { el, loadModels, money, price, setQuery, tokens } from "./lib.js";

const MAX = 4;
const form = document.getElementById("picker");
const table = document.getElementById("compare");
const status = document.getElementById("status");

const list = (xs) => (xs && xs.length ? xs.join(", ") : "\u2014");
const text = (x) => (x === undefined || x === null || x === "" ? "\u2014" : String(x));
const usd = (key) => (d) => (d.pricing && d.pricing[key] !== undefined ? "$" + price(d.pricing[key]) : "\u2014");
const sourced = (url, day) => (url ? url + (day ? " (verified " + day + ")" : "") : "\u2014");

const ROWS = [
  ["Provider", (d) => d.provider_name],
  ["Global id", (d) => d.global_id],
  ["Kind", (d) => d.kind],
  ["Maker", (d) => d.maker],
  ["Family", (d) => text(d.family)],
  ["Status", (d) => d.status],
  ["Tier", (d) => text(d.tier)],
  ["Released", (d) => text(d.release_date)],
  ["Deprecated", (d) => text(d.deprecation_date)],
  ["Retired", (d) => text(d.retirement_date)],
  ["Successor", (d) => text(d.successor)],
  ["Context window", (d) => tokens(d.context_window)],
  ["Max output tokens", (d) => tokens(d.max_output_tokens)],
  ["Max input tokens", (d) => tokens(d.max_input_tokens)],
  ["Embedding dimensions", (d) => list(d.dimensions)],
  ["Input modalities", (d) => list(d.modalities && d.modalities.input)],
  ["Output modalities", (d) => list(d.modalities && d.modalities.output)],
  ["Knowledge cutoff", (d) => text(d.knowledge_cutoff)],
  ["Open weights", (d) => (d.open_weights === undefined ? "\u2014" : d.open_weights ? "yes" : "no")],
  ["Input $/1M", usd("input")],
  ["Output $/1M", usd("output")],
  ["Cached input $/1M", usd("cache_read")],
  ["Cache write $/1M", usd("cache_write")],
  ["Batch input $/1M", usd("batch_input")],
  ["Batch output $/1M", usd("batch_output")],
  ["Per request", (d) => (d.pricing && d.pricing.per_request !== undefined ? money(d.pricing.per_request) : "\u2014")],
  ["Long-context prices", (d) => list(((d.pricing && d.pricing.tiers) || []).map((t) =>
    "above " + tokens(t.above) + ": in $" + price(t.input ?? null) + ", out $" + price(t.output ?? null)))],
  ["Price effective", (d) => text(d.pricing && d.pricing.effective)],
  ["Price source", (d) => (d.pricing ? sourced(d.pricing.source, d.pricing.verified) : "\u2014")],
  ["Limits source", (d) => sourced(d.source, d.verified)],
  ["Aliases", (d) => list(d.aliases)],
];

let models = [];
let byId = new Map();
let chosen = [];

function featureRows() {
  const all = new Set(chosen.flatMap((d) => d.features || []));
  return [...all].sort().map((f) => ["Feature: " + f, (d) => ((d.features || []).includes(f) ? "yes" : "no")]);
}

function render() {
  table.replaceChildren();
  const only = form.elements.diff.checked;
  table.classList.toggle("only-diff", only);
  if (!chosen.length) {
    status.textContent = "Add two to four models to compare them.";
    return;
  }
  const head = el("tr", {}, el("th", { scope: "col", text: "Model" }));
  chosen.forEach((d, i) => {
    const remove = el("button", { type: "button", "aria-label": "Remove " + d.name, text: "Remove" });
    remove.addEventListener("click", () => { chosen.splice(i, 1); update(); });
    head.append(el("th", { scope: "col" }, el("a", { href: d.url, text: d.name }), " ", remove));
  });
  const body = el("tbody");
  for (const [label, get] of [...ROWS, ...featureRows()]) {
    const values = chosen.map(get);
    const same = values.every((v) => v === values[0]);
    const row = el("tr", { class: chosen.length > 1 && !same ? "diff" : "same" }, el("th", { scope: "row", text: label }));
    for (const v of values) row.append(el("td", { text: v }));
    body.append(row);
  }
  table.append(el("caption", { text: "Highlighted rows differ" }), el("thead", {}, head), body);
}

function update() {
  const p = new URLSearchParams();
  for (const d of chosen) p.append("m", d.global_id);
  if (form.elements.diff.checked) p.set("diff", "1");
  setQuery(p);
  if (chosen.length === 1) status.textContent = "Add at least one more model.";
  else if (chosen.length >= MAX) status.textContent = "Four models is the most; remove one to add another.";
  else if (chosen.length) status.textContent = "";
  render();
}

function find(query) {
  const q = query.trim();
  if (byId.has(q)) return byId.get(q);
  const lower = q.toLowerCase();
  return models.find((d) => d.name.toLowerCase() === lower || (d.aliases || []).some((a) => d.provider + "/" + a === q));
}

async function main() {
  form.hidden = false;
  document.getElementById("nojs").hidden = true;
  try {
    models = await loadModels();
  } catch (error) {
    status.textContent = error.message;
    return;
  }
  byId = new Map(models.map((d) => [d.global_id, d]));
  const options = document.getElementById("model-ids");
  options.append(...models.map((d) => el("option", { value: d.global_id, text: d.name })));
  const params = new URLSearchParams(location.search);
  form.elements.diff.checked = params.get("diff") === "1";
  const unknown = [];
  for (const id of params.getAll("m")) {
    const d = find(id);
    if (!d) unknown.push(id);
    else if (!chosen.includes(d) && chosen.length < MAX) chosen.push(d);
  }
  update();
  if (unknown.length) status.textContent = "Not in the catalog: " + unknown.join(", ");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const d = find(form.elements.add.value);
    if (!d) { status.textContent = "No model " + JSON.stringify(form.elements.add.value) + " in the catalog."; return; }
    if (!chosen.includes(d) && chosen.length < MAX) chosen.push(d);
    form.elements.add.value = "";
    update();
  });
  form.elements.diff.addEventListener("change", update);
  document.documentElement.dataset.ready = "compare";
}

main();
