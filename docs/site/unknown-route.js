// A hash that names no page or section (a mistyped or outdated link) made Redoc render an empty
// page, scrolled to the top, with no word of why. Once the sidebar is drawn and no section came
// with it, say so and offer the overview and search.
(() => {
  const notice = document.createElement("p");
  notice.id = "monet-not-found";
  notice.setAttribute("role", "alert");
  let timer;

  function check() {
    const route = decodeURIComponent(location.hash.slice(1));
    const unknown = route.startsWith("/") && route.length > 1 && document.querySelector(".menu-content") && !document.querySelector("[data-section-id]");
    if (!unknown) return notice.remove();
    notice.textContent = "";
    notice.append(`No page or section of this site is at #${route}. `);
    const home = document.createElement("a");
    home.href = "#/";
    home.textContent = "Open the overview";
    notice.append(home, ", or search (Ctrl+K).");
    if (!notice.isConnected) document.body.append(notice);
  }
  // Redoc renders after this script runs, and again on each route change: check once it settles.
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 200);
  };
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("hashchange", later);
  later();
})();
