/* Keyboard shortcuts on every page, never while typing in a field:
   "/" puts the cursor in the header's search box (Escape there gives the page back);
   "g" then a letter goes somewhere: g w My work, g p Plans, g s Services, g m Metrics,
   g n Notifications, g a your account; "?" lists them all (the dialog in base.html).
   Without JavaScript every place is a link in the header, reached by Tab. */
(function () {
  "use strict";
  var GO = { w: "/", p: "/plans", s: "/services", r: "/processes", m: "/metrics", n: "/notifications", a: "/account" };
  var pendingG = 0;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("site-search");
    if (event.key === "Escape" && box && event.target === box) {
      box.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (!document.getElementById("shortcut-help")) return;  // signed out: no shortcuts
    var now = Date.now();
    if (pendingG && now - pendingG < 1500 && Object.prototype.hasOwnProperty.call(GO, event.key)) {
      pendingG = 0;
      event.preventDefault();
      window.location.assign(GO[event.key]);
      return;
    }
    pendingG = 0;
    if (event.key === "/" && box) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "g") {
      pendingG = now;
    } else if (event.key === "?") {
      var help = document.getElementById("shortcut-help");
      event.preventDefault();
      if (help.open) help.close(); else help.showModal();
    }
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-close-dialog]");
    if (close) close.closest("dialog").close();
  });
})();
