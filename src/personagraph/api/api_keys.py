"""API keys: created once (the secret is shown once), stored as a SHA-256, checked per request.

A key reads ``pgk_<id>_<secret>``: the id finds the stored key, the secret is compared
with its hash in constant time. Secrets are 256 random bits, so a plain SHA-256 is
enough (no password stretching needed). Verified keys are remembered for
``cache_seconds`` so a request costs no extra database round trip; a revoked key
therefore stops working within that time. A key that cannot be checked because the
database is unreachable makes an ``UNAVAILABLE`` caller, never an error of the request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from threading import Lock

from personagraph.api.graphql.context import Caller, Role
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

    def __init__(self, cache_seconds: float = 60.0) -> None:
        self.cache_seconds = cache_seconds
        self._known: dict[str, tuple[Caller, float]] = {}
        self._lock = Lock()

    def caller(self, store: Store, presented: str) -> Caller | str:
        """The caller ``presented`` identifies, or why it is refused (a message).

        While the database is unreachable, a key not remembered is an anonymous
        caller whose ``problem`` says so (``unavailable``): what needs a role is
        refused with ``UNAVAILABLE``, what needs none is answered.
        """
        digest = _sha256(presented)
        with self._lock:
            known = self._known.get(digest)
        if known and known[1] > time.monotonic():
            return known[0]
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return "the API key is malformed: keys look like pgk_<id>_<secret>"
        try:
            rows = store.read("read/api_keys/by_id", id=parts[1])
        except (DatabaseUnavailable, DatabaseBusy) as exc:
            return Caller("anonymous", None, f"the API key could not be checked: {exc}", True)
        if not rows or not hmac.compare_digest(rows[0]["secret_sha256"], _sha256(parts[2])):
            return "the API key is not recognised; create one with `personagraph apikey create`"
        if rows[0]["revoked"]:
            return f"the API key {rows[0]['name']!r} was revoked"
        caller = Caller(rows[0]["name"], Role(rows[0]["role"]))
        with self._lock:
            self._known[digest] = (caller, time.monotonic() + self.cache_seconds)
        return caller


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
