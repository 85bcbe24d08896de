/* As-you-type suggestions under the search boxes (the header's and the forside's big one): an
   ARIA combobox with a listbox (combobox.js) for every input with data-suggest-url. The list
   holds people, units, try-outs and topics; each option leads to its page.
   Progressive: without this script the boxes are plain search forms. */
(function () {
  "use strict";
  if (!window.fetch || !window.faxeCombobox) return;

  function setup(input) {
    var form = input.form;
    var timer = null;
    var prefix = input.id + "-suggestion-";
    var box;

    form.classList.add("has-suggestions");
    box = window.faxeCombobox(input, form, {
      id: input.id + "-suggestions",
      label: input.dataset.suggestLabel,
      choose: function (option) { window.location.href = option.dataset.href; }
    });

    function render(data) {
      data.items.forEach(function (item, i) {
        var li = box.option(prefix + i, item.label);
        var kind = document.createElement("span");
        li.dataset.href = item.url;
        kind.className = "suggestion-kind";
        kind.textContent = item.kind;
        li.appendChild(kind);
      });
    }

    function load() {
      var query = input.value.trim();
      if (query.length < 2) { box.close(); box.status.textContent = ""; return; }
      box.load(input.dataset.suggestUrl, query, render);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setup);
})();
