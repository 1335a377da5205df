// A job's page updates in place while the job runs, instead of reloading: the page's own
// <meta http-equiv="refresh"> (for browsers without JavaScript) is removed, the job's status
// asked for every second, and the page reloaded once the job ends, to show its result.
(function () {
  "use strict";
  var job = document.getElementById("job");
  if (!job || !window.fetch) { return; }
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) { refresh.remove(); }
  function field(name) { return job.querySelector('[data-field="' + name + '"]'); }
  function show(status) {
    if (status.finished) { window.location.reload(); return; }
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
