// Follow a background printing of certificates; reload once it has finished.
(function () {
  "use strict";
  function follow(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = document.getElementById("print-bar");
    var count = document.getElementById("print-count");
    var status = document.getElementById("print-status");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          bar.value = data.percent;
          bar.textContent = data.percent + "%";
          count.textContent = data.done + " / " + data.total;
          status.textContent = data.status_label;
          if (data.running) { window.setTimeout(tick, 1000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 500);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".commendations-print[data-progress-url]");
    if (box) { follow(box); }
  });
})();
