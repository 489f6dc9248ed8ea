// Polls an export job's JSON status and updates the progress bar until the
// file is ready (or the job failed). No inline script: the CSP forbids it.
(function () {
  "use strict";
  var root = document.getElementById("export-job");
  if (!root) { return; }
  var url = root.dataset.statusUrl;
  var bar = document.getElementById("export-progress");
  var percent = document.getElementById("export-percent");
  var label = document.getElementById("export-status");
  var download = document.getElementById("export-download");
  var rows = document.getElementById("export-rows");
  var error = document.getElementById("export-error");

  function show(job) {
    bar.value = job.progress;
    percent.textContent = job.progress + "%";
    label.textContent = job.status_label;
    if (job.download_url) {
      rows.textContent = job.row_count;
      download.hidden = false;
    }
    if (job.error) {
      error.textContent = job.error;
      error.hidden = false;
    }
    return job.status === "done" || job.status === "failed";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) { if (!show(job)) { window.setTimeout(poll, 1500); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  poll();
})();
