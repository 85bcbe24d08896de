/* The phone menu in the header (base.html) is a <details>: it opens and closes without this
   script. With it, Escape closes the menu and gives the focus back to the menu button, and a
   click or tap outside the open menu closes it. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-header-menu]");
  if (!menu) return;
  var button = menu.querySelector("summary");

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      button.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
