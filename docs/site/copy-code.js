// A "Copy" button above each code block of the guides and the model guide. Redoc renders
// markdown code blocks as a bare <pre> (its copy control exists only in the samples panel, and
// build-docs has no option for markdown blocks), and renders sections as they scroll into view:
// watch for new blocks. The button sits before the block, not inside it, and copies the block's
// rendered text (innerText): markup in a description can hide text in a block (display: none),
// which textContent would copy too.
(() => {
  const MARKDOWN = '[data-component-name="Markdown/Markdown"] > pre';
  // A block's language as a screen reader should say it ("Copy this ts code" read as letters).
  const LANGUAGES = { bash: "shell", sh: "shell", shell: "shell", ts: "TypeScript", js: "JavaScript", json: "JSON", yaml: "YAML" };

  function copy(text) {
    if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
    // A page served over plain http from another host has no clipboard API: copy the selection.
    return new Promise((resolve, reject) => {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      ok ? resolve() : reject(new Error("copy refused"));
    });
  }

  function addButton(pre) {
    if (pre.previousElementSibling?.classList.contains("monet-copy")) return;
    const bar = document.createElement("div");
    bar.className = "monet-copy";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Copy";
    const lang = pre.getAttribute("data-language");
    button.setAttribute("aria-label", lang ? `Copy this ${LANGUAGES[lang] ?? lang} code` : "Copy this code");
    const status = document.createElement("span");
    status.setAttribute("role", "status");
    // The outcome stays beside the button until the next click (a screen reader hears it once).
    button.addEventListener("click", () => {
      status.textContent = "";
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (hidden text is not copied).
      copy(pre.innerText).then(
        () => {
          status.textContent = "Copied";
        },
        () => {
          status.textContent = "Copy failed: select the text and copy it";
        },
      );
    });
    bar.append(button, status);
    pre.before(bar);
  }

  // Once per frame at most: Redoc changes the page often while it renders and scrolls.
  let queued = false;
  const scan = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      for (const pre of document.querySelectorAll(MARKDOWN)) addButton(pre);
    });
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  scan();
})();
