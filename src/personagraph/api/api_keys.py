"""API keys: created once (the secret is shown once), stored as a SHA-256, checked per request.

A key reads ``pgk_<id>_<secret>``: the id finds the stored key, the secret is compared
with its hash in constant time. Secrets are 256 random bits, so a plain SHA-256 is
enough (no password stretching needed). Verified keys are remembered for
``cache_seconds`` so a request costs no extra database round trip; a revoked key
therefore stops working within that time. Refused keys are remembered for
``refusal_seconds`` (the last ``max_refusals`` of them): a client repeating a bad key
400 times a second had every request look it up in Neo4j, and slowed everyone. A key
that cannot be checked because the database is unreachable makes an ``UNAVAILABLE``
caller, never an error of the request (and is not remembered).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from personagraph.api.graphql.runtime.context import Caller, Role
from personagraph.errors import DatabaseBusy, DatabaseUnavailable, ValidationFailed
from personagraph.store import Store

PREFIX = "pgk"


@dataclass(frozen=True)
class NewKey:
    """A freshly created key; ``secret`` is the only copy of the full key."""

    id: str
    name: str
    role: Role
    secret: str


def create_key(store: Store, name: str, role: Role) -> NewKey:
    """Store a new key for ``role`` and return it (the full key is not kept)."""
    if not name.strip():
        raise ValidationFailed(["name: give the key a name saying who or what uses it"])
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    store.write(
        "write/api_keys/create",
        id=key_id,
        name=name,
        role=role.value,
        secret_sha256=_sha256(secret),
    )
    return NewKey(key_id, name, role, f"{PREFIX}_{key_id}_{secret}")


def revoke_key(store: Store, key: str) -> list[str]:
    """Revoke the key with this id or name; the names revoked (none: no such key)."""
    return [row["name"] for row in store.write("write/api_keys/revoke", key=key)]


def list_keys(store: Store) -> list[dict[str, object]]:
    """Every key without its secret."""
    return store.read("read/api_keys/all")


class KeyRing:
    """Checks presented keys against the store, remembering good ones for a while."""

    def __init__(
        self, cache_seconds: float = 60.0, refusal_seconds: float = 10.0, max_refusals: int = 10_000
    ) -> None:
        self.cache_seconds = cache_seconds
        self.refusal_seconds = refusal_seconds
        self.max_refusals = max_refusals
        self._known: dict[str, tuple[Caller | str, float]] = {}
        self._refused: OrderedDict[str, None] = OrderedDict()  # digests, oldest first
        self._lock = Lock()

    def caller(self, store: Store, presented: str) -> Caller | str:
        """The caller ``presented`` identifies, or why it is refused (a message).

        While the database is unreachable, a key not remembered is an anonymous
        caller whose ``problem`` says so (``unavailable``): what needs a role is
        refused with ``UNAVAILABLE``, what needs none is answered.
        """
        remembered = self.remembered(presented)
        if remembered is not None:
            return remembered
        found = self._look_up(store, presented)
        if not (isinstance(found, Caller) and found.unavailable):
            self._remember(_sha256(presented), found)
        return found

    def remembered(self, presented: str) -> Caller | str | None:
        """What :meth:`caller` answers for ``presented`` while it is remembered, without
        the store (None: it would look the key up). The service asks this on the event
        loop first, and sends only look-ups to a worker thread."""
        with self._lock:
            known = self._known.get(_sha256(presented))
        if known and known[1] > time.monotonic():
            return known[0]
        return None

    def _look_up(self, store: Store, presented: str) -> Caller | str:
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return "the API key is malformed: keys look like pgk_<id>_<secret>"
        try:
            rows = store.read("read/api_keys/by_id", id=parts[1])
        except (DatabaseUnavailable, DatabaseBusy) as exc:
            problem = f"the API key could not be checked: {exc}"
            return Caller("anonymous", None, problem, unavailable=True)
        if not rows or not hmac.compare_digest(rows[0]["secret_sha256"], _sha256(parts[2])):
            return "the API key is not recognised; create one with `personagraph apikey create`"
        if rows[0]["revoked"]:
            return f"the API key {rows[0]['name']!r} was revoked"
        return Caller(rows[0]["name"], Role(rows[0]["role"]), key_id=parts[1])

    def _remember(self, digest: str, found: Caller | str) -> None:
        refused = isinstance(found, str)
        seconds = self.refusal_seconds if refused else self.cache_seconds
        with self._lock:
            self._known[digest] = (found, time.monotonic() + seconds)
            if refused:
                # Bounded: a client sending a new bad key each time must not grow it.
                self._refused[digest] = None
                self._refused.move_to_end(digest)
                while len(self._refused) > self.max_refusals:
                    oldest, _ = self._refused.popitem(last=False)
                    self._known.pop(oldest, None)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
