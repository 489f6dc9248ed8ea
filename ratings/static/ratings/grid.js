/* The rating grid by keyboard: Tab goes row by row (the natural order);
   Enter in a points box moves to the next box instead of submitting, so a
   half-typed grid is never saved by accident. No inline script (CSP). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("grid");
    if (!form) return;
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
      event.preventDefault();
      var boxes = Array.prototype.slice.call(form.querySelectorAll("input.points:not([readonly])"));
      var next = boxes[boxes.indexOf(event.target) + 1];
      if (next) { next.focus(); next.select(); }
    });
  });
})();
