"""Every knob of personagraph, in one place.

Values come from environment variables: the Neo4j connection uses the names the
Neo4j tools use (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``); everything else is ``PERSONAGRAPH_<FIELD>``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Provisioner = Literal["auto", "external", "docker", "local"]


def _xdg_dir(variable: str, fallback: str) -> Path:
    base = os.environ.get(variable) or str(Path.home() / fallback)
    return Path(base) / "personagraph"


# bolt: one server; neo4j: routing (a cluster, Aura, or one server); +s: TLS with a
# verified certificate, +ssc: TLS with a self-signed one.
URI_SCHEMES: Final = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Settings(BaseSettings):
    """personagraph configuration (see the table in README.md)."""

    model_config = SettingsConfigDict(
        env_prefix="PERSONAGRAPH_", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "PERSONAGRAPH_NEO4J_URI")
    )

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, uri: str | None) -> str | None:
        # neo4j:// routes: reads to readers, writes to the leader (a single server is both).
        if uri is not None and uri.split("://", 1)[0] not in URI_SCHEMES:
            raise ValueError(
                f"NEO4J_URI {uri!r} has no scheme Neo4j's driver knows; give one of "
                f"{', '.join(s + '://' for s in URI_SCHEMES)} (neo4j:// for a cluster or Aura)"
            )
        return uri

    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "PERSONAGRAPH_NEO4J_USER")
    )
    neo4j_password: str | None = Field(
        default=None,
        repr=False,
        validation_alias=AliasChoices("NEO4J_PASSWORD", "PERSONAGRAPH_NEO4J_PASSWORD"),
    )
    neo4j_database: str = Field(
        default="neo4j",
        validation_alias=AliasChoices("NEO4J_DATABASE", "PERSONAGRAPH_NEO4J_DATABASE"),
    )

    provisioner: Provisioner = "auto"
    neo4j_version: str = "5.26.24"
    gds_version: str = "2.13.9"
    # APOC core (org.neo4j.procedure:apoc-core) in the local server: off unless asked for
    # (the Neo4j GraphQL Library peer of bench/compare_peer.py uses it). 5.26.19 is the
    # newest 5.26 release on Maven Central; APOC follows the server's major.minor.
    neo4j_apoc: bool = False
    apoc_version: str = "5.26.19"
    docker_image: str = "neo4j:5.26-community"
    cache_dir: Path = Field(default_factory=lambda: _xdg_dir("XDG_CACHE_HOME", ".cache"))
    data_dir: Path = Field(default_factory=lambda: _xdg_dir("XDG_DATA_HOME", ".local/share"))
    instance: str = "default"
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_start_timeout: float = Field(default=180.0, gt=0)

    # `personagraph assign --engine spark` (docs/behavioral-batch.md): the master the
    # session starts with (local[*]: every core of this machine; spark://host:7077 a
    # cluster), the driver's heap (in local mode the executors run inside it) and the
    # Neo4j Connector for Apache Spark, Scala 2.13 build, fetched with Spark into cache_dir.
    spark_master: str = Field(default="local[*]", min_length=1)
    spark_driver_memory: str = "2g"
    spark_connector_version: str = "5.3.8_for_spark_3"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    graphiql: bool = False

    # GraphQL limits: every request is bounded, whatever a client sends.
    max_page_size: int = Field(default=1000, ge=1)
    max_query_depth: int = Field(default=12, ge=1)
    max_aliases: int = Field(default=50, ge=1)
    max_tokens: int = Field(default=4000, ge=1)
    query_timeout: float = Field(default=10.0, gt=0)
    # Reads without an API key (the explorer, local development); mutations always need one.
    anonymous_reads: bool = False

    # The largest catalog or rules file read (YAML/JSON text; parsing takes several times
    # more memory). The biggest function file of a 100,000-persona synthetic catalog is
    # about 46 MB.
    catalog_max_file_bytes: int = Field(default=128 * 1024 * 1024, ge=1)
    # The largest persona definitions file imported (10,000 definitions with 2 KB prompts
    # are about 25 MB).
    definitions_max_file_bytes: int = Field(default=64 * 1024 * 1024, ge=1)
    # Bounded resources (docs/graphql.md, "Limits and errors").
    max_request_bytes: int = Field(default=1_048_576, ge=1)
    parse_cache_bytes: int = Field(default=32 * 1_048_576, ge=0)
    # The most items (nodes, edges) a request may return in the worst case its pages allow.
    max_response_items: int = Field(default=2_000_000, ge=1)
    metrics_operation_names: int = Field(default=100, ge=0)
    # Rate limits in items (a request costs the most it may return, at least 1) per
    # window, per API key of each role; callers without a key share one per client
    # address. 0: no limit.
    rate_limit_window: float = Field(default=60.0, gt=0)
    rate_limit_anonymous: int = Field(default=2_000_000, ge=0)
    rate_limit_reader: int = Field(default=6_000_000, ge=0)
    rate_limit_editor: int = Field(default=6_000_000, ge=0)
    rate_limit_admin: int = Field(default=12_000_000, ge=0)
    # Load shedding, per worker process: operations at once, and how long the next wait.
    max_in_flight: int = Field(default=32, ge=1)
    queue_timeout: float = Field(default=1.0, ge=0)
    # Routing (docs/routing.md): the longest request accepted, and the audit log's batches.
    routing_max_request_chars: int = Field(default=8000, ge=1)
    routing_audit: bool = True
    routing_audit_batch: int = Field(default=500, ge=1)
    routing_audit_interval: float = Field(default=0.5, gt=0)
    routing_audit_capacity: int = Field(default=50_000, ge=1)
    # A request without a persona is routed for the closest persona of this kind by
    # persona matching (the local embedding model), unless its score is under the minimum.
    routing_match_personas: bool = True
    routing_match_kind: Literal["workforce", "behavioral", "assistant"] | None = "workforce"
    routing_match_min_score: float = Field(default=0.0, ge=0, le=1)
    # The request type by the nearest labelled example too (docs/routing.md), when the
    # embedding model loads; it decides only when no rule cue matched, at this similarity.
    routing_nearest_examples: bool = True
    routing_nearest_min_similarity: float = Field(default=0.5, ge=-1, le=1)

    # The serving cache of persona and template reads by key (docs/assistant-personas.md):
    # each worker checks the graph's change sequence at most this often (seconds), so a
    # write anywhere is served everywhere within about this long.
    serving_cache: bool = True
    serving_cache_check_interval: float = Field(default=0.25, gt=0, le=1)
    serving_cache_entries: int = Field(default=10_000, ge=1)
    # Metrics older than this many days are kept per day, newer ones per hour.
    metrics_hourly_days: int = Field(default=7, ge=0)

    # Events (docs/events.md): outbox events older than this many days are pruned (by each
    # worker of the service, at most every events_prune_interval seconds); each worker reads
    # new events every events_poll_interval seconds while it has subscribers, so an event
    # reaches a subscriber on any worker within about that long.
    events_max_age_days: int = Field(default=30, ge=1)
    events_prune_interval: float = Field(default=3600.0, gt=0)
    events_poll_interval: float = Field(default=0.25, gt=0, le=1)
    # Events a slow subscriber may have waiting before it is told to resume with `after`.
    events_subscriber_queue: int = Field(default=1000, ge=1)
    # WebSocket subscriptions: operations open at once on one connection, and the page
    # origins (besides the service's own) whose browsers may connect, e.g.
    # '["https://app.example.com"]'.
    max_subscriptions_per_connection: int = Field(default=20, ge=1)
    allowed_origins: list[str] = Field(default_factory=list)
    # Webhooks (docs/events.md): attempts per event, the first retry's delay (doubling,
    # with jitter), each attempt's timeout, failures in a row that disable a hook, and
    # whether targets in private, loopback or link-local ranges are allowed.
    webhook_max_attempts: int = Field(default=5, ge=1)
    webhook_retry_base: float = Field(default=1.0, gt=0)
    webhook_timeout: float = Field(default=5.0, gt=0)
    webhook_disable_after: int = Field(default=10, ge=1)
    webhook_allow_private: bool = False

    # Driver behaviour when the server goes away: fail within seconds, not minutes.
    connection_timeout: float = Field(default=5.0, gt=0)
    transaction_retry_seconds: float = Field(default=15.0, ge=0)
    # /readyz and { server { ready } } answer "not ready" when Neo4j has not answered by then.
    readiness_timeout: float = Field(default=1.5, gt=0)
    # The Retry-After (seconds) of an answer that failed because Neo4j was unreachable.
    unavailable_retry_after: int = Field(default=2, ge=1)

    # Documents (docs/documents.md): what one file may be, and how it is cut into chunks.
    document_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    # A DOCX is a zip: refuse one whose members unpack beyond this (a zip bomb).
    document_max_unpacked_bytes: int = Field(default=200 * 1024 * 1024, ge=1)
    chunk_tokens: int = Field(default=512, ge=16)
    chunk_overlap: int = Field(default=50, ge=0)

    # Local embeddings (docs/documents.md): threads onnxruntime may use, texts per batch.
    embedding_threads: int = Field(default=2, ge=1)
    embedding_batch_size: int = Field(default=32, ge=1)

    # Retrieval: defaults of retrieveContext / docs search, and how candidates are fused.
    retrieval_max_chunks: int = Field(default=5, ge=1, le=50)
    retrieval_threshold: float = Field(default=0.7, ge=0, le=1)
    # Candidates each search (vector, full-text) brings per chunk asked for, before re-ranking.
    retrieval_candidates_per_chunk: int = Field(default=4, ge=1)
    # How far full-text evidence lifts a chunk's similarity toward 1 (0: vector only).
    retrieval_lexical_weight: float = Field(default=0.5, ge=0, le=1)
    # A persona whose datasets hold at most this many chunks is searched exactly (every
    # chunk compared); above it the vector index is used and its hits filtered.
    retrieval_exact_scan_limit: int = Field(default=20_000, ge=0)
    # The vector index is asked for this many times the candidates wanted, divided by the
    # persona's share of all chunks: larger finds more of the true nearest, slower.
    retrieval_index_oversampling: int = Field(default=2, ge=1)
    # Score factors per access level of a (Persona)-[:USES_DATASET]->(Dataset) link.
    access_level_factors: dict[str, float] = Field(
        default_factory=lambda: {"full": 1.0, "summary": 0.85, "reference_only": 0.7}
    )
    max_query_chars: int = Field(default=2_000, ge=1)
    # A dataset left `processing` longer than this (a crashed run) may be taken over.
    document_processing_timeout: float = Field(default=600.0, gt=0)

    @property
    def instance_dir(self) -> Path:
        """Where the local server of ``instance`` keeps its config, data and logs."""
        return self.data_dir / "neo4j" / self.instance


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
