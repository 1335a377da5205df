// Progressive enhancement only: every page works without this file.
// Changing a filter or the sorting applies it at once.
document.querySelectorAll(".filters select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
