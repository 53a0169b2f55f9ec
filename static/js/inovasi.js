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
// A button with data-confirm asks for itself only (the score sheet's "Submit", not its "Save draft").
document.addEventListener("submit", (event) => {
  const form = event.target;
  const submitter = event.submitter;
  const asking = submitter && submitter.dataset.confirm ? submitter : form.matches("form[data-confirm]") ? form : null;
  if (!confirmDialog || !asking || form.dataset.confirmed === "yes") return;
  event.preventDefault();
  pending = { form, submitter };
  confirmDialog.querySelector(".js-confirm-message").textContent = asking.dataset.confirm;
  const button = confirmDialog.querySelector(".js-confirm-button");
  button.textContent = asking.dataset.confirmButton || button.dataset.label;
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

// Autosave tells the truth. htmx leaves 4xx answers unswapped by default, so a refused save (409: saved from another
// tab; 422: something invalid) left the last "Saved at" on screen: swap those answers in, they say why.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status === 409 || status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// No answer at all (offline, the server down): say so where the save status stands, and keep the text.
function autosaveFailed(event) {
  const form = event.detail.elt.closest("form[data-autosave-failed]");
  if (!form) return;
  const status = document.querySelector(form.dataset.hxTarget);
  if (!status) return;
  status.dataset.saved = "no";
  status.replaceChildren();
  const warning = document.createElement("span");
  warning.className = "text-danger";
  warning.textContent = form.dataset.autosaveFailed;
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "btn btn-link btn-sm p-0 align-baseline ms-1 js-retry";
  retry.textContent = form.dataset.autosaveRetry;
  status.append(warning, retry);
}
document.addEventListener("htmx:sendError", autosaveFailed);
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  if (status !== 409 && status !== 422) autosaveFailed(event);
});

// Ways to recover from a refused save: try again; keep my text over the other tab's; or reload the newer version
// (the text typed here stays on this device and is offered back).
document.addEventListener("click", (event) => {
  const button = event.target.closest(".js-retry, .js-keep-mine, .js-reload");
  if (!button) return;
  const form = document.querySelector("form[data-autosave-failed]");
  if (!form) return;
  if (button.matches(".js-reload")) {
    keepDraft(form);
    window.inovasiLeaving = true;
    window.location.reload();
    return;
  }
  if (button.matches(".js-keep-mine")) form.querySelector("[name=version]").value = button.dataset.version;
  saveNow(form);
});
function saveNow(form) {
  window.htmx.ajax("POST", form.dataset.hxPost, { source: form, target: form.dataset.hxTarget, swap: "outerHTML" });
}

// Unsaved text is kept on this device until the server has it, and offered back when the page opens again.
function draftKey(form) {
  return `inovasi-draft:${form.dataset.draftKey}`;
}
function textFields(form) {
  return [...form.querySelectorAll(".js-autosave input[type=text], .js-autosave textarea, .js-autosave select")].filter(
    (field) => field.name && !field.name.includes("-"),
  );
}
// The plan's lists as typed: for each list (its prefix, "stakeholders"), the rows the server has, by their id, and
// the rows added since, each as its fields by the last part of their name ("name", "role").
function listRows(form) {
  const lists = {};
  for (const total of form.querySelectorAll("input[name$='-TOTAL_FORMS']")) {
    const prefix = total.name.slice(0, -"-TOTAL_FORMS".length);
    const rows = { saved: {}, added: [] };
    for (let index = 0; index < Number(total.value); index += 1) {
      const start = `${prefix}-${index}-`;
      let id = "";
      let typed = false;
      const values = {};
      for (const field of form.querySelectorAll(`[name^="${start}"]`)) {
        const part = field.name.slice(start.length);
        if (part === "id") id = field.value;
        else if (field.type === "checkbox") values[part] = field.checked;
        else if (field.type !== "hidden") values[part] = field.value;
        if (field.matches("textarea, input[type=text], input[type=date]") && field.value.trim()) typed = true;
      }
      if (id) rows.saved[id] = values;
      else if (typed) rows.added.push(values);
    }
    lists[prefix] = rows;
  }
  return lists;
}
function fillRow(form, start, values) {
  for (const [part, value] of Object.entries(values)) {
    const field = form.querySelector(`[name="${start}${part}"]`);
    if (!field) continue;
    if (field.type === "checkbox") field.checked = value;
    else field.value = value;
  }
}
// Rows the server has get their typing back; rows it never had are added again (as "Add a stakeholder" does).
async function restoreRows(form, lists) {
  for (const [prefix, rows] of Object.entries(lists || {})) {
    const ids = [...form.querySelectorAll(`input[name^="${prefix}-"][name$="-id"]`)];
    for (const [id, values] of Object.entries(rows.saved)) {
      const field = ids.find((each) => each.value === id);
      if (field) fillRow(form, field.name.slice(0, -"id".length), values);
    }
    const button = form.querySelector(`[data-hx-target="#rows-${prefix}"]`);
    for (const values of button ? rows.added : []) {
      const index = Number(form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`).value);
      await window.htmx.ajax("GET", button.dataset.hxGet, {
        target: `#rows-${prefix}`,
        swap: "beforeend",
        values: { [`${prefix}-TOTAL_FORMS`]: index },
      });
      fillRow(form, `${prefix}-${index}-`, values);
    }
  }
}
function rowsDiffer(form, lists) {
  const now = listRows(form);
  return Object.entries(lists || {}).some(
    ([prefix, rows]) =>
      rows.added.length > 0 ||
      Object.entries(rows.saved).some(
        ([id, values]) => now[prefix] && JSON.stringify(now[prefix].saved[id]) !== JSON.stringify(values),
      ),
  );
}
function keepDraft(form) {
  if (!form.dataset.draftKey) return;
  const values = Object.fromEntries(textFields(form).map((field) => [field.name, field.value]));
  const rows = listRows(form);
  try {
    localStorage.setItem(draftKey(form), JSON.stringify({ at: new Date().toISOString(), values, rows }));
  } catch (error) {
    // Private mode or a full store: the warning before leaving still holds.
  }
}
function dropDraft(form) {
  try {
    localStorage.removeItem(draftKey(form));
  } catch (error) {}
}
function offerDraft(form) {
  let draft = null;
  try {
    draft = JSON.parse(localStorage.getItem(draftKey(form)) || "null");
  } catch (error) {}
  if (!draft) return;
  const differs =
    textFields(form).some((field) => field.name in draft.values && draft.values[field.name] !== field.value) ||
    rowsDiffer(form, draft.rows);
  const banner = document.getElementById("draft-banner");
  if (!differs || !banner) {
    dropDraft(form);
    return;
  }
  banner.querySelector(".js-draft-time").textContent = new Date(draft.at).toLocaleString(document.documentElement.lang);
  banner.hidden = false;
  banner.addEventListener("click", async (event) => {
    if (event.target.closest(".js-draft-restore")) {
      banner.hidden = true;
      for (const field of textFields(form)) {
        if (field.name in draft.values) field.value = draft.values[field.name];
        if (field.matches("textarea.js-count")) updateCounter(field);
      }
      await restoreRows(form, draft.rows);
      form.dataset.dirty = "yes";
      form.dataset.typedAt = String(Date.now());
      saveNow(form);
    } else if (!event.target.closest(".js-draft-discard")) {
      return;
    }
    dropDraft(form);
    banner.hidden = true;
  });
}

