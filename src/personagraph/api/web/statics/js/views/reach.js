// An opportunity's reach: its sub-scores in the latest run, and the personas, functions
// and archetypes behind it, each drawn with its share of the opportunity's weight.

import { graphql, ExplorerError } from "../api.js";
import { bar, h, percent } from "../dom.js";
import { ARCHETYPE_COLORS } from "../labels.js";
import { empty, header, link, section } from "../panel.js";

const QUERY = `query Reach($key: String!) {
  opportunity(key: $key) { key name description status estimatedAnnualValueUsd }
  opportunityReach(key: $key) {
    key name rank overall reach impact feasibility adoptionReadiness
    run { id startedAt parameters }
    personas { key name share }
    functions { key name personas share }
    archetypes { key personas share }
  }
}`;

const TOP_PERSONAS = 10;

export class ReachView {
  constructor(context) {
    this.context = context;
  }

  async open(key) {
    const { graph, status } = this.context;
    const data = await status.during(`Measuring the reach of ${key}…`, () =>
      graphql(QUERY, { key }),
    );
    if (!data.opportunity) {
      throw new ExplorerError(`No opportunity with key “${key}”. Search for it by name instead.`);
    }
    this.context.mode = "reach";
    graph.clear();
    const found = data.opportunityReach;
    graph.columns(this.draw(found));
    graph.select("Opportunity", found.key);
    this.context.legend(graph.labelsShown());
    this.renderPanel(found, data.opportunity);
  }

  draw(found) {
    const { graph } = this.context;
    const centre = graph.addNode({
      label: "Opportunity",
      key: found.key,
      caption: found.name ?? found.key,
      score: found.overall,
    });
    const size = (share) => 20 + 50 * share;
    const tie = (node, share) => {
      const added = graph.addNode({ ...node, size: size(share) });
      graph.addEdge(added.id(), centre.id(), "SHARE", percent(share), 1 + 10 * share);
      return added.id();
    };
    const personas = found.personas
      .slice(0, TOP_PERSONAS)
      .map((p) => tie({ label: "Persona", key: p.key, caption: p.name ?? p.key }, p.share));
    const functions = found.functions.map((f) =>
      tie({ label: "Function", key: f.key, caption: f.name ?? f.key }, f.share),
    );
    const archetypes = found.archetypes.map((a) =>
      tie({ label: "Archetype", key: a.key, caption: a.key }, a.share),
    );
    return [personas, [centre.id()], [...functions, ...archetypes]];
  }

  renderPanel(found, opportunity) {
    const node = { label: "Opportunity", key: found.key, caption: found.name ?? found.key };
    const explore = link(
      `#/node/Opportunity/${encodeURIComponent(found.key)}`,
      "Explore its links",
    );
    const top = header(node, explore);
    const run = found.run
      ? h(
          "p",
          { class: "run" },
          `Latest run ${found.run.startedAt?.slice(0, 16).replace("T", " ") ?? ""} · `,
          segment(found.run.parameters),
          ` · rank ${found.rank ?? "–"}`,
        )
      : empty(
          "Not scored yet. Run a scoring (`personagraph analyze opportunities`, or the " +
            "scoreOpportunities mutation) to see its sub-scores.",
        );
    const scores = found.run ? subScores(found) : null;
    if (!found.personas.length) {
      const nobody =
        "No persona reaches it: no one feels the pains it addresses or does the jobs it supports.";
      return this.context.panel(top, run, scores, empty(nobody));
    }
    this.context.panel(
      top,
      opportunity.description ? h("p", { class: "description" }, opportunity.description) : null,
      run,
      scores,
      section(
        "Functions",
        shares(found.functions, (f) => f.name ?? f.key),
      ),
      section(
        "Archetypes",
        shares(
          found.archetypes,
          (a) => a.key,
          (a) => ARCHETYPE_COLORS[a.key],
        ),
      ),
      section(
        `Personas (${found.personas.length})`,
        shares(found.personas.slice(0, 15), personaLink),
        found.personas.length > 15
          ? h("p", { class: "more" }, `and ${found.personas.length - 15} more`)
          : null,
      ),
    );
  }
}

function subScores(found) {
  const rows = [
    ["Overall", found.overall],
    ["Reach", found.reach],
    ["Impact", found.impact],
    ["Feasibility", found.feasibility],
    ["Adoption readiness", found.adoptionReadiness],
  ];
  return h(
    "table",
    { class: "scores" },
    h(
      "tbody",
      {},
      rows.map(([name, value]) =>
        h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, bar(value, name))),
      ),
    ),
  );
}

function personaLink(persona) {
  const href = `#/node/Persona/${encodeURIComponent(persona.key)}`;
  return h("a", { href }, persona.name ?? persona.key);
}

function segment(parameters) {
  const parts = [parameters?.function, parameters?.archetype].filter(Boolean);
  return parts.length ? `segment ${parts.join(" / ")}` : "all personas";
}

function shares(rows, name, color) {
  return h(
    "table",
    { class: "shares" },
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          {},
          h(
            "th",
            { scope: "row", style: color ? `border-left: 4px solid ${color(row)}` : null },
            name(row),
          ),
          h("td", {}, row.personas !== undefined ? `${row.personas} pers.` : ""),
          h("td", {}, bar(row.share, "share")),
        ),
      ),
    ),
  );
}
