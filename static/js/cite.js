// The citations block works without this script (every format is shown). With it: one format at a
// time, chosen from a list, and a button that copies it as plain text.
(function () {
  "use strict";
  document.querySelectorAll("[data-cite]").forEach(function (section) {
    var formats = Array.prototype.slice.call(section.querySelectorAll(".cite-format"));
    if (!formats.length) return;
    var bar = document.createElement("div");
    bar.className = "cite-bar";
    var label = document.createElement("label");
    var select = document.createElement("select");
    select.id = "cite-switch";
    label.htmlFor = select.id;
    label.textContent = section.dataset.label + " ";
    formats.forEach(function (block) {
      var option = document.createElement("option");
      option.value = block.dataset.format;
      option.textContent = block.dataset.name;
      select.appendChild(option);
    });
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = section.dataset.copy;
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "note";
    bar.append(label, select, " ", button, " ", status);
    section.querySelector("h2").after(bar);

    function current() {
      return formats.find(function (block) { return block.dataset.format === select.value; });
    }
    function show() {
      formats.forEach(function (block) { block.hidden = block !== current(); });
      status.textContent = "";
      try { localStorage.setItem("archive-cite-format", select.value); } catch (e) { /* private mode */ }
    }
    try {
      var saved = localStorage.getItem("archive-cite-format");
      if (saved && formats.some(function (b) { return b.dataset.format === saved; })) select.value = saved;
    } catch (e) { /* private mode */ }
    select.addEventListener("change", show);
    button.addEventListener("click", function () {
      var text = current().querySelector(".citation, .citation-code").textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = section.dataset.copied;
      });
    });
    show();
  });
})();
