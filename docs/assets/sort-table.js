// Sortable and filterable tables (docs/accuracy.md, docs/summary.md).
//
// Sorting: a table with a data-sortable attribute gets a button in each column heading;
// pressing it sorts the rows by that column, pressing it again reverses the order. A cell's
// data-sort attribute, when present, is the value sorted on (the exact error behind
// "1.6 × 10⁷"); numbers sort as numbers, text as text, and numbers separated by spaces
// ("-1 Infinity", an interval) by the first, then the next.
//
// Filtering: a form with data-filters="ID" (hidden in the page; an inline script after it
// shows it as the page is read, or else this one does) filters the table with that id,
// from what was chosen before this script ran: a row is shown when, for every control with
// a value, its data-NAME attribute (words separated by spaces) holds that value; so checked
// boxes and chosen values all apply at once. The form's <output> says how many rows are shown, and the address keeps
// the filters (?bounded=yes&zero-centred=yes) so that a filtered table can be linked to.
//
// Without JavaScript each table is an ordinary table of every row, in the order the build
// wrote it. Works with Material's instant navigation: `document$` emits on every page shown.

function sortKey(row, column) {
  const cell = row.cells[column];
  const raw = cell.dataset.sort ?? cell.textContent.trim();
  const numbers = raw.split(" ").map(Number);
  if (raw === "" || numbers.some(Number.isNaN)) return raw;
  return numbers;
}

function compare(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length - b.length;
  }
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

function chosen(form) {
  return Array.from(new FormData(form)).filter(([, value]) => value !== "");
}

function applyFilters(form, table) {
  const wanted = chosen(form);
  const rows = Array.from(table.tBodies[0].rows);
  let shown = 0;
  for (const row of rows) {
    const matches = wanted.every(([name, value]) =>
      (row.getAttribute(`data-${name}`) ?? "").split(" ").includes(value));
    row.hidden = !matches;
    if (matches) shown += 1;
  }
  form.querySelector("output").value = `${shown} of ${rows.length} shown`;
}

// The reader's choice, kept in the address. Only on a change: written when the page is set up,
// it could land on another page's address (instant navigation may have moved on, e.g. back).
function rememberFilters(form) {
  const query = new URLSearchParams(chosen(form)).toString();
  const address = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
  history.replaceState(history.state, "", address);
}

function filterAndRemember(form, table) {
  applyFilters(form, table);
  rememberFilters(form);
}

function restoreFilters(form) {
  for (const [name, value] of new URLSearchParams(location.search)) {
    for (const control of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (control.type === "checkbox") control.checked ||= control.value === value;
      else control.value = value;
    }
  }
}

function makeFilterable(form) {
  const table = document.getElementById(form.dataset.filters);
  if (!table || form.dataset.ready) return;
  form.dataset.ready = "true";
  const choseEarly = chosen(form).length > 0;  // shown before this ran, and chosen from
  restoreFilters(form);
  form.addEventListener("change", () => filterAndRemember(form, table));
  form.addEventListener("reset", () => setTimeout(() => filterAndRemember(form, table)));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  if (choseEarly) filterAndRemember(form, table);
  else applyFilters(form, table);
}

function mount() {
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("form[data-filters]").forEach(makeFilterable);
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
} else {
  mount();
}
