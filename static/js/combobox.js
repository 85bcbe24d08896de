/* Shared ARIA combobox (input + listbox + live region) for search-suggest.js and tag-input.js.
   faxeCombobox(input, container, settings) adds the listbox and status region to container, makes
   the input a combobox and handles ArrowDown/ArrowUp (wrapping), Escape and the choose keys.
   settings: id (listbox id), label (its aria-label), keys (keys that choose the highlighted
   option, default ["Enter"]) and choose(option) (called for those keys and for a mouse press).
   Returns list, status, options(), option(id, text) (appends one), show(announce) (after
   filling the list), load(url, query, fill) (fetches url?q=query, aborting the previous load,
   then calls fill(data) and shows the list), close(), highlight(index) and active()
   (highlighted index, -1 for none). The list's data-query names the words it answers. */
(function () {
  "use strict";

  window.faxeCombobox = function (input, container, settings) {
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var keys = settings.keys || ["Enter"];
    var active = -1;
    var controller = null;

    list.id = settings.id;
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", settings.label || "");
    list.hidden = true;
    status.className = "sr-only";
    status.setAttribute("role", "status");
    container.appendChild(list);
    container.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function options() { return list.querySelectorAll("[role=option]"); }

    function option(id, text) {
      var li = document.createElement("li");
      li.id = id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = text;
      list.appendChild(li);
      return li;
    }

    function close() {
      if (controller) controller.abort();
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    /* After filling the list: announce, reset the highlight, show it when it has options. */
    function show(announce) {
      var count = options().length;
      status.textContent = announce;
      active = -1;
      list.hidden = !count;
      input.setAttribute("aria-expanded", count ? "true" : "false");
    }

    /* Fetch suggestions for query; a newer load aborts an older one, so a slow answer never
       replaces a newer list. A failed suggestion never blocks the form. */
    function load(url, query, fill) {
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          list.textContent = "";
          fill(data);
          list.dataset.query = query;
          show(data.announce);
        })
        .catch(function () { /* suggestions are a help, never required */ });
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

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) return;
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (keys.indexOf(event.key) >= 0 && active >= 0 && !list.hidden) {
        event.preventDefault();
        settings.choose(options()[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    // mousedown, not click: it comes before the input's blur closes the list.
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        event.preventDefault();
        settings.choose(item);
      }
    });
    input.addEventListener("blur", close);

    return {
      list: list,
      status: status,
      options: options,
      option: option,
      show: show,
      load: load,
      close: close,
      highlight: highlight,
      active: function () { return active; }
    };
  };
})();
