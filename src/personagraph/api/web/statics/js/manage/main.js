// The persona manager's entry point: sign-in, the status line, a confirmation dialog, and
// the URL's hash wired to the screens:
//   #/personas[/<kind>]          the list (kind: assistant or workforce)
//   #/new[/duplicate/<id>]       the creation wizard
//   #/persona/<id>               one persona: edit, history, documents, archetype
//   #/review                     the archetype review queue
//   #/route                      the routing playground

import { h } from "../dom.js";
import { EditorView } from "./editor.js";
import { PersonasView } from "./personas.js";
import { ReviewView } from "./review.js";
import { RoutingView } from "./routing.js";
import { Session } from "./session.js";
import { WizardView } from "./wizard.js";

const $ = (id) => document.getElementById(id);

const status = {
  element: $("status"),
  keep: false,
  // `keep`: the line stays over the next navigation (a "Created …" before opening it).
  show(text, kind, keep = false) {
    this.keep = keep;
    this.element.className = `status status-${kind}`;
    this.element.replaceChildren(
      h("span", {}, text),
      h("button", { type: "button", class: "link-button", onclick: () => this.clear() }, "Dismiss"),
    );
    this.element.hidden = false;
  },
  clear() {
    this.element.hidden = true;
  },
};

// A modal question answered with the keyboard or the mouse; resolves true or false.
function confirm(title, text, action) {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-title" },
      h("h2", { id: "confirm-title" }, title),
      h("p", {}, text),
      h(
        "form",
        { method: "dialog", class: "dialog-actions" },
        h("button", { value: "no", class: "button button-quiet", autofocus: true }, "Cancel"),
        h("button", { value: "yes", class: "button button-danger" }, action),
      ),
    );
    dialog.addEventListener("close", () => {
      const answer = dialog.returnValue === "yes";
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

const session = new Session();
const context = {
  session,
  status,
  confirm,
  view: $("view"),
  show: (...children) => {
    $("view").replaceChildren(...children.filter(Boolean));
  },
  navigate,
};

const views = {
  personas: new PersonasView(context),
  new: new WizardView(context),
  persona: new EditorView(context),
  review: new ReviewView(context),
  route: new RoutingView(context),
};

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

let routes = 0;

async function route() {
  const ticket = ++routes;
  // data-state says when the screen is drawn (loading → ready | error), for the browser
  // tests and readers' tools; only the latest navigation may set it.
  const settle = (state) => {
    if (ticket === routes) document.body.dataset.state = state;
  };
  settle("loading");
  const [name = "", ...parts] = location.hash.replace(/^#\/?/, "").split("/");
  const args = parts.map(decodeURIComponent);
  const screen = name in views ? name : "personas";
  for (const tab of document.querySelectorAll("nav.views a[data-view]")) {
    if (tab.dataset.view === (screen === "new" || screen === "persona" ? "personas" : screen))
      tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  try {
    if (screen === "new" && !session.can("editor"))
      throw new Error("Creating a persona needs an editor key: sign in with one above.");
    await views[screen].open(...args);
    if (ticket !== routes) return;
    settle("ready");
  } catch (error) {
    if (ticket !== routes) return;
    context.show(
      h("h1", {}, "Persona manager"),
      h("p", { class: "empty" }, "Nothing to show here."),
    );
    status.show(error.message, "error");
    settle("error");
  }
}

function showWho() {
  const { viewer } = session;
  const signedIn = session.signedIn;
  $("sign-in").hidden = signedIn;
  $("who").hidden = !signedIn && !viewer.anonymousReads;
  $("who-text").textContent = signedIn
    ? `${viewer.name} · ${viewer.role}`
    : viewer.anonymousReads
      ? "Not signed in · reading only"
      : "";
  $("sign-out").hidden = !signedIn;
}

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = $("api-key").value;
  if (!key.trim()) {
    status.show("Paste an API key (pgk_…); create one with `personagraph apikey create`.", "error");
    $("api-key").focus();
    return;
  }
  try {
    await session.signIn(key);
    $("api-key").value = "";
    status.show(`Signed in as ${session.viewer.name} (${session.viewer.role}).`, "done");
    route();
  } catch (error) {
    status.show(error.message, "error");
    $("api-key").focus();
  }
});
$("sign-out").addEventListener("click", async () => {
  await session.signOut();
  status.show("Signed out; the key is forgotten.", "done");
  route();
});
session.onChange(showWho);

window.addEventListener("hashchange", () => {
  if (status.keep) status.keep = false;
  else status.clear();
  route();
});
session
  .refresh()
  .catch((error) => status.show(error.message, "error"))
  .finally(route);
