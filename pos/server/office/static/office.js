// Small enhancements only: every page works without this file.
// A form button with data-confirm asks before posting (revoking a till, dismissing an entry).
document.addEventListener("submit", function (e) {
  var b = e.submitter || e.target.querySelector("[data-confirm]");
  var msg = (b && b.getAttribute("data-confirm")) || e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { e.preventDefault(); }
});
// Filters: changing a select re-runs the page at once.
document.addEventListener("change", function (e) {
  if (e.target.matches("form.filters select")) { e.target.form.submit(); }
});
