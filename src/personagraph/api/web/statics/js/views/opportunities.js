// The top opportunities of the latest scoring run with their four sub-scores.

import { graphql } from "../api.js";
import { bar, h } from "../dom.js";

const QUERY = `query Top {
  scoringRuns(sort: [{startedAt: DESC}], limit: 1) { id startedAt parameters }
  opportunities(where: {scoreRank: {isNull: false}}, sort: [{scoreRank: ASC}], limit: 100) {
    key name status estimatedAnnualValueUsd scoreRank scoreOverall scoreReach scoreImpact
    scoreFeasibility scoreAdoptionReadiness
  }
}`;

const COLUMNS = [
  ["scoreOverall", "Overall"],
  ["scoreReach", "Reach"],
  ["scoreImpact", "Impact"],
  ["scoreFeasibility", "Feasibility"],
  ["scoreAdoptionReadiness", "Adoption readiness"],
];

export class OpportunitiesView {
  constructor(context, container) {
    this.context = context;
    this.container = container;
  }

  async open() {
    const data = await this.context.status.during("Loading the latest scores…", () =>
      graphql(QUERY),
    );
    const run = data.scoringRuns[0];
    if (!run || !data.opportunities.length) {
      this.container.replaceChildren(
        h("h2", {}, "Top opportunities"),
        h(
          "div",
          { class: "empty" },
          h(
            "p",
            {},
            "No scoring run yet, so no ranking. Run one with `personagraph analyze opportunities` (or the scoreOpportunities mutation), then reload.",
          ),
        ),
      );
      return;
    }
    const segment = [run.parameters?.function, run.parameters?.archetype]
      .filter(Boolean)
      .join(" / ");
    this.container.replaceChildren(
      h("h2", {}, "Top opportunities"),
      h(
        "p",
        { class: "lede" },
        `Latest scoring run ${when(run.startedAt)}, ${segment ? `segment ${segment}` : "all personas"}. `,
        "Overall is the geometric mean of the four sub-scores. Click a name to see who is behind its reach.",
      ),
      h("div", { class: "table-wrap" }, table(data.opportunities)),
    );
  }
}

function when(startedAt) {
  return startedAt?.slice(0, 16).replace("T", " ") ?? "";
}

function table(opportunities) {
  return h(
    "table",
    { class: "top-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "#"),
        h("th", { scope: "col" }, "Opportunity"),
        COLUMNS.map(([, name]) => h("th", { scope: "col" }, name)),
        h("th", { scope: "col" }, "Status"),
      ),
    ),
    h(
      "tbody",
      {},
      opportunities.map((o) =>
        h(
          "tr",
          { "data-key": o.key },
          h("td", { class: "rank" }, String(o.scoreRank)),
          h("td", {}, h("a", { href: `#/reach/${encodeURIComponent(o.key)}` }, o.name ?? o.key)),
          COLUMNS.map(([field, name]) => h("td", { class: "score" }, bar(o[field], name))),
          h("td", {}, o.status ?? "–"),
        ),
      ),
    ),
  );
}
