// The indicator results grid (emulation/admin/result_grid.py): Enter moves to the next cell
// in tab order, down the column, instead of sending the form; on the last cell it moves to
// the save button, so that a second Enter saves.
(function () {
  "use strict";

  function cells(form) {
    return Array.from(form.querySelectorAll("[data-grid-cell]:not([disabled]), input[type=submit]"))
      .sort((a, b) => Number(a.getAttribute("tabindex")) - Number(b.getAttribute("tabindex")));
  }

  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (event.key !== "Enter" || !input.hasAttribute || !input.hasAttribute("data-grid-cell")) return;
    event.preventDefault();
    const order = cells(input.form);
    const next = order[order.indexOf(input) + 1];
    if (next) {
      next.focus();
      if (next.select) next.select();
    }
  });
})();
