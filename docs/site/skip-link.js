// Keyboard basics Redoc leaves out: a "Skip to content" link (the page's first focusable
// element, in the page's markup) that moves focus past the 50-odd sidebar links to the section
// shown, and a navigation landmark on the sidebar. The site routes with the URL hash, so the
// link must not change the hash: it moves focus itself.
(() => {
  const link = document.getElementById("monet-skip");

  /** The heading of the section the current route shows, else the main content. */
  function target() {
    const route = decodeURIComponent(location.hash.slice(1)) || "/";
    const section = document.querySelector(`[data-section-id="${CSS.escape(route)}"]`);
    return section?.querySelector("h1, h2, h3") ?? document.querySelector("main");
  }

  link?.addEventListener("click", (event) => {
    event.preventDefault();
    const to = target();
    if (!to) return;
    to.setAttribute("tabindex", "-1");
    to.focus();
  });

  const landmark = () => {
    const menu = document.querySelector(".menu-content");
    if (menu && !menu.hasAttribute("role")) {
      menu.setAttribute("role", "navigation");
      menu.setAttribute("aria-label", "Sidebar");
    }
  };
  new MutationObserver(landmark).observe(document.body, { childList: true, subtree: true });
  landmark();
})();
