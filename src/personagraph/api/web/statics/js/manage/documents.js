// A persona's documents: upload with progress, each dataset's status followed until it is
// completed or failed, and a question box answered with the retrieved passages, each with
// its source and score. A completed dataset's passages open under it (chunks.js).

import { graphql, upload } from "../api.js";
import { ChunkList } from "./chunks.js";
import { decimal, h } from "../dom.js";
import { field, input } from "./forms.js";
import { when } from "./format.js";

const DATASETS = `query Datasets($persona: String!) {
  datasets(personaId: $persona) {
    id name fileName fileType status error chunkCount updatedAt processedAt isGlobal
  }
}`;
const UPLOAD = `mutation Upload($file: Upload!, $persona: String!) {
  uploadDocument(file: $file, personaId: $persona) {
    outcome dataset { id name status error chunkCount }
  }
}`;
const RETRIEVE = `query Retrieve($persona: String!, $query: String!) {
  retrieveContext(personaId: $persona, query: $query) {
    text score dataset source page section kind similarity
  }
}`;
const FINAL = new Set(["completed", "error"]);
const POLL_MS = 1000;

export class DocumentsPanel {
  constructor(context, persona) {
    this.context = context;
    this.persona = persona;
    this.list = h("ul", { class: "datasets", id: "datasets", "aria-live": "polite" });
    this.answers = h("div", { class: "answers", id: "answers", "aria-live": "polite" });
    this.chunkLists = new Map(); // dataset id -> its open or closed passages, kept on polls
  }

  element() {
    const editor = this.context.session.can("editor") && this.persona.isActive;
    return h(
      "section",
      { class: "panel-section documents", "aria-labelledby": "documents-title" },
      h("h2", { id: "documents-title" }, "Documents"),
      editor ? this.uploadForm() : null,
      this.list,
      this.askForm(),
      this.answers,
    );
  }

  uploadForm() {
    const file = h("input", {
      type: "file",
      name: "file",
      accept: ".pdf,.docx,.md,.markdown,.html,.htm,.txt",
    });
    const progress = h("progress", {
      max: 100,
      value: 0,
      hidden: true,
      "aria-label": "Upload progress",
    });
    const note = h("p", { class: "muted", id: "upload-note", role: "status" });
    const form = h(
      "form",
      {
        class: "upload-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const chosen = file.files[0];
          if (!chosen) {
            note.textContent = "Choose a file first (PDF, DOCX, Markdown, HTML or text).";
            file.focus();
            return;
          }
          progress.hidden = false;
          progress.value = 0;
          note.textContent = `Uploading ${chosen.name}…`;
          try {
            const data = await upload(
              UPLOAD,
              { persona: this.persona.id },
              "file",
              chosen,
              (sent, total) => {
                progress.value = total ? Math.round((100 * sent) / total) : 0;
                if (sent >= total) note.textContent = `Uploaded ${chosen.name}; processing…`;
              },
            );
            const added = data.uploadDocument;
            note.textContent = `${chosen.name}: ${added.outcome}, ${added.dataset.status}.`;
            form.reset();
            await this.load();
          } catch (error) {
            note.textContent = error.message;
          } finally {
            progress.hidden = true;
          }
        },
      },
      field(
        "Add a document",
        file,
        "PDF, DOCX, Markdown, HTML or text; it is split into passages for retrieval.",
      ),
      progress,
      h("button", { type: "submit", class: "button" }, "Upload"),
      note,
    );
    return form;
  }

  // Reads the datasets, and again every second while one is still being processed.
  async load() {
    const data = await graphql(DATASETS, { persona: this.persona.id });
    if (!this.list.isConnected) return; // the reader left this persona
    this.render(data.datasets);
    clearTimeout(this.timer);
    if (data.datasets.some((d) => !FINAL.has(d.status)))
      this.timer = setTimeout(() => this.load().catch(() => {}), POLL_MS);
  }

  render(datasets) {
    if (!datasets.length) {
      this.list.replaceChildren(h("li", { class: "empty" }, "No documents yet."));
      return;
    }
    this.list.replaceChildren(
      ...datasets.map((d) =>
        h(
          "li",
          { "data-dataset": d.name, "data-status": d.status },
          h("strong", {}, d.name),
          d.isGlobal ? h("span", { class: "badge" }, "Global") : null,
          h("span", { class: `dataset-status status-${d.status}` }, d.status ?? "unknown"),
          d.status === "completed" ? ` ${d.chunkCount} passages` : "",
          d.error ? h("span", { class: "field-error" }, ` ${d.error}`) : null,
          d.processedAt ? h("span", { class: "muted" }, ` · ${when(d.processedAt)}`) : null,
          d.status === "completed" && d.chunkCount ? this.chunkList(d).element() : null,
        ),
      ),
    );
  }

  // One list per dataset version: kept while polling, read afresh once the content changed.
  chunkList(dataset) {
    const kept = this.chunkLists.get(dataset.id);
    if (kept && kept.dataset.processedAt === dataset.processedAt) return kept;
    const made = new ChunkList(dataset);
    this.chunkLists.set(dataset.id, made);
    return made;
  }

  askForm() {
    const question = input("question", "", { placeholder: "What do the documents say about…" });
    const form = h(
      "form",
      {
        class: "ask-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const text = question.value.trim();
          if (!text) {
            this.answers.replaceChildren(
              h("p", { class: "field-error" }, "Type a question first."),
            );
            question.focus();
            return;
          }
          this.answers.replaceChildren(h("p", { class: "muted" }, "Searching the documents…"));
          try {
            const data = await graphql(RETRIEVE, { persona: this.persona.id, query: text });
            this.showAnswers(data.retrieveContext);
          } catch (error) {
            this.answers.replaceChildren(h("p", { class: "field-error" }, error.message));
          }
        },
      },
      field("Ask the documents", question),
      h("button", { type: "submit", class: "button" }, "Ask"),
    );
    return form;
  }

  showAnswers(chunks) {
    if (!chunks.length) {
      this.answers.replaceChildren(
        h(
          "p",
          { class: "empty" },
          "No passage is close enough to this question (or the persona has no documents).",
        ),
      );
      return;
    }
    this.answers.replaceChildren(
      h(
        "ol",
        { class: "passages" },
        chunks.map((c) =>
          h(
            "li",
            { class: "passage" },
            h(
              "p",
              { class: "source" },
              h("strong", {}, c.source),
              c.page ? ` · page ${c.page}` : "",
              c.section ? ` · ${c.section}` : "",
              h("span", { class: "score" }, ` · score ${decimal(c.score)}`),
            ),
            h("blockquote", {}, c.text),
          ),
        ),
      ),
    );
  }
}
