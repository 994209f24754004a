// Create New Persona: four steps — how (template, scratch, duplicate) → which template or
// persona → customization → review. The service checks the input; its messages are shown
// next to the field they name, back on the customization step.

import { graphql } from "../api.js";
import { h } from "../dom.js";
import { errorSummary, field, input, select, showProblems, textarea, values } from "./forms.js";

const TEMPLATES = `{ templates(sort: [{name: ASC}], limit: 500) {
  key kind name specialty description promptTemplate icon category tags bestFor role
} }`;
const SOURCES = `{ personas(sort: [{name: ASC}], limit: 1000) { id name kind specialty } }`;
const FROM_TEMPLATE = `mutation FromTemplate($template: String!, $input: PersonaFromTemplateInput!) {
  createPersonaFromTemplate(template: $template, input: $input) { id }
}`;
const FROM_SCRATCH = `mutation FromScratch($input: NewAssistantInput!) {
  createAssistantPersona(input: $input) { id }
}`;
const DUPLICATE = `mutation Duplicate($id: String!, $newId: String!, $name: String) {
  duplicatePersona(id: $id, newId: $newId, name: $name) { id }
}`;

const STEPS = ["Method", "Starting point", "Customize", "Review"];
const METHODS = [
  ["template", "From a template", "Start from a ready-made assistant or a workforce role."],
  ["scratch", "From scratch", "Write an assistant's name and system prompt yourself."],
  ["duplicate", "Duplicate", "Copy an existing persona with its links, under a new id."],
];
const ARCHETYPES = ["AUTOMATOR", "ORCHESTRATOR", "LEARNER", "SKEPTIC"];

export class WizardView {
  constructor(context) {
    this.context = context;
  }

  async open(method, source) {
    this.state = {
      step: 0,
      method: method ?? "template",
      template: null,
      source: null,
      values: {},
    };
    const [templates, personas] = await Promise.all([graphql(TEMPLATES), graphql(SOURCES)]);
    this.templates = templates.templates;
    this.personas = personas.personas;
    if (method === "duplicate" && source) {
      this.state.source = this.personas.find((p) => p.id === source) ?? null;
      this.state.step = this.state.source ? 2 : 1;
    }
    this.render();
  }

  go(step) {
    this.state.step = step;
    this.render();
  }

  render(problems) {
    const { step } = this.state;
    const body = [this.method, this.choice, this.customize, this.review][step].call(this);
    this.context.show(
      h("h1", {}, "Create New Persona"),
      h(
        "ol",
        { class: "steps", "aria-label": "Steps" },
        STEPS.map((name, i) =>
          h(
            "li",
            { "aria-current": i === step ? "step" : null, class: i < step ? "done" : null },
            h("span", { class: "step-number" }, String(i + 1)),
            ` ${name}`,
          ),
        ),
      ),
      body,
    );
    const heading = this.context.view.querySelector("h2");
    heading?.setAttribute("tabindex", "-1");
    if (problems) showProblems(this.form, this.summary, problems);
    else heading?.focus();
  }

  nav(back, nextLabel = "Next") {
    return h(
      "div",
      { class: "wizard-nav" },
      back !== null
        ? h(
            "button",
            { type: "button", class: "button button-quiet", onclick: () => this.go(back) },
            "Back",
          )
        : h("a", { class: "button button-quiet", href: "#/personas" }, "Cancel"),
      h("button", { type: "submit", class: "button" }, nextLabel),
    );
  }

  method() {
    const form = h(
      "form",
      {
        class: "wizard",
        onsubmit: (event) => {
          event.preventDefault();
          this.state.method = form.elements.method.value;
          this.state.values = {};
          this.go(this.state.method === "scratch" ? 2 : 1);
        },
      },
      h("h2", {}, "How do you want to start?"),
      h(
        "fieldset",
        { class: "choices" },
        h("legend", { class: "visually-hidden" }, "Method"),
        METHODS.map(([value, label, text]) =>
          h(
            "label",
            { class: "choice" },
            h("input", {
              type: "radio",
              name: "method",
              value,
              checked: value === this.state.method,
            }),
            h("span", { class: "choice-title" }, label),
            h("span", { class: "choice-text" }, text),
          ),
        ),
      ),
      this.nav(null),
    );
    return form;
  }

  choice() {
    const { method } = this.state;
    const summary = errorSummary();
    const options =
      method === "template"
        ? this.templates.map((t) =>
            h(
              "label",
              { class: "choice template-choice" },
              h("input", {
                type: "radio",
                name: "choice",
                value: t.key,
                checked: this.state.template?.key === t.key,
              }),
              h("span", { class: "choice-title" }, `${t.icon ?? ""} ${t.name}`.trim()),
              h(
                "span",
                { class: "badge" },
                t.kind === "workforce" ? "Workforce" : (t.specialty ?? "Assistant"),
              ),
              h("span", { class: "choice-text" }, t.bestFor || t.description || ""),
            ),
          )
        : [
            field(
              "Persona to copy",
              select(
                "choice",
                this.personas.map((p) => [p.id, `${p.name ?? p.id} (${p.kind ?? "persona"})`]),
                this.state.source?.id,
              ),
            ),
          ];
    const form = h(
      "form",
      {
        class: "wizard",
        onsubmit: (event) => {
          event.preventDefault();
          const chosen = form.elements.choice?.value;
          if (!chosen) {
            summary.textContent = method === "template" ? "Pick a template." : "Pick a persona.";
            summary.hidden = false;
            summary.focus();
            return;
          }
          if (method === "template") {
            const template = this.templates.find((t) => t.key === chosen);
            if (this.state.template?.key !== template.key) this.state.values = {};
            this.state.template = template;
          } else {
            this.state.source = this.personas.find((p) => p.id === chosen);
          }
          this.go(2);
        },
      },
      h("h2", {}, method === "template" ? "Choose a template" : "Choose the persona to copy"),
      summary,
      method === "template"
        ? h(
            "fieldset",
            { class: "choices template-grid" },
            h("legend", { class: "visually-hidden" }, "Template"),
            options,
          )
        : options,
      this.nav(0),
    );
    return form;
  }

