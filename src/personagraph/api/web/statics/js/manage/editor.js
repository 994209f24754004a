// One persona: its card fields to edit (optimistic concurrency: the version read goes
// with the change; a CONFLICT says who changed what since and offers to reload), its
// archetype (override with a reason, re-infer), its history with restore, its documents.

import { graphql } from "../api.js";
import { decimal, h, percent } from "../dom.js";
import { overrideForm } from "./archetype_override.js";
import { DocumentsPanel } from "./documents.js";
import { errorSummary, field, input, showProblems, textarea } from "./forms.js";
import { shown, when } from "./format.js";

const PERSONA = `query Persona($id: String!) {
  persona(id: $id) {
    id kind name title tagline icon specialty category description systemPrompt tags
    isDefault isFavourite isActive version origin archetype inferredArchetype
    archetypeConfidence workComplexityScore aiMaturityScore requiresReview archetypeMismatch
    chatCount datasetCount lastUsedAt
    history(first: 50) { version changedAt actor action changes { field before after } }
  }
}`;
const HISTORY = `query History($id: String!) {
  persona(id: $id) { version history(first: 20) { version changedAt actor action changes { field } } }
}`;
const UPDATE = `mutation Update($id: String!, $version: Int!, $changes: PersonaChanges!) {
  updatePersona(id: $id, version: $version, changes: $changes) { id version }
}`;
const RESTORE = `mutation Restore($id: String!, $version: Int!, $expected: Int!) {
  restorePersonaVersion(id: $id, version: $version, expectedVersion: $expected) { id version }
}`;
const DELETE = `mutation Delete($id: String!, $version: Int!) {
  deletePersona(id: $id, version: $version) { id isActive }
}`;
const FAVOURITE = `mutation Favourite($id: String!, $favourite: Boolean!) {
  setFavourite(id: $id, favourite: $favourite) { id }
}`;

// The card fields the form edits, per kind: [GraphQL name, label, control].
const CARD = [
  ["name", "Name", "input"],
  ["title", "Title", "input"],
  ["tagline", "Tagline", "input"],
  ["icon", "Icon", "input"],
  ["specialty", "Specialty", "input"],
  ["category", "Category", "input"],
  ["description", "Description", "textarea"],
  ["systemPrompt", "System prompt", "textarea"],
  ["tags", "Tags (separated by commas)", "list"],
];

export class EditorView {
  constructor(context) {
    this.context = context;
  }

  async open(id) {
    this.id = id;
    const data = await graphql(PERSONA, { id });
    if (!data.persona) throw new Error(`No persona with id '${id}'. Pick one from the list.`);
    this.persona = data.persona;
    this.documents = new DocumentsPanel(this.context, this.persona);
    this.render();
    await this.documents.load();
  }

  async reload(message) {
    await this.open(this.id);
    if (message) this.context.status.show(message, "done");
  }

  render() {
    const p = this.persona;
    const editor = this.context.session.can("editor") && p.isActive;
    this.context.show(
      h(
        "p",
        {},
        h(
          "a",
          { href: `#/personas/${p.kind === "workforce" ? "workforce" : "assistant"}` },
          "← All personas",
        ),
      ),
      h(
        "header",
        { class: "persona-head" },
        h("span", { class: "icon icon-big", "aria-hidden": "true" }, p.icon || "👤"),
        h(
          "div",
          {},
          h("h1", {}, p.name ?? p.id),
          h(
            "p",
            { class: "muted" },
            `${p.id} · ${p.kind ?? "persona"} · version `,
            h("span", { id: "persona-version" }, String(p.version)),
            ` · made by ${p.origin ?? "—"}`,
          ),
          p.isActive
            ? null
            : h(
                "p",
                { class: "panel-warning" },
                "Deleted: it can be read and copied, not changed.",
              ),
        ),
        editor ? this.actions() : null,
      ),
      editor ? this.form() : this.readOnly(),
      p.kind === "workforce" ? this.archetype(editor) : null,
      this.documents.element(),
      this.history(editor),
    );
  }

