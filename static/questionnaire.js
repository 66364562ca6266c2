// Exclusive boxes: ticking "None of these" or "I don't know" unticks the other boxes of the question, and ticking
// another box unticks them (the server refuses the combination anyway; this saves a round trip).
// Without this script the page works the same.
(function () {
  "use strict";
  document.querySelectorAll(".question").forEach(function (question) {
    var boxes = Array.prototype.slice.call(question.querySelectorAll('input[type="checkbox"]'));
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) return;
        boxes.forEach(function (other) {
          var clash = box.hasAttribute("data-exclusive") ? other !== box : other.hasAttribute("data-exclusive");
          if (clash) other.checked = false;
        });
      });
    });
  });
})();
