// The search box: a combobox over `search`, driven by the keyboard (↓ ↑ Enter Esc) or
// the mouse. Choosing a hit calls onChoose({label, key}).

import { graphql } from "./api.js";
import { h } from "./dom.js";
import { look } from "./labels.js";
import { swatch } from "./legend.js";

const QUERY = `query Search($text: String!) {
  search(text: $text, limit: 12) { label key caption detail }
}`;

export function setupSearch(input, list, onChoose) {
  let hits = [];
  let active = -1;
  let asked = 0;
  let timer = null;

  function open(show) {
    list.hidden = !show;
    input.setAttribute("aria-expanded", String(show));
  }

  function message(text, kind = "note") {
    hits = [];
    active = -1;
    list.replaceChildren(h("li", { class: `search-${kind}`, role: "presentation" }, text));
    open(true);
  }

  function highlight(index) {
    active = index;
    [...list.querySelectorAll("[role=option]")].forEach((item, i) => {
      item.setAttribute("aria-selected", String(i === index));
      if (i === index) {
        input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function render() {
    if (!hits.length) return message(`Nothing matches “${input.value.trim()}”.`);
    list.replaceChildren(
      ...hits.map((hit, i) =>
        h(
          "li",
          {
            id: `search-hit-${i}`,
            role: "option",
            "aria-selected": "false",
            onmousedown: (event) => {
              event.preventDefault();
              choose(i);
            },
          },
          swatch(hit.label),
          h("span", { class: "hit-caption" }, hit.caption),
          h("span", { class: "hit-label" }, look(hit.label).name),
          hit.detail ? h("span", { class: "hit-detail" }, hit.detail) : null,
        ),
      ),
    );
    open(true);
    highlight(0);
  }

  async function ask(text) {
    const ticket = ++asked;
    try {
      const data = await graphql(QUERY, { text });
      if (ticket !== asked) return; // a newer search is on its way
      hits = data.search;
      render();
    } catch (error) {
      if (ticket === asked) message(error.message, "error");
    }
  }

  function choose(index) {
    const hit = hits[index];
    if (!hit) return;
    open(false);
    input.value = hit.caption;
    input.removeAttribute("aria-activedescendant");
    onChoose(hit);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return open(false);
    // The hits shown are for the text before this keystroke: drop them at once, so
    // that Enter never opens a hit of an earlier text, and ignore answers on the way.
    asked++;
    message("Searching…", "loading");
    timer = setTimeout(() => ask(text), 160);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && hits.length) {
      event.preventDefault();
      if (list.hidden) open(true);
      highlight(Math.min(active + 1, hits.length - 1));
    } else if (event.key === "ArrowUp" && hits.length) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      open(false);
    }
  });
  input.addEventListener("blur", () => open(false));
}
