/* After htmx swaps in a form refused with 422, move focus to the first field marked invalid, so
   keyboard and screen-reader users land on the error (its message is tied to the field by
   aria-describedby). Without JavaScript the browser loads the page afresh and nothing is needed. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status !== 422) return;
    var root = event.detail.target || document;
    var field = root.querySelector('[aria-invalid="true"]') || document.querySelector('[aria-invalid="true"]');
    if (field) field.focus();
  });
})();
