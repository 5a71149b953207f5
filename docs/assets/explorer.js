// The interactive explorer (docs/explorer.md): overlay activations and their derivatives.
//
// Plain JavaScript, no framework, no request outside the site. The numbers come from
// the activations package only: scripts/explorer.py prints each function's f, f′ and f″
// from the package's sympy forms into data/explorer/<slug>.js, fetched when a reader
// picks the function; data/explorer/index.json lists the catalog and the parameters'
// domains. tests/test_explorer.py checks every module against the package.
//
// Works with Material's instant navigation: `document$` emits on every page shown, and
// the explorer is built when the page has #activation-explorer and torn down when not.

/* ------------------------------------------------------------------------------------
 * erf and erfc: W. J. Cody's rational Chebyshev approximations (CALERF, SPECFUN, 1985),
 * the algorithm behind most libm erfs; a few ULP in double precision.
 * ------------------------------------------------------------------------------------ */
const ERF_A = [3.1611237438705656, 113.86415415105016, 377.485237685302021,
  3209.37758913846947, 0.185777706184603153];
const ERF_B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228,
  2844.23683343917062];
const ERF_C = [0.564188496988670089, 8.88314979438837594, 66.1191906371416295,
  298.635138197400131, 881.95222124176909, 1712.04761263407058, 2051.07837782607147,
  1230.33935479799725, 2.15311535474403846e-8];
const ERF_D = [15.7449261107098347, 117.693950891312499, 537.181101862009858,
  1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164,
  1230.33935480374942];
const ERF_P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246,
  0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const ERF_Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412,
  0.0605183413124413191, 0.00233520497626869185];
const SQRT_PI_INV = 0.56418958354775628695; // 1/√π
const ERF_XSMALL = 1.11e-16; // below it erf(x) = 2x/√π to double precision
const ERF_XBIG = 26.543; // above it erfc(x) underflows to 0

/** e^(-y²) · r, with y² split so that its rounding error is not magnified by exp. */
function timesGauss(y, r) {
  const head = Math.trunc(y * 16) / 16;
  const rest = (y - head) * (y + head);
  return Math.exp(-head * head) * Math.exp(-rest) * r;
}

/** erfc(|x|) for |x| > 0.46875. */
function erfcTail(y) {
  if (y <= 4) {
    let num = ERF_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERF_C[i]) * y;
      den = (den + ERF_D[i]) * y;
    }
    return timesGauss(y, (num + ERF_C[7]) / (den + ERF_D[7]));
  }
  if (y >= ERF_XBIG) return 0;
  const w = 1 / (y * y);
  let num = ERF_P[5] * w;
  let den = w;
  for (let i = 0; i < 4; i++) {
    num = (num + ERF_P[i]) * w;
    den = (den + ERF_Q[i]) * w;
  }
  return timesGauss(y, (SQRT_PI_INV - (w * (num + ERF_P[4])) / (den + ERF_Q[4])) / y);
}

/** erf(x) for |x| <= 0.46875. */
function erfCore(x) {
  const y = Math.abs(x);
  const w = y > ERF_XSMALL ? y * y : 0;
  let num = ERF_A[4] * w;
  let den = w;
  for (let i = 0; i < 3; i++) {
    num = (num + ERF_A[i]) * w;
    den = (den + ERF_B[i]) * w;
  }
  return (x * (num + ERF_A[3])) / (den + ERF_B[3]);
}

/** The error function. */
export function erf(x) {
  const y = Math.abs(x);
  if (Number.isNaN(x)) return NaN;
  if (y <= 0.46875) return erfCore(x);
  const value = 0.5 - erfcTail(y) + 0.5;
  return x < 0 ? -value : value;
}

/** The complementary error function 1 - erf(x), without the cancellation for large x. */
export function erfc(x) {
  const y = Math.abs(x);
  if (Number.isNaN(x)) return NaN;
  if (y <= 0.46875) return 1 - erfCore(x);
  const tail = erfcTail(y);
  return x < 0 ? 2 - tail : tail;
}

/* ------------------------------------------------------------------------------------
 * Data: the index, and one evaluator module per function, each fetched once.
 * ------------------------------------------------------------------------------------ */
const SITE = new URL("../", import.meta.url); // this file is assets/explorer.js
const DATA = new URL("data/explorer/", SITE);
let indexPromise = null;
const evaluators = new Map();

/** The catalog: families, themes, and each function's parameters and domains. */
export function loadIndex() {
  if (!indexPromise) {
    indexPromise = fetch(new URL("index.json", DATA)).then((response) => {
      if (!response.ok) throw new Error(`index.json: HTTP ${response.status}`);
      return response.json();
    });
    indexPromise.catch(() => {
      indexPromise = null;
    });
  }
  return indexPromise;
}

/** The module of ``slug`` (exports f, df, d2f and, for most, breakpoints), from the index. */
export async function loadEvaluator(slug) {
  const index = await loadIndex();
  if (!index.functions.some((fn) => fn.slug === slug)) throw new Error(`unknown function ${slug}`);
  if (!evaluators.has(slug)) {
    const loading = import(new URL(`${slug}.js`, DATA).href);
    evaluators.set(slug, loading);
    loading.catch(() => evaluators.delete(slug));
  }
  return evaluators.get(slug);
}

/* ------------------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------------------ */
const WHICH = ["f", "df", "d2f"];
const PRIME = { f: "f", df: "f′", d2f: "f″" };
const WHICH_NAME = { f: "f", df: "first derivative f′", d2f: "second derivative f″" };
const DASHES = { f: [], df: [7, 4], d2f: [1.5, 3.5] };
const Z_LIMIT = 50; // the view and the reading point stay within ±50
const MIN_SPAN = 1e-3;
const HOME_VIEW = [-5, 5];
const DEFAULT_SELECTION = "relu;gelu";
const DEFAULT_SHOW = { f: true, df: true, d2f: false };
const MINUS = "\u2212";

let uid = 0;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  el.append(...children.filter((child) => child !== null && child !== undefined));
  return el;
}

const SUPERSCRIPT = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵",
  6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** A value for reading: up to ``digits`` significant digits, a real minus sign, ×10ⁿ. */
