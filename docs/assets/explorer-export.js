// The explorer's exports (docs/explorer.md), loaded when a reader first asks for one: the
// shown curves as CSV on the shown z range, and the chart as SVG, drawn by the explorer's
// own drawing code into a context that writes SVG instead of pixels.

const WHICH = ["f", "df", "d2f"];
export const CSV_POINTS = 501;

/** The shown curves at CSV_POINTS evenly spaced points of the shown z range, one column
 * each, headed ``slug which(z; name=value)``; values as the shortest exact decimal. */
export function exportCsv(explorer) {
  const [lo, hi] = explorer.view;
  const columns = explorer.items.filter((item) => item.ev).flatMap((item) => {
    const params = item.spec.params.map((p) => `; ${p.name}=${item.params[p.name]}`).join("");
    return WHICH.filter((w) => explorer.show[w]).map((w) => ({
      name: `${item.slug} ${w}(z${params})`,
      value: (z) => item.ev[w](z, item.params),
    }));
  });
  const lines = [["z", ...columns.map((c) => c.name)].join(",")];
  for (let k = 0; k < CSV_POINTS; k++) {
    const z = k === CSV_POINTS - 1 ? hi : lo + ((hi - lo) * k) / (CSV_POINTS - 1);
    lines.push([z, ...columns.map((c) => c.value(z))].map(String).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The chart as the explorer draws it now, as an SVG document of the same size in CSS
 * pixels, on the page's background. */
export function exportSvg(explorer) {
  const real = explorer.ctx;
  const svg = new SvgContext(real);
  explorer.ctx = svg;
  try {
    explorer.draw();
  } finally {
    explorer.ctx = real;
  }
  const width = explorer.plotBox.clientWidth;
  const height = Math.round(explorer.canvas.getBoundingClientRect().height);
  return svg.document(width, height, explorer.background());
}

const escape = (text) =>
  String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (v) => String(Math.round(v * 100) / 100);
const ANCHOR = { left: "start", start: "start", center: "middle", right: "end", end: "end" };
const BASELINE = { top: "text-before-edge", hanging: "hanging", middle: "central",
  alphabetic: "auto", bottom: "text-after-edge" };

/** The part of CanvasRenderingContext2D the explorer's draw() uses, writing SVG elements. */
class SvgContext {
  constructor(measuring) {
    this.measuring = measuring; // text is measured by the real canvas, as drawn
    this.elements = [];
    this.definitions = [];
    this.stack = [];
    this.groups = 0; // clip groups open since the last save()
    this.dash = [];
    this.d = [];
    Object.assign(this, {
      strokeStyle: "#000", fillStyle: "#000", lineWidth: 1, font: "10px sans-serif",
      textAlign: "start", textBaseline: "alphabetic", globalAlpha: 1, lineJoin: "miter",
      lineCap: "butt",
    });
  }

  setTransform() {} // the SVG is in CSS pixels: the device-pixel scale is left out
  clearRect() {}
  setLineDash(dash) { this.dash = [...dash]; }
  measureText(text) {
    this.measuring.font = this.font;
    return this.measuring.measureText(text);
  }

  save() {
    const { strokeStyle, fillStyle, lineWidth, font, textAlign, textBaseline, globalAlpha,
      lineJoin, lineCap, dash, groups } = this;
    this.stack.push({ strokeStyle, fillStyle, lineWidth, font, textAlign, textBaseline,
      globalAlpha, lineJoin, lineCap, dash, groups });
    this.groups = 0;
  }

  restore() {
    for (; this.groups > 0; this.groups--) this.elements.push("</g>");
    Object.assign(this, this.stack.pop());
  }

  beginPath() { this.d = []; }
  moveTo(x, y) { this.d.push(`M${n(x)} ${n(y)}`); }
  lineTo(x, y) { this.d.push(`L${n(x)} ${n(y)}`); }
  rect(x, y, w, h) { this.d.push(`M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`); }
  arc(x, y, r) { // the explorer draws whole circles only
    this.d.push(`M${n(x + r)} ${n(y)}A${n(r)} ${n(r)} 0 1 1 ${n(x - r)} ${n(y)}` +
      `A${n(r)} ${n(r)} 0 1 1 ${n(x + r)} ${n(y)}Z`);
  }

  clip() {
    const id = `clip${this.definitions.length}`;
    this.definitions.push(`<clipPath id="${id}"><path d="${this.d.join("")}"/></clipPath>`);
    this.elements.push(`<g clip-path="url(#${id})">`);
    this.groups++;
  }

  paint(kind) {
    const alpha = this.globalAlpha === 1 ? "" : ` opacity="${this.globalAlpha}"`;
    if (kind === "fill") return `fill="${escape(this.fillStyle)}"${alpha}`;
    const dash = this.dash.length ? ` stroke-dasharray="${this.dash.join(" ")}"` : "";
    return `fill="none" stroke="${escape(this.strokeStyle)}" stroke-width="${this.lineWidth}"` +
      ` stroke-linejoin="${this.lineJoin}" stroke-linecap="${this.lineCap}"${dash}${alpha}`;
  }

  stroke() { if (this.d.length) this.elements.push(`<path d="${this.d.join("")}" ${this.paint("stroke")}/>`); }
  fill() { if (this.d.length) this.elements.push(`<path d="${this.d.join("")}" ${this.paint("fill")}/>`); }
  strokeRect(x, y, w, h) {
    this.elements.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${this.paint("stroke")}/>`);
  }
  fillRect(x, y, w, h) {
    this.elements.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${this.paint("fill")}/>`);
  }

  fillText(text, x, y) {
    this.elements.push(`<text x="${n(x)}" y="${n(y)}" style="font: ${escape(this.font)}"` +
      ` text-anchor="${ANCHOR[this.textAlign] ?? "start"}"` +
      ` dominant-baseline="${BASELINE[this.textBaseline] ?? "auto"}" ${this.paint("fill")}>` +
      `${escape(text)}</text>`);
  }

  document(width, height, background) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"` +
      ` viewBox="0 0 ${width} ${height}"><defs>${this.definitions.join("")}</defs>` +
      `<rect width="${width}" height="${height}" fill="${escape(background)}"/>` +
      `${this.elements.join("")}</svg>\n`;
  }
}
