"""Making personas from templates, and assistant personas from scratch.

Each is one transaction ending in :func:`personagraph.admin.changes.record` (audit event,
version 1 in the history, the serving caches told). A persona made from a template has
``origin: template`` and a ``CREATED_FROM`` link to it; whatever the caller gives
replaces the template's default, and model settings given are merged over the
template's ``default_settings``.

- An **assistant** template gives the prompt (``prompt_template`` becomes the persona's
  ``system_prompt``), context, expertise, answer format, settings and card fields.
- A **workforce** template gives, for the archetype asked for, the catalog persona of its
  role: attributes, pain points, goals, jobs and the other facets. The caller's changes
  (attributes, title, tagline, ...) are applied, then the archetype is inferred, as for
  any persona the catalog holds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from personagraph.admin import history
from personagraph.admin.changes import Actor, Change, record
from personagraph.errors import EditConflict, EntityNotFound, ValidationFailed
from personagraph.model.catalog import Persona, PersonaAttributes
from personagraph.model.persona_edits import FromTemplate, NewAssistant, parse
from personagraph.seeding import plan
from personagraph.seeding.statements import LINKS
from personagraph.store import Store
from personagraph.store.connection import Transaction

# Facet labels a workforce persona links to, keyed by ``key``: the only labels the
# dynamic MERGE of write/templates/merge_facets may name.
FACET_LABELS = frozenset(
    {
        "PainPoint",
        "Goal",
        "Challenge",
        "Motivation",
        "Frustration",
        "Responsibility",
        "Skill",
        "Stakeholder",
        "Activity",
    }
)
_ASSISTANT_FIELDS = {
    "name": "name",
    "specialty": "specialty",
    "category": "category",
    "tags": "tags",
    "description": "description",
    "icon": "icon",
    "prompt_template": "system_prompt",
    "context": "context",
    "expertise": "expertise",
    "response_format": "response_format",
}
_ATTRIBUTES = frozenset(PersonaAttributes.model_fields)


def create_from_template(store: Store, template_key: str, given: FromTemplate, actor: Actor) -> str:
    """Make persona ``given.id`` from template ``template_key``; returns its id.

    Raises:
        EntityNotFound: no such template.
        EditConflict: the template is retired, or the id is taken.
        ValidationFailed: the input does not fit the template's kind.
    """

    def work(tx: Transaction) -> str:
        template = _template(tx, template_key)
        _require_free(tx, given.id)
        if template.get("kind") == "workforce":
            _create_workforce(tx, template, given)
        else:
            _create_assistant(tx, template, given)
        linked = tx.run("write/templates/link_created_from", id=given.id, template=template_key)
        assert linked, "the template was read in this transaction"
        _record_creation(tx, "create_from_template", given.id, actor)
        return given.id

    return store.transaction(work)


def create_assistant(store: Store, assistant: NewAssistant, actor: Actor) -> str:
    """Make an assistant persona from scratch (``origin: scratch``); returns its id.

    Raises:
        EditConflict: the id is taken.
        EntityNotFound: ``assistant.role`` names no role.
    """

    def work(tx: Transaction) -> str:
        _require_free(tx, assistant.id)
        props = assistant.graph_properties()
        props.pop("id", None)
        props["kind"] = "assistant"
        tx.run("write/personas/create", id=assistant.id, props=props, origin="scratch")
        if assistant.role is not None and not tx.run(
            "write/personas/set_role", id=assistant.id, role=assistant.role
        ):
            raise EntityNotFound(f"role: no role {assistant.role!r}; list them with `roles`")
        _record_creation(tx, "create", assistant.id, actor)
        return assistant.id

    return store.transaction(work)


def _template(tx: Transaction, key: str) -> dict[str, Any]:
    rows = tx.run("read/templates/for_create", key=key)
    if not rows:
        raise EntityNotFound(f"template: no template {key!r}; list them with the `templates` query")
    props: dict[str, Any] = rows[0]["props"]
    if props.get("is_active") is False:
        raise EditConflict(
            f"template: {key!r} is retired (it left the catalog); pick another template"
        )
    return props


def _require_free(tx: Transaction, persona_id: str) -> None:
    if tx.run("read/personas/for_edit", id=persona_id):
        raise EditConflict(f"id: a persona {persona_id!r} already exists; pick another id")


def _create_assistant(tx: Transaction, template: Mapping[str, Any], given: FromTemplate) -> None:
    if given.archetype is not None:
        raise ValidationFailed(
            [
                f"input.archetype: {template['key']!r} is an assistant template; assistant "
                "personas have no archetype (leave it out)"
            ]
        )
    props = {
        field: template[source]
        for source, field in _ASSISTANT_FIELDS.items()
        if template.get(source) is not None
    }
    defaults = json.loads(template.get("default_settings") or "{}")
    props["settings"] = json.dumps(defaults, sort_keys=True)
    props.update(given.graph_properties())
    if given.settings is not None:
        props["settings"] = given.settings.json_text(over=defaults)
    props.pop("id", None)
    props["kind"] = "assistant"
    tx.run("write/personas/create", id=given.id, props=props, origin="template")
    if given.role is not None and not tx.run(
        "write/personas/set_role", id=given.id, role=given.role
    ):
        raise EntityNotFound(f"input.role: no role {given.role!r}; list them with `roles`")


def _create_workforce(tx: Transaction, template: Mapping[str, Any], given: FromTemplate) -> None:
    blueprints: dict[str, Any] = json.loads(template.get("blueprints") or "{}")
    if given.archetype is None or given.archetype.value not in blueprints:
        choices = ", ".join(sorted(blueprints)) or "none: reload the catalog"
        raise ValidationFailed(
            [
                f"input.archetype: {template['key']!r} makes a {template.get('name')} for one "
                f"archetype; give one of {choices}"
            ]
        )
    persona = _workforce_persona(template, blueprints[given.archetype.value], given)
    graph = plan.plan_persona(persona)
    [node] = graph.nodes.pop("Persona")
    props = {k: v for k, v in node.props.items() if k not in {"id", "origin", "is_active"}}
    props.update(_card_fields(given))
    tx.run("write/personas/create", id=given.id, props=props, origin="template")
    facets = [
        {"label": label, "key": row.key, "props": row.props}
        for label, rows in graph.nodes.items()
        if label in FACET_LABELS
        for row in rows
    ]
    if facets:
        tx.run("write/templates/merge_facets", rows=facets)
    for rel_type, links in graph.links.items():
        targets = [{"target": link.target, "props": link.props} for link in links]
        tx.run(LINKS[rel_type].create, rows=[{"source": given.id, "links": targets}])


def _workforce_persona(
    template: Mapping[str, Any], blueprint: Mapping[str, Any], given: FromTemplate
) -> Persona:
    if given.role is not None:
        raise ValidationFailed(
            [
                f"input.role: {template['key']!r} makes personas of role "
                f"{template.get('role')!r}; leave role out"
            ]
        )
    archetype = given.archetype
    assert archetype is not None  # checked by the caller
    changes = given.model_dump(exclude_none=True, exclude={"id", "archetype", "settings"})
    attributes = {**blueprint["attributes"]}
    attributes.update({k: v for k, v in changes.items() if k in _ATTRIBUTES})
    data = {
        **blueprint,
        "id": given.id,
        "name": given.name or f"{blueprint['title']} ({archetype.value.title()})",
        "archetype": archetype.value,
        "attributes": attributes,
    }
    for field in ("title", "tagline"):
        if field in changes:
            data[field] = changes[field]
    return parse(Persona, data, "input")


def _card_fields(given: FromTemplate) -> dict[str, Any]:
    """What a workforce persona takes from the input beyond the catalog's persona fields."""
    props = given.graph_properties()
    kept = {"category", "specialty", "tags", "description", "icon"}
    return {k: v for k, v in props.items() if k in kept}


def _record_creation(tx: Transaction, action: str, persona_id: str, actor: Actor) -> None:
    after = history.states(tx, [persona_id])[persona_id]
    record(tx, actor, [Change(action, persona_id, None, after)])