export function formatValue(v, digits = 12) {
  if (Number.isNaN(v)) return "undefined";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : `${MINUS}∞`;
  if (v === 0) return "0";
  const size = Math.abs(v);
  let text;
  if (size >= 1e-4 && size < 1e9) {
    text = String(Number(v.toPrecision(digits)));
  } else {
    const [mantissa, exponent] = v.toExponential(digits - 1).split("e");
    const power = [...exponent].map((c) => SUPERSCRIPT[c]).join("");
    text = `${Number(mantissa)} × 10${power}`;
  }
  return text.replace("-", MINUS);
}

/** A number for a URL or an input field: the shortest text that reads back as ``v``. */
function plain(v) {
  return Object.is(v, -0) ? "0" : String(v);
}

/** ``v`` rounded to about a thousandth of ``span``, for axis ends and pointer positions. */
function roundTo(v, span) {
  const decimals = Math.max(0, Math.min(15, 3 - Math.floor(Math.log10(span))));
  const rounded = Number(v.toFixed(decimals));
  return Object.is(rounded, -0) ? 0 : rounded;
}

function parseNumber(text) {
  const cleaned = String(text).trim().replace(/\u2212/g, "-");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return NaN;
  return Number(cleaned);
}

function domainText(spec) {
  const low = spec.low === "-inf" ? `${MINUS}∞` : formatValue(spec.low);
  const high = spec.high === "inf" ? "∞" : formatValue(spec.high);
  return `${spec.lowOpen ? "(" : "["}${low}, ${high}${spec.highOpen ? ")" : "]"}`;
}

/** null when ``value`` is in the parameter's domain, else why not. */
function domainError(spec, value) {
  if (!Number.isFinite(value)) return `${spec.symbol} must be a finite number`;
  const low = spec.low === "-inf" ? -Infinity : spec.low;
  const high = spec.high === "inf" ? Infinity : spec.high;
  const tooLow = value < low || (spec.lowOpen && value === low);
  const tooHigh = value > high || (spec.highOpen && value === high);
  return tooLow || tooHigh ? `${spec.symbol} must be in ${domainText(spec)}` : null;
}

function niceStep(rough) {
  const power = 10 ** Math.floor(Math.log10(rough));
  const m = rough / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

function ticks(lo, hi, count) {
  const step = niceStep((hi - lo) / count);
  const values = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) values.push(k * step);
  return { step, values };
}

function tickLabel(v, step) {
  if (Math.abs(v) < step * 1e-6) return "0";
  if (Math.abs(v) >= 1e5 || step < 1e-6) return formatValue(v, 3);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals).replace("-", MINUS);
}

function clampView([lo, hi]) {
  let span = Math.min(Math.max(hi - lo, MIN_SPAN), 2 * Z_LIMIT);
  if (!Number.isFinite(span)) span = HOME_VIEW[1] - HOME_VIEW[0];
  let start = Number.isFinite(lo) ? lo : HOME_VIEW[0];
  start = Math.min(Math.max(start, -Z_LIMIT), Z_LIMIT - span);
  return [start, start + span];
}

/* ------------------------------------------------------------------------------------
 * The explorer
 * ------------------------------------------------------------------------------------ */
class Explorer {
  constructor(root) {
    this.root = root;
    this.abort = new AbortController();
    this.frame = 0;
    this.urlTimer = 0;
    this.observers = [];
    this.items = []; // {slug, spec, params, ev, slot, color}, in the order of their slots
    this.show = { ...DEFAULT_SHOW }; // which curves every function shows: f, f′, f″
    this.view = [...HOME_VIEW];
    this.yRange = null; // null: fitted to the curves
    this.fittedY = [-1, 1];
    this.at = 1;
    this.hover = null;
    this.id = `ax${++uid}`;
    root.classList.add("ax");
    root.setAttribute("aria-busy", "true");
    loadIndex().then(
      (index) => this.alive && this.start(index),
      (error) => this.alive && this.fail(error),
    );
  }

  get alive() {
    return !this.abort.signal.aborted;
  }

  on(target, type, handler, options = {}) {
    target.addEventListener(type, handler, { ...options, signal: this.abort.signal });
  }

  destroy() {
    this.abort.abort();
    cancelAnimationFrame(this.frame);
    clearTimeout(this.urlTimer);
    clearTimeout(this.statusTimer);
    for (const observer of this.observers) observer.disconnect();
    if (this.fileUrl) URL.revokeObjectURL(this.fileUrl);
  }

  fail(error) {
    this.root.removeAttribute("aria-busy");
    this.root.replaceChildren(
      h("p", { class: "ax-error", role: "alert", text: `The explorer could not load: ${error.message}` }),
    );
  }

  /* ---------------------------------------------------------------- building the UI */
  start(index) {
    this.index = index;
    this.specs = new Map(index.functions.map((fn) => [fn.slug, fn]));
    const [plot, ...underPlot] = this.buildView();
    this.root.replaceChildren(this.buildToolbar(),
      h("div", { class: "ax-stage" }, plot, this.buildCatalog(), ...underPlot),
      this.buildReadout(), this.buildSelected());
    this.root.removeAttribute("aria-busy");
    this.applyTheme();
    const themeObserver = new MutationObserver(() => this.applyTheme());
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    const sizeObserver = new ResizeObserver(() => this.schedule());
    sizeObserver.observe(this.plotBox);
    this.observers.push(themeObserver, sizeObserver);
    this.restore(new URLSearchParams(window.location.search));
  }

  /** A labelled number field: [label, input]. */
  field(label, attrs) {
    const id = `${this.id}-${++uid}`;
    const input = h("input", { id, type: "number", step: "any", inputmode: "decimal", ...attrs });
    return [h("label", { for: id, text: label }), input];
  }