// A form marked data-warn-unsaved asks before the page is left while something typed in it is not saved yet.
document.addEventListener("input", (event) => {
  const form = event.target.closest("form[data-warn-unsaved]");
  if (!form) return;
  form.dataset.dirty = "yes";
  form.dataset.typedAt = String(Date.now());
  keepDraft(form);
});
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt.closest("form[data-warn-unsaved]");
  if (form) form.dataset.sentAt = String(Date.now());
});
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt.closest("form[data-warn-unsaved]");
  if (!form) return;
  // Saved, and nothing typed since the save was sent: the page may be left.
  if (event.detail.xhr.status === 200 && Number(form.dataset.typedAt || 0) <= Number(form.dataset.sentAt || 0)) {
    form.dataset.dirty = "no";
    dropDraft(form);
  }
});
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-warn-unsaved]")) window.inovasiLeaving = true;
});
window.addEventListener("beforeunload", (event) => {
  const form = document.querySelector("form[data-warn-unsaved]");
  if (!window.inovasiLeaving && form && form.dataset.dirty === "yes") {
    keepDraft(form);
    event.preventDefault();
    event.returnValue = "";
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-draft-key]").forEach(offerDraft);
});

// On a phone a .table-stack shows each row as a card: every cell carries its column's name to show above it.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.table-stack").forEach((table) => {
    const names = [...table.querySelectorAll("thead tr:first-child th")].map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row) => {
      [...row.children].forEach((cell, index) => {
        if (names[index] && !cell.dataset.label && cell.tagName === "TD" && !cell.hasAttribute("colspan")) cell.dataset.label = names[index];
      });
    });
  });
});

// The score sheet adds up as the examiner types: the weighted total of the criteria scored so far, and its predicate.
function liveTotal(form) {
  const output = document.getElementById("live-total");
  const bands = JSON.parse(document.getElementById("score-bands").textContent);
  const boxes = [...form.querySelectorAll("input.js-score")];
  let total = 0;
  let filled = 0;
  for (const box of boxes) {
    const value = Number(box.value.trim().replace(",", "."));
    if (box.value.trim() === "" || Number.isNaN(value) || value < 0 || value > 100) continue;
    total += (value * Number(box.dataset.weight)) / 100;
    filled += 1;
  }
  if (!filled) return;
  const band = bands.find(([above]) => above === null || total > Number(above));
  const shown = total.toFixed(2).replace(".", output.dataset.decimal);
  output.textContent = `${output.dataset.label}: ${shown}${band ? ` · ${band[1]}` : ""} (${filled}/${boxes.length} ${output.dataset.of})`;
}
document.addEventListener("input", (event) => {
  const form = event.target.closest("form.js-score-sheet");
  if (form && event.target.matches("input.js-score")) liveTotal(form);
});
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.js-score-sheet");
  if (form) liveTotal(form);
});

// The schedule's move form: choosing an exposé selects its current room and time, so a move starts from where it is.
document.addEventListener("change", (event) => {
  if (!event.target.matches("select.js-move-slot")) return;
  const option = event.target.selectedOptions[0];
  const form = event.target.form;
  if (!option || !form) return;
  form.querySelector("[name=room]").value = option.dataset.room;
  form.querySelector("[name=starts_at]").value = option.dataset.start;
});
