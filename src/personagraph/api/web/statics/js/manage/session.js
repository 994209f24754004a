// Who is signed in: an API key kept for this tab only (sessionStorage), and the role the
// service gives it (`viewer`). The page offers only what the role may do; the service
// checks every field's role again, so hiding a button is a courtesy, not a guard.

import { ExplorerError, apiKey, graphql, setApiKey } from "../api.js";

const VIEWER = `{ viewer { name role anonymousReads problem } }`;
const ORDER = ["reader", "editor", "admin"];

export class Session {
  constructor() {
    this.viewer = { name: "anonymous", role: null, anonymousReads: false, problem: null };
    this.listeners = [];
  }

  get signedIn() {
    return Boolean(apiKey()) && Boolean(this.viewer.role);
  }

  // Whether the role may do what needs `needed` (reader, editor or admin).
  can(needed) {
    const role = this.viewer.role;
    if (!role) return needed === "reader" && this.viewer.anonymousReads;
    return ORDER.indexOf(role) >= ORDER.indexOf(needed);
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  async refresh() {
    const data = await graphql(VIEWER);
    this.viewer = data.viewer;
    if (this.viewer.problem && apiKey()) {
      // A key kept from earlier that no longer works (revoked): forget it.
      const problem = this.viewer.problem;
      setApiKey(null);
      this.viewer = (await graphql(VIEWER)).viewer;
      this.changed();
      throw new ExplorerError(`Signed out: ${problem}.`, "UNAUTHENTICATED");
    }
    this.changed();
  }

  async signIn(key) {
    setApiKey(key.trim());
    const data = await graphql(VIEWER).catch((error) => {
      setApiKey(null);
      throw error;
    });
    if (data.viewer.problem || !data.viewer.role) {
      setApiKey(null);
      throw new ExplorerError(
        `That key was not accepted: ${data.viewer.problem ?? "it has no role"}.`,
        "UNAUTHENTICATED",
      );
    }
    this.viewer = data.viewer;
    this.changed();
  }

  async signOut() {
    setApiKey(null);
    await this.refresh();
  }

  changed() {
    const body = document.body;
    body.dataset.role = this.viewer.role ?? "anonymous";
    for (const role of ORDER) body.classList.toggle(`can-${role}`, this.can(role));
    for (const listener of this.listeners) listener(this);
  }
}
