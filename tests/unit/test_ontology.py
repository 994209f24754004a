"""The ontology module is the one description of the graph: it must agree with the
schema migrations and with what the seed loader writes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from personagraph.inference.behavioral_rules import FEATURES
from personagraph.model.ontology import NODE_TYPES, RELATIONSHIPS, node_type
from personagraph.seeding import pipeline

ROOT = Path(__file__).resolve().parents[2]
# Properties the loader keeps for itself, not part of the API: change detection, and what
# the last archetype inference read (the causes of a later migration).
INTERNAL = {"content_hash", "inference_inputs"}


def test_every_label_has_a_uniqueness_constraint_on_its_key() -> None:
    text = "".join(path.read_text() for path in sorted((ROOT / "cypher/schema").glob("*.cypher")))
    constrained = dict(re.findall(r"FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE", text))
    for node in NODE_TYPES:
        assert constrained.get(node.label) == node.key, node.label


def test_relationships_join_labels_of_the_ontology() -> None:
    labels = {node.label for node in NODE_TYPES}
    for rel in RELATIONSHIPS:
        assert {rel.source, rel.target} <= labels, rel.type


def test_field_names_do_not_collide_on_any_type() -> None:
    for node in NODE_TYPES:
        names = [prop.name for prop in node.properties]
        names += [rel.out_field for rel in RELATIONSHIPS if rel.source == node.label]
        names += [
            rel.in_field for rel in RELATIONSHIPS if rel.target == node.label and rel.in_field
        ]
        duplicated = [name for name, count in Counter(names).items() if count > 1]
        assert not duplicated, f"{node.label}: {duplicated}"


def test_every_property_the_seed_loader_writes_is_in_the_ontology() -> None:
    plan = pipeline.prepare(ROOT / "seeds").plan
    for label, rows in plan.nodes.items():
        declared = {prop.name for prop in node_type(label).properties}
        written = {name for row in rows for name in row.props} - INTERNAL
        assert written <= declared, f"{label}: {sorted(written - declared)}"
    by_type = {rel.type: rel for rel in RELATIONSHIPS}
    for rel_type, links in plan.links.items():
        declared = {prop.name for prop in by_type[rel_type].properties}
        written = {name for link in links for name in link.props}
        assert written <= declared, f"{rel_type}: {sorted(written - declared)}"


def test_an_unknown_label_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        node_type("Unicorn")


def test_assignments_carry_every_behavioral_feature() -> None:
    declared = {prop.name for prop in node_type("Assignment").properties}
    assert set(FEATURES) <= declared
