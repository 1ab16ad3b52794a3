/* kamgen tables: click a header of table[data-kg-sortable] to sort it; type in
   input.kg-filter[data-kg-filter=TABLE-ID] to filter its rows. No dependencies. */
(() => {
  "use strict";
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  // "USD 1,390,000", "97", "12.5%", "−3" -> a number; anything else -> NaN.
  const number = (text) => {
    const t = text.replace(/[\s,]/g, "").replace(/^[A-Z]{3}|%$/g, "").replace(/^\u2212/, "-");
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  };
  const key = (row, i) => {
    const cell = row.cells[i];
    return cell ? (cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent).trim() : "";
  };

  function sortBy(table, th, index) {
    const body = table.tBodies[0];
    const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    const sign = direction === "ascending" ? 1 : -1;
    const rows = Array.from(body.rows, (row) => {
      const k = key(row, index), n = number(k);
      return { row, k, n, rank: k === "" ? 2 : isNaN(n) ? 1 : 0 };
    });
    // A column with any number sorts numerically; words ("confidential") follow the numbers
    // and blanks come last, whichever the direction.
    const numeric = rows.some((r) => r.rank === 0);
    rows.sort((a, b) => numeric
      ? a.rank - b.rank || (a.rank ? collator.compare(a.k, b.k) : sign * (a.n - b.n))
      : (a.k === "") - (b.k === "") || sign * collator.compare(a.k, b.k));
    body.append(...rows.map((r) => r.row));
    for (const other of th.parentNode.cells) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", direction);
  }

  function makeSortable(table) {
    const head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies[0]) return;
    Array.from(head.cells).forEach((th, index) => {
      if (!th.textContent.trim() || th.querySelector("button")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kg-sort";
      button.append(...th.childNodes);
      button.insertAdjacentHTML("beforeend", '<span class="kg-sort-icon" aria-hidden="true"></span>');
      th.append(button);
      button.addEventListener("click", () => sortBy(table, th, index));
    });
  }

  function makeFilter(input) {
    const table = document.getElementById(input.dataset.kgFilter);
    if (!table || !table.tBodies[0]) return;
    const rows = Array.from(table.tBodies[0].rows);
    const texts = new Map(rows.map((row) => [row, row.textContent.toLowerCase()]));
    const noun = input.dataset.kgNoun || table.dataset.kgNoun || "accounts";
    let status = document.getElementById(table.id + "-status");
    if (!status) {
      status = document.createElement("p");
      status.id = table.id + "-status";
      status.className = "kg-filter-status";
      status.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", status);
    }
    const apply = () => {
      const query = input.value.trim().toLowerCase();
      let shown = 0;
      for (const row of rows) {
        row.hidden = !texts.get(row).includes(query);
        shown += row.hidden ? 0 : 1;
      }
      status.textContent = `${shown} of ${rows.length} ${noun} shown`;
    };
    input.addEventListener("input", apply);
    apply();
  }

  // Each element once, however often init runs.
  const each = (selector, setup) => {
    for (const el of document.querySelectorAll(selector + ":not([data-kg-ready])")) {
      el.setAttribute("data-kg-ready", "");
      setup(el);
    }
  };
  const init = () => {
    each("table[data-kg-sortable]", makeSortable);
    each("input.kg-filter[data-kg-filter]", makeFilter);
  };

  // Material's instant navigation swaps pages without a load; it announces each on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
