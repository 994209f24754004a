// The personas screen: kind filter, category tabs with counts, search, favourites first,
// and a card per persona with its usage and actions.

import { graphql } from "../api.js";
import { h } from "../dom.js";
import { when } from "./format.js";

const LIST = `query Personas($kind: String!) {
  personaCategories(kind: $kind) { category count }
  personas(where: {kind: {eq: $kind}}, sort: [{name: ASC}], limit: 1000) {
    id name title tagline icon specialty category description chatCount datasetCount
    lastUsedAt isFavourite isDefault version kind archetype
  }
}`;
const FAVOURITE = `mutation Favourite($id: String!, $favourite: Boolean!) {
  setFavourite(id: $id, favourite: $favourite) { id isFavourite version }
}`;
const DELETE = `mutation Delete($id: String!, $version: Int!) {
  deletePersona(id: $id, version: $version) { id isActive }
}`;

const KINDS = [
  ["assistant", "Assistants"],
  ["workforce", "Workforce"],
];
const ALL = "__all";
const NONE = "__none";

export class PersonasView {
  constructor(context) {
    this.context = context;
    this.state = { kind: "assistant", category: ALL, text: "", favouritesFirst: false };
  }

  async open(kind) {
    if (kind) this.state.kind = kind;
    const data = await graphql(LIST, { kind: this.state.kind });
    this.personas = data.personas;
    this.categories = data.personaCategories;
    if (
      this.state.category !== ALL &&
      !this.categories.some((c) => (c.category ?? NONE) === this.state.category)
    )
      this.state.category = ALL;
    this.render();
  }

  shown() {
    const text = this.state.text.toLowerCase();
    let found = this.personas.filter(
      (p) =>
        (this.state.category === ALL || (p.category ?? NONE) === this.state.category) &&
        (!text ||
          [p.name, p.title, p.tagline, p.specialty, p.description, p.id].some((value) =>
            (value ?? "").toLowerCase().includes(text),
          )),
    );
    if (this.state.favouritesFirst)
      found = [...found].sort(
        (a, b) => Number(Boolean(b.isFavourite)) - Number(Boolean(a.isFavourite)),
      );
    return found;
  }

  render() {
    const { session } = this.context;
    const total = this.categories.reduce((sum, c) => sum + c.count, 0);
    const tabs = [
      [ALL, "All", total],
      ...this.categories.map((c) => [c.category ?? NONE, c.category ?? "Uncategorised", c.count]),
    ];
    const search = h("input", {
      id: "persona-search",
      type: "search",
      value: this.state.text,
      placeholder: "Name, specialty, description…",
      oninput: (event) => {
        this.state.text = event.target.value;
        this.renderCards();
      },
    });
    this.cards = h("div", { class: "cards", id: "persona-cards" });
    this.context.show(
      h(
        "div",
        { class: "manager-head" },
        h("h1", {}, "Personas"),
        session.can("editor")
          ? h("a", { class: "button button-big", href: "#/new" }, "+ Create New Persona")
          : null,
      ),
      h(
        "div",
        { class: "toolbar" },
        h(
          "div",
          { class: "kind-filter", role: "group", "aria-label": "Kind" },
          KINDS.map(([kind, label]) =>
            h(
              "a",
              {
                class: "chip",
                href: `#/personas/${kind}`,
                "aria-current": kind === this.state.kind ? "true" : null,
              },
              label,
            ),
          ),
        ),
        h("label", { for: "persona-search", class: "visually-hidden" }, "Search personas"),
        search,
        h(
          "label",
          { class: "check" },
          h("input", {
            type: "checkbox",
            id: "favourites-first",
            checked: this.state.favouritesFirst,
            onchange: (event) => {
              this.state.favouritesFirst = event.target.checked;
              this.renderCards();
            },
          }),
          " Favourites first",
        ),
      ),
      h(
        "div",
        { class: "tabs", role: "tablist", "aria-label": "Categories" },
        tabs.map(([key, label, count]) =>
          h(
            "button",
            {
              type: "button",
              role: "tab",
              class: "tab",
              "data-category": key,
              "aria-selected": String(key === this.state.category),
              "aria-controls": "persona-cards",
              // One tab stop for the row; ← → move between the tabs (the ARIA tabs pattern).
              tabindex: key === this.state.category ? "0" : "-1",
              onkeydown: (event) => this.arrows(event),
              onclick: () => {
                this.state.category = key;
                this.render();
                this.context.view.querySelector(`[data-category="${CSS.escape(key)}"]`)?.focus();
              },
            },
            `${label} `,
            h("span", { class: "count" }, String(count)),
          ),
        ),
      ),
      this.cards,
    );
    this.renderCards();
  }

