// The archetype quadrant: one dot per persona at (work complexity, AI maturity), coloured
// by inferred archetype; personas in the archetype review queue are drawn hollow and
// listed beside the chart, the ones that matter most first, each with its reason.

import { graphql } from "../api.js";
import { h, svg } from "../dom.js";
import { ARCHETYPE_COLORS } from "../labels.js";

const QUERY = `query Quadrant {
  personasConnection(first: 1000) {
    totalCount
    edges { node {
      id name title workComplexityScore aiMaturityScore inferredArchetype archetype
      requiresReview archetypeMismatch
    } }
  }
  archetypeReviewQueue(limit: 1000) { id name reason confidence opportunities }
}`;

const PLOT = { left: 56, top: 16, width: 560, height: 420 };
const QUADRANTS = [
  { name: "AUTOMATOR", x: 0, y: 50, hint: "simpler work, AI-ready" },
  { name: "ORCHESTRATOR", x: 50, y: 50, hint: "complex work, AI-ready" },
  { name: "LEARNER", x: 0, y: 0, hint: "simpler work, new to AI" },
  { name: "SKEPTIC", x: 50, y: 0, hint: "complex work, wary of AI" },
];

const px = (complexity) => PLOT.left + (complexity / 100) * PLOT.width;
const py = (maturity) => PLOT.top + PLOT.height - (maturity / 100) * PLOT.height;

export class QuadrantView {
  constructor(context, container) {
    this.context = context;
    this.container = container;
  }

  async open() {
    const data = await this.context.status.during("Loading the personas' archetype scores…", () =>
      graphql(QUERY),
    );
    const connection = data.personasConnection;
    const personas = connection.edges
      .map((edge) => edge.node)
      .filter((p) => p.workComplexityScore !== null && p.aiMaturityScore !== null);
    if (!personas.length) {
      this.container.replaceChildren(
        h(
          "div",
          { class: "empty" },
          h(
            "p",
            {},
            "No persona has archetype scores yet. Load the catalog: `personagraph seed load seeds/`.",
          ),
        ),
      );
      return;
    }
    const review = data.archetypeReviewQueue;
    const reasons = new Map(review.map((item) => [item.id, item.reason]));
    this.container.replaceChildren(
      h("h2", {}, "Archetypes: work complexity × AI maturity"),
      h(
        "p",
        { class: "lede" },
        `${personas.length} personas${of(connection.totalCount, personas.length)}; `,
        `${review.length} need an archetype review (hollow dots). Click a dot to explore the persona.`,
      ),
      h("div", { class: "quadrant-layout" }, chart(personas, reasons), reviewList(review)),
    );
  }
}

// " of N" when some personas could not be plotted (no scores, or past the first page).
function of(total, shown) {
  return total > shown ? ` of ${total}` : "";
}

function chart(personas, reasons) {
  const counts = {};
  for (const p of personas) counts[p.inferredArchetype] = (counts[p.inferredArchetype] ?? 0) + 1;
  return svg(
    "svg",
    {
      class: "quadrant",
      viewBox: "0 0 640 490",
      role: "img",
      "aria-label": "Personas by work complexity and AI maturity",
    },
    QUADRANTS.map((q) => quadrantArea(q, counts[q.name] ?? 0)),
    axes(),
    personas.map((persona) => dot(persona, reasons.get(persona.id))),
  );
}

function quadrantArea(q, count) {
  const x = px(q.x);
  const y = py(q.y + 50);
  // Names sit on the outer edge of each quadrant, away from most of the dots.
  const nameY = q.y ? y + 22 : y + PLOT.height / 2 - 28;
  const color = ARCHETYPE_COLORS[q.name];
  return svg(
    "g",
    {},
    svg("rect", {
      x,
      y,
      width: PLOT.width / 2,
      height: PLOT.height / 2,
      fill: color,
      "fill-opacity": 0.07,
    }),
    svg(
      "text",
      { x: x + 10, y: nameY, class: "quadrant-name", fill: color },
      `${q.name} · ${count}`,
    ),
    svg("text", { x: x + 10, y: nameY + 16, class: "quadrant-hint" }, q.hint),
  );
}

