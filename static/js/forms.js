// After htmx swaps part of a page: move the focus where a person expects it (the first field in
// error, else the updated heading) and announce what happened; error pages replace the whole
// page rather than landing inside a fragment.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var status = detail.xhr.status;
    if (status >= 400 && status !== 422 && detail.target !== document.body) {
      detail.target = document.body;
      detail.swapOverride = "innerHTML";
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var swapped = document.querySelector("[data-swapped]");
    if (!swapped) {
      var first = document.querySelector("[autofocus]");
      if (first && document.activeElement !== first) first.focus();
      return;
    }
    swapped.removeAttribute("data-swapped");
    var target =
      swapped.querySelector("[autofocus]") ||
      swapped.querySelector('[aria-invalid="true"]') ||
      swapped.querySelector("[data-focus]");
    if (target) target.focus();
    var announcer = document.getElementById("announcer");
    if (announcer) announcer.textContent = swapped.getAttribute("data-announce") || "";
  });
})();
