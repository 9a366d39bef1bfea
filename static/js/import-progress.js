// Follow a running import without reloading; reload once it has finished.
(function () {
  "use strict";
  function follow(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = document.getElementById("job-bar");
    var rows = document.getElementById("job-rows");
    var status = document.getElementById("job-status");
    var format = new Intl.NumberFormat(document.documentElement.lang || "vi");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          bar.value = data.percent;
          bar.textContent = data.percent + "%";
          rows.textContent = data.rows_total ? format.format(data.rows_done) + " / " + format.format(data.rows_total) : "";
          status.textContent = data.status_label;
          if (data.running) { window.setTimeout(tick, 1000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 500);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".job-progress[data-progress-url]");
    if (box) { follow(box); }
  });
})();