  customize() {
    const { method, source } = this.state;
    const template = method === "template" ? this.state.template : null;
    const given = this.state.values;
    const pick = (name, fallback) => given[name] ?? fallback ?? "";
    this.summary = errorSummary();
    let controls;
    if (method === "duplicate") {
      controls = [
        field(
          "New id",
          input("newId", pick("newId", `${source.id}-copy`), { required: true }),
          "Lower case letters, digits, - or _.",
        ),
        field("Name", input("name", pick("name", `${source.name ?? source.id} (copy)`))),
      ];
    } else {
      const workforce = template?.kind === "workforce";
      controls = [
        field(
          "Id",
          input("id", pick("id", ""), { required: true }),
          "Lower case letters, digits, - or _; it never changes.",
        ),
        field(
          "Name",
          input("name", pick("name", workforce ? "" : template?.name), { required: !template }),
        ),
        workforce
          ? field(
              "Archetype",
              select(
                "archetype",
                ARCHETYPES.map((a) => [a, a]),
                pick("archetype", "ORCHESTRATOR"),
              ),
            )
          : null,
        field("Icon", input("icon", pick("icon", template?.icon)), "One emoji or a short symbol."),
        field(
          "Specialty",
          input("specialty", pick("specialty", workforce ? "" : template?.specialty)),
        ),
        field("Category", input("category", pick("category", template?.category))),
        field(
          "Description",
          textarea("description", pick("description", template?.description), { rows: 2 }),
        ),
        workforce
          ? null
          : field(
              "System prompt",
              textarea("systemPrompt", pick("systemPrompt", template?.promptTemplate), {
                rows: 8,
                required: !template,
              }),
            ),
        field(
          "Tags",
          input("tags", pick("tags", (template?.tags ?? []).join(", ")), { "data-list": true }),
          "Separated by commas.",
        ),
      ].filter(Boolean);
      for (const box of controls) {
        const control = box.querySelector("[name]");
        if (Array.isArray(given[control.name])) control.value = given[control.name].join(", ");
      }
    }
    const form = h(
      "form",
      {
        class: "wizard",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          this.state.values = values(form);
          this.go(3);
        },
      },
      h("h2", {}, "Customize"),
      h(
        "p",
        { class: "lede" },
        method === "duplicate"
          ? `A copy of ${source.name ?? source.id} with its links; history, usage and favourite mark stay behind.`
          : template
            ? `Starting from ${template.name}: what you leave as it is keeps the template's value.`
            : "An assistant persona from nothing but what you write here.",
      ),
      this.summary,
      controls,
      this.nav(method === "scratch" ? 0 : 1),
    );
    this.form = form;
    return form;
  }

  review() {
    const { method, template, source, values: given } = this.state;
    const rows = Object.entries(given).map(([name, value]) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, name),
        h("td", {}, Array.isArray(value) ? value.join(", ") : String(value)),
      ),
    );
    const start =
      method === "template"
        ? `Template: ${template.name}`
        : method === "duplicate"
          ? `Copy of: ${source.name ?? source.id}`
          : "From scratch (assistant)";
    const form = h(
      "form",
      {
        class: "wizard",
        onsubmit: async (event) => {
          event.preventDefault();
          await this.create();
        },
      },
      h("h2", {}, "Review"),
      h("p", {}, start),
      h("table", { class: "review-table" }, h("tbody", {}, rows)),
      this.nav(2, "Create persona"),
    );
    return form;
  }

  async create() {
    const { method, template, source, values: given } = this.state;
    const { status, navigate } = this.context;
    try {
      let id;
      if (method === "template") {
        const data = await graphql(FROM_TEMPLATE, { template: template.key, input: given });
        id = data.createPersonaFromTemplate.id;
      } else if (method === "scratch") {
        const data = await graphql(FROM_SCRATCH, {
          input: { name: "", systemPrompt: "", ...given },
        });
        id = data.createAssistantPersona.id;
      } else {
        const data = await graphql(DUPLICATE, {
          id: source.id,
          newId: given.newId ?? "",
          name: given.name ?? null,
        });
        id = data.duplicatePersona.id;
      }
      status.show(`Created ${given.name ?? id}.`, "done", true);
      navigate(`#/persona/${encodeURIComponent(id)}`);
    } catch (error) {
      // Back to the fields, each problem next to the field it names.
      this.state.step = 2;
      this.render(error);
    }
  }
}
