// Errors first: on any page that shows an error summary, the summary takes focus when the page opens, so screen
// readers announce the problems and keyboard users start from the links to them. Without this script the page
// works the same.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
