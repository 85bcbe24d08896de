/* Topic inputs: suggest existing topics for the word being typed (ARIA combobox + listbox).
   Progressive: without this script the input is plain comma-separated text. Arrow keys move
   through the suggestions, Enter or Tab picks one, Escape closes the list. */
(function () {
  "use strict";
  if (!window.fetch) return;

  function setup(input, number) {
    var wrapper = document.createElement("div");
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var timer = null;
    var controller = null;
    var active = -1;

    wrapper.className = "has-suggestions";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    list.id = "tag-suggestions-" + number;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.tagLabel || "");
    list.hidden = true;
    status.className = "sr-only";
    status.setAttribute("role", "status");
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function parts() { return input.value.split(","); }
    function current() { var all = parts(); return all[all.length - 1].trim(); }
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
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function choose(name) {
      var all = parts();
      all[all.length - 1] = (all.length > 1 ? " " : "") + name;
      input.value = all.join(",") + ", ";
      close();
      status.textContent = name;
      input.focus();
    }

    function render(data) {
      var taken = parts().slice(0, -1).map(function (part) { return part.trim().toLowerCase(); });
      var names = data.items.filter(function (name) { return taken.indexOf(name.toLowerCase()) < 0; });
      list.textContent = "";
      names.forEach(function (name, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = name;
        list.appendChild(li);
      });
      status.textContent = data.announce;
      active = -1;
      list.hidden = !names.length;
      input.setAttribute("aria-expanded", names.length ? "true" : "false");
    }

    function load() {
      var text = current();
      if (text.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(input.dataset.tagUrl + "?q=" + encodeURIComponent(text), {
        signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) render(data); })
        .catch(function () { /* suggestions are a help, never required */ });
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
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0 && !list.hidden) {
        event.preventDefault();
        choose(options()[active].textContent);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    // mousedown, not click: it comes before the input's blur closes the list.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        choose(option.textContent);
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-tag-url]").forEach(setup);
})();
