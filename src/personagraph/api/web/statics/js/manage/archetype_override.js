// The form that decides a persona's archetype: override it (a reason is required and
// kept with the decision) or have it inferred again. The persona's page and the review
// queue show the same form; each says what follows.

import { graphql } from "../api.js";
import { h } from "../dom.js";
import { errorSummary, field, select, showProblems, textarea } from "./forms.js";

const OVERRIDE = `mutation Override($id: String!, $archetype: ArchetypeName!, $reason: String!, $version: Int!) {
  overrideArchetype(id: $id, archetype: $archetype, reason: $reason, version: $version) { id archetype }
}`;
const REINFER = `mutation Reinfer($id: String!) { reinferArchetype(id: $id) { id inferredArchetype } }`;
const ARCHETYPES = ["AUTOMATOR", "ORCHESTRATOR", "LEARNER", "SKEPTIC"];

// persona: {id, version}, the version read (an override made since is a CONFLICT).
// suggested: the archetype selected at first. heading: an optional title over the form.
// onOverridden(archetype), onReinferred(): what follows success.
// onConflict(error): the persona changed since it was read.
// onFailed(error): a re-inference that failed (an override's other errors show on the form).
export function overrideForm(
  persona,
  { suggested, heading, onOverridden, onReinferred, onConflict, onFailed },
) {
  const summary = errorSummary();
  const form = h(
    "form",
    {
      class: "override-form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const reason = form.elements.reason.value.trim();
        if (!reason) {
          showProblems(form, summary, {
            message: "reason: say why the archetype is overridden (it is kept with the decision)",
          });
          return;
        }
        const archetype = form.elements.archetype.value;
        try {
          await graphql(OVERRIDE, { id: persona.id, archetype, reason, version: persona.version });
        } catch (error) {
          if (error.code === "CONFLICT") await onConflict(error);
          else showProblems(form, summary, error);
          return;
        }
        await onOverridden(archetype);
      },
    },
    heading ? h("h3", {}, heading) : null,
    summary,
    field(
      "Archetype",
      select(
        "archetype",
        ARCHETYPES.map((a) => [a, a]),
        suggested,
      ),
    ),
    field(
      "Reason",
      textarea("reason", "", { rows: 2, required: true }),
      "Required: it is kept with the decision.",
    ),
    h(
      "div",
      { class: "wizard-nav" },
      h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          onclick: async () => {
            try {
              await graphql(REINFER, { id: persona.id });
            } catch (error) {
              onFailed(error);
              return;
            }
            await onReinferred();
          },
        },
        "Re-infer",
      ),
      h("button", { type: "submit", class: "button" }, "Override archetype"),
    ),
  );
  return form;
}
