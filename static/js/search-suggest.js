/* As-you-type suggestions under the header search box (ARIA combobox with a listbox).
   Progressive: without this script the box is a plain search form. */
(function () {
  "use strict";
  var input = document.getElementById("header-search");
  if (!input || !window.fetch || !input.dataset.suggestUrl) return;
  var form = input.form;
  var list = document.createElement("ul");
  var status = document.createElement("div");
  var timer = null;
  var controller = null;
  var active = -1;

  list.id = "header-search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.dataset.suggestLabel || "");
  list.hidden = true;
  status.className = "sr-only";
  status.setAttribute("role", "status");
  form.classList.add("has-suggestions");
  form.appendChild(list);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  function render(data) {
    list.textContent = "";
    data.items.forEach(function (item, i) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.href = item.url;
      li.appendChild(document.createTextNode(item.label));
      kind.className = "suggestion-kind";
      kind.textContent = item.kind;
      li.appendChild(kind);
      list.appendChild(li);
    });
    status.textContent = data.announce;
    active = -1;
    list.hidden = !data.items.length;
    input.setAttribute("aria-expanded", data.items.length ? "true" : "false");
  }

  function load() {
    var query = input.value.trim();
    if (query.length < 2) { close(); status.textContent = ""; return; }
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
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) return;
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      window.location.href = options()[active].dataset.href;
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
    }
  });
  // mousedown, not click: it comes before the input's blur closes the list.
  list.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) {
      event.preventDefault();
      window.location.href = option.dataset.href;
    }
  });
  input.addEventListener("blur", close);
})();
