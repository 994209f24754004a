"""The errors personagraph raises.

Every error derives from :class:`PersonagraphError`, so callers can catch one
class. Messages name the bad value and say how to fix it.

::

    PersonagraphError
    ├── ConfigurationError            a setting or environment value is unusable
    ├── ProvisioningError             a Neo4j server could not be built or started
    │   ├── ToolMissing               java / mvn / docker absent or too old
    │   ├── BuildFailed               assembling Neo4j + GDS (or Spark) from Maven Central failed
    │   └── ServerStartFailed         the server did not become ready (names its log)
    ├── EntityNotFound                an edit or lookup names a node that does not exist
    ├── EditConflict                  stale version, taken key or protected node
    │   └── PersonaDeleted            the persona is soft-deleted: no more edits
    ├── StoreError                    talking to Neo4j (or its GDS plugin) failed
    │   ├── DatabaseUnavailable       no connection (server down, wrong address)
    │   ├── AuthenticationFailed      wrong user or password
    │   ├── DatabaseBusy              transient failure that outlived the retries
    │   ├── ConstraintViolation       a write broke a uniqueness/existence rule
    │   ├── QueryFailed               the server rejected a statement or a GDS call
    │   │   └── QueryTimedOut         it ran past its time limit
    │   ├── QueryNotFound             no ``.cypher`` file has the requested name
    │   └── InsufficientMemory        a GDS analysis would not fit in the server's heap
    ├── MigrationError                schema migrations cannot be applied
    │   └── MigrationChecksumMismatch an applied migration's file was edited
    ├── ValidationFailed              input data or arguments broke the rules (lists each)
    ├── RoutingUnavailable            no routing rules are loaded (catalog without routing/)
    ├── SparkJobFailed                Spark did not start, or a job of `assign --engine spark` broke
    ├── UnreadableFile                not a regular file (a FIFO, a device…), or over its size limit
    ├── ExportError                   a relational export failed; nothing was published
    │   ├── ExportTargetUnavailable   the target cannot be written, or is not an export of ours
    │   └── ExportInterrupted         the export was stopped part-way (an error or a cancel)
    ├── DocumentRejected              a document cannot be ingested (names the file and the fix)
    │   ├── UnsupportedDocument       a type personagraph does not read, or a wrong extension
    │   ├── DocumentTooLarge          over the size limit, or a DOCX that unpacks too large
    │   ├── EmptyDocument             0 bytes, or no text in it
    │   └── UnreadableDocument        corrupt, or encrypted (EncryptedDocument)
    │       └── EncryptedDocument     a password-protected PDF
    ├── RequestRejected               a document, retrieval or matching request is unusable
    ├── SubscriberFellBehind          a subscription let more events wait than it may: resume
    ├── WebhookRejected               a webhook target or secret is unusable (names the fix)
    ├── EmbeddingError                the local embedding model cannot be used
    │   ├── EmbeddingModelUnavailable its file is missing or not the pinned one
    │   └── EmbeddingModelMismatch    stored vectors come from another model: re-embed
    └── ApiError                      an error meant for a GraphQL client, with its code
        ├── NotFound                  NOT_FOUND                (api/graphql/runtime/errors.py)
        ├── Conflict                  CONFLICT
        ├── Unauthenticated           UNAUTHENTICATED
        ├── Forbidden                 FORBIDDEN
        ├── BadInput                  BAD_USER_INPUT
        ├── RateLimited               RATE_LIMITED
        └── Unavailable               UNAVAILABLE

Bad arguments and bad input data raise :class:`ValidationFailed`;
:class:`ConfigurationError` means the setup itself (a setting, a file personagraph
needs) is unusable. ``tests/unit/test_error_tree.py`` holds this drawing to the classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class PersonagraphError(Exception):
    """Root of every error personagraph raises on purpose."""


class ConfigurationError(PersonagraphError):
    """A setting or environment value cannot be used."""


class ProvisioningError(PersonagraphError):
    """A Neo4j + GDS server could not be provided."""


class ToolMissing(ProvisioningError):
    """A program personagraph needs (java, mvn, docker) is missing or too old."""


class BuildFailed(ProvisioningError):
    """Assembling Neo4j + GDS (or the Spark runtime) from Maven Central failed."""

    def __init__(self, message: str, log_path: Path) -> None:
        super().__init__(f"{message} (Maven output: {log_path})")
        self.log_path = log_path


class ServerStartFailed(ProvisioningError):
    """The server process did not become ready."""

    def __init__(self, reason: str, log_path: Path | None) -> None:
        where = f" The server log is {log_path}." if log_path else ""
        super().__init__(f"Neo4j did not start: {reason}.{where}")
        self.reason = reason
        self.log_path = log_path


class EntityNotFound(PersonagraphError):
    """The node an edit or lookup names does not exist."""


class EditConflict(PersonagraphError):
    """An edit clashes with the graph's state: a stale version, a taken key, a protected node."""


