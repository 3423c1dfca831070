// Dragging a board card onto another column takes the step that leads there, through the same
// forms the card's "Move…" menu holds (which keyboards and browsers without script use).
// A step that needs a reason opens the menu at its reason; one that needs more opens the
// initiative's page at its form. A column the card cannot reach does not accept it.
(function () {
  "use strict";
  var dragged = null;

  function targets(card) {
    return (card.getAttribute("data-moves") || "").split(" ").filter(Boolean);
  }

  function mark(root) {
    (root || document).querySelectorAll(".board-card[data-moves]").forEach(function (card) {
      card.setAttribute("draggable", "true");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card[data-moves]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
    document.querySelectorAll(".board-column").forEach(function (column) {
      if (targets(card).indexOf(column.getAttribute("data-status")) >= 0) column.classList.add("drop-ok");
    });
  });

  document.addEventListener("dragend", function () {
    dragged = null;
    document.querySelectorAll(".board-column").forEach(function (column) {
      column.classList.remove("drop-ok", "drop-over");
    });
  });

  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".board-column.drop-ok");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-over");
  });

  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-over");
  });

  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".board-column.drop-ok");
    if (!column || !dragged) return;
    event.preventDefault();
    var step = dragged.querySelector('.card-move[data-target="' + column.getAttribute("data-status") + '"]');
    if (!step) return;
    if (step.tagName === "A") {
      window.location.assign(step.href);
      return;
    }
    var reason = step.querySelector("textarea");
    if (reason) {
      step.closest("details").open = true;
      reason.focus();
      return;
    }
    step.requestSubmit();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(); });
  } else {
    mark();
  }
  document.addEventListener("htmx:load", function (event) { mark(event.target); });
})();
