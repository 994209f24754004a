// The chunks (passages) of one dataset, in document order: a disclosure under the dataset
// that reads the first page when opened and a further page at each "Show more".

import { graphql } from "../api.js";
import { h } from "../dom.js";

const CHUNKS = `query Chunks($id: String!, $first: Int!, $after: Int) {
  datasetChunks(datasetId: $id, first: $first, after: $after) {
    total hasMore chunks { position text page section kind }
  }
}`;
const PAGE = 10;

export class ChunkList {
  constructor(dataset) {
    this.dataset = dataset;
    this.after = null;
    this.list = h("ol", { class: "chunks", "aria-label": `Passages of ${dataset.name}` });
    this.note = h("p", { class: "muted", role: "status" });
    this.more = h(
      "button",
      { type: "button", class: "button", hidden: true, onclick: () => this.next() },
      "Show more passages",
    );
    this.details = h(
      "details",
      { class: "chunk-list", "data-chunks": dataset.id },
      h("summary", {}, `Passages (${dataset.chunkCount})`),
      this.list,
      this.note,
      this.more,
    );
    this.details.addEventListener("toggle", () => {
      if (this.details.open && this.after === null && !this.loading) this.next();
    });
  }

  element() {
    return this.details;
  }

  async next() {
    this.loading = true;
    this.more.disabled = true;
    this.note.textContent = "Reading passages…";
    try {
      const data = await graphql(CHUNKS, { id: this.dataset.id, first: PAGE, after: this.after });
      const page = data.datasetChunks;
      this.list.append(...page.chunks.map((c) => this.item(c)));
      if (page.chunks.length) this.after = page.chunks[page.chunks.length - 1].position;
      this.note.textContent = `${this.list.children.length} of ${page.total} passages shown.`;
      this.more.hidden = !page.hasMore;
    } catch (error) {
      this.note.textContent = error.message;
    } finally {
      this.loading = false;
      this.more.disabled = false;
    }
  }

  item(c) {
    return h(
      "li",
      { class: "passage", "data-position": String(c.position) },
      h(
        "p",
        { class: "source" },
        h("strong", {}, c.section || "(no heading)"),
        c.page ? ` · page ${c.page}` : "",
        ` · ${c.kind}`,
      ),
      h("blockquote", {}, c.text),
    );
  }
}
