// Shared by the site's pages: formatting, the workload cost formula, the data file, the URL.
// The cost formula mirrors generator/cost.py operation for operation; tests keep them in step.

export const MILLION = 1000000;

function sig3(x) { return String(Number(x.toPrecision(3))); }

// 8K, 128K, 200K, 1M, 1.05M (generator/pages.py short_tokens).
export function tokens(v) {
  if (!v) return "\u2014";
  for (const [unit, dec, bin] of [["M", 1000000, 1048576], ["K", 1000, 1024]]) {
    if (v >= dec) return (v % dec === 0 ? String(v / dec) : v % bin === 0 ? String(v / bin) : sig3(v / dec)) + unit;
  }
  return String(v);
}

// 2.5, 0.075 (generator/pages.py plain_price).
export function price(v) {
  if (v === null || v === undefined) return "\u2014";
  return v.toFixed(6).replace(/0+$/, "").replace(/\.$/, "") || "0";
}

// $1,234.56, or three significant digits under a cent (generator/pages.py money).
export function money(v) {
  if (v === 0) return "$0";
  if (v < 0.01) return "$" + sig3(v);
  return "$" + v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function val(x) { return x === undefined ? null : x; }

// The long-context tier with the highest threshold below the input size, or null.
export function tierFor(p, inputTokens) {
  let chosen = null;
  for (const t of p.tiers || []) {
    if (inputTokens > t.above && (chosen === null || t.above > chosen.above)) chosen = t;
  }
  return chosen;
}

// False when the model's input limit is known and smaller than the request's input, unless a
// long-context price tier starts at or above that limit (generator/cost.py fits).
export function fits(d, inputTokens) {
  const limit = d.max_input_tokens || d.context_window;
  if (!limit || inputTokens <= limit) return true;
  return ((d.pricing && d.pricing.tiers) || []).some((t) => t.above >= limit);
}

function scaled(tierPrice, price, base) {
  if (tierPrice === null) return price;
  return base > 0 ? tierPrice * (price / base) : tierPrice;
}

// {perRequest, monthly, tier, batch} for a workload {input, output, cached (0..1), requests,
// batch}, or null when a needed price is missing. Same steps as generator/cost.py workload_cost.
export function workloadCost(p, w) {
  if (!p || val(p.input) === null || (w.output > 0 && val(p.output) === null)) return null;
  const baseIn = p.input, baseOut = val(p.output) || 0;
  let inPrice = baseIn, outPrice = baseOut, readPrice = val(p.cache_read), usedBatch = false;
  if (w.batch && val(p.batch_input) !== null) { inPrice = p.batch_input; usedBatch = true; }
  if (w.batch && val(p.batch_output) !== null) { outPrice = p.batch_output; usedBatch = true; }
  const tier = tierFor(p, w.input);
  if (tier !== null) {
    inPrice = scaled(val(tier.input), inPrice, baseIn);
    outPrice = scaled(val(tier.output), outPrice, baseOut);
    if (val(tier.cache_read) !== null) readPrice = tier.cache_read;
  }
  if (readPrice === null) readPrice = inPrice;
  const cached = w.input * w.cached;
  const fresh = w.input - cached;
  const perRequest = (fresh * inPrice + cached * readPrice + w.output * outPrice) / MILLION;
  return { perRequest, monthly: perRequest * w.requests, tier: tier ? tier.above : null, batch: usedBatch };
}

// The catalog as compact records (written by generator/render.py to /data/models.json).
export async function loadModels() {
  const link = document.querySelector("footer a[href^='/data/']");
  const response = await fetch(link ? link.getAttribute("href") : "/data/models.json");
  if (!response.ok) throw new Error("could not load the model data (HTTP " + response.status + ")");
  return response.json();
}

// An element with text content only: never HTML from data.
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

// Replace the page's query string without a new history entry.
export function setQuery(params) {
  const query = params.toString();
  const url = location.pathname + (query ? "?" + query : "") + location.hash;
  history.replaceState(null, "", url);
  return url;
}