  actions() {
    const p = this.persona;
    return h(
      "div",
      { class: "panel-actions" },
      h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          "aria-pressed": String(Boolean(p.isFavourite)),
          onclick: () =>
            this.act(
              () => graphql(FAVOURITE, { id: p.id, favourite: !p.isFavourite }),
              p.isFavourite ? "Unmarked." : "Marked as favourite.",
            ),
        },
        p.isFavourite ? "★ Favourite" : "☆ Mark favourite",
      ),
      h(
        "a",
        { class: "button button-quiet", href: `#/new/duplicate/${encodeURIComponent(p.id)}` },
        "Duplicate",
      ),
      h(
        "button",
        {
          type: "button",
          class: "button button-danger",
          disabled: Boolean(p.isDefault),
          title: p.isDefault ? "A default persona cannot be deleted" : null,
          onclick: () => this.remove(),
        },
        "Delete",
      ),
    );
  }

  async act(work, message) {
    try {
      await work();
      await this.reload(message);
    } catch (error) {
      this.context.status.show(error.message, "error");
    }
  }

  form() {
    const p = this.persona;
    this.summary = errorSummary();
    const controls = CARD.filter(([name]) => p.kind !== "workforce" || name !== "systemPrompt").map(
      ([name, label, kind]) => {
        const value = kind === "list" ? (p[name] ?? []).join(", ") : p[name];
        const control =
          kind === "textarea"
            ? textarea(name, value, { rows: name === "systemPrompt" ? 8 : 3 })
            : input(name, value);
        return field(label, control);
      },
    );
    const form = h(
      "form",
      {
        class: "edit-form",
        id: "edit-form",
        novalidate: true,
        onsubmit: (event) => this.save(event),
      },
      h("h2", {}, "Edit"),
      this.summary,
      h("div", { class: "conflict", id: "conflict", role: "alert", hidden: true }),
      controls,
      h(
        "div",
        { class: "wizard-nav" },
        h("button", { type: "submit", class: "button" }, "Save changes"),
      ),
    );
    this.editForm = form;
    return form;
  }

  readOnly() {
    const p = this.persona;
    return h(
      "section",
      { class: "edit-form" },
      h("h2", {}, "Card"),
      h(
        "table",
        { class: "review-table" },
        h(
          "tbody",
          {},
          CARD.filter(([name]) => p[name] !== null && p[name] !== undefined).map(([name, label]) =>
            h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, shown(p[name], 400))),
          ),
        ),
      ),
    );
  }

  changes() {
    const found = {};
    for (const [name, , kind] of CARD) {
      const control = this.editForm.elements[name];
      if (!control) continue;
      const before = this.persona[name];
      if (kind === "list") {
        const items = control.value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean);
        if (items.join("\n") !== (before ?? []).join("\n")) found[name] = items;
      } else if (control.value !== (before ?? "")) {
        found[name] = control.value;
      }
    }
    return found;
  }

  async save(event) {
    event.preventDefault();
    const changes = this.changes();
    if (!Object.keys(changes).length) {
      this.context.status.show("Nothing changed.", "done");
      return;
    }
    try {
      await graphql(UPDATE, { id: this.persona.id, version: this.persona.version, changes });
      await this.reload(`Saved: ${Object.keys(changes).join(", ")}.`);
    } catch (error) {
      if (error.code === "CONFLICT") await this.conflict(error);
      else showProblems(this.editForm, this.summary, error);
    }
  }

  // Someone saved since this page read the persona: say who changed what, offer a reload.
  async conflict(error) {
    const box = this.editForm.querySelector("#conflict");
    const read = this.persona.version;
    let since = [];
    try {
      const data = await graphql(HISTORY, { id: this.persona.id });
      since = data.persona.history.filter((change) => change.version > read);
    } catch (_unreadable) {
      // The message of the conflict says enough on its own.
    }
    box.replaceChildren(
      h("h3", {}, "Someone changed this persona since you opened it"),
      h("p", {}, error.message),
      since.length
        ? h(
            "ul",
            {},
            since.map((change) =>
              h(
                "li",
                {},
                `Version ${change.version}: ${change.actor} (${change.action}) changed `,
                h("strong", {}, change.changes.map((c) => c.field).join(", ") || "nothing"),
                change.changedAt ? ` at ${when(change.changedAt)}` : "",
              ),
            ),
          )
        : null,
      h(
        "button",
        {
          type: "button",
          class: "button",
          onclick: () => this.reload("Reloaded the latest version; your edits were not saved."),
        },
        "Reload the latest version",
      ),
    );
    box.hidden = false;
    box.querySelector("button").focus();
  }

  archetype(editor) {
    const p = this.persona;
    const status = this.context.status;
    const form = overrideForm(p, {
      suggested: p.inferredArchetype ?? p.archetype,
      heading: "Override",
      onOverridden: () => this.reload("Archetype overridden."),
      onReinferred: () => this.reload("Archetype inferred again."),
      onConflict: (error) =>
        status.show(`${error.message} Reload the page to see the change.`, "error"),
      onFailed: (error) => status.show(error.message, "error"),
    });
    return h(
      "section",
      { class: "panel-section archetype", "aria-labelledby": "archetype-title" },
      h("h2", { id: "archetype-title" }, "Archetype"),
      h(
        "table",
        { class: "review-table" },
        h(
          "tbody",
          {},
          h("tr", {}, h("th", { scope: "row" }, "Declared"), h("td", {}, p.archetype ?? "—")),
          h(
            "tr",
            {},
            h("th", { scope: "row" }, "Inferred"),
            h(
              "td",
              {},
              `${p.inferredArchetype ?? "—"} (confidence ${percent(p.archetypeConfidence)})`,
            ),
          ),
          h(
            "tr",
            {},
            h("th", { scope: "row" }, "Work complexity"),
            h("td", {}, decimal(p.workComplexityScore)),
          ),
          h(
            "tr",
            {},
            h("th", { scope: "row" }, "AI maturity"),
            h("td", {}, decimal(p.aiMaturityScore)),
          ),
          p.requiresReview
            ? h("tr", {}, h("th", { scope: "row" }, "Review"), h("td", {}, "needed"))
            : null,
        ),
      ),
      editor ? form : null,
    );
  }

  history(editor) {
    const p = this.persona;
    const items = p.history.map((change) =>
      h(
        "li",
        { class: "version", "data-version": change.version },
        h(
          "div",
          { class: "version-head" },
          h("strong", {}, `Version ${change.version}`),
          ` · ${change.action} by ${change.actor}${change.changedAt ? ` · ${when(change.changedAt)}` : ""}`,
          editor && change.version < p.version
            ? h(
                "button",
                {
                  type: "button",
                  class: "button button-quiet",
                  onclick: () => this.restore(change.version),
                },
                `Restore version ${change.version}`,
              )
            : null,
        ),
        h(
          "table",
          { class: "changes" },
          h(
            "thead",
            {},
            h("tr", {}, h("th", {}, "Field"), h("th", {}, "Before"), h("th", {}, "After")),
          ),
          h(
            "tbody",
            {},
            change.changes.map((c) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, c.field),
                h("td", {}, shown(c.before)),
                h("td", {}, shown(c.after)),
              ),
            ),
          ),
        ),
      ),
    );
    return h(
      "section",
      { class: "panel-section history", "aria-labelledby": "history-title" },
      h("h2", { id: "history-title" }, "History"),
      items.length
        ? h("ol", { class: "versions" }, items)
        : h("p", { class: "empty" }, "No change recorded yet."),
    );
  }

  async restore(version) {
    const p = this.persona;
    const sure = await this.context.confirm(
      `Restore version ${version}?`,
      `${p.name ?? p.id} gets the state it had at version ${version}, as a new version ${p.version + 1}; nothing is lost.`,
      "Restore",
    );
    if (!sure) return;
    await this.act(
      () => graphql(RESTORE, { id: p.id, version, expected: p.version }),
      `Restored version ${version} as version ${p.version + 1}.`,
    );
  }

  async remove() {
    const p = this.persona;
    const sure = await this.context.confirm(
      `Delete ${p.name ?? p.id}?`,
      "It leaves the lists; its history stays, and a copy can bring it back.",
      "Delete",
    );
    if (!sure) return;
    try {
      await graphql(DELETE, { id: p.id, version: p.version });
      this.context.status.show(`${p.name ?? p.id} was deleted.`, "done", true);
      this.context.navigate(`#/personas/${p.kind === "workforce" ? "workforce" : "assistant"}`);
    } catch (error) {
      this.context.status.show(error.message, "error");
    }
  }
}