function axes() {
  const bottom = PLOT.top + PLOT.height;
  const ticks = [0, 25, 50, 75, 100];
  return svg(
    "g",
    { class: "axes" },
    svg("line", { x1: px(50), y1: PLOT.top, x2: px(50), y2: bottom, class: "midline" }),
    svg("line", { x1: PLOT.left, y1: py(50), x2: px(100), y2: py(50), class: "midline" }),
    svg("rect", {
      x: PLOT.left,
      y: PLOT.top,
      width: PLOT.width,
      height: PLOT.height,
      class: "frame",
    }),
    ticks.map((t) => svg("text", { x: px(t), y: bottom + 16, "text-anchor": "middle" }, String(t))),
    ticks.map((t) =>
      svg("text", { x: PLOT.left - 8, y: py(t) + 4, "text-anchor": "end" }, String(t)),
    ),
    svg(
      "text",
      { x: px(50), y: bottom + 38, "text-anchor": "middle", class: "axis-title" },
      "Work complexity →",
    ),
    svg(
      "text",
      {
        x: 16,
        y: py(50),
        "text-anchor": "middle",
        class: "axis-title",
        transform: `rotate(-90 16 ${py(50)})`,
      },
      "AI maturity →",
    ),
  );
}

function dot(persona, reason) {
  const color = ARCHETYPE_COLORS[persona.inferredArchetype] ?? "#6b7280";
  const review = reason !== undefined;
  const cx = px(persona.workComplexityScore);
  const cy = py(persona.aiMaturityScore);
  const scores =
    `complexity ${persona.workComplexityScore.toFixed(0)}, ` +
    `maturity ${persona.aiMaturityScore.toFixed(0)}`;
  const title =
    `${persona.name} — ${scores}, inferred ${persona.inferredArchetype}` +
    (persona.archetype && persona.archetype !== persona.inferredArchetype
      ? `, declared ${persona.archetype}`
      : "") +
    (review ? ` — review needed: ${reason}` : "");
  const open = () => {
    location.hash = `#/node/Persona/${encodeURIComponent(persona.id)}`;
  };
  return svg(
    "g",
    {
      class: "dot",
      "data-persona": persona.id,
      "data-review": String(review),
      tabindex: "0",
      role: "link",
      "aria-label": title,
      onclick: open,
      onkeydown: (e) => e.key === "Enter" && open(),
    },
    svg("title", {}, title),
    review
      ? svg("circle", { cx, cy, r: 6, class: "hollow", stroke: color, fill: "#ffffff" })
      : svg("circle", { cx, cy, r: 6, class: "filled", fill: color }),
  );
}

function reviewList(review) {
  const items = review
    .slice(0, 12)
    .map((p) =>
      h(
        "li",
        { "data-persona": p.id },
        h("a", { href: `#/node/Persona/${encodeURIComponent(p.id)}` }, p.name ?? p.id),
        h("p", { class: "reason" }, p.reason),
      ),
    );
  return h(
    "aside",
    { class: "review-list" },
    h("h3", {}, `Review needed (${review.length})`),
    review.length ? h("ul", {}, items) : h("p", {}, "Every inference is confident."),
    review.length > 12 ? h("p", { class: "more" }, `and ${review.length - 12} more`) : null,
    h(
      "ul",
      { class: "legend-list" },
      Object.entries(ARCHETYPE_COLORS).map(([name, color]) =>
        h(
          "li",
          {},
          svg(
            "svg",
            { width: 12, height: 12, "aria-hidden": "true" },
            svg("circle", { cx: 6, cy: 6, r: 5, fill: color }),
          ),
          ` ${name.toLowerCase()}`,
        ),
      ),
      h("li", {}, h("span", { class: "hollow-swatch" }), " hollow: review needed"),
    ),
  );
}