  buildToolbar() {
    const [zMinLabel, zMin] = this.field("z from", { class: "ax-num" });
    const [zMaxLabel, zMax] = this.field("to", { class: "ax-num", "aria-label": "z to" });
    const [yMinLabel, yMin] = this.field("y from", { class: "ax-num" });
    const [yMaxLabel, yMax] = this.field("to", { class: "ax-num", "aria-label": "y to" });
    const fitId = `${this.id}-fit`;
    const fit = h("input", { type: "checkbox", id: fitId, checked: true });
    const button = (text, label, action) => {
      const b = h("button", { type: "button", class: "ax-button", text, "aria-label": label, title: label });
      this.on(b, "click", action);
      return b;
    };
    Object.assign(this, { zMin, zMax, yMin, yMax, fit });
    this.share = button("Copy link", "Copy link to this view", () => this.copyLink());

    const group = (label, ...children) =>
      h("div", { class: "ax-group", role: "group", "aria-label": label }, ...children);
    const toolbar = h("div", { class: "ax-toolbar" },
      group("z range", zMinLabel, zMin, zMaxLabel, zMax, h("span", { class: "ax-buttons" },
        button("−", "Zoom out", () => this.zoom(1.5)),
        button("+", "Zoom in", () => this.zoom(1 / 1.5)),
        button("←", "Pan left", () => this.pan(-0.2)),
        button("→", "Pan right", () => this.pan(0.2)),
        button("Reset", "Reset the view", () => this.resetView()))),
      group("y range", yMinLabel, yMin, yMaxLabel, yMax,
        h("span", { class: "ax-check" }, fit, h("label", { for: fitId, text: "fit to the curves" }))),
      group("Curves shown for every function", h("span", { text: "Show" }), ...this.buildCurveSwitches()),
      h("div", { class: "ax-group", role: "group", "aria-label": "Share and download" }, this.share,
        button("CSV", "Download the shown curves as CSV", () => this.download("csv")),
        button("SVG", "Download the chart as SVG", () => this.download("svg"))));

    for (const input of [zMin, zMax]) {
      this.on(input, "input", () => this.viewInput());
      this.on(input, "change", () => this.syncViewFields(true));
    }
    for (const input of [yMin, yMax]) {
      this.on(input, "input", () => this.yInput());
      this.on(input, "change", () => this.syncViewFields(true));
    }
    this.on(fit, "change", () => {
      this.yRange = fit.checked ? null : [...this.fittedY];
      this.changed();
    });
    return toolbar;
  }

  /** One switch per curve (f, f′, f″), for all the functions shown. */
  buildCurveSwitches() {
    this.showBoxes = {};
    return WHICH.map((w) => {
      const id = `${this.id}-show-${w}`;
      const box = h("input", {
        type: "checkbox", id, checked: this.show[w], "aria-label": `Show ${WHICH_NAME[w]}`,
      });
      this.showBoxes[w] = box;
      this.on(box, "change", () => {
        this.show[w] = box.checked;
        this.changed();
      });
      return h("span", { class: "ax-check" }, box,
        h("label", { for: id }, this.dashSample(w), ` ${PRIME[w]}`));
    });
  }

  /** The plot, its help line and the status line. */
  buildView() {
    const helpId = `${this.id}-help`;
    this.canvas = h("canvas", {
      class: "ax-canvas", tabindex: 0, role: "img", "aria-describedby": helpId,
    });
    this.ctx = this.canvas.getContext("2d");
    this.plotBox = h("div", { class: "ax-plot" }, this.canvas);
    this.status = h("p", { class: "ax-status", role: "status", "aria-live": "polite" });
    this.bindCanvas();
    const help = h("p", { id: helpId, class: "ax-help" },
      "Drag to pan, scroll to zoom, point to read values, click to keep the reading point. " +
      "With the plot focused: ← and → move the reading point (Shift: pan), + and − zoom, " +
      "0 resets the view.");
    return [this.plotBox, help, this.status];
  }

  buildReadout() {
    const [label, input] = this.field("Read values at z =", { class: "ax-num ax-at" });
    this.atInput = input;
    this.on(input, "input", () => {
      const value = parseNumber(input.value);
      const ok = Number.isFinite(value) && Math.abs(value) <= Z_LIMIT;
      input.setAttribute("aria-invalid", String(!ok && input.value.trim() !== ""));
      if (ok) {
        this.at = value;
        this.changed({ keepAt: true });
      }
    });
    this.on(input, "change", () => {
      input.value = plain(this.at);
      input.setAttribute("aria-invalid", "false");
    });
    this.caption = h("caption", {});
    this.readoutBody = h("tbody", {});
    const head = h("tr", {}, h("th", { scope: "col", text: "Function" }),
      ...WHICH.map((w) => h("th", { scope: "col", text: `${PRIME[w]}(z)` })));
    this.table = h("table", { class: "ax-table" }, this.caption, h("thead", {}, head), this.readoutBody);
    return h("div", { class: "ax-readout" },
      h("p", { class: "ax-at-row" }, label, input,
        h("span", { class: "ax-hint", text: ` (between ${MINUS}${Z_LIMIT} and ${Z_LIMIT})` })),
      h("div", { class: "ax-table-wrap" }, this.table));
  }

  buildSelected() {
    const headingId = `${this.id}-selected`;
    this.list = h("ul", { class: "ax-items", "aria-labelledby": headingId });
    return h("section", { class: "ax-selected" },
      h("h2", { id: headingId, text: "Shown functions" }), this.list);
  }

  buildCatalog() {
    const headingId = `${this.id}-catalog`;
    this.checks = new Map();
    const families = this.index.families.map((family) => {
      const members = this.index.functions.filter((fn) => fn.family === family.key);
      const boxes = members.map((fn) => {
        const id = `${this.id}-pick-${fn.slug}`;
        const box = h("input", { type: "checkbox", id, value: fn.slug });
        this.checks.set(fn.slug, box);
        this.on(box, "change", () => (box.checked ? this.add(fn.slug) : this.remove(fn.slug)));
        return h("li", {}, box, h("label", { for: id, text: fn.name, title: fn.summary }));
      });
      return h("fieldset", { class: "ax-family" }, h("legend", { text: family.title }),
        h("ul", {}, ...boxes));
    });
    return h("section", { class: "ax-catalog", "aria-labelledby": headingId },
      h("h2", { id: headingId, text: "Pick functions to overlay" }),
      h("div", { class: "ax-families" }, ...families));
  }

  /* ------------------------------------------------------------------ functions shown */
  palette() {
    return this.index.themes[this.dark ? "dark" : "light"];
  }

