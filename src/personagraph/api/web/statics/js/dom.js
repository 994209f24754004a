// Small DOM helpers: build elements without innerHTML, so text from the graph is never
// parsed as markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

export function percent(value) {
  return value === null || value === undefined ? "–" : `${Math.round(value * 100)}%`;
}

export function decimal(value, digits = 2) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

export function shorten(text, length = 30) {
  const value = String(text ?? "");
  return value.length > length ? `${value.slice(0, length - 1)}…` : value;
}

// snake_case or camelCase property names as words: "work_complexity_score" → "work complexity score".
export function words(name) {
  return name
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

// A meter of 0-1 drawn with a div, for tables and panels.
export function bar(value, label) {
  const width = Math.max(0, Math.min(1, value ?? 0)) * 100;
  return h(
    "span",
    { class: "meter", role: "img", "aria-label": `${label ?? ""} ${percent(value)}`.trim() },
    h("span", { class: "meter-fill", style: `width:${width.toFixed(1)}%` }),
    h("span", { class: "meter-text" }, percent(value)),
  );
}
