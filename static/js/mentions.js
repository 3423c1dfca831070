/* Mentions as one types: "@" and the start of a name in a comment offers the people who may see
   the thing (the form's own list of checkboxes, which the server filled with them alone); Up and
   Down move, Enter or Tab picks, Escape closes, a click picks too. Picking writes "@Name" into the
   text and ticks that person's box, which is what the server reads. Without JavaScript the
   checkboxes do the same job. Works after htmx swaps (event delegation). */
(function () {
  "use strict";

  var MAX = 8;
  var counter = 0;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function peopleOf(form) {
    return Array.prototype.map.call(
      form.querySelectorAll("fieldset.mention-choices input[name=mentionIds]"),
      function (box) {
        var label = box.closest("label");
        return { box: box, name: (label ? label.textContent : box.value).trim() };
      }
    );
  }

  function typedMention(area) {
    var before = area.value.slice(0, area.selectionStart);
    var match = /(^|\s)@([^\s@]{0,40})$/u.exec(before);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function parts(area) {
    if (!area.mentionList) {
      var list = document.createElement("ul");
      list.id = "mention-list-" + (++counter);
      list.className = "mention-suggestions";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "People to mention");
      list.hidden = true;
      var status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      area.insertAdjacentElement("afterend", status);
      area.insertAdjacentElement("afterend", list);
      area.setAttribute("aria-autocomplete", "list");
      area.setAttribute("aria-controls", list.id);
      area.mentionList = list;
      area.mentionStatus = status;
      list.addEventListener("mousedown", function (event) {
        var option = event.target.closest("[role=option]");
        if (!option) return;
        event.preventDefault();
        pick(area, option);
      });
    }
    return { list: area.mentionList, status: area.mentionStatus };
  }

  function close(area) {
    if (!area.mentionList) return;
    area.mentionList.hidden = true;
    area.mentionList.textContent = "";
    area.removeAttribute("aria-activedescendant");
  }

  function offer(area) {
    var form = area.form;
    var typed = typedMention(area);
    if (!form || !typed) { close(area); return; }
    var wanted = fold(typed.query);
    var found = peopleOf(form).filter(function (person) {
      return fold(person.name).split(/\s+/).some(function (word) { return word.indexOf(wanted) === 0; });
    }).slice(0, MAX);
    var ui = parts(area);
    ui.list.textContent = "";
    found.forEach(function (person, index) {
      var option = document.createElement("li");
      option.id = ui.list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", index === 0 ? "true" : "false");
      option.dataset.personId = person.box.value;
      option.dataset.name = person.name;
      option.textContent = person.name;
      ui.list.appendChild(option);
    });
    ui.list.hidden = found.length === 0;
    if (found.length) {
      area.setAttribute("aria-activedescendant", ui.list.id + "-0");
    } else {
      area.removeAttribute("aria-activedescendant");
    }
    ui.status.textContent = found.length
      ? found.length + (found.length === 1 ? " person" : " people") + " to mention: Up and Down to choose, Enter to pick."
      : "Nobody who may see this matches.";
  }

  function move(area, step) {
    var options = area.mentionList.querySelectorAll("[role=option]");
    var current = Array.prototype.findIndex.call(options, function (o) { return o.getAttribute("aria-selected") === "true"; });
    var next = (current + step + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); });
    area.setAttribute("aria-activedescendant", options[next].id);
  }

  function pick(area, option) {
    var typed = typedMention(area);
    if (!typed) { close(area); return; }
    var text = "@" + option.dataset.name + " ";
    var end = area.selectionStart;
    area.value = area.value.slice(0, typed.start) + text + area.value.slice(end);
    var caret = typed.start + text.length;
    area.setSelectionRange(caret, caret);
    var box = area.form.querySelector('fieldset.mention-choices input[value="' + option.dataset.personId + '"]');
    if (box) box.checked = true;
    area.mentionStatus.textContent = option.dataset.name + " will be mentioned.";
    close(area);
    area.focus();
  }

  function isCommentBox(target) {
    return target && target.tagName === "TEXTAREA" && target.name === "body" && target.form &&
      target.form.querySelector("fieldset.mention-choices");
  }

  document.addEventListener("input", function (event) {
    if (isCommentBox(event.target)) offer(event.target);
  });

  document.addEventListener("keydown", function (event) {
    var area = event.target;
    if (!isCommentBox(area) || !area.mentionList || area.mentionList.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(area, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" || event.key === "Tab") {
      var chosen = area.mentionList.querySelector("[aria-selected=true]");
      if (chosen) { event.preventDefault(); pick(area, chosen); }
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(area);
    }
  });

  document.addEventListener("focusout", function (event) {
    if (isCommentBox(event.target)) close(event.target);
  });
})();