  /** The first colour no shown function has: a function keeps its colour until removed. */
  freeSlot() {
    const used = new Set(this.items.map((item) => item.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    return slot;
  }

  add(slug, params = null, quiet = false, slot = this.freeSlot()) {
    const spec = this.specs.get(slug);
    if (!spec || this.items.some((item) => item.slug === slug)) return null;
    const limit = this.index.themes.light.lines.length;
    if (this.items.length >= limit || slot >= limit) {
      this.checks.get(slug).checked = false;
      this.say(`At most ${limit} functions at once: remove one first.`);
      return null;
    }
    const item = {
      slug, spec, ev: null, slot,
      params: Object.fromEntries(spec.params.map((p) => [p.name, p.default])),
    };
    if (params) Object.assign(item.params, params);
    this.items.push(item);
    this.items.sort((a, b) => a.slot - b.slot);
    this.checks.get(slug).checked = true;
    this.renderItems();
    loadEvaluator(slug).then(
      (ev) => {
        if (!this.alive) return;
        item.ev = ev;
        this.changed({ url: !quiet });
      },
      (error) => {
        if (!this.alive) return;
        this.say(`${spec.name} could not load: ${error.message}`);
        this.remove(slug);
      },
    );
    if (!quiet) this.changed();
    return item;
  }

  remove(slug, focusAfter = false) {
    const at = this.items.findIndex((item) => item.slug === slug);
    if (at < 0) return;
    this.items.splice(at, 1);
    this.checks.get(slug).checked = false;
    this.renderItems();
    if (focusAfter) this.checks.get(slug).focus();
    this.changed();
  }

  renderItems() {
    const lines = this.palette().lines;
    this.list.replaceChildren(...this.items.map((item) => {
      item.color = lines[item.slot];
      return this.buildItem(item);
    }));
    this.markPicked();
    if (!this.items.length) {
      this.list.append(h("li", { class: "ax-empty",
        text: "No function shown: tick one under “Pick functions to overlay”." }));
    }
  }

  /** Each picked function's box in the catalog takes the function's colour. */
  markPicked() {
    for (const box of this.checks.values()) box.style.removeProperty("--ax-color");
    for (const item of this.items) this.checks.get(item.slug).style.setProperty("--ax-color", item.color);
  }

  buildItem(item) {
    const { spec } = item;
    const base = `${this.id}-${spec.slug}`;
    const remove = h("button", {
      type: "button", class: "ax-button ax-remove", text: "Remove", "aria-label": `Remove ${spec.name}`,
    });
    this.on(remove, "click", () => this.remove(spec.slug, true));
    const page = new URL(`functions/${spec.slug}/`, SITE);
    const params = spec.params.map((p) => this.buildParam(item, p, base));
    const li = h("li", { class: "ax-item", style: `--ax-color: ${item.color}` },
      h("div", { class: "ax-item-head" },
        h("span", { class: "ax-swatch", "aria-hidden": "true" }),
        h("a", { href: page.href, class: "ax-name", text: spec.name }),
        remove),
      params.length ? h("div", { class: "ax-params" }, ...params) : null);
    item.element = li;
    return li;
  }

  dashSample(which) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 6");
    svg.setAttribute("class", "ax-dash");
    svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(ns, "line");
    for (const [k, v] of Object.entries({ x1: 0, y1: 3, x2: 24, y2: 3 })) line.setAttribute(k, v);
    if (DASHES[which].length) line.setAttribute("stroke-dasharray", DASHES[which].join(" "));
    svg.append(line);
    return svg;
  }

  buildParam(item, p, base) {
    const rangeId = `${base}-${p.name}-range`;
    const numberId = `${base}-${p.name}-value`;
    const docId = `${base}-${p.name}-doc`;
    const errorId = `${base}-${p.name}-error`;
    const { min, max, step } = p.slider;
    const range = h("input", {
      type: "range", id: rangeId, min, max, step, value: item.params[p.name],
      "aria-describedby": docId, "aria-valuetext": `${p.symbol} = ${formatValue(item.params[p.name])}`,
    });
    const number = h("input", {
      type: "number", id: numberId, class: "ax-num", step, value: plain(item.params[p.name]),
      "aria-label": `${item.spec.name} ${p.symbol}, exact value`, "aria-describedby": `${docId} ${errorId}`,
      inputmode: "decimal",
    });
    const error = h("span", { id: errorId, class: "ax-param-error", "aria-live": "polite" });
    const reset = h("button", {
      type: "button", class: "ax-button ax-small", text: "default",
      "aria-label": `${item.spec.name} ${p.symbol}: back to the default ${formatValue(p.default)}`,
    });
    const set = (value, from) => {
      const problem = domainError(p, value) ??
        this.orderError(item.spec, { ...item.params, [p.name]: value });
      number.setAttribute("aria-invalid", String(Boolean(problem)));
      error.textContent = problem ?? "";
      if (problem) return false;
      item.params[p.name] = value;
      if (from !== range) range.value = String(value);
      if (from !== number) number.value = plain(value);
      range.setAttribute("aria-valuetext", `${p.symbol} = ${formatValue(value)}`);
      this.changed();
      return true;
    };
    this.on(range, "input", () => {
      let value = Number(range.value);
      const bound = this.orderBound(item, p.name, value);
      if (bound !== null) {
        value = bound;
        range.value = String(value);
      }
      set(value, range);
    });
    this.on(number, "input", () => set(parseNumber(number.value), number));
    this.on(number, "change", () => {
      number.value = plain(item.params[p.name]);
      number.setAttribute("aria-invalid", "false");
      error.textContent = "";
    });
    this.on(reset, "click", () => set(p.default, null));
    return h("div", { class: "ax-param" },
      h("label", { for: rangeId, class: "ax-symbol" },
        h("span", { class: "ax-visually-hidden", text: `${item.spec.name} ` }), p.symbol),
      range, number, reset,
      h("span", { id: docId, class: "ax-param-doc", text: `${p.doc}; ${p.symbol} in ${domainText(p)}` }),
      error);
  }

  /** Why ``values`` break an order the package requires (RReLU: l ≤ u), or null. */
  orderError(spec, values) {
    for (const [low, high] of spec.ordered ?? []) {
      if (values[low] > values[high]) {
        const symbol = (n) => spec.params.find((p) => p.name === n).symbol;
        return `${symbol(low)} must not exceed ${symbol(high)}`;
      }
    }
    return null;
  }

  /** For a slider: the nearest value that keeps the order, or null when ``value`` does. */
  orderBound(item, name, value) {
    for (const [low, high] of item.spec.ordered ?? []) {
      if (name === low && value > item.params[high]) return item.params[high];
      if (name === high && value < item.params[low]) return item.params[low];
    }
    return null;
  }

  /* ---------------------------------------------------------------------------- state */
  changed({ url = true, keepAt = false } = {}) {
    if (!keepAt && this.atInput && document.activeElement !== this.atInput) {
      this.atInput.value = plain(this.at);
    }
    this.syncViewFields();
    this.updateReadout();
    this.schedule();
    if (url) this.scheduleUrl();
    this.root.dataset.ready = String(this.items.every((item) => item.ev));
  }

  syncViewFields(force = false) {
    const span = this.view[1] - this.view[0];
    const [y0, y1] = this.yRange ?? this.fittedY;
    const pairs = [[this.zMin, roundTo(this.view[0], span)], [this.zMax, roundTo(this.view[1], span)],
      [this.yMin, Number(y0.toPrecision(4))], [this.yMax, Number(y1.toPrecision(4))]];
    for (const [input, value] of pairs) {
      if (force || document.activeElement !== input) {
        input.value = plain(value);
        input.setAttribute("aria-invalid", "false");
      }
    }
    this.fit.checked = this.yRange === null;
    for (const w of WHICH) this.showBoxes[w].checked = this.show[w];
  }

  viewInput() {
    const lo = parseNumber(this.zMin.value);
    const hi = parseNumber(this.zMax.value);
    const ok = Number.isFinite(lo) && Number.isFinite(hi) && hi - lo >= MIN_SPAN &&
      lo >= -Z_LIMIT && hi <= Z_LIMIT;
    for (const input of [this.zMin, this.zMax]) input.setAttribute("aria-invalid", String(!ok));
    if (!ok) return;
    this.view = [lo, hi];
    this.changed();
  }

  yInput() {
    const lo = parseNumber(this.yMin.value);
    const hi = parseNumber(this.yMax.value);
    const ok = Number.isFinite(lo) && Number.isFinite(hi) && hi > lo;
    for (const input of [this.yMin, this.yMax]) input.setAttribute("aria-invalid", String(!ok));
    if (!ok) return;
    this.yRange = [lo, hi];
    this.changed();
  }

  setView(view) {
    this.view = clampView(view);
    this.changed();
  }

  zoom(factor, centre = null) {
    const [lo, hi] = this.view;
    const c = centre ?? (this.at >= lo && this.at <= hi ? this.at : (lo + hi) / 2);
    const span = Math.min(Math.max((hi - lo) * factor, MIN_SPAN), 2 * Z_LIMIT);
    const t = (c - lo) / (hi - lo);
    this.setView([c - t * span, c - t * span + span]);
  }

  pan(fraction) {
    const [lo, hi] = this.view;
    const shift = (hi - lo) * fraction;
    this.setView([lo + shift, hi + shift]);
  }

  resetView() {
    this.yRange = null;
    this.setView([...HOME_VIEW]);
  }

  /** The state in the URL's query: ?fn=slug:name=value;;slug2&show=f,df&z=lo,hi[&y=lo,hi]&at=z,
   * the functions in the order of their colours, an empty entry for a colour not in use. */
  query() {
    const slots = [];
    for (const item of this.items) {
      slots[item.slot] = [item.slug,
        ...item.spec.params.map((p) => `${p.name}=${plain(item.params[p.name])}`)].join(":");
    }
    const fn = Array.from(slots, (entry) => entry ?? "").join(";");
    const show = WHICH.filter((w) => this.show[w]).join(",") || "none";
    const span = this.view[1] - this.view[0];
    const parts = [`fn=${fn}`, `show=${show}`,
      `z=${this.view.map((v) => plain(roundTo(v, span / 100))).join(",")}`];
    if (this.yRange) parts.push(`y=${this.yRange.map((v) => plain(Number(v.toPrecision(6)))).join(",")}`);
    parts.push(`at=${plain(this.at)}`);
    return `?${parts.join("&")}`;
  }

  scheduleUrl() {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.writeUrl(), 250);
  }

