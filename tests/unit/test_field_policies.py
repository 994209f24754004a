"""Every root field declares the role it needs and how to count what it returns."""

from __future__ import annotations

from personagraph.api.graphql.build import build_schema
from personagraph.api.graphql.runtime.context import Role
from personagraph.api.graphql.runtime.internals import core_schema
from personagraph.api.graphql.runtime.policy import policy_of

SCHEMA = core_schema(build_schema())
# Webhooks hold where events go and the secrets that sign them: an administrator's.
ADMIN_QUERIES = {"exportJob", "exportJobs", "webhooks", "webhookDeliveries"}
# An import may retire every persona a file no longer holds: an administrator's call.
ADMIN_MUTATIONS = {
    "startExport",
    "importPersonaDefinitions",
    "createWebhook",
    "enableWebhook",
    "testWebhook",
}


def test_every_query_field_needs_a_reader_except_health_identity_and_exports() -> None:
    # server (health) and viewer (who the caller is: only what its own key says) need none.
    assert SCHEMA.query_type is not None
    roles = {name: policy_of(field) for name, field in SCHEMA.query_type.fields.items()}
    assert None not in roles.values(), [name for name, found in roles.items() if found is None]
    assert {name for name, found in roles.items() if found and found.role is None} == {
        "server",
        "viewer",
    }
    assert {
        name for name, found in roles.items() if found and found.role is Role.ADMIN
    } == ADMIN_QUERIES


def test_every_mutation_needs_an_editor_except_exports_and_imports() -> None:
    assert SCHEMA.mutation_type is not None
    for name, field in SCHEMA.mutation_type.fields.items():
        found = policy_of(field)
        assert found is not None, name
        assert found.role is (Role.ADMIN if name in ADMIN_MUTATIONS else Role.EDITOR), name


# A job's progress stream needs the role that starts the job.
PROGRESS_ROLES = {
    "exportProgress": Role.ADMIN,
    "scoringRunProgress": Role.EDITOR,
    "datasetProgress": Role.EDITOR,
}


def test_every_subscription_needs_a_reader_and_progress_the_role_of_its_job() -> None:
    assert SCHEMA.subscription_type is not None
    for name, field in SCHEMA.subscription_type.fields.items():
        found = policy_of(field)
        assert found is not None, name
        assert found.role is PROGRESS_ROLES.get(name, Role.READER), name


def test_fields_that_read_the_graph_count_their_worst_case() -> None:
    assert SCHEMA.query_type is not None
    fields = SCHEMA.query_type.fields
    for name in ("persona", "personas", "personasConnection", "search", "neighbourhood"):
        found = policy_of(fields[name])
        assert found is not None
        assert found.items is not None, name