class PersonaDeleted(EditConflict):
    """The persona was soft-deleted (``is_active: false``); it can be read, not edited.

    Unlike a stale version, reading it again does not help: a copy can be edited.
    """


class StoreError(PersonagraphError):
    """Talking to Neo4j failed."""


class DatabaseUnavailable(StoreError):
    """Neo4j cannot be reached."""


class AuthenticationFailed(StoreError):
    """Neo4j refused the credentials."""


class DatabaseBusy(StoreError):
    """A transient Neo4j failure persisted through every retry."""


class ConstraintViolation(StoreError):
    """A write broke a constraint of the schema."""


class QueryFailed(StoreError):
    """Neo4j rejected a statement."""


class QueryTimedOut(QueryFailed):
    """A statement ran longer than its time limit and was stopped."""


class QueryNotFound(StoreError):
    """No Cypher file has the requested name."""


class InsufficientMemory(StoreError):
    """The GDS memory estimate says an analysis would not fit in the server's heap."""


class MigrationError(PersonagraphError):
    """Schema migrations cannot be applied."""


class MigrationChecksumMismatch(MigrationError):
    """A migration already applied to the database has been edited since."""


class ValidationFailed(PersonagraphError):
    """Input data or arguments broke one or more rules; ``problems`` lists each of them."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{listing}")


class UnreadableFile(PersonagraphError):
    """A file to be read is not a regular file, is over its size limit, or cannot be opened."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RoutingUnavailable(PersonagraphError):
    """Requests cannot be routed: no routing rules are loaded in the graph."""


class SparkJobFailed(PersonagraphError):
    """Spark did not start, or a Spark job of ``personagraph assign --engine spark`` failed
    (the message names the step and Spark's own reason)."""


class ExportError(PersonagraphError):
    """A relational export failed; the target was left as it was before."""


class ExportTargetUnavailable(ExportError):
    """The export's target cannot be written: a read-only folder, a refused connection, a
    file, folder or schema that is not an earlier export, another export running to it."""


class ExportInterrupted(ExportError):
    """The export stopped part-way; what it had written was discarded."""


class DocumentRejected(PersonagraphError):
    """A document cannot be ingested; the message names the file and how to fix it."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


class UnsupportedDocument(DocumentRejected):
    """A file type personagraph does not read, or content that contradicts the extension."""


class DocumentTooLarge(DocumentRejected):
    """Over the size limit, or an archive (DOCX) that unpacks beyond its limit."""


class EmptyDocument(DocumentRejected):
    """A file of 0 bytes, or one with no text in it."""


class UnreadableDocument(DocumentRejected):
    """A file of a known type that cannot be read: corrupt or truncated."""


class EncryptedDocument(UnreadableDocument):
    """A password-protected PDF."""


class RequestRejected(PersonagraphError):
    """A document, retrieval or matching request cannot be run as given (too long, empty,
    a bad number or name)."""


class SubscriberFellBehind(PersonagraphError):
    """A subscription let more events wait than its queue holds; it ended, and the client
    resumes with ``after`` set to the last sequence number it received."""


class WebhookRejected(PersonagraphError):
    """A webhook target is not an http(s) URL, or is in a private range while those are
    not allowed, or its secret is too short."""


class EmbeddingError(PersonagraphError):
    """The local embedding model cannot be used."""


class EmbeddingModelUnavailable(EmbeddingError):
    """The model's file is missing, or is not the file personagraph was built with."""


class EmbeddingModelMismatch(EmbeddingError):
    """Stored vectors were made by another model than the one loaded: re-embed them."""
