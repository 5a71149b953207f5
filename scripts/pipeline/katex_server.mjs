// Render many TeX formulas with KaTeX in one Node process (used by scripts/pipeline/katex.py).
//
// stdout, first line: {"version": "<katex version>"}.
// stdin: one JSON request per line: {"tex": str, "display": bool, "options": {...}?}
//   ("options" are extra KaTeX options such as macros, leqno, strict).
// stdout: one JSON line per request, in order: {"html": str} or {"error": str}.
//
// Output is "htmlAndMathml": the MathML copy is what screen readers read (the HTML is
// aria-hidden); it costs ~12% more bytes than "html" alone, which screen readers can't read.
// Every request gets fresh options, so one formula (e.g. \gdef) can't change another's output.
import readline from "node:readline";
import katex from "katex";

const FIXED = { output: "htmlAndMathml", throwOnError: true };

process.stdout.write(JSON.stringify({ version: katex.version }) + "\n");
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  let reply;
  try {
    const { tex, display = false, options = {} } = JSON.parse(line);
    reply = { html: katex.renderToString(tex, { ...options, displayMode: display, ...FIXED }) };
  } catch (err) {
    reply = { error: String(err?.message ?? err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
