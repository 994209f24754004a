// The legend: one entry per label on the canvas (facets grouped), plus what size and a
// dashed red ring mean when such nodes are drawn.

import { h, svg } from "./dom.js";
import { look } from "./labels.js";

const SHAPES = {
  ellipse: "M10 2a8 8 0 1 0 0.01 0Z",
  triangle: "M10 2 18 17H2Z",
  "round-rectangle": "M5 4h10a3 3 0 0 1 3 3v6a3 3 0 0 1-3 3H5a3 3 0 0 1-3-3V7a3 3 0 0 1 3-3Z",
  rectangle: "M3 4h14v12H3Z",
  star: "M10 1.5l2.5 5.6 6 .6-4.6 4 1.4 6L10 14.6 4.7 17.7l1.4-6-4.6-4 6-.6Z",
  hexagon: "M5.5 3h9l4.5 7-4.5 7h-9L1 10Z",
  octagon: "M7 2h6l5 5v6l-5 5H7l-5-5V7Z",
  barrel: "M5 3h10q3 7 0 14H5q-3-7 0-14Z",
  rhomboid: "M6 4h12l-4 12H2Z",
  "round-tag": "M3 4h10l5 6-5 6H3Z",
};

export function swatch(label) {
  const { color, shape } = look(label);
  return svg(
    "svg",
    { width: 18, height: 18, viewBox: "0 0 20 20", "aria-hidden": "true" },
    svg("path", { d: SHAPES[shape] ?? SHAPES.rectangle, fill: color }),
  );
}

export function renderLegend(container, labels) {
  const entries = new Map();
  for (const label of labels) {
    const { name, group } = look(label);
    const title = group ?? name;
    if (!entries.has(title)) entries.set(title, label);
  }
  const notes = [];
  if (labels.has?.("Opportunity")) notes.push("bigger ★ = higher overall score");
  if (labels.has?.("Persona")) {
    notes.push(h("span", {}, h("span", { class: "review-ring" }), " archetype review needed"));
  }
  container.replaceChildren(
    h("h2", { class: "legend-title" }, "Legend"),
    h(
      "ul",
      { class: "legend-list" },
      [...entries].map(([title, label]) => h("li", {}, swatch(label), ` ${title}`)),
      notes.map((note) => h("li", { class: "legend-note" }, note)),
    ),
  );
  container.hidden = entries.size === 0;
}
