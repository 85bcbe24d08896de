/* Forms: move focus to the error summary (or the "changed meanwhile" notice) when a page
   comes back with problems, so keyboard and screen-reader users start there. Without this
   script the summary is still the first thing in the form. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
