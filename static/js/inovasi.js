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


// A form with data-confirm asks first, in the page's one <dialog>; the step goes ahead only on "Yes". Without
// script the form simply submits. data-confirm-button names the button that confirms ("Withdraw").
const confirmDialog = document.getElementById("confirm-dialog");
let pending = null;
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!confirmDialog || !form.matches("form[data-confirm]") || form.dataset.confirmed === "yes") return;
  event.preventDefault();
  pending = { form, submitter: event.submitter };
  confirmDialog.querySelector(".js-confirm-message").textContent = form.dataset.confirm;
  const button = confirmDialog.querySelector(".js-confirm-button");
  button.textContent = form.dataset.confirmButton || button.dataset.label;
  confirmDialog.showModal();
});
if (confirmDialog) {
  const button = confirmDialog.querySelector(".js-confirm-button");
  button.dataset.label = button.textContent;
  confirmDialog.addEventListener("close", () => {
    const asked = pending;
    pending = null;
    if (!asked || confirmDialog.returnValue !== "confirm") return;
    asked.form.dataset.confirmed = "yes";
    asked.form.requestSubmit(asked.submitter || undefined);
  });
}
