// Enhancements only: every page is complete without this script.
// 1. The official Singapore Government masthead (the <sgds-masthead> web component). Until it is
//    defined, the element shows its server-rendered fallback (a <details> disclosure); once
//    defined, its own shadow DOM takes over and the fallback is no longer rendered.
import "@govtechsg/sgds-web-component/components/Masthead/index.js";

// 2. The main-navigation menu button (a <details>): open on wide screens, closed with Escape
//    or by a click elsewhere on phones.
const menu = document.querySelector("details.site-menu");
if (menu) {
  const wide = window.matchMedia("(min-width: 62rem)");
  const sync = () => {
    menu.open = wide.matches;
  };
  sync();
  wide.addEventListener("change", sync);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !wide.matches && !menu.contains(event.target)) menu.open = false;
  });
}

// 3. Printing spells out each link's address; the script gives the full address (with the
//    site's own origin) where the page has only a path.
for (const link of document.querySelectorAll("main a[href]")) {
  const href = link.getAttribute("href");
  if (!href.startsWith("#") && !href.startsWith("?")) link.setAttribute("data-print-href", link.href);
}
