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
