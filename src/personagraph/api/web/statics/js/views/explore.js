// Explore: a node and its neighbourhood; clicking a node expands it. Relationship types
// that would crowd the canvas (facets, scoring runs) wait in the panel until asked for.

import { graphql } from "../api.js";
import { around, nodeId } from "../graph.js";
import { h } from "../dom.js";
import { look, QUIET_TYPES } from "../labels.js";
import { header, link, properties, section } from "../panel.js";

const QUERY = `query Neighbourhood($label: String!, $key: String!) {
  neighbourhood(label: $label, key: $key, limit: 12) {
    node { label key caption score needsReview }
    properties
    groups {
      type direction total
      nodes { node { label key caption score needsReview } link }
    }
  }
}`;

export class ExploreView {
  constructor(context) {
    this.context = context;
    this.found = new Map(); // node id → its neighbourhood, once fetched
    this.shownGroups = new Set(); // "nodeId|TYPE|DIRECTION" asked for by the reader
  }

  async open(label, key) {
    const { graph, status } = this.context;
    const fresh = this.context.mode !== "explore" || !graph.has(label, key);
    if (fresh) {
      graph.clear();
      this.found.clear();
      this.shownGroups.clear();
      this.context.mode = "explore";
    }
    const id = nodeId(label, key);
    let found = this.found.get(id);
    if (!found) {
      found = await status.during(`Loading ${look(label).name.toLowerCase()} ${key}…`, () =>
        graphql(QUERY, { label, key }).then((data) => data.neighbourhood),
      );
      this.found.set(id, found);
    }
    this.draw(found);
    this.context.legend(graph.labelsShown());
    this.renderPanel(found);
  }

  draw(found) {
    const { graph } = this.context;
    const first = graph.cy.nodes().empty();
    const centre = graph.addNode(found.node);
    const id = centre.id();
    const groups = found.groups.filter((g) => this.visible(id, g));
    const total = groups.reduce((n, g) => n + g.nodes.length, 0);
    let index = 0;
    for (const group of groups) {
      for (const { node } of group.nodes) {
        const added = graph.addNode(node, around(centre.position(), index++, total));
        const [source, target] = group.direction === "OUT" ? [id, added.id()] : [added.id(), id];
        graph.addEdge(source, target, group.type, group.type.toLowerCase().replace(/_/g, " "));
      }
    }
    graph.relayout(first ? centre : null);
    graph.select(found.node.label, found.node.key);
  }

  visible(id, group) {
    return !QUIET_TYPES.has(group.type) || this.shownGroups.has(groupId(id, group));
  }

  renderPanel(found) {
    const node = found.node;
    const id = nodeId(node.label, node.key);
    const actions = [];
    if (node.label === "Persona") {
      actions.push(link(`#/path/${encodeURIComponent(node.key)}`, "Path to opportunities →"));
    }
    if (node.label === "Opportunity") {
      actions.push(link(`#/reach/${encodeURIComponent(node.key)}`, "Who is behind its reach →"));
    }
    const groups = found.groups.map((group) => this.groupRow(id, group, found));
    this.context.panel(
      header(node, ...actions),
      section(
        "Links",
        groups.length ? h("ul", { class: "groups" }, groups) : h("p", {}, "No links."),
      ),
      properties(found.properties),
    );
  }

  groupRow(id, group, found) {
    const other = group.nodes[0]?.node.label;
    const arrow = group.direction === "OUT" ? "→" : "←";
    const more = group.total > group.nodes.length ? ` (first ${group.nodes.length})` : "";
    const shown = this.visible(id, group);
    const toggle = h(
      "button",
      {
        type: "button",
        class: "link-button",
        "aria-pressed": String(shown),
        onclick: () => {
          const gid = groupId(id, group);
          if (shown) this.shownGroups.delete(gid);
          else this.shownGroups.add(gid);
          this.redraw(found);
        },
      },
      shown ? "hide" : "show",
    );
    return h(
      "li",
      {},
      h("span", { class: "group-type" }, `${arrow} ${group.type.toLowerCase().replace(/_/g, " ")}`),
      ` ${group.total} ${other ? look(other).name.toLowerCase() : ""}${more} `,
      toggle,
    );
  }

  redraw(found) {
    // Hiding a group takes its nodes off unless another expansion brought them.
    const { graph } = this.context;
    graph.clear();
    for (const each of this.found.values()) this.draw(each);
    graph.select(found.node.label, found.node.key);
    this.context.legend(graph.labelsShown());
    this.renderPanel(found);
  }
}

function groupId(id, group) {
  return `${id}|${group.type}|${group.direction}`;
}
