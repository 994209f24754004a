// Form building blocks of the manager: labelled controls, and the service's validation
// messages ("input.name: ...; systemPrompt: ...") placed next to the field they name.

import { h } from "../dom.js";

let fields = 0;

// A labelled control. `control` is an <input>, <textarea> or <select> built by the caller;
// its `name` is the GraphQL field it edits.
export function field(label, control, hint) {
  const id = control.id || `field-${++fields}`;
  control.id = id;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  control.setAttribute("aria-describedby", `${id}-error`);
  return h(
    "div",
    { class: "field", "data-field": control.name },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "field-hint" }, hint) : null,
    error,
  );
}

export function input(name, value = "", attributes = {}) {
  return h("input", { name, value: value ?? "", type: "text", ...attributes });
}

export function textarea(name, value = "", attributes = {}) {
  const element = h("textarea", { name, rows: 4, ...attributes });
  element.value = value ?? "";
  return element;
}

export function select(name, options, chosen, attributes = {}) {
  return h(
    "select",
    { name, ...attributes },
    options.map(([value, label]) => h("option", { value, selected: value === chosen }, label)),
  );
}

// The field of `form` a message's path names: "input.systemPrompt" and "system_prompt"
// name systemPrompt; "newId.id" names newId (the most specific part the form has).
function fieldBox(form, path) {
  for (const part of path.split(".").reverse()) {
    const name = part.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
    const box = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (box) return box;
  }
  return null;
}

// Shows each "<field>: <message>" of `error` next to its field in `form`; what names no
// field of the form goes to `summary`. Focuses the first field with a problem.
export function showProblems(form, summary, error) {
  clearProblems(form, summary);
  const rest = [];
  let first = null;
  for (const problem of error.message.split(/;\s+(?=[\w.[\]]+: )/)) {
    const found = /^([\w.[\]]+): ([\s\S]*)$/.exec(problem);
    const box = found && fieldBox(form, found[1]);
    if (!box) {
      rest.push(problem);
      continue;
    }
    const message = box.querySelector(".field-error");
    message.textContent = found[2];
    message.hidden = false;
    const control = box.querySelector("input, textarea, select");
    control.setAttribute("aria-invalid", "true");
    first = first ?? control;
  }
  if (rest.length) {
    summary.replaceChildren(...rest.map((text) => h("p", {}, text)));
    summary.hidden = false;
  }
  (first ?? summary).focus?.();
}

export function clearProblems(form, summary) {
  for (const message of form.querySelectorAll(".field-error")) message.hidden = true;
  for (const control of form.querySelectorAll("[aria-invalid]"))
    control.removeAttribute("aria-invalid");
  summary.hidden = true;
  summary.replaceChildren();
}

export function errorSummary() {
  return h("div", { class: "form-errors", role: "alert", tabindex: "-1", hidden: true });
}

// The values of the named controls that were given ("" is left out; lists are split on
// commas; numbers are numbers).
export function values(form) {
  const found = {};
  for (const control of form.querySelectorAll("[name]")) {
    const text = control.value.trim();
    if (!control.name || text === "") continue;
    if (control.dataset.list !== undefined)
      found[control.name] = text
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
    else if (control.type === "number") found[control.name] = Number(text);
    else found[control.name] = text;
  }
  return found;
}
