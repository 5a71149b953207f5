// Sortable tables (docs/accuracy.md): a table with a data-sortable attribute gets a button in each
// column heading; pressing it sorts the rows by that column, pressing it again reverses the
// order. A cell's data-sort attribute, when present, is the value sorted on (the exact
// error behind "1.6 × 10⁷"); numbers sort as numbers, text as text. Without JavaScript the
// table is an ordinary table in the order the build wrote it.
//
// Works with Material's instant navigation: `document$` emits on every page shown.

function sortKey(row, column) {
  const cell = row.cells[column];
  const raw = cell.dataset.sort ?? cell.textContent.trim();
  const number = Number(raw);
  return raw !== "" && !Number.isNaN(number) ? number : raw;
}

function compare(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

function sortBy(table, column, button) {
  const heading = button.closest("th");
  const ascending = heading.getAttribute("aria-sort") !== "ascending";
  for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
  heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows).map((row, index) => ({ row, index, key: sortKey(row, column) }));
  rows.sort((x, y) => (ascending ? 1 : -1) * compare(x.key, y.key) || x.index - y.index);
  body.append(...rows.map((item) => item.row));
}

function makeSortable(table) {
  if (table.dataset.sortable === "ready") return;
  table.dataset.sortable = "ready";  // Material's instant navigation may show it again
  Array.from(table.tHead.rows[0].cells).forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.append(...th.childNodes);
    button.title = "Sort by this column";
    button.addEventListener("click", () => sortBy(table, column, button));
    th.append(button);
  });
}

function mount() {
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
} else {
  mount();
}
