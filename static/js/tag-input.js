/* Topic inputs: suggest existing topics for the word being typed (ARIA combobox + listbox,
   combobox.js). Progressive: without this script the input is plain comma-separated text.
   Arrow keys move through the suggestions, Enter or Tab picks one, Escape closes the list. */
(function () {
  "use strict";
  if (!window.fetch || !window.faxeCombobox) return;

  function setup(input, number) {
    var wrapper = document.createElement("div");
    var timer = null;
    var box;

    wrapper.className = "has-suggestions";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    box = window.faxeCombobox(input, wrapper, {
      id: "tag-suggestions-" + number,
      label: input.dataset.tagLabel,
      keys: ["Enter", "Tab"],
      choose: function (option) { choose(option.textContent); }
    });

    function parts() { return input.value.split(","); }
    function current() { var all = parts(); return all[all.length - 1].trim(); }

    function choose(name) {
      var all = parts();
      all[all.length - 1] = (all.length > 1 ? " " : "") + name;
      input.value = all.join(",") + ", ";
      box.close();
      box.status.textContent = name;
      input.focus();
    }

    function render(data) {
      var taken = parts().slice(0, -1).map(function (part) { return part.trim().toLowerCase(); });
      var names = data.items.filter(function (name) { return taken.indexOf(name.toLowerCase()) < 0; });
      names.forEach(function (name, i) { box.option(box.list.id + "-" + i, name); });
    }

    function load() {
      var text = current();
      if (text.length < 2) { box.close(); return; }
      box.load(input.dataset.tagUrl, text, render);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
  }

  document.querySelectorAll("input[data-tag-url]").forEach(setup);
})();
