// The matrix's filters (index.html): status checkboxes, cells without a reference, tag, target
// and free text. Rows and target columns that are filtered out get the `hidden` attribute;
// without JavaScript everything stays shown.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var matrix = document.getElementById("matrix");
  if (!form || !matrix) return;
  var tagSelect = document.getElementById("filter-tag");
  var targetSelect = document.getElementById("filter-target");
  var textInput = document.getElementById("filter-text");
  var summary = document.getElementById("filter-summary");
  var rows = Array.prototype.slice.call(matrix.querySelectorAll("tr[data-test]"));
  // What free text is matched against: the test id, the row's text and the cells' reasons.
  var haystacks = rows.map(function (row) {
    var text = row.getAttribute("data-test") + " " + row.textContent;
    row.querySelectorAll("[title]").forEach(function (cell) {
      text += " " + cell.getAttribute("title");
    });
    return text.toLowerCase();
  });

  function apply() {
    var statuses = {};
    form.querySelectorAll('input[name="status"]').forEach(function (box) {
      statuses[box.value] = box.checked;
    });
    // Unchecked: cells that no reference judges do not count as shown.
    var referenceBox = form.querySelector('input[name="reference"]');
    var unreferenced = !referenceBox || referenceBox.checked;
    var tag = tagSelect.value;
    var target = targetSelect.value;
    var words = textInput.value.toLowerCase().split(/\s+/).filter(Boolean);

    // Target columns: a chosen target hides the others (the reference column stays).
    matrix.querySelectorAll("[data-target]").forEach(function (cell) {
      var name = cell.getAttribute("data-target");
      var hide = target !== "" && name !== "reference" && name !== target;
      if (hide) cell.setAttribute("hidden", "");
      else cell.removeAttribute("hidden");
    });

    var shown = 0;
    rows.forEach(function (row, i) {
      var tags = (row.getAttribute("data-tags") || "").split(" ");
      var ok = tag === "" || tags.indexOf(tag) >= 0;
      ok = ok && words.every(function (w) { return haystacks[i].indexOf(w) >= 0; });
      if (ok) {
        ok = false;
        row.querySelectorAll("td[data-status]").forEach(function (cell) {
          if (!cell.hasAttribute("hidden") && statuses[cell.getAttribute("data-status")] !== false &&
              (unreferenced || cell.getAttribute("data-reference") !== "none"))
            ok = true;
        });
      }
      if (ok) { row.removeAttribute("hidden"); shown++; }
      else row.setAttribute("hidden", "");
    });
    // A program's heading row goes with its last shown test.
    matrix.querySelectorAll("tbody[data-program]").forEach(function (body) {
      var heading = body.querySelector("tr.program-row");
      if (!heading) return;
      if (body.querySelector("tr[data-test]:not([hidden])")) heading.removeAttribute("hidden");
      else heading.setAttribute("hidden", "");
    });
    if (summary) summary.textContent = shown + " of " + rows.length + " tests shown";
  }

  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
