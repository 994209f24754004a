// Archetype review: the queue with each persona's reason and its two scores on the
// quadrant, override with a required reason or re-infer, and the migrations over time.

import { graphql } from "../api.js";
import { decimal, h, percent, svg } from "../dom.js";
import { ARCHETYPE_COLORS } from "../labels.js";
import { overrideForm } from "./archetype_override.js";
import { when } from "./format.js";

const QUEUE = `{
  archetypeReviewQueue(limit: 50) {
    id name function declared inferred confidence workComplexity aiMaturity mismatch
    lowConfidence opportunities version reason
  }
  archetypeMigrationPaths { fromArchetype toArchetype kind count firstAt lastAt }
}`;
// Where each archetype sits, as on the explorer's quadrant: x is work complexity, y AI
// maturity (both 0-100); [1, 1] is the top right corner.
const CORNERS = {
  AUTOMATOR: [0, 1],
  ORCHESTRATOR: [1, 1],
  LEARNER: [0, 0],
  SKEPTIC: [1, 0],
};

export class ReviewView {
  constructor(context) {
    this.context = context;
  }

  async open() {
    const data = await graphql(QUEUE);
    this.queue = data.archetypeReviewQueue;
    this.paths = data.archetypeMigrationPaths;
    this.render();
  }

  render() {
    const editor = this.context.session.can("editor");
    this.context.show(
      h("h1", {}, "Archetype review"),
      h(
        "p",
        { class: "lede" },
        "Personas whose archetype needs a person's decision: mismatches first, then the least confident, then those more opportunities reach.",
      ),
      this.queue.length
        ? h(
            "ol",
            { class: "review-queue" },
            this.queue.map((item) => this.item(item, editor)),
          )
        : h("p", { class: "empty" }, "Nothing waits for review."),
      this.migrations(),
    );
  }

  item(item, editor) {
    const name = item.name ?? item.id;
    const status = this.context.status;
    const form = overrideForm(item, {
      suggested: item.inferred ?? item.declared,
      onOverridden: async (archetype) => {
        await this.open();
        status.show(`${name}: archetype set to ${archetype}.`, "done");
      },
      onReinferred: async () => {
        await this.open();
        status.show(`${name}: archetype inferred again.`, "done");
      },
      onConflict: async (error) => {
        status.show(`${error.message} The queue is reloaded.`, "error");
        await this.open();
      },
      onFailed: (error) => status.show(error.message, "error"),
    });
    return h(
      "li",
      { class: "review-item", "data-persona": item.id },
      h(
        "div",
        { class: "review-text" },
        h(
          "h2",
          {},
          h("a", { href: `#/persona/${encodeURIComponent(item.id)}` }, item.name ?? item.id),
        ),
        h(
          "p",
          { class: "muted" },
          `${item.function ?? "—"} · declared ${item.declared ?? "—"} · inferred ${item.inferred ?? "—"} (${percent(item.confidence)}) · ${item.opportunities} opportunities`,
        ),
        h("p", { class: "reason" }, item.reason),
        editor ? form : null,
      ),
      quadrant(item),
    );
  }

  migrations() {
    return h(
      "section",
      { class: "panel-section", "aria-labelledby": "migrations-title" },
      h("h2", { id: "migrations-title" }, "Migrations over time"),
      this.paths.length
        ? h(
            "div",
            // Focusable: on a phone the table scrolls sideways, and keys must reach it.
            {
              class: "table-wrap",
              tabindex: "0",
              role: "region",
              "aria-labelledby": "migrations-title",
            },
            h(
              "table",
              { class: "top-table" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ["From", "To", "By", "Count", "First", "Last"].map((t) =>
                    h("th", { scope: "col" }, t),
                  ),
                ),
              ),
              h(
                "tbody",
                {},
                this.paths.map((path) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, path.fromArchetype ?? "—"),
                    h("td", {}, path.toArchetype),
                    h("td", {}, path.kind === "OVERRIDE" ? "override" : "re-inference"),
                    h("td", {}, String(path.count)),
                    h("td", {}, when(path.firstAt)),
                    h("td", {}, when(path.lastAt)),
                  ),
                ),
              ),
            ),
          )
        : h("p", { class: "empty" }, "No persona has moved between archetypes yet."),
    );
  }
}

// The persona's two scores as a dot on a small quadrant, the four archetypes in its corners.
function quadrant(item) {
  const size = 160;
  const share = (score) => Math.max(0, Math.min(100, score ?? 0)) / 100;
  const x = share(item.workComplexity) * size;
  const y = (1 - share(item.aiMaturity)) * size;
  const label =
    `${item.name ?? item.id}: work complexity ${decimal(item.workComplexity, 0)}, ` +
    `AI maturity ${decimal(item.aiMaturity, 0)}`;
  return svg(
    "svg",
    {
      class: "mini-quadrant",
      viewBox: `-2 -2 ${size + 4} ${size + 4}`,
      role: "img",
      "aria-label": label,
    },
    svg("rect", { x: 0, y: 0, width: size, height: size, class: "frame" }),
    svg("line", { x1: size / 2, y1: 0, x2: size / 2, y2: size, class: "midline" }),
    svg("line", { x1: 0, y1: size / 2, x2: size, y2: size / 2, class: "midline" }),
    Object.entries(CORNERS).map(([name, [cx, cy]]) =>
      svg(
        "text",
        {
          x: cx ? size - 4 : 4,
          y: cy ? 12 : size - 4,
          "text-anchor": cx ? "end" : "start",
          fill: ARCHETYPE_COLORS[name],
        },
        name,
      ),
    ),
    svg("circle", {
      cx: x,
      cy: y,
      r: 6,
      fill: ARCHETYPE_COLORS[item.inferred] ?? "#2563eb",
      stroke: "#111827",
    }),
  );
}
