// Errors first: the error summary takes focus when the page opens.
// Branching in place: when an answer changes, ask the server which questions on this page no longer
// arise and hide them (their inputs are disabled so they are not sent). Without this script the page
// works the same, one submit later. The form is aria-busy while an update is on its way.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus(); // so screen readers announce the problems first

  var form = document.querySelector("form[data-asked-url]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var latest = 0;

  function update() {
    var ticket = ++latest;
    form.setAttribute("aria-busy", "true");
    var params = new URLSearchParams(new FormData(form));
    params.delete("csrfmiddlewaretoken");
    fetch(form.dataset.askedUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (ticket !== latest) return;
        form.removeAttribute("aria-busy");
        if (!body) return;
        form.querySelectorAll("[data-question]").forEach(function (block) {
          var hide = body.hidden.indexOf(block.dataset.question) !== -1;
          block.hidden = hide;
          block.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = hide; });
        });
      })
      .catch(function () {
        form.removeAttribute("aria-busy"); // the server still checks everything on submit
      });
  }

  form.addEventListener("change", update);
  update(); // a page shown again with errors carries answers the server has not stored yet
})();
