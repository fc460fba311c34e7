// Redoc's search dialog shows its hits, or "No results", with no live region: a screen reader
// heard nothing after typing. A status inside the dialog says how many hits the query found.
(() => {
  const DIALOG = '[data-testid="search-dialog"]';
  const HIT = 'a[data-component-name="Search/SearchItem"]';
  let timer;

  function update() {
    const dialog = document.querySelector(DIALOG);
    const input = dialog?.querySelector("input");
    if (!input) return;
    let status = dialog.querySelector("#monet-search-status");
    if (!status) {
      status = document.createElement("p");
      status.id = "monet-search-status";
      status.className = "monet-visually-hidden";
      status.setAttribute("role", "status");
      dialog.append(status);
    }
    const query = input.value.trim();
    const hits = dialog.querySelectorAll(HIT).length;
    // "No results" only once Redoc says so: its search answers later than 300 ms on a slow machine,
    // and a status read before then announced "No results" for a query that had hits.
    const none = !hits && [...dialog.querySelectorAll("*")].some((e) => !e.childElementCount && e !== status && e.textContent.trim() === "No results");
    const text = !query ? "" : hits ? `${hits} result${hits === 1 ? "" : "s"} for ${query}` : none ? `No results for ${query}` : "";
    if (status.textContent !== text) status.textContent = text;
  }
  // Hits arrive after each keystroke: say the count once they settle, not at every render.
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }).observe(document.body, { childList: true, subtree: true });
})();
