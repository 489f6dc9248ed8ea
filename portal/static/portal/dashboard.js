/* Dashboards: sortable tables and the progress of reports being built.
   No inline script (the Content-Security-Policy forbids it), no library. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    var number = parseFloat(raw);
    return raw !== "" && !isNaN(number) && isFinite(raw) ? number : raw.trim().toLocaleLowerCase("vi");
  }

  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "vi");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      header.tabIndex = 0;
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, header, index); }
      });
    });
  }

  function followReport(row) {
    var url = row.getAttribute("data-report-status");
    var delay = 1500;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          row.setAttribute("data-status", data.status);
          var status = row.querySelector(".status");
          status.innerHTML = "";
          var badge = document.createElement("span");
          badge.className = "badge " + data.status;
          badge.textContent = data.status_label;
          status.appendChild(badge);
          if (data.status === "pending" || data.status === "building") {
            status.appendChild(document.createTextNode(" "));
            status.appendChild(document.createElement("progress"));
            delay = Math.min(delay * 1.5, 10000);
            window.setTimeout(poll, delay);
          } else if (data.download_url) {
            var cell = row.querySelector(".download");
            cell.innerHTML = "";
            var link = document.createElement("a");
            link.href = data.download_url;
            link.textContent = "Tải về (.xlsx)";
            cell.appendChild(link);
          }
        })
        .catch(function () { window.setTimeout(poll, 10000); });
    }
    window.setTimeout(poll, delay);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    document.querySelectorAll('tr[data-status="pending"], tr[data-status="building"]').forEach(followReport);
  });
})();