  writeUrl() {
    clearTimeout(this.urlTimer);
    if (!this.alive) return;
    const url = new URL(window.location.href);
    url.search = this.query();
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }

  restore(search) {
    const problems = [];
    const selection = search.get("fn") ?? DEFAULT_SELECTION;
    const curves = new Set(); // links from before the one switch per curve: f, f′, f″ per function
    let perFunction = false;
    for (const [slot, entry] of selection.split(";").entries()) {
      if (!entry) continue; // a colour not in use
      const [slug, ...tokens] = entry.split(":");
      const spec = this.specs.get(slug);
      if (!spec) {
        problems.push(`no function is called “${slug}”`);
        continue;
      }
      const params = {};
      for (const token of tokens) {
        if (token.includes("=")) {
          const [name, text] = token.split("=");
          const p = spec.params.find((q) => q.name === name);
          const value = parseNumber(text);
          const problem = p ? domainError(p, value) : `${spec.name} has no parameter ${name}`;
          if (problem) problems.push(problem);
          else params[name] = value;
        } else {
          perFunction = true;
          for (const name of token.split(",")) curves.add(name);
        }
      }
      const defaults = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
      const order = this.orderError(spec, { ...defaults, ...params });
      if (order) {
        problems.push(`${spec.name}: ${order}`);
        for (const [low, high] of spec.ordered) {
          delete params[low];
          delete params[high];
        }
      }
      this.add(slug, params, true, slot);
    }
    const shown = search.has("show") ? new Set(search.get("show").split(",")) : perFunction ? curves : null;
    this.show = shown ? Object.fromEntries(WHICH.map((w) => [w, shown.has(w)])) : { ...DEFAULT_SHOW };
    const pair = (text) => {
      const values = (text ?? "").split(",").map(parseNumber);
      return values.length === 2 && values.every(Number.isFinite) && values[1] > values[0] ? values : null;
    };
    const z = pair(search.get("z"));
    if (z) this.view = clampView(z);
    this.yRange = pair(search.get("y"));
    const at = parseNumber(search.get("at") ?? "");
    this.at = Number.isFinite(at) && Math.abs(at) <= Z_LIMIT ? at : 1;
    if (problems.length) this.say(`Part of the link was not used: ${problems.join("; ")}.`);
    this.renderItems();
    this.changed({ url: false });
  }

