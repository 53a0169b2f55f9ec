// Words as the dossiers count them (impact.dossiers.words): what stands between spaces and line breaks.
function countWords(text) {
  return text.split(/\s+/).filter(Boolean).length;
}

function updateWordCount(textarea) {
  const counter = document.querySelector(`.js-word-count[data-for="${textarea.id}"]`);
  if (!counter) return;
  const max = textarea.dataset.wordsMax;
  const count = countWords(textarea.value);
  counter.textContent = max ? `${count} / ${max}` : `${count}`;
  counter.classList.toggle("text-danger", Boolean(max) && count > Number(max));
}

document.addEventListener("input", (event) => {
  if (event.target.matches("textarea")) updateWordCount(event.target);
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".js-word-count").forEach((counter) => {
    const textarea = document.getElementById(counter.dataset.for);
    if (textarea) updateWordCount(textarea);
  });
});

// "Copy": puts a section's text on the clipboard, to paste into the form's own site (SINOVIK, the index).
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".js-copy");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value ?? source.textContent);
    button.textContent = button.dataset.done;
  } catch {
    source.select?.();
  }
});
