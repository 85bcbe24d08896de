/* As-you-type suggestions under the header search box (ARIA combobox with a listbox, combobox.js).
   Progressive: without this script the box is a plain search form. */
(function () {
  "use strict";
  var input = document.getElementById("header-search");
  if (!input || !window.fetch || !window.faxeCombobox || !input.dataset.suggestUrl) return;
  var form = input.form;
  var timer = null;
  var controller = null;
  var box;

  form.classList.add("has-suggestions");
  box = window.faxeCombobox(input, form, {
    id: "header-search-suggestions",
    label: input.dataset.suggestLabel,
    choose: function (option) { window.location.href = option.dataset.href; }
  });

  function render(data) {
    box.list.textContent = "";
    data.items.forEach(function (item, i) {
      var li = box.option("suggestion-" + i, item.label);
      var kind = document.createElement("span");
      li.dataset.href = item.url;
      kind.className = "suggestion-kind";
      kind.textContent = item.kind;
      li.appendChild(kind);
    });
    box.show(data.announce);
  }

  function load() {
    var query = input.value.trim();
    if (query.length < 2) { box.close(); box.status.textContent = ""; return; }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
      signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) render(data); })
      .catch(function () { /* a failed suggestion never blocks the search form */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  });
})();
