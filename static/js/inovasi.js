// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");

// A select inside a .js-autosubmit form submits it on change (the language switch).
document.addEventListener("change", (event) => {
  const form = event.target.closest("form.js-autosubmit");
  if (form && event.target.tagName === "SELECT") form.requestSubmit();
});

// A .js-print button prints the page.
document.addEventListener("click", (event) => {
  if (event.target.closest(".js-print")) window.print();
});

// Character counts under long text areas.
function updateCounter(textarea) {
  const counter = document.querySelector(`.js-counter[data-for="${textarea.id}"]`);
  if (!counter) return;
  const max = textarea.getAttribute("maxlength");
  counter.textContent = max ? `${textarea.value.length} / ${max}` : `${textarea.value.length}`;
}
document.addEventListener("input", (event) => {
  if (event.target.matches("textarea.js-count")) updateCounter(event.target);
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("textarea.js-count").forEach(updateCounter);
});

