// Keyboard for the candidate queue: j/k move between rows, p/o/l/x decide the current row (person,
// organisation, place, reject), a goes to its attach box; Enter in the box attaches. Typing in any
// box or field is never taken as a shortcut.
(function () {
  "use strict";
  function rows() {
    return Array.from(document.querySelectorAll("#result_list tbody tr")).filter(function (row) {
      return row.querySelector(".candidate-decide");
    });
  }
  var current = 0;
  function mark(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) { row.classList.toggle("candidate-current", i === current); });
    all[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("DOMContentLoaded", function () {
    mark(0);
    document.querySelectorAll(".candidate-attach input").forEach(function (box) {
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          box.parentNode.querySelector("button").click();
        }
      });
    });
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.closest && target.closest("input, textarea, select")) return;
    var row = rows()[current];
    if (event.key === "j") { mark(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { mark(current - 1); event.preventDefault(); return; }
    if (!row) return;
    if (event.key === "a") {
      var box = row.querySelector(".candidate-attach input");
      if (box) { box.focus(); event.preventDefault(); }
      return;
    }
    var button = row.querySelector('button[data-key="' + event.key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