  arrows(event) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const tabs = [...this.context.view.querySelectorAll("[role=tab]")];
    const next = tabs[(tabs.indexOf(event.target) + step + tabs.length) % tabs.length];
    next.click();
  }

  renderCards() {
    const personas = this.shown();
    if (!this.personas.length) {
      const editor = this.context.session.can("editor");
      this.cards.replaceChildren(
        h(
          "div",
          { class: "empty-state" },
          h("h2", {}, `No ${this.state.kind} personas yet`),
          h(
            "p",
            {},
            editor
              ? "Start from a template (a CBT therapist, a sales representative, …), from scratch, or by copying one."
              : "Someone with an editor key can create them; sign in with one to start.",
          ),
          editor
            ? h("a", { class: "button button-big", href: "#/new" }, "+ Create New Persona")
            : null,
        ),
      );
      return;
    }
    if (!personas.length) {
      this.cards.replaceChildren(h("p", { class: "empty" }, "No persona matches this search."));
      return;
    }
    this.cards.replaceChildren(...personas.map((p) => this.card(p)));
  }

  card(persona) {
    const { session } = this.context;
    const editor = session.can("editor");
    const star = h(
      "button",
      {
        type: "button",
        class: "star",
        "aria-pressed": String(Boolean(persona.isFavourite)),
        "aria-label": `${persona.isFavourite ? "Unmark" : "Mark"} ${persona.name} as favourite`,
        disabled: !editor,
        onclick: () => this.favourite(persona),
      },
      persona.isFavourite ? "★" : "☆",
    );
    const title = `${persona.name ?? persona.id}`;
    return h(
      "article",
      { class: "card", "data-persona": persona.id, "aria-label": title },
      h(
        "div",
        { class: "card-top" },
        h("span", { class: "icon", "aria-hidden": "true" }, persona.icon || "👤"),
        h(
          "div",
          { class: "card-title" },
          h("h2", {}, h("a", { href: `#/persona/${encodeURIComponent(persona.id)}` }, title)),
          persona.specialty || persona.archetype
            ? h("span", { class: "badge" }, persona.specialty || persona.archetype)
            : null,
          persona.isDefault ? h("span", { class: "badge badge-default" }, "Default") : null,
        ),
        star,
      ),
      h("p", { class: "card-text" }, persona.description || persona.tagline || persona.title || ""),
      h(
        "dl",
        { class: "usage" },
        h("div", {}, h("dt", {}, "Chats"), h("dd", {}, String(persona.chatCount ?? 0))),
        h("div", {}, h("dt", {}, "Documents"), h("dd", {}, String(persona.datasetCount ?? 0))),
        h("div", {}, h("dt", {}, "Last used"), h("dd", {}, when(persona.lastUsedAt) ?? "never")),
      ),
      editor
        ? h(
            "div",
            { class: "card-actions" },
            h(
              "a",
              { class: "button button-quiet", href: `#/persona/${encodeURIComponent(persona.id)}` },
              "Edit",
              h("span", { class: "visually-hidden" }, ` ${title}`),
            ),
            h(
              "a",
              {
                class: "button button-quiet",
                href: `#/new/duplicate/${encodeURIComponent(persona.id)}`,
              },
              "Duplicate",
              h("span", { class: "visually-hidden" }, ` ${title}`),
            ),
            h(
              "button",
              {
                type: "button",
                class: "button button-danger",
                disabled: Boolean(persona.isDefault),
                title: persona.isDefault ? "A default persona cannot be deleted" : null,
                onclick: () => this.remove(persona),
              },
              "Delete",
              h("span", { class: "visually-hidden" }, ` ${title}`),
            ),
          )
        : null,
    );
  }

  async favourite(persona) {
    const { status } = this.context;
    try {
      const data = await graphql(FAVOURITE, { id: persona.id, favourite: !persona.isFavourite });
      Object.assign(persona, data.setFavourite);
      this.renderCards();
      this.cards.querySelector(`[data-persona="${CSS.escape(persona.id)}"] .star`)?.focus();
    } catch (error) {
      status.show(error.message, "error");
    }
  }

  async remove(persona) {
    const { status, confirm } = this.context;
    const sure = await confirm(
      `Delete ${persona.name ?? persona.id}?`,
      "It leaves the lists; its history stays, and a copy can bring it back.",
      "Delete",
    );
    if (!sure) return;
    try {
      await graphql(DELETE, { id: persona.id, version: persona.version });
      status.show(`${persona.name ?? persona.id} was deleted.`, "done");
      await this.open();
    } catch (error) {
      status.show(error.message, "error");
    }
  }
}
