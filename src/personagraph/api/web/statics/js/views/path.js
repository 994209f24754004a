// Follow the value: a persona → the pains it feels and jobs it does → the opportunities
// that address or support them, left to right, best-ranked opportunities first.

import { graphql, ExplorerError } from "../api.js";
import { bar, h } from "../dom.js";
import { empty, header, link, section } from "../panel.js";

const QUERY = `query Path($id: String!) {
  persona(id: $id) {
    id name title archetypeConfidence requiresReview inferredArchetype
  }
  personaOpportunityPaths(id: $id) {
    opportunityKey opportunityName score rank via throughKey throughText weight strength
  }
}`;

export class PathView {
  constructor(context) {
    this.context = context;
  }

  async open(id) {
    const { graph, status } = this.context;
    const data = await status.during(`Following ${id} to its opportunities…`, () =>
      graphql(QUERY, { id }),
    );
    if (!data.persona) {
      throw new ExplorerError(`No persona with id “${id}”. Search for it by name instead.`);
    }
    this.context.mode = "path";
    graph.clear();
    const persona = {
      label: "Persona",
      key: data.persona.id,
      caption: data.persona.name ?? data.persona.id,
      score: data.persona.archetypeConfidence,
      needsReview: data.persona.requiresReview,
    };
    const paths = data.personaOpportunityPaths;
    const columns = this.draw(persona, paths);
    graph.columns(columns);
    graph.select("Persona", persona.key);
    this.context.legend(graph.labelsShown());
    this.renderPanel(persona, data.persona, paths);
  }

  draw(persona, paths) {
    const { graph } = this.context;
    const personaId = graph.addNode(persona).id();
    const through = [];
    const opportunities = [];
    for (const path of paths) {
      const label = path.via === "PAIN_POINT" ? "PainPoint" : "JTBD";
      const middle = { label, key: path.throughKey, caption: path.throughText ?? path.throughKey };
      const end = {
        label: "Opportunity",
        key: path.opportunityKey,
        caption: path.opportunityName ?? path.opportunityKey,
        score: path.score,
      };
      const middleId = graph.addNode(middle).id();
      const endId = graph.addNode(end).id();
      if (!through.includes(middleId)) through.push(middleId);
      if (!opportunities.includes(endId)) opportunities.push(endId);
      const pain = label === "PainPoint";
      const feels = pain ? `feels (severity ${path.weight})` : `does (importance ${path.weight})`;
      graph.addEdge(personaId, middleId, "VIA", feels, 1 + (path.weight ?? 1) / 3);
      graph.addEdge(middleId, endId, "SERVED_BY", pain ? "addressed by" : "supported by", 1.5);
    }
    // Pains above jobs, each in the order of the best opportunity they lead to.
    through.sort((a, b) => Number(b.startsWith("PainPoint/")) - Number(a.startsWith("PainPoint/")));
    return [[personaId], through, opportunities];
  }

  renderPanel(persona, details, paths) {
    const header_ = header(
      persona,
      link(`#/node/Persona/${encodeURIComponent(persona.key)}`, "Explore its neighbourhood"),
    );
    if (!paths.length) {
      return this.context.panel(
        header_,
        empty(
          "This persona reaches no opportunity yet: no opportunity addresses its pain points " +
            "or supports its jobs.",
        ),
      );
    }
    const byOpportunity = new Map();
    for (const path of paths) {
      const list = byOpportunity.get(path.opportunityKey) ?? [];
      list.push(path);
      byOpportunity.set(path.opportunityKey, list);
    }
    const items = [...byOpportunity.values()].map((found) => {
      const first = found[0];
      return h(
        "li",
        { class: "path-item" },
        h(
          "a",
          { href: `#/reach/${encodeURIComponent(first.opportunityKey)}` },
          first.rank ? `#${first.rank} ` : "",
          first.opportunityName ?? first.opportunityKey,
        ),
        bar(first.score, "overall score"),
        h(
          "ul",
          { class: "via" },
          found.map((p) =>
            h("li", {}, p.via === "PAIN_POINT" ? "pain: " : "job: ", p.throughText ?? p.throughKey),
          ),
        ),
      );
    });
    this.context.panel(
      header_,
      section(
        `${byOpportunity.size} opportunities for ${details.title ?? "this persona"}`,
        h("ol", { class: "paths" }, items),
      ),
    );
  }
}
