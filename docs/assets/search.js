// The site's search in Material's search dialog (overrides/partials/search.html), on
// Pagefind's index (scripts/pipeline/search.py). Nothing is fetched until the reader focuses
// the search box; Pagefind then loads only the index chunks that the words typed need.
(() => {
  const dialog = document.querySelector("[data-search-dialog]");
  if (!dialog) return;
  const base = new URL("../", document.currentScript.src);  // this file is assets/search.js
  const toggle = document.getElementById("__search");
  const input = dialog.querySelector(".md-search__input");
  const meta = dialog.querySelector(".md-search-result__meta");
  const list = dialog.querySelector(".md-search-result__list");
  const PAGES_SHOWN = 10;  // then 10 more each time the reader scrolls to the end
  const SECTIONS_SHOWN = 3;
  const NAMES_WEIGHT = 5.0;  // a function's names (scripts/pipeline/search.py) count as its title


  // The site writes British English; a reader may type American English or a common typo.
  // Each word typed is looked up here and searched as the site spells it.
  const SPELLINGS = {
    normalization: "normalisation", normalizations: "normalisations",
    normalize: "normalise", normalizes: "normalises", normalized: "normalised",
    normalizing: "normalising", "self-normalizing": "self-normalising",
    centered: "centred", "zero-centered": "zero-centred", center: "centre",
    regularization: "regularisation", regularizer: "regulariser",
    initialization: "initialisation", initialize: "initialise",
    optimization: "optimisation", optimizer: "optimiser", optimizers: "optimisers",
    generalization: "generalisation", behavior: "behaviour", modeling: "modelling",
    parameterization: "parameterisation",
    sigmod: "sigmoid", sigmoud: "sigmoid", sigmiod: "sigmoid", simgoid: "sigmoid",
    tahn: "tanh", thanh: "tanh", rleu: "relu", reul: "relu",
    softamx: "softmax", sofmax: "softmax", softmaxx: "softmax", gleu: "gelu",
    derivitive: "derivative", derivate: "derivative", jacobean: "jacobian",
    guassian: "gaussian", gausian: "gaussian",
  };

  let engine = null;
  function load() {  // Pagefind's script and its index's entry, the names and tags: once
    engine ??= (async () => {
      const terms = fetch(new URL("pagefind/terms.json", base)).then(response => response.json());
      const pagefind = await import(new URL("pagefind/pagefind.js", base).href);
      await pagefind.options({
        baseUrl: base.pathname,
        excerptLength: 24,
        ranking: { metaWeights: { names: NAMES_WEIGHT, tags: 0 } },  // tags filter, not rank
      });
      await pagefind.init();
      return { pagefind, ...(await terms) };
    })().catch(error => {
      engine = null;  // tried again on the next keystroke
      throw error;
    });
    return engine;
  }

  /** The pages named in `words` (a name may be several words: "leaky relu"), when the
   * query names one function (or names shared by several: jax.nn.gelu), else none. Names
   * inside a longer name typed ("relu" in "leaky relu") do not count. */
  function namedPages(words, names) {
    const found = [];
    for (let start = 0; start < words.length; start++)
      for (let end = words.length; end > start; end--) {
        const pages = names[words.slice(start, end).join(" ")];
        const inside = found.some(f => f.start <= start && end <= f.end);
        if (pages && !inside) found.push({ start, end, pages });
      }
    const distinct = new Set(found.map(f => f.pages.join(" ")));
    return distinct.size === 1 ? found[0].pages.map(url => base.pathname + url) : [];
  }

  // The word standing for a tag in the index (scripts/pipeline/search.py: tag_word).
  const tagWord = tag => "tag-" + tag.toLowerCase().split(/\s+/).join("-");

  /** The words of a query, and the index's words of the tags it filters by:
   * `tag:bounded tag:hidden-layer` keeps the pages with both tags. */
  function parse(query) {
    const words = [];
    const filters = [];
    for (const word of query.toLowerCase().split(/\s+/).filter(Boolean)) {
      const tag = /^tags?:(.+)$/.exec(word);
      if (tag) filters.push(tagWord(tag[1]));
      else words.push(SPELLINGS[word] ?? word);
    }
    return { words, filters };
  }

  function element(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  function entry(url, heading, title, excerpt) {
    const article = element("article", { className: "md-search-result__article md-typeset" });
    if (heading === "h1") {
      article.append(element("div", { className: "md-search-result__icon md-icon" }));
    }
    const text = element("p");
    text.innerHTML = excerpt;  // Pagefind's excerpt: the page's words, the matches in <mark>
    article.append(element(heading, { textContent: title }), text);
    return element("a", { href: url, className: "md-search-result__link", tabIndex: -1 }, article);
  }

  function item(page) {
    const sections = page.sub_results  // the page's sections, not its top again
      .filter(section => section.url.includes("#") && section.title !== page.meta.title);
    return element("li", { className: "md-search-result__item" },
      entry(page.url, "h1", page.meta.title, page.excerpt),
      ...sections.slice(0, SECTIONS_SHOWN).map(s => entry(s.url, "h2", s.title, s.excerpt)));
  }

  function show(pages, count) {
    const words = dialog.dataset;
    meta.textContent =
      count === 0 ? words.none : count === 1 ? words.one : words.other.replace("#", count);
    list.replaceChildren(...pages.map(item));
  }

  let rest = [];  // the results not shown yet: shown as the reader scrolls to the end
  let loading = null;
  function more() {
    const asked = latest;
    const next = rest.splice(0, PAGES_SHOWN);
    loading ??= Promise.all(next.map(result => result.data())).then(pages => {
      if (asked === latest) list.append(...pages.map(item));
      loading = null;
    });
  }

  const placeholder = meta.textContent;
  function clear() {
    meta.textContent = placeholder;
    list.replaceChildren();
    rest = [];
  }

  /** The index's words of the tags named in `words` (one word or two: "hidden layer"). */
  function tagsIn(words, tags) {
    const phrases = [...words, ...words.slice(1).map((word, i) => `${words[i]} ${word}`)];
    return tags.filter(tag => phrases.includes(tag.toLowerCase())).map(tagWord);
  }

  let latest = 0;
  async function search() {
    const query = input.value.trim();
    const asked = ++latest;
    if (!query) return clear();
    const { pagefind, names, tags } = await load();
    const { words, filters } = parse(query);
    const found = await pagefind.search([...words, ...filters].join(" "));
    // A word that names a tag ("saturating") puts the pages with that tag first.
    const named = tagsIn(words, tags);
    const tagged = named.length === 0
      ? { results: [] }
      : await pagefind.search([...words, ...filters, ...named].join(" "));
    const ids = new Set(tagged.results.map(result => result.id));
    const results = [...tagged.results, ...found.results.filter(result => !ids.has(result.id))];
    const pages = await Promise.all(results.slice(0, PAGES_SHOWN).map(r => r.data()));
    const first = namedPages(words, names);  // Pagefind found them too: they have every word
    const rank = page => (first.includes(page.url) ? 0 : 1);
    pages.sort((a, b) => rank(a) - rank(b));  // stable: Pagefind's order otherwise
    if (asked !== latest) return;  // a later query has run
    show(pages, found.results.length);
    rest = results.slice(PAGES_SHOWN);
  }

  input.addEventListener("focus", () => { toggle.checked = true; load(); });
  input.addEventListener("input", search);
  const scroller = dialog.querySelector(".md-search__scrollwrap");
  scroller.addEventListener("scroll", () => {
    const end = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 200;
    if (end && rest.length && !loading) more();
  });
  dialog.querySelector("form").addEventListener("reset", () => { latest++; clear(); });
  input.addEventListener("keydown", event => {
    if (event.key === "Enter") list.querySelector("a")?.click();
    if (event.key === "ArrowDown") list.querySelector("a")?.focus();
  });
  list.addEventListener("keydown", event => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") links[at + 1]?.focus();
    else if (event.key === "ArrowUp") (links[at - 1] ?? input).focus();
    else return;
    event.preventDefault();
  });
  toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
  document.addEventListener("keydown", event => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (!typing && !toggle.checked && ["/", "s", "f"].includes(event.key)) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();
