// "Har nogen prøvet det før?" on the new try-out form: fetch the similar try-outs in place when the
// title, the challenge or the topics change, and when "Find lignende" is pressed. Without this file
// the button submits the form and the server shows the same list (tryouts/views.py).
(function () {
  "use strict";
  var box = document.querySelector(".similar-tryouts[data-similar-url]");
  if (!box || !window.fetch) return;
  var form = box.closest("form");
  var results = box.querySelector("#similar-results");
  var button = box.querySelector("[data-find-similar]");
  var fields = ["title", "challenge", "summary", "tags"];
  var last = null;
  var timer = null;

  function query() {
    var params = new URLSearchParams();
    fields.forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value.trim()) params.set(name, field.value);
    });
    return params.toString();
  }

  function update(force) {
    var params = query();
    if (!params || (params === last && !force)) return Promise.resolve(false);
    last = params;
    return fetch(box.dataset.similarUrl + "?" + params, {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      results.innerHTML = html;
      return true;
    });
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    update(true).catch(function () {
      // The server can still answer the ordinary way: submit the form with the button's name.
      var marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = "find_similar";
      marker.value = "1";
      form.appendChild(marker);
      form.submit();
    });
  });

  fields.forEach(function (name) {
    var field = form.elements[name];
    if (!field) return;
    field.addEventListener("change", function () { update(false).catch(function () {}); });
    if (name === "challenge") {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        if (field.value.trim().length < 30) return;
        timer = setTimeout(function () { update(false).catch(function () {}); }, 1200);
      });
    }
  });
})();
