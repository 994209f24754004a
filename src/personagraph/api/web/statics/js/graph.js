// The canvas: a Cytoscape.js graph with one style per label, nodes keyed "Label/key".

import { look, nodeSize } from "./labels.js";
import { shorten } from "./dom.js";

const cytoscape = window.cytoscape;

export function nodeId(label, key) {
  return `${label}/${key}`;
}

function style() {
  return [
    {
      selector: "node",
      style: {
        "background-color": "data(color)",
        shape: "data(shape)",
        width: "data(size)",
        height: "data(size)",
        label: "data(short)",
        "font-size": 11,
        "font-family": "system-ui, sans-serif",
        color: "#111827",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
        "border-width": 1,
        "border-color": "#ffffff",
      },
    },
    {
      selector: "node[?review]",
      style: { "border-width": 4, "border-color": "#ef4444", "border-style": "dashed" },
    },
    {
      selector: "node:selected",
      style: { "border-width": 4, "border-color": "#111827", "border-style": "solid" },
    },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": "#cbd5e1",
        "target-arrow-color": "#cbd5e1",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
        label: "data(label)",
        "font-size": 9,
        color: "#64748b",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
      },
    },
    {
      // The last column of a "follow the value" view: names to the right, in full.
      selector: "node.label-right",
      style: {
        label: "data(caption)",
        "text-valign": "center",
        "text-halign": "right",
        "text-margin-x": 6,
        "text-margin-y": 0,
        "text-max-width": 240,
        "text-wrap": "ellipsis",
      },
    },
    {
      selector: "node.label-right-short",
      style: {
        "text-valign": "center",
        "text-halign": "right",
        "text-margin-x": 4,
        "text-margin-y": 0,
      },
    },
  ];
}

export class Graph {
  constructor(container, { onSelect }) {
    this.cy = cytoscape({
      container,
      style: style(),
      minZoom: 0.2,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    this.cy.on("tap", "node", (event) => onSelect(event.target.data()));
  }

  clear() {
    this.cy.elements().remove();
  }

  has(label, key) {
    return this.cy.getElementById(nodeId(label, key)).nonempty();
  }

  addNode(node, position) {
    const id = nodeId(node.label, node.key);
    const existing = this.cy.getElementById(id);
    if (existing.nonempty()) return existing;
    const { color, shape } = look(node.label);
    return this.cy.add({
      group: "nodes",
      data: {
        id,
        label: node.label,
        key: node.key,
        caption: node.caption,
        short: shorten(node.caption, 26),
        color,
        shape,
        size: node.size ?? nodeSize(node.label, node.score),
        review: Boolean(node.needsReview),
      },
      position: position ?? { x: 0, y: 0 },
    });
  }

  addEdge(source, target, type, label = "", width = 1.5) {
    const id = `${source}-${type}-${target}`;
    if (this.cy.getElementById(id).nonempty()) return;
    // On a phone the edge names would only blur into the lines; the panel says them.
    const shown = this.cy.width() < 600 ? "" : label;
    this.cy.add({ group: "edges", data: { id, source, target, type, label: shown, width } });
  }

  select(label, key) {
    this.cy.$(":selected").unselect();
    const node = this.cy.getElementById(nodeId(label, key));
    node.select();
    return node;
  }

  // One node and its neighbours: a ring around it, evenly spaced. After that,
  // force-directed from the nodes' current places, so an expansion does not scatter
  // what the reader has already seen.
  relayout(centre) {
    const options = centre
      ? {
          name: "concentric",
          concentric: (node) => (node.same(centre) ? 2 : 1),
          levelWidth: () => 1,
          minNodeSpacing: 110,
          avoidOverlap: true,
        }
      : {
          name: "cose",
          randomize: false,
          nodeRepulsion: () => 20000,
          idealEdgeLength: () => 120,
          nodeOverlap: 20,
          numIter: 800,
        };
    this.cy.layout({ ...options, animate: false, fit: false }).run();
    this.fit();
  }

  // Columns of nodes, left to right, for the "follow the value" views. Gaps follow the
  // canvas's size, so a phone shows the same picture smaller rather than cut off.
  columns(columns) {
    const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
    const narrow = this.cy.width() < 600;
    const gapX = narrow
      ? clamp(this.cy.width() / (columns.length + 1.2), 80, 120)
      : clamp(this.cy.width() / (columns.length + 0.6), 120, 260);
    columns.forEach((ids, column) => {
      const gapY = clamp((this.cy.height() - 60) / Math.max(ids.length, 1), narrow ? 40 : 56, 90);
      ids.forEach((id, row) => {
        const y = (row - (ids.length - 1) / 2) * gapY;
        const node = this.cy.getElementById(id);
        node.position({ x: column * gapX, y });
        if (column === columns.length - 1)
          node.addClass(narrow ? "label-right-short" : "label-right");
      });
    });
    this.fit();
  }

  // Fit everything, but never blow a handful of nodes up past a readable size.
  fit() {
    this.cy.fit(undefined, 40);
    if (this.cy.zoom() > 1.3) {
      this.cy.zoom(1.3);
      this.cy.center();
    }
  }

  labelsShown() {
    return new Set(this.cy.nodes().map((node) => node.data("label")));
  }

  resize() {
    this.cy.resize();
  }
}

// New nodes start on a circle around their parent, so the layout settles near it.
export function around(center, index, count) {
  const angle = (2 * Math.PI * index) / Math.max(count, 1);
  const radius = 90 + 6 * count;
  return { x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) };
}
