// Hover values for the timeline chart: the points carry their text in data-value (and a <title> for
// readers without this script); this shows it in a box that follows the pointer and keyboard focus.
(function () {
  "use strict";
  var chart = document.querySelector("svg.timeline-chart");
  if (!chart) return;
  var box = document.createElement("div");
  box.className = "timeline-hover";
  box.setAttribute("role", "status");
  box.hidden = true;
  chart.parentNode.insertBefore(box, chart.nextSibling);
  chart.querySelectorAll("circle[data-value]").forEach(function (point) {
    point.setAttribute("tabindex", "0");
    var show = function () {
      box.textContent = point.getAttribute("data-value");
      box.hidden = false;
    };
    point.addEventListener("mouseenter", show);
    point.addEventListener("focus", show);
  });
  chart.addEventListener("mouseleave", function () { box.hidden = true; });
})();
