// The explorer's entry point: wires the search, the canvas and the views to the URL.
//
// The URL's hash is the state a reader can share or reload:
//   #/node/<Label>/<key>   a node and its neighbourhood
//   #/path/<persona id>    a persona's paths to opportunities
//   #/reach/<opportunity>  who is behind an opportunity's reach
//   #/quadrant             the archetype quadrant
//   #/opportunities        the top opportunities of the latest run

import { h } from "./dom.js";
import { Graph } from "./graph.js";
import { renderLegend } from "./legend.js";
import { empty } from "./panel.js";
import { setupSearch } from "./search.js";
import { ExploreView } from "./views/explore.js";
import { OpportunitiesView } from "./views/opportunities.js";
import { PathView } from "./views/path.js";
import { QuadrantView } from "./views/quadrant.js";
import { ReachView } from "./views/reach.js";

const $ = (id) => document.getElementById(id);

const status = {
  element: $("status"),
  show(text, kind) {
    this.element.className = `status status-${kind}`;
    this.element.replaceChildren(text);
    this.element.hidden = false;
  },
  clear() {
    this.element.hidden = true;
  },
  // Runs work() with a loading line shown; errors stay for the caller to report.
  async during(text, work) {
    this.show(text, "loading");
    document.body.setAttribute("aria-busy", "true");
    try {
      return await work();
    } finally {
      document.body.removeAttribute("aria-busy");
      this.clear();
    }
  },
};

const context = {
  mode: null,
  status,
  graph: null,
  panel: (...children) => {
    $("panel").replaceChildren(...children.filter(Boolean));
    $("panel").scrollTop = 0;
  },
  legend: (labels) => renderLegend($("legend"), labels),
};

context.graph = new Graph($("canvas"), {
  onSelect: (node) => navigate(`#/node/${node.label}/${encodeURIComponent(node.key)}`),
});

const views = {
  node: new ExploreView(context),
  path: new PathView(context),
  reach: new ReachView(context),
  quadrant: new QuadrantView(context, $("quadrant-view")),
  opportunities: new OpportunitiesView(context, $("opportunities-view")),
};

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function showSection(name) {
  for (const section of document.querySelectorAll("main > .view")) {
    section.hidden = section.dataset.view !== name;
  }
  for (const tab of document.querySelectorAll("nav.views a")) {
    if (tab.dataset.view === name) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  if (name === "graph") context.graph.resize();
}

function welcome() {
  context.mode = null;
  context.graph.clear();
  context.legend([]);
  context.panel(
    empty(
      "Search for a persona, pain point, job or opportunity above, then click nodes to " +
        "expand them. Or start from:",
      h(
        "ul",
        {},
        h("li", {}, h("a", { href: "#/opportunities" }, "the top opportunities of the latest run")),
        h("li", {}, h("a", { href: "#/quadrant" }, "the archetype quadrant of every persona")),
      ),
    ),
  );
}

let routes = 0;

async function route() {
  const ticket = ++routes;
  // data-state says when the view is drawn (loading → ready | error), for readers'
  // tools and the browser tests; only the latest navigation may set it.
  const settle = (state) => {
    if (ticket === routes) document.body.dataset.state = state;
  };
  settle("loading");
  status.clear();
  const [name = "", ...parts] = location.hash.replace(/^#\/?/, "").split("/");
  const args = parts.map(decodeURIComponent);
  const section = name === "quadrant" || name === "opportunities" ? name : "graph";
  showSection(section);
  try {
    if (name === "node" && args.length >= 2)
      await views.node.open(args[0], args.slice(1).join("/"));
    else if (name === "path" && args.length) await views.path.open(args.join("/"));
    else if (name === "reach" && args.length) await views.reach.open(args.join("/"));
    else if (section !== "graph") await views[section].open();
    else welcome();
    // The page may have moved since the canvas measured itself (fonts, a scrollbar).
    context.graph.resize();
    settle("ready");
  } catch (error) {
    if (ticket !== routes) return;
    status.show(error.message, "error");
    settle("error");
    if (section === "graph" && !context.graph.cy.nodes().length) {
      context.panel(empty("Nothing to show here. Search for a node, or pick a view above."));
    }
  }
}

setupSearch($("search"), $("search-results"), (hit) =>
  navigate(`#/node/${hit.label}/${encodeURIComponent(hit.key)}`),
);
// For the browser console and the browser tests: the canvas's Cytoscape instance.
window.explorer = { cy: context.graph.cy };
window.addEventListener("hashchange", route);
window.addEventListener("resize", () => context.graph.resize());
route();
