"""The ontology as data: every node label, its key and typed properties, and every
relationship type with its ends and properties.

This is the one place that says what the graph holds. The GraphQL schema (types,
filters, sorts, connections) and the relational export (tables, columns, keys) are
both generated from it, and the Cypher they compile takes labels, relationship types
and property names only from here, never from a request. Adding a property means
adding one :class:`Property` below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "NODE_TYPES",
    "RELATIONSHIPS",
    "Kind",
    "NodeType",
    "Property",
    "Relationship",
    "node_type",
]


class Kind(StrEnum):
    """The value type of a property, as stored in Neo4j."""

    STRING = "string"
    INT = "int"
    LONG = "long"  # integers that may exceed 32 bits (money, counts of people)
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    DATE = "date"
    STRING_LIST = "string_list"
    INT_LIST = "int_list"
    JSON = "json"  # a JSON document stored as a string property


@dataclass(frozen=True)
class Property:
    """One property: its name on the graph (snake_case), its kind, and what it means."""

    name: str
    kind: Kind
    description: str


@dataclass(frozen=True)
class NodeType:
    """A node label: its key property, its properties, and the names used around it.

    Attributes:
        label: the Neo4j label, also the GraphQL type name.
        key: the property that identifies a node (unique constraint).
        plural: the name of the collection (``personas``), for root fields and tables.
        soft_deletes: nodes carry ``is_active`` and are hidden when it is false.
        sorted_by: properties besides the key that have a range index (migration 008),
            so that a page sorted on one of them, ascending, is read in index order.
    """

    label: str
    key: str
    description: str
    properties: tuple[Property, ...]
    plural: str
    soft_deletes: bool = True
    sorted_by: tuple[str, ...] = ()

    def property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(f"{self.label} has no property {name!r}")


@dataclass(frozen=True)
class Relationship:
    """A relationship type between two labels, navigable from both ends.

    Attributes:
        type: the Neo4j relationship type.
        source, target: labels at the start and the end of the relationship.
        out_field: its name seen from the source (``Persona.painPoints``), snake_case.
        in_field: its name seen from the target (``PainPoint.personas``), or None
            when the reverse direction is not worth navigating.
        out_many, in_many: whether each end may hold many (a list) or one.
    """

    type: str
    source: str
    target: str
    out_field: str
    in_field: str | None
    description: str
    properties: tuple[Property, ...] = ()
    out_many: bool = True
    in_many: bool = True


def _p(name: str, kind: Kind, description: str) -> Property:
    return Property(name, kind, description)


S, INT, L, F, B, D, SL, J = (
    Kind.STRING,
    Kind.INT,
    Kind.LONG,
    Kind.FLOAT,
    Kind.BOOLEAN,
    Kind.DATETIME,
    Kind.STRING_LIST,
    Kind.JSON,
)

_LIFECYCLE: Final = (
    _p(
        "origin",
        S,
        "Where the node came from: seed, behavioral, template, duplicate, scratch or import.",
    ),
    _p("is_active", B, "False once the node is retired or soft-deleted."),
    _p("version", INT, "Bumped by every change; updates must name the version they read."),
    _p("created_at", D, "When the node was created."),
    _p("updated_at", D, "When the node last changed."),
)


def _text_node(label: str, plural: str, description: str, field: str = "text") -> NodeType:
    return NodeType(
        label,
        "key",
        description,
        (
            _p("key", S, "Normalized text: the identity of the shared node."),
            _p(field, S, "As written."),
            *_LIFECYCLE,
        ),
        plural,
    )


_PERSONA_PROPERTIES: Final = (
    _p("id", S, "Stable identifier (a slug)."),
    _p("kind", S, "workforce, behavioral or assistant."),
    _p("name", S, "Display name."),
    _p("title", S, "Job title."),
    _p("tagline", S, "One-line summary."),
    _p("archetype", S, "Declared archetype (AUTOMATOR, ORCHESTRATOR, LEARNER, SKEPTIC)."),
    _p("inferred_archetype", S, "Archetype inferred from the attributes."),
    _p("archetype_confidence", F, "Confidence of the inference, 0-1."),
    _p("work_complexity_score", F, "Inferred work complexity, 0-100."),
    _p("ai_maturity_score", F, "Inferred AI maturity, 0-100."),
    _p("requires_review", B, "Inference confidence is below the review threshold."),
    _p("archetype_mismatch", B, "Declared and inferred archetypes differ."),
    _p("seniority_level", S, "entry, mid, senior, director, executive or c_suite."),
    _p("years_of_experience", INT, "Years in the field."),
    _p("team_size", INT, "People managed."),
    _p("budget_authority", L, "Budget controlled, USD."),
    _p("technology_adoption", S, "laggard … innovator."),
    _p("risk_tolerance", S, "very_conservative … aggressive."),
    _p("change_readiness", S, "How ready for change."),
    _p("stakeholder_count", INT, "Stakeholders worked with."),
    _p("strategic_time_percent", INT, "Share of time on strategic work, 0-100."),
    _p("meeting_ratio", F, "Share of time in meetings, 0-1."),
    _p("function_attributes", J, "Attributes specific to the persona's function."),
    _p("category", S, "Category (assistant and template personas)."),
    _p("specialty", S, "Specialty (assistant and template personas)."),
    _p("tags", SL, "Free tags."),
    _p("is_default", B, "A protected default persona: cannot be deleted."),
    _p("is_favourite", B, "Marked as a favourite."),
    _p("description", S, "Assistant personas: what the persona is for, in a sentence or two."),
    _p("icon", S, "Assistant personas: an emoji or icon name shown on its card."),
    _p("system_prompt", S, "Assistant personas: the system prompt."),
    _p("context", S, "Assistant personas: background context."),
    _p("expertise", SL, "Assistant personas: areas of expertise."),
    _p("response_format", S, "Assistant personas: the expected answer format."),
    _p("settings", J, "Assistant personas: model settings (temperature, max_tokens, ...)."),
    _p("chat_count", L, "Chats started with the persona (from its metrics)."),
    _p("dataset_count", INT, "Datasets the persona draws on (the latest metrics report)."),
    _p("last_used_at", D, "When a request last reached the persona (from its metrics)."),
    _p("behavioral_id", INT, "Behavioral personas: the rule set's persona id (1-5)."),
    _p("priority", S, "Behavioral personas: priority (critical, high, ...)."),
    _p("priority_rank", INT, "Behavioral personas: 1 = the highest priority."),
    _p("focus", S, "Behavioral personas: what guidance focuses on."),
    _p("risk", S, "Behavioral personas: the risk it signals."),
    _p("criteria", SL, "Behavioral personas: the rule, one criterion per entry."),
    _p("rule", J, "Behavioral personas: the rule as data."),
    _p("severity_feature", S, "Behavioral personas: the feature severity is scaled from."),
    _p("severity_scale", F, "Behavioral personas: the severity scale."),
    *_LIFECYCLE,
)

NODE_TYPES: Final[tuple[NodeType, ...]] = (
    NodeType(
        "Function",
        "key",
        "A business function (e.g. MEDICAL_AFFAIRS).",
        (
            _p("key", S, "Identifier."),
            _p("name", S, "Display name."),
            _p("description", S, "What it does."),
            *_LIFECYCLE,
        ),
        "functions",
        sorted_by=("name",),
    ),
    NodeType(
        "Role",
        "key",
        "A role within a function.",
        (
            _p("key", S, "Identifier."),
            _p("title", S, "Title."),
            _p("seniority_level", S, "Seniority."),
            *_LIFECYCLE,
        ),
        "roles",
        sorted_by=("title",),
    ),
    NodeType(
        "Persona",
        "id",
        "A person in a business role.",
        _PERSONA_PROPERTIES,
        "personas",
        sorted_by=("name", "title"),
    ),
    NodeType(
        "Archetype",
        "name",
        "An AI-adoption archetype.",
        (
            _p("name", S, "AUTOMATOR, ORCHESTRATOR, LEARNER or SKEPTIC."),
            _p("description", S, "What characterises it."),
            _p("adoption_weight", INT, "Weight in adoption readiness (100/90/50/20)."),
            *_LIFECYCLE,
        ),
        "archetypes",
    ),
    NodeType(
        "JTBD",
        "key",
        "A job to be done.",
        (
            _p("key", S, "Identifier."),
            _p("statement", S, "The job."),
            _p("category", S, "Category."),
            *_LIFECYCLE,
        ),
        "jtbds",
    ),
    NodeType(
        "Outcome",
        "key",
        "A desired outcome of a job.",
        (_p("key", S, "Identifier."), _p("statement", S, "The outcome."), *_LIFECYCLE),
        "outcomes",
    ),
    NodeType(
        "PainPoint",
        "key",
        "A pain point, shared by every persona who has it.",
        (
            _p("key", S, "Normalized text."),
            _p("text", S, "As written."),
            _p("category", S, "Category (e.g. manual_work)."),
            *_LIFECYCLE,
        ),
        "pain_points",
    ),
    _text_node("Goal", "goals", "A goal personas pursue."),
    _text_node("Challenge", "challenges", "A challenge personas face."),
    _text_node("Motivation", "motivations", "What motivates personas."),
    _text_node("Frustration", "frustrations", "What frustrates personas."),
    _text_node("Responsibility", "responsibilities", "A responsibility personas hold."),
    _text_node("Skill", "skills", "A skill.", field="name"),
    _text_node("Stakeholder", "stakeholders", "Someone personas work with.", field="name"),
    _text_node("Activity", "activities", "An activity personas spend time on.", field="name"),
    NodeType(
        "Opportunity",
        "key",
        "An AI opportunity that addresses pain points and supports jobs.",
        (
            _p("key", S, "Identifier."),
            _p("name", S, "Name."),
            _p("description", S, "What it is."),
            _p("feasibility", F, "Feasibility, 0-1."),
            _p("value_multiplier", F, "Multiplier of pain severity in impact."),
            _p("estimated_annual_value_usd", L, "Estimated annual value, USD."),
            _p("effort_person_months", F, "Estimated effort."),
            _p("status", S, "idea, validated, in_progress, delivered."),
            _p("score_rank", INT, "Rank in the latest scoring run."),
            _p("score_overall", F, "Overall score in the latest run, 0-1."),
            _p("score_reach", F, "Reach in the latest run, 0-1."),
            _p("score_impact", F, "Impact in the latest run, 0-1."),
            _p("score_feasibility", F, "Feasibility in the latest run, 0-1."),
            _p("score_adoption_readiness", F, "Adoption readiness in the latest run, 0-1."),
            _p("score_run", S, "Id of the latest scoring run."),
            *_LIFECYCLE,
        ),
        "opportunities",
        sorted_by=("name", "score_rank"),
    ),
    NodeType(
        "ServiceLayer",
        "name",
        "How an assistant serves a request (ASK_EXPERT, ASK_PANEL, WORKFLOWS, SOLUTION_BUILDER).",
        (_p("name", S, "Identifier."), _p("description", S, "What it does."), *_LIFECYCLE),
        "service_layers",
    ),
    NodeType(
        "ScoringRun",
        "id",
        "One opportunity-scoring run.",
        (
            _p("id", S, "Identifier."),
            _p("started_at", D, "Start."),
            _p("finished_at", D, "End."),
            _p("parameters", J, "Segment and settings of the run."),
            _p("gds_version", S, "GDS version that computed it."),
        ),
        "scoring_runs",
        soft_deletes=False,
    ),
    NodeType(
        "Subject",
        "id",
        "A person assigned behavioral personas from signal data.",
        (_p("id", S, "The subject's user id."),),
        "subjects",
        soft_deletes=False,
    ),
    NodeType(
        "Assignment",
        "id",
        "A subject's behavioral personas for one window and as-of date, with its features.",
        (
            _p("id", S, "user_id|window_days|as_of."),
            _p("user_id", S, "The subject."),
            _p("window_days", INT, "30 or 180."),
            _p("as_of", Kind.DATE, "The as-of date of the features."),
            _p("status", S, "ASSIGNED or STABLE."),
            _p("primary_persona_id", INT, "Primary behavioral persona (1-5), if any."),
            _p("primary_persona_name", S, "Its name."),
            _p("secondary_persona_id", INT, "Secondary behavioral persona (1-5), if any."),
            _p("secondary_persona_name", S, "Its name."),
            _p("matched_persona_ids", Kind.INT_LIST, "Every matched persona, best first."),
            _p("missing_features", SL, "Features the signal files did not give."),
            _p("trace", J, "The audit trace: all five evaluations and the reasoning."),
            _p("rules_hash", S, "Digest of the rule set that made it."),
            _p("assigned_at", D, "When."),
            _p("recurring_merchant_count", INT, "Recurring merchants."),
            _p("monthly_recurring_spend", F, "Recurring USD per month."),
            _p("subscription_share", F, "Recurring over all spend, 0-1."),
            _p("growth_rate", F, "Savings growth over the window, 0.02 = 2%."),
            _p("net_inflow", F, "Net USD into savings over the window."),
            _p("max_utilization", F, "Highest card utilization; null: no card."),
            _p("interest_charges", F, "Interest USD charged over the window."),
            _p("minimum_payment_only", B, "Only minimum payments were made."),
            _p("is_overdue", B, "A card payment is overdue."),
            _p("median_pay_gap_days", F, "Median days between paychecks."),
            _p("cash_flow_buffer_months", F, "Months of expenses in checking."),
            _p("pct_days_below_100", F, "Share of days under $100, 0-1."),
            _p("balance_volatility", F, "Daily balance std dev over mean."),
        ),
        "assignments",
        soft_deletes=False,
    ),
    NodeType(
        "AnalysisRun",
        "id",
        "One pain-clustering or persona-similarity run.",
        (
            _p("id", S, "Identifier."),
            _p("kind", S, "pain_clusters or similar_personas."),
            _p("started_at", D, "Start."),
            _p("finished_at", D, "End (null while it runs or if it failed)."),
            _p("parameters", J, "Settings of the run."),
            _p("gds_version", S, "GDS version that computed it."),
        ),
        "analysis_runs",
        soft_deletes=False,
    ),
    NodeType(
        "PainCluster",
        "id",
        "Pain points felt by the same personas (node similarity, then Leiden).",
        (
            _p("id", S, "Identifier."),
            _p("run", S, "The clustering run."),
            _p("rank", INT, "Rank by persona count."),
            _p("name", S, "Named after its most shared pain point."),
            _p("functions", SL, "Keys of the functions it spans."),
            _p("function_count", INT, "How many functions it spans."),
            _p("persona_count", INT, "Personas having any of its pain points."),
            _p("mean_severity", F, "Mean severity of its pain points."),
            _p("opportunities", SL, "Keys of opportunities addressing any of its pain points."),
            _p("unaddressed", SL, "Keys of its pain points no opportunity addresses."),
            _p("white_space", B, "No opportunity addresses any of its pain points."),
        ),
        "pain_clusters",
        soft_deletes=False,
    ),
    NodeType(
        "ArchetypeMigration",
        "id",
        "A change of a persona's archetype: a person's override (kind override) or a "
        "re-inference that moved it to another quadrant after its attributes changed "
        "(kind inferred).",
        (
            _p("id", S, "Identifier."),
            _p("persona_id", S, "The persona."),
            _p("kind", S, "override (a person decided) or inferred (re-inference moved it)."),
            _p("from_archetype", S, "Archetype before."),
            _p("to_archetype", S, "Archetype after."),
            _p("function_key", S, "The persona's function when it happened."),
            _p("work_complexity_before", F, "Inferred: work complexity before, 0-100."),
            _p("work_complexity_after", F, "Inferred: work complexity after, 0-100."),
            _p("ai_maturity_before", F, "Inferred: AI maturity before, 0-100."),
            _p("ai_maturity_after", F, "Inferred: AI maturity after, 0-100."),
            _p("confidence_before", F, "Inferred: confidence before, 0-1."),
            _p("confidence_after", F, "Inferred: confidence after, 0-1."),
            _p(
                "causes",
                J,
                "Inferred: the attribute changes that caused it, [{attribute, before, after}].",
            ),
            _p("reason", S, "Why: the person's reason, or the changes and scores in words."),
            _p("actor", S, "Who (API key name, or the catalog load)."),
            _p("occurred_at", D, "When."),
        ),
        "archetype_migrations",
        soft_deletes=False,
    ),
    NodeType(
        "AuditEvent",
        "id",
        "One change made through the API.",
        (
            _p("id", S, "Identifier."),
            _p(
                "action",
                S,
                "create, update, delete, duplicate, override_archetype, reinfer, "
                "create_from_template, favourite, import, retire, restore.",
            ),
            _p("entity_label", S, "Label of the changed node."),
            _p("entity_key", S, "Key of the changed node."),
            _p("actor", S, "Who (API key name, or cli:<user>)."),
            _p("request_id", S, "The HTTP request."),
            _p("occurred_at", D, "When."),
            _p("before", J, "Properties before the change."),
            _p("after", J, "Properties after the change."),
        ),
        "audit_events",
        soft_deletes=False,
    ),
    NodeType(
        "RoutingRule",
        "id",
        "A routing rule or override of seeds/routing/rules.yaml (docs/routing.md).",
        (
            _p("id", S, "Identifier, unique across rules and overrides."),
            _p("kind", S, "rule (decides the route) or override (changes settings after)."),
            _p("description", S, "What it is for, in words."),
            _p("priority", INT, "Higher decides first (rules) or has the last word (overrides)."),
            _p("conditions", J, "The facts it accepts: archetype, request_type, function…"),
            _p("service_layer", S, "Where a rule routes (overrides: the layer they set, if any)."),
            _p("configuration", J, "The settings a rule gives, or the ones an override changes."),
            *_LIFECYCLE,
        ),
        "routing_rules",
    ),
    NodeType(
        "RoutingRuleSet",
        "id",
        "One version of seeds/routing/ (rules and policies); the active one is in force.",
        (
            _p("id", S, "The rules version: a digest of the rules and policies."),
            _p("rules", J, "The rules file, as loaded."),
            _p("policies", J, "The policies file, as loaded."),
            _p("rule_count", INT, "Rules in it."),
            _p("override_count", INT, "Overrides in it."),
            _p("policy_count", INT, "Policies in it."),
            *_LIFECYCLE,
        ),
        "routing_rule_sets",
    ),
    NodeType(
        "RoutingDecision",
        "id",
        "One routed request, as logged: personal data redacted.",
        (
            _p("id", S, "Identifier."),
            _p("decided_at", D, "When."),
            _p("persona_id", S, "The persona it was routed for."),
            _p("archetype", S, "The persona's archetype then."),
            _p("function", S, "The persona's function then."),
            _p("role", S, "The persona's role then."),
            _p("request", S, "The request, personal data redacted."),
            _p("context", J, "The context, personal data redacted."),
            _p("request_type", S, "routine_task, quick_question, strategic, learning…"),
            _p("complexity", S, "low, medium or high."),
            _p("sentiment", S, "very_negative … very_positive."),
            _p("sentiment_score", F, "VADER's compound score, -1 to 1."),
            _p("policy_action", S, "allow, redact, block or escalate."),
            _p("findings", SL, "Ids of the policies that fired."),
            _p("service_layer", S, "Where it went."),
            _p("configuration", J, "With what settings."),
            _p("rule_id", S, "The rule (or policy) that decided."),
            _p("rule_kind", S, "rule or policy."),
            _p("overrides", SL, "Overrides that changed settings."),
            _p("rules_version", S, "The RoutingRuleSet in force."),
            _p("decision_ms", F, "Time to decide, in milliseconds."),
        ),
        "routing_decisions",
        soft_deletes=False,
    ),
    NodeType(
        "Template",
        "key",
        "A starting point for new personas: an assistant's prompt and settings, or a "
        "role's building blocks per archetype.",
        (
            _p("key", S, "Identifier (a slug, e.g. cbt-therapist)."),
            _p("kind", S, "assistant or workforce: the kind of persona it makes."),
            _p("name", S, "Display name."),
            _p("specialty", S, "Specialty (e.g. Cognitive Behavioral Therapy)."),
            _p("description", S, "What it is for."),
            _p("prompt_template", S, "Assistant templates: the base system prompt."),
            _p("icon", S, "Suggested emoji or icon."),
            _p("default_settings", J, "Model settings a new persona starts with."),
            _p("category", S, "Category (e.g. therapy, workforce)."),
            _p("tags", SL, "Free tags."),
            _p("key_features", SL, "What it does well, one feature per entry."),
            _p("best_for", S, "Who or what it suits best."),
            _p("context", S, "Assistant templates: default background context."),
            _p("expertise", SL, "Assistant templates: default areas of expertise."),
            _p("response_format", S, "Assistant templates: default answer format."),
            _p("role", S, "Workforce templates: key of the role it makes personas for."),
            _p("blueprints", J, "Workforce templates: per archetype, the persona it starts."),
            *_LIFECYCLE,
        ),
        "templates",
        sorted_by=("name",),
    ),
    NodeType(
        "PersonaVersion",
        "id",
        "One change of a persona: who made it, and the values of the fields it replaced.",
        (
            _p("id", S, "<persona id>@<version>."),
            _p("persona_id", S, "The persona."),
            _p("version", INT, "The version the change made."),
            _p("action", S, "What made it (as AuditEvent.action; seed, behavioral: loads)."),
            _p("actor", S, "Who."),
            _p("changed_at", D, "When."),
            _p("changed", SL, "The fields it changed."),
            _p("replaced", J, "Each changed field's value before it (null: it had none)."),
        ),
        "persona_versions",
        soft_deletes=False,
    ),
    NodeType(
        "MetricBucket",
        "id",
        "A persona's requests in one time bucket (an hour, or a day once compacted).",
        (
            _p("id", S, "<persona id>|<hour or day>|<start, ISO 8601>."),
            _p("persona_id", S, "The persona."),
            _p("granularity", S, "hour or day."),
            _p("start", D, "Start of the bucket (UTC)."),
            _p("requests", L, "Requests served."),
            _p("successes", L, "Requests that succeeded."),
            _p("chats", L, "Chats started."),
            _p("latency_histogram", Kind.INT_LIST, "Requests per fixed latency bin."),
            _p("latency_sum_ms", F, "Sum of latencies, ms (for the mean)."),
            _p("latency_max_ms", F, "Slowest request, ms."),
            _p("satisfaction_sum", F, "Sum of satisfaction ratings."),
            _p("satisfaction_count", L, "Satisfaction ratings given."),
        ),
        "metric_buckets",
        soft_deletes=False,
    ),
    NodeType(
        "PersonaConfiguration",
        "id",
        "One version of a persona's configuration document of one type.",
        (
            _p("id", S, "<persona id>|<type>|<version>."),
            _p("persona_id", S, "The persona."),
            _p("type", S, "What it configures (e.g. metrics, routing)."),
            _p("version", INT, "1 for the first document of the type, then one more each time."),
            _p("document", J, "The configuration, a JSON object."),
            _p("is_current", B, "The latest version of its type."),
            _p("created_by", S, "Who."),
            _p("created_at", D, "When."),
        ),
        "persona_configurations",
        soft_deletes=False,
    ),
)

_SEVERITY = _p("severity", INT, "How much it hurts, 1-5.")
_FREQUENCY = _p("frequency", S, "How often.")
_SCORES = (
    _p("rank", INT, "Rank in the run."),
    _p("overall", F, "Overall score, 0-1."),
    _p("reach", F, "Reach, 0-1."),
    _p("impact", F, "Impact, 0-1."),
    _p("feasibility", F, "Feasibility, 0-1."),
    _p("adoption_readiness", F, "Adoption readiness, 0-1."),
    _p("explanation", J, "Top contributing personas, pain points, JTBDs and functions."),
)

RELATIONSHIPS: Final[tuple[Relationship, ...]] = (
    Relationship(
        "IN_FUNCTION",
        "Role",
        "Function",
        "function",
        "roles",
        "The role's function.",
        out_many=False,
    ),
    Relationship(
        "HAS_ROLE", "Persona", "Role", "role", "personas", "The persona's role.", out_many=False
    ),
    Relationship(
        "IS_A",
        "Persona",
        "Archetype",
        "archetypes",
        "personas",
        "Declared and inferred archetypes.",
        (
            _p("declared", B, "The catalog declares it."),
            _p("inferred", B, "Inference gives it."),
            _p("confidence", F, "Inference confidence."),
            _p("overridden", B, "Set by a person's override."),
        ),
    ),
    Relationship(
        "EXPERIENCES",
        "Persona",
        "PainPoint",
        "pain_points",
        "personas",
        "Pain points.",
        (_SEVERITY, _FREQUENCY),
    ),
    Relationship(
        "PURSUES",
        "Persona",
        "Goal",
        "goals",
        "personas",
        "Goals.",
        (_p("priority", S, "Priority."),),
    ),
    Relationship("FACES", "Persona", "Challenge", "challenges", "personas", "Challenges."),
    Relationship(
        "MOTIVATED_BY", "Persona", "Motivation", "motivations", "personas", "Motivations."
    ),
    Relationship(
        "FRUSTRATED_BY", "Persona", "Frustration", "frustrations", "personas", "Frustrations."
    ),
    Relationship(
        "HAS_SKILL",
        "Persona",
        "Skill",
        "skills",
        "personas",
        "Skills.",
        (_p("level", S, "Level."),),
    ),
    Relationship(
        "RESPONSIBLE_FOR",
        "Persona",
        "Responsibility",
        "responsibilities",
        "personas",
        "Responsibilities.",
    ),
    Relationship(
        "WORKS_WITH",
        "Persona",
        "Stakeholder",
        "stakeholders",
        "personas",
        "Stakeholders.",
        (_FREQUENCY,),
    ),
    Relationship(
        "SPENDS_TIME",
        "Persona",
        "Activity",
        "activities",
        "personas",
        "Time use.",
        (_p("percent", INT, "Share, 0-100."),),
    ),
    Relationship(
        "PERFORMS",
        "Persona",
        "JTBD",
        "jtbds",
        "personas",
        "Jobs performed.",
        (_p("importance", INT, "Importance, 1-10."), _FREQUENCY),
    ),
    Relationship(
        "HAS_OUTCOME", "JTBD", "Outcome", "outcomes", "jtbds", "Desired outcomes of the job."
    ),
    Relationship(
        "RATES",
        "Persona",
        "Outcome",
        "outcomes",
        "personas",
        "Outcome ratings.",
        (
            _p("importance", INT, "Importance, 1-10."),
            _p("satisfaction", INT, "Satisfaction today, 1-10."),
        ),
    ),
    Relationship(
        "PREFERS",
        "Persona",
        "ServiceLayer",
        "service_layers",
        "personas",
        "Preferred service layers.",
        (_p("weight", F, "Weight."),),
    ),
    Relationship(
        "ADDRESSES",
        "Opportunity",
        "PainPoint",
        "pain_points",
        "opportunities",
        "Pain points it addresses.",
        (_p("strength", F, "How well, 0-1."),),
    ),
    Relationship("SUPPORTS", "Opportunity", "JTBD", "jtbds", "opportunities", "Jobs it supports."),
    Relationship(
        "DELIVERED_VIA",
        "Opportunity",
        "ServiceLayer",
        "service_layers",
        "opportunities",
        "Delivery.",
    ),
    Relationship(
        "SCORED", "ScoringRun", "Opportunity", "scores", "scorings", "Scores of a run.", _SCORES
    ),
    Relationship(
        "SIMILAR_TO",
        "Persona",
        "Persona",
        "similar_personas",
        None,
        "Most similar personas (from the latest similarity run).",
        (
            _p("score", F, "Similarity, 0-1."),
            _p("rank", INT, "1 = the most similar."),
            _p("run", S, "The similarity run."),
        ),
    ),
    Relationship(
        "HAS_ASSIGNMENT",
        "Subject",
        "Assignment",
        "assignments",
        "subject",
        "Assignments per window and as-of date.",
        in_many=False,
    ),
    Relationship(
        "PRIMARY",
        "Assignment",
        "Persona",
        "primary",
        "primary_assignments",
        "The primary behavioral persona.",
        (_p("severity", F, "Severity of the match."),),
        out_many=False,
    ),
    Relationship(
        "SECONDARY",
        "Assignment",
        "Persona",
        "secondary",
        "secondary_assignments",
        "The secondary behavioral persona.",
        (_p("severity", F, "Severity of the match."),),
        out_many=False,
    ),
    Relationship(
        "FOUND",
        "AnalysisRun",
        "PainCluster",
        "clusters",
        "analysis_run",
        "Clusters found.",
        in_many=False,
    ),
    Relationship(
        "GROUPS", "PainCluster", "PainPoint", "pain_points", "clusters", "Its pain points."
    ),
    Relationship(
        "OF",
        "ArchetypeMigration",
        "Persona",
        "persona",
        "archetype_migrations",
        "The persona.",
        out_many=False,
    ),
    Relationship(
        "CREATED_FROM",
        "Persona",
        "Persona",
        "created_from",
        "derived_personas",
        "The persona it was duplicated from.",
        out_many=False,
    ),
    Relationship(
        "CREATED_FROM",
        "Persona",
        "Template",
        "template",
        "personas",
        "The template the persona was created from.",
        out_many=False,
    ),
    Relationship(
        "FOR_ROLE",
        "Template",
        "Role",
        "for_role",
        "templates",
        "Workforce templates: the role they make personas for.",
        out_many=False,
    ),
    Relationship(
        "VERSION_OF",
        "PersonaVersion",
        "Persona",
        "persona",
        "versions",
        "The persona changed (its history, newest first, is Persona.history).",
        out_many=False,
    ),
    Relationship(
        "MEASURES",
        "MetricBucket",
        "Persona",
        "persona",
        None,
        "The persona measured (per period: the personaMetrics query).",
        out_many=False,
    ),
    Relationship(
        "CONFIGURES",
        "PersonaConfiguration",
        "Persona",
        "persona",
        "configurations",
        "The persona configured.",
        out_many=False,
    ),
    Relationship(
        "CONCERNS",
        "AuditEvent",
        "Persona",
        "persona",
        "audit_events",
        "The persona changed.",
        out_many=False,
    ),
    Relationship(
        "FOR_PERSONA",
        "RoutingDecision",
        "Persona",
        "persona",
        "routing_decisions",
        "The persona the request was routed for.",
        out_many=False,
    ),
)

_BY_LABEL: Final = {node.label: node for node in NODE_TYPES}


def node_type(label: str) -> NodeType:
    """The node type of ``label``.

    Raises:
        KeyError: ``label`` is not part of the ontology.
    """
    return _BY_LABEL[label]
