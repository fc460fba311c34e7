// Redoc's search box is a plain <div> that opens the search dialog on click: not in the Tab
// order, with no role or name, so keyboard users reached search only through Ctrl+K. Make it a
// labelled button in the Tab order that Enter and Space open. Redoc may re-render it: watch.
(() => {
  const TRIGGER = '[data-testid="search-trigger"]';

  function enhance(trigger) {
    if (trigger.hasAttribute("role")) return;
    trigger.setAttribute("role", "button");
    trigger.setAttribute("tabindex", "0");
    trigger.setAttribute("aria-label", "Search the docs (Ctrl+K)");
    trigger.setAttribute("aria-haspopup", "dialog");
    trigger.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      trigger.click();
    });
  }

  const scan = () => {
    for (const trigger of document.querySelectorAll(TRIGGER)) enhance(trigger);
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  scan();
})();
