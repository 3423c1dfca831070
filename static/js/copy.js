/* Copy buttons: a button with data-copy-from="<input id>" copies that field's text to the
   clipboard. Without JavaScript the buttons stay hidden and the read-only field can be
   selected by hand; with it, the button appears, the field selects itself when focused, and a
   live region says what happened. Works after htmx swaps (event delegation, htmx:load). */
(function () {
  "use strict";

  function reveal(root) {
    root.querySelectorAll("button[data-copy-from]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function say(id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (status) status.textContent = text;
  }

  function copyFrom(button) {
    var id = button.getAttribute("data-copy-from");
    var field = document.getElementById(id);
    if (!field) return;
    field.focus();
    field.select();
    var done = function () { say(id, "Copied to the clipboard."); };
    var selected = function () { say(id, "Selected: press Ctrl+C (or ⌘C) to copy."); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        try { document.execCommand("copy") ? done() : selected(); } catch (e) { selected(); }
      });
    } else {
      try { document.execCommand("copy") ? done() : selected(); } catch (e) { selected(); }
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-from]");
    if (button) copyFrom(button);
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:load", function (event) { reveal(event.target); });
})();
