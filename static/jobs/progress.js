// A job's page updates in place while the job runs, instead of reloading (the page's
// <meta http-equiv="refresh"> is inside <noscript>, for browsers without JavaScript): the
// job's status is asked for every second, and the page reloaded when the job's state changes
// (it starts, or ends: to show its times, result or error).
(function () {
  "use strict";
  var job = document.getElementById("job");
  if (!job || !window.fetch) { return; }
  function field(name) { return job.querySelector('[data-field="' + name + '"]'); }
  function show(status) {
    if (status.state !== job.dataset.state) { window.location.reload(); return; }
    field("state_label").textContent = status.state_label;
    field("phase").textContent = status.phase;
    field("counts").textContent = status.counts;
    var bar = field("percent");
    if (status.percent === null) { bar.removeAttribute("value"); } else { bar.value = status.percent; }
    window.setTimeout(ask, 1000);
  }
  function ask() {
    fetch(job.dataset.status, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(show)
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 1000);
})();
