// Amounts and figures typed the Vietnamese way: digits are grouped while typing (1.000.000)
// with the page's own marks (data-group-mark, data-decimal-mark), and the caret stays after
// the digit it followed. A typed group mark is taken as grouping, never as decimals, so what
// the field shows is what the server reads (organizations/numbers.py).
(function () {
  "use strict";

  function regroup(input) {
    const group = input.dataset.groupMark || ".";
    const mark = input.dataset.decimalMark || ",";
    const decimals = input.dataset.number === "decimal";
    const text = input.value;
    const caret = input.selectionStart === null ? text.length : input.selectionStart;
    // Remember how many digits (and decimal marks) stood before the caret.
    const before = text.slice(0, caret).replace(/[^0-9,.]/g, "").replace(new RegExp("\\" + group, "g"), "").length;
    let sign = text.trim().startsWith("-") ? "-" : "";
    let body = text.replace(new RegExp("\\" + group, "g"), "").replace(/\s/g, "");
    if (sign) body = body.replace(/^-/, "");
    if (!/^[0-9]*(\D[0-9]*)?$/.test(body)) return; // Letters or odd marks: leave them to the server.
    let whole = body;
    let fraction = null;
    if (decimals && body.includes(mark)) {
      [whole, fraction] = body.split(mark);
    } else if (/\D/.test(body)) {
      return;
    }
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    const value = sign + grouped + (fraction === null ? "" : mark + fraction);
    if (value === text) return;
    input.value = value;
    // Put the caret back after the same number of digits.
    let seen = 0;
    let position = sign.length;
    const target = before;
    while (position < value.length && seen < target) {
      if (value[position] !== group) seen += 1;
      position += 1;
    }
    input.setSelectionRange(position, position);
  }

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.number) regroup(input);
  });
})();
