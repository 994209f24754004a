// Building blocks of the side panel: a node's header, its properties, empty states.

import { h, words } from "./dom.js";
import { look } from "./labels.js";
import { swatch } from "./legend.js";

// Properties not worth a row: bookkeeping a reader has no use for.
const HIDDEN = new Set([
  "is_active",
  "version",
  "origin",
  "content_hash",
  "inference_inputs",
]);
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})[\d:.]*(Z|[+-]\d{2}:\d{2})?$/;

export function header(node, ...actions) {
  return h(
    "header",
    { class: "panel-header" },
    h("p", { class: "panel-label" }, swatch(node.label), ` ${look(node.label).name}`),
    h("h2", { class: "panel-title" }, node.caption),
    h("p", { class: "panel-key" }, node.key),
    node.needsReview ? h("p", { class: "panel-warning" }, "Archetype review needed") : null,
    actions.length ? h("div", { class: "panel-actions" }, actions) : null,
  );
}

export function link(href, text) {
  return h("a", { class: "button", href }, text);
}

export function properties(values) {
  const rows = Object.entries(values)
    .filter(([name, value]) => !HIDDEN.has(name) && value !== null && value !== "")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) =>
      h("tr", {}, h("th", { scope: "row" }, words(name)), h("td", {}, display(value))),
    );
  return h(
    "details",
    { class: "properties", open: true },
    h("summary", {}, "Properties"),
    h("table", {}, h("tbody", {}, rows)),
  );
}

function display(value) {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "number" && !Number.isInteger(value)) return value.toFixed(3);
  const text = String(value);
  const time = ISO_TIME.exec(text);
  if (time) {
    const zone = !time[3] || time[3] === "Z" || time[3] === "+00:00" ? "UTC" : time[3];
    return `${time[1]} ${time[2]} ${zone}`;
  }
  return text.length > 240 ? h("span", { title: text }, `${text.slice(0, 239)}…`) : text;
}

export function empty(text, ...more) {
  return h("div", { class: "empty" }, h("p", {}, text), ...more);
}

export function section(title, ...children) {
  return h("section", { class: "panel-section" }, h("h3", {}, title), ...children);
}
