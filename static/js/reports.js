// Report pages: a print button without inline handlers (the site runs under a CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
