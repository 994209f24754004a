// The routing playground: a request for one persona (or two, side by side) → the service
// layer decided, the rule that decided, the policy findings and the explanation.

import { graphql } from "../api.js";
import { decimal, h } from "../dom.js";
import { field, select, textarea } from "./forms.js";

const PERSONAS = `{ personas(sort: [{name: ASC}], limit: 1000) { id name kind } }`;
const ROUTE = `query Route($request: String!, $persona: ID) {
  route(request: $request, personaId: $persona) {
    serviceLayer archetype explanation rulesVersion
    rule { id kind priority description }
    persona { id name function role }
    requestType { value score }
    complexity { value score }
    sentiment { value score }
    policy { action reason findings { policy action reason } }
    configuration { automationLevel explanationDepth citationDensity proactivityLevel hitlFrequency }
  }
}`;
const NOBODY = "";

export class RoutingView {
  constructor(context) {
    this.context = context;
  }

  async open() {
    const data = await graphql(PERSONAS);
    const options = [
      [NOBODY, "No persona"],
      ...data.personas.map((p) => [p.id, `${p.name ?? p.id} (${p.kind ?? "persona"})`]),
    ];
    const first = select("persona", options, data.personas[0]?.id ?? NOBODY, {
      id: "route-persona",
    });
    const second = select("compare", [[NOBODY, "Do not compare"], ...options.slice(1)], NOBODY, {
      id: "route-compare",
    });
    const request = textarea("request", "", {
      rows: 3,
      id: "route-request",
      placeholder: "Can you automate our month-end reconciliation?",
    });
    this.results = h("div", { class: "route-results", id: "route-results", "aria-live": "polite" });
    const form = h(
      "form",
      {
        class: "route-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const text = request.value.trim();
          if (!text) {
            this.results.replaceChildren(h("p", { class: "field-error" }, "Type a request first."));
            request.focus();
            return;
          }
          const chosen = [first.value, second.value].filter((id, i) => i === 0 || id !== NOBODY);
          this.results.replaceChildren(h("p", { class: "muted" }, "Routing…"));
          try {
            const routes = await Promise.all(
              chosen.map((persona) => graphql(ROUTE, { request: text, persona: persona || null })),
            );
            this.results.replaceChildren(...routes.map((data) => decision(data.route)));
          } catch (error) {
            this.results.replaceChildren(
              h("p", { class: "field-error", role: "alert" }, error.message),
            );
          }
        },
      },
      field("Request", request),
      h("div", { class: "route-personas" }, field("Persona", first), field("Compare with", second)),
      h("button", { type: "submit", class: "button" }, "Route"),
    );
    this.context.show(
      h("h1", {}, "Routing playground"),
      h(
        "p",
        { class: "lede" },
        "Type what a user asks; see which service layer answers it for a persona, and why. Each request is logged (personal data redacted) for replay.",
      ),
      form,
      this.results,
    );
  }
}

function decision(route) {
  const findings = route.policy.findings;
  return h(
    "article",
    { class: "decision", "data-persona": route.persona.id },
    h("h2", {}, route.persona.name ?? route.persona.id ?? "No persona"),
    h("p", { class: "layer" }, h("span", { class: "badge" }, route.serviceLayer)),
    h("p", {}, route.explanation),
    h(
      "table",
      { class: "review-table" },
      h(
        "tbody",
        {},
        row("Rule", `${route.rule.id} (${route.rule.kind}): ${route.rule.description}`),
        row("Archetype", route.archetype ?? "—"),
        row("Request type", `${route.requestType.value} (${decimal(route.requestType.score)})`),
        row("Complexity", `${route.complexity.value} (${decimal(route.complexity.score)})`),
        row("Sentiment", `${route.sentiment.value} (${decimal(route.sentiment.score)})`),
        row("Policy", `${route.policy.action}: ${route.policy.reason}`),
        row("Automation", route.configuration.automationLevel),
        row("Rules version", route.rulesVersion),
      ),
    ),
    h("h3", {}, "Policy findings"),
    findings.length
      ? h(
          "ul",
          { class: "findings" },
          findings.map((f) => h("li", {}, h("strong", {}, f.policy), ` ${f.action}: ${f.reason}`)),
        )
      : h("p", { class: "muted" }, "No policy found anything to act on."),
  );
}

function row(name, value) {
  return h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, value));
}
