// The page on a narrow screen.
// - The header's navigation folds behind "Menu" once this script runs (without it the links
//   simply wrap). The listeners are on the document, so they keep working after htmx swaps.
// - A table or chart wider than the screen scrolls inside its own box; such a box is made
//   reachable with the keyboard (tabindex), so it can be scrolled without a pointer.
(function () {
  "use strict";
  var SCROLLERS = "main table, .table-wrap, .chart-svg, .board, .roadmap-scroll";

  document.documentElement.classList.add("js-menu");

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".menu-toggle");
    if (!toggle) return;
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) return;
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var toggle = document.querySelector('.menu-toggle[aria-expanded="true"]');
    if (!toggle) return;
    toggle.click();
    toggle.focus();
  });

  function markScrollers(root) {
    (root || document).querySelectorAll(SCROLLERS).forEach(function (box) {
      if (box.closest(".visually-hidden")) return;
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () { pending = null; markScrollers(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", later);
  } else {
    later();
  }
  window.addEventListener("resize", later);
  document.addEventListener("htmx:load", later);
  document.addEventListener("toggle", later, true);  // a <details> opened: its table now has a size

  // A "Print" button (the meeting pack's): shown only where script runs, as it needs script.
  function wirePrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wirePrint);
  } else {
    wirePrint();
  }
})();