  async copyLink() {
    this.writeUrl();
    try {
      await navigator.clipboard.writeText(window.location.href);
      this.say("Link copied: it opens this view with the same functions and parameters.");
    } catch {
      this.say(`Copy this link: ${window.location.href}`);
    }
  }

  /** Save the view as a file: the shown curves as CSV, or the chart as SVG. */
  async download(kind) {
    const { exportCsv, exportSvg } = await import("./explorer-export.js");
    const [text, type] = kind === "csv" ? [exportCsv(this), "text/csv"] : [exportSvg(this), "image/svg+xml"];
    if (this.fileUrl) URL.revokeObjectURL(this.fileUrl); // the last file's download has begun
    this.fileUrl = URL.createObjectURL(new Blob([text], { type }));
    h("a", { href: this.fileUrl, download: `activations-explorer.${kind}` }).click();
  }

  say(message) {
    this.status.textContent = message;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      if (this.status.textContent === message) this.status.textContent = "";
    }, 8000);
  }

  /* -------------------------------------------------------------------------- reading */
  label(item) {
    const values = item.spec.params.map((p) => `${p.symbol} = ${formatValue(item.params[p.name])}`);
    return values.length ? `${item.spec.name}, ${values.join(", ")}` : item.spec.name;
  }

  updateReadout() {
    const z = this.hover ?? this.at;
    const where = this.hover === null ? "" : " (pointer)";
    this.caption.textContent = `Values at z = ${formatValue(z)}${where}`;
    const rows = this.items.map((item) => {
      const cells = WHICH.map((w) => {
        const value = item.ev ? item.ev[w](z, item.params) : NaN;
        return h("td", {
          "data-slug": item.slug, "data-which": w, "data-value": item.ev ? String(value) : null,
          title: item.ev ? `${PRIME[w]}(${plain(z)}) = ${String(value)}` : null,
          class: this.show[w] ? null : "ax-hidden-curve",
          text: item.ev ? formatValue(value) : "…",
        });
      });
      return h("tr", { style: `--ax-color: ${item.color}` },
        h("th", { scope: "row" }, h("span", { class: "ax-swatch", "aria-hidden": "true" }), this.label(item)),
        ...cells);
    });
    this.readoutBody.replaceChildren(...rows);
  }

  /* -------------------------------------------------------------------------- drawing */
  applyTheme() {
    this.dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    const theme = this.palette();
    this.root.style.setProperty("--ax-fg", theme.fg);
    this.root.style.setProperty("--ax-muted", theme.muted);
    this.root.style.setProperty("--ax-grid", theme.grid);
    this.items.forEach((item) => {
      item.color = theme.lines[item.slot];
      item.element?.style.setProperty("--ax-color", item.color);
    });
    this.markPicked();
    this.updateReadout();
    this.schedule();
  }

  schedule() {
    if (this.frame || !this.alive) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.alive) this.draw();
    });
  }

  /** Points of each shown curve on the view, with exact kinks and their one-sided limits. */
  sample(width) {
    const [lo, hi] = this.view;
    const n = Math.max(200, Math.round(width));
    const base = Array.from({ length: n + 1 }, (_, k) => lo + ((hi - lo) * k) / n);
    const curves = [];
    for (const item of this.items) {
      if (!item.ev) continue;
      const kinks = (item.ev.breakpoints?.(item.params) ?? []).filter((b) => b > lo && b < hi);
      const eps = (hi - lo) * 1e-9;
      const zs = [...base, ...kinks.flatMap((b) => [b - eps, b, b + eps])].sort((a, b) => a - b);
      for (const w of WHICH) {
        if (!this.show[w]) continue;
        const g = (z) => item.ev[w](z, item.params);
        curves.push({ item, which: w, g, kinks, points: zs.map((z) => [z, g(z)]) });
      }
    }
    return curves;
  }

  fitY(curves) {
    let lo = 0;
    let hi = 0;
    for (const curve of curves) {
      for (const [, y] of curve.points) {
        if (!Number.isFinite(y)) continue;
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
    if (hi - lo < 1e-12) {
      lo -= 1;
      hi += 1;
    }
    const pad = (hi - lo) * 0.06;
    return [lo - pad, hi + pad];
  }

  /** The curve's points split into runs, cut where it is undefined or jumps. */
  runs(curve, jump) {
    const runs = [];
    let run = [];
    const { points, g } = curve;
    for (let i = 0; i < points.length; i++) {
      const [z, y] = points[i];
      if (!Number.isFinite(y)) {
        if (run.length) runs.push(run);
        run = [];
        continue;
      }
      if (run.length) {
        const [zp, yp] = run[run.length - 1];
        if (Math.abs(y - yp) > jump) {
          const cut = findJump(g, zp, z, yp, y, jump);
          if (cut) {
            run.push([cut.a, cut.ga]);
            runs.push(run);
            run = [[cut.b, cut.gb]];
            curve.jumps.push(cut);
          }
        }
      }
      run.push([z, y]);
    }
    if (run.length) runs.push(run);
    return runs;
  }

  draw() {
    const canvas = this.canvas;
    const width = this.plotBox.clientWidth;
    if (!width) return;
    const height = canvas.clientHeight; // set by the stylesheet, so nothing moves when drawn
    if (!height) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = this.ctx;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const theme = this.palette();
    const font = getComputedStyle(this.root).fontFamily || "sans-serif";

    const curves = this.sample(width);
    this.fittedY = this.fitY(curves);
    const [y0, y1] = this.yRange ?? this.fittedY;
    const [z0, z1] = this.view;
    this.syncViewFields();

    ctx.font = `12px ${font}`;
    const yTicks = ticks(y0, y1, Math.max(3, Math.round(height / 60)));
    const labelWidth = Math.max(10,
      ...yTicks.values.map((v) => ctx.measureText(tickLabel(v, yTicks.step)).width));
    const box = { left: Math.ceil(labelWidth) + 14, right: width - 22, top: 10, bottom: height - 28 };
    const px = (z) => box.left + ((z - z0) / (z1 - z0)) * (box.right - box.left);
    const py = (y) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);
    this.toZ = (x) => z0 + ((x - box.left) / (box.right - box.left)) * (z1 - z0);
    this.box = box;

    // grid, axes, tick labels
    const zTicks = ticks(z0, z1, Math.max(3, Math.round((box.right - box.left) / 90)));
    ctx.lineWidth = 1;
    ctx.strokeStyle = theme.grid;
    ctx.beginPath();
    for (const v of zTicks.values) {
      const x = Math.round(px(v)) + 0.5;
      ctx.moveTo(x, box.top);
      ctx.lineTo(x, box.bottom);
    }
    for (const v of yTicks.values) {
      const y = Math.round(py(v)) + 0.5;
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.right, y);
    }
    ctx.stroke();
    ctx.strokeStyle = theme.muted;
    ctx.beginPath();
    if (z0 <= 0 && z1 >= 0) {
      ctx.moveTo(Math.round(px(0)) + 0.5, box.top);
      ctx.lineTo(Math.round(px(0)) + 0.5, box.bottom);
    }
    if (y0 <= 0 && y1 >= 0) {
      ctx.moveTo(box.left, Math.round(py(0)) + 0.5);
      ctx.lineTo(box.right, Math.round(py(0)) + 0.5);
    }
    ctx.stroke();
    ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.right - box.left - 1, box.bottom - box.top - 1);
    ctx.fillStyle = theme.muted;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const v of zTicks.values) ctx.fillText(tickLabel(v, zTicks.step), px(v), box.bottom + 6);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of yTicks.values) ctx.fillText(tickLabel(v, yTicks.step), box.left - 6, py(v));
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.font = `italic 14px ${font}`;
    ctx.textBaseline = "middle";
    ctx.fillText("z", box.right + 7, y0 <= 0 && y1 >= 0 ? py(0) : box.bottom);

    // curves
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
    ctx.clip();
    const span = y1 - y0;
    const limit = (y) => Math.max(y0 - 10 * span, Math.min(y1 + 10 * span, y));
    const jump = 0.02 * span;
    ctx.lineJoin = "round";
    ctx.lineCap = "butt";
    const marks = [];
    for (const curve of curves) {
      curve.jumps = [];
      ctx.strokeStyle = curve.item.color;
      ctx.lineWidth = curve.which === "f" ? 2.25 : 2;
      ctx.setLineDash(DASHES[curve.which]);
      for (const run of this.runs(curve, jump)) {
        ctx.beginPath();
        run.forEach(([z, y], k) => (k ? ctx.lineTo(px(z), py(limit(y))) : ctx.moveTo(px(z), py(limit(y)))));
        if (run.length === 1) ctx.lineTo(px(run[0][0]) + 0.5, py(limit(run[0][1])));
        ctx.stroke();
      }
      ctx.setLineDash([]);
      // at a jump: the value the package takes there (filled) and the other limit (open)
      for (const cut of curve.jumps) {
        const kink = curve.kinks.find((b) => Math.abs(b - (cut.a + cut.b) / 2) <= (z1 - z0) * 1e-6);
        if (kink === undefined) continue;
        const value = curve.g(kink);
        const other = Math.abs(value - cut.ga) < Math.abs(value - cut.gb) ? cut.gb : cut.ga;
        marks.push([px(kink), py(limit(other)), curve.item.color, false]);
        marks.push([px(kink), py(limit(value)), curve.item.color, true]);
      }
    }
    // open circles first: where two curves meet at a kink, the value taken shows
    for (const mark of marks.sort((a, b) => a[3] - b[3])) this.dot(...mark);

    // the reading point
    const z = this.hover ?? this.at;
    if (z >= z0 && z <= z1) {
      const x = Math.round(px(z)) + 0.5;
      ctx.strokeStyle = theme.fg;
      ctx.globalAlpha = 0.55;
      ctx.lineWidth = 1;
      ctx.setLineDash(this.hover === null ? [] : [3, 3]);
      ctx.beginPath();
      ctx.moveTo(x, box.top);
      ctx.lineTo(x, box.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      for (const curve of curves) {
        const y = curve.g(z);
        if (Number.isFinite(y) && y >= y0 && y <= y1) this.dot(px(z), py(y), curve.item.color, true);
      }
    }
    ctx.restore();
    this.legend(ctx, box, theme, font);
    this.describe();
  }

  dot(x, y, color, filled) {
    const ctx = this.ctx;
    ctx.beginPath();
    ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
    ctx.lineWidth = 1.75;
    ctx.strokeStyle = color;
    ctx.fillStyle = filled ? color : this.background();
    ctx.fill();
    ctx.stroke();
  }

  background() {
    const color = getComputedStyle(document.body).backgroundColor;
    return color && color !== "rgba(0, 0, 0, 0)" ? color : this.dark ? "#1e2129" : "#ffffff";
  }

  legend(ctx, box, theme, font) {
    const used = WHICH.filter((w) => this.show[w]);
    const entries = this.items.filter((item) => item.ev);
    if (!entries.length || !used.length) return;
    ctx.font = `12px ${font}`;
    const rows = entries.map((item) => ({ text: this.label(item), item }));
    const key = used.map((w) => PRIME[w]);
    const textWidth = Math.max(...rows.map((r) => ctx.measureText(r.text).width),
      used.length * 46 - 10);
    const w = textWidth + 42;
    const lineHeight = 17;
    const hgt = (rows.length + 1) * lineHeight + 10;
    const x = box.left + 8;
    const y = box.top + 8;
    if (w > (box.right - box.left) * 0.7) return; // too narrow a plot: the list below names them
    ctx.globalAlpha = 0.88;
    ctx.fillStyle = this.background();
    ctx.fillRect(x, y, w, hgt);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, hgt - 1);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    rows.forEach((row, k) => {
      const cy = y + 5 + lineHeight * (k + 0.5);
      ctx.strokeStyle = row.item.color;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(x + 8, cy);
      ctx.lineTo(x + 30, cy);
      ctx.stroke();
      ctx.fillStyle = theme.fg;
      ctx.fillText(row.text, x + 36, cy);
    });
    const cy = y + 5 + lineHeight * (rows.length + 0.5);
    used.forEach((which, k) => {
      const left = x + 8 + k * 46;
      ctx.strokeStyle = theme.muted;
      ctx.lineWidth = 2;
      ctx.setLineDash(DASHES[which]);
      ctx.beginPath();
      ctx.moveTo(left, cy);
      ctx.lineTo(left + 22, cy);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = theme.muted;
      ctx.fillText(key[k], left + 26, cy);
    });
  }

  describe() {
    const curves = WHICH.filter((w) => this.show[w]).map((w) => PRIME[w]);
    const names = this.items.map((item) => this.label(item));
    const [z0, z1] = this.view;
    const what = curves.length && names.length ? `${curves.join(", ")} of ${names.join("; ")}` : "no curve";
    this.canvas.setAttribute("aria-label",
      `Plot of ${what}, for z between ${formatValue(z0, 4)} and ${formatValue(z1, 4)}. ` +
      "The table below reads the values at one point.");
  }

  /* ---------------------------------------------------------------------- interaction */
  pointerZ(event) {
    if (!this.toZ) return null;
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    if (x < this.box.left || x > this.box.right) return null;
    const span = this.view[1] - this.view[0];
    const pixel = span / (this.box.right - this.box.left);
    return roundTo(this.toZ(x), pixel * 1000);
  }

  bindCanvas() {
    const canvas = this.canvas;
    let drag = null;
    this.on(canvas, "pointerdown", (event) => {
      if (event.button !== 0) return;
      canvas.setPointerCapture(event.pointerId);
      drag = { x: event.clientX, y: event.clientY, view: [...this.view],
        yRange: this.yRange && [...this.yRange], moved: false };
    });
    this.on(canvas, "pointermove", (event) => {
      if (drag) {
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 4) return;
        drag.moved = true;
        const zPerPixel = (drag.view[1] - drag.view[0]) / (this.box.right - this.box.left);
        this.view = clampView([drag.view[0] - dx * zPerPixel, drag.view[1] - dx * zPerPixel]);
        if (drag.yRange) {
          const yPerPixel = (drag.yRange[1] - drag.yRange[0]) / (this.box.bottom - this.box.top);
          this.yRange = [drag.yRange[0] + dy * yPerPixel, drag.yRange[1] + dy * yPerPixel];
        }
        this.hover = null;
        this.changed();
        return;
      }
      const z = this.pointerZ(event);
      if (z !== this.hover) {
        this.hover = z;
        this.updateReadout();
        this.schedule();
      }
    });
    const end = (event) => {
      if (!drag) return;
      if (!drag.moved && event.type === "pointerup") {
        const z = this.pointerZ(event);
        if (z !== null) {
          this.at = z;
          this.hover = null;
          this.changed();
        }
      }
      drag = null;
    };
    this.on(canvas, "pointerup", end);
    this.on(canvas, "pointercancel", end);
    this.on(canvas, "pointerleave", () => {
      if (drag || this.hover === null) return;
      this.hover = null;
      this.updateReadout();
      this.schedule();
    });
    this.on(canvas, "wheel", (event) => {
      event.preventDefault();
      const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
      const factor = Math.exp(Math.max(-1, Math.min(1, event.deltaY * scale * 0.0015)));
      const rect = canvas.getBoundingClientRect();
      this.zoom(factor, this.toZ ? this.toZ(event.clientX - rect.left) : null);
    }, { passive: false });
    this.on(canvas, "keydown", (event) => {
      const span = this.view[1] - this.view[0];
      const step = event.shiftKey ? 0.1 : 0.01;
      const keys = {
        ArrowLeft: () => (event.shiftKey ? this.pan(-0.1) : this.moveAt(-step * span)),
        ArrowRight: () => (event.shiftKey ? this.pan(0.1) : this.moveAt(step * span)),
        "+": () => this.zoom(1 / 1.25),
        "=": () => this.zoom(1 / 1.25),
        "-": () => this.zoom(1.25),
        _: () => this.zoom(1.25),
        0: () => this.resetView(),
        Home: () => this.resetView(),
      };
      const action = keys[event.key];
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    });
  }

  moveAt(delta) {
    const span = this.view[1] - this.view[0];
    const z = Math.max(-Z_LIMIT, Math.min(Z_LIMIT, roundTo(this.at + delta, span / 10)));
    this.at = z;
    if (z < this.view[0] || z > this.view[1]) this.pan(z < this.view[0] ? -0.25 : 0.25);
    this.changed();
  }
}

/** Where g jumps between a and b (|g(b) - g(a)| > size), by bisection; null if it does not. */
function findJump(g, a, b, ga, gb, size) {
  for (let k = 0; k < 64 && b - a > 1e-13 * Math.max(1, Math.abs(a)); k++) {
    const m = a + (b - a) / 2;
    const gm = g(m);
    if (!Number.isFinite(gm)) return null;
    if (Math.abs(gm - ga) >= Math.abs(gb - gm)) {
      b = m;
      gb = gm;
    } else {
      a = m;
      ga = gm;
    }
  }
  return Math.abs(gb - ga) > size ? { a, b, ga, gb } : null;
}

/* ------------------------------------------------------------------------------------
 * Mounting: once per page shown (Material's instant navigation reuses this module).
 * ------------------------------------------------------------------------------------ */
let current = null;

function mount() {
  const root = document.getElementById("activation-explorer");
  if (current && current.root === root && root?.isConnected) return;
  current?.destroy();
  current = root ? new Explorer(root) : null;
}

window.ActivationExplorer = { loadIndex, loadEvaluator, erf, erfc, formatValue,
  get current() { return current; } };

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
} else {
  mount();
}
