"""The clients of ``soak.py``: a mix of reads and optimistic writes, how they are paced,
and what each answer was.

Each request is one of:

* ``persona``: one persona by id;
* ``page``: 20 personas by name at an offset;
* ``connection``: a page of ``personasConnection`` (10 by name), the next one after
  the client's last cursor;
* ``pains``: a persona's five most severe pain points as a connection;
* ``update``: ``updatePersona`` of one of a few hot personas with the version the
  client last read (a new tagline each time), so that clients collide: a stale version
  is refused with ``CONFLICT``, counted apart (it is the right answer), and the client
  reads the persona again before its next write to it.

Every answer is classified by what the client sees: ``ok``, the ``extensions.code``
of its errors (joined by ``+``), a body that is not JSON (with its status), or the
client's own failure (no connection, no answer in time). An acknowledged write is one
answered with its new version; those are checked against the graph afterwards.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

PERSONA = """query Persona($id: String!) {
  persona(id: $id) { id name version tagline archetype teamSize } }"""
PAGE = """query Page($offset: Int!) {
  personas(sort: [{name: ASC}, {id: ASC}], limit: 20, offset: $offset) {
    id name title archetype version } }"""
CONNECTION = """query Connection($after: String) {
  personasConnection(sort: [{name: ASC}, {id: ASC}], first: 10, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } }"""
PAINS = """query Pains($id: String!) { persona(id: $id) { id
  painPointsConnection(first: 5, sort: [{edge: {severity: DESC}}, {node: {key: ASC}}]) {
    totalCount edges { severity node { key text } } } } }"""
UPDATE = """mutation Update($id: String!, $version: Int!, $tagline: String!) {
  updatePersona(id: $id, version: $version, changes: {tagline: $tagline}) {
    id version tagline } }"""

# Relative weights of the kinds of request.
MIX = {"persona": 30, "page": 15, "connection": 15, "pains": 15, "update": 25}
OK = "ok"
CONFLICT = "CONFLICT"  # a stale version refused: the expected answer to a collision
CLIENT_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """One request: its kind, when it was sent (seconds on the run's clock), how long it
    took, the HTTP status (0: none) and what the answer was (``ok``, a code, …)."""

    kind: str
    sent: float
    took: float
    status: int
    code: str


@dataclass(frozen=True, slots=True)
class Ack:
    """An acknowledged ``updatePersona``: the persona is at ``version`` with ``tagline``."""

    persona: str
    version: int
    tagline: str
    at: float


@dataclass
class Workload:
    """What the clients share: their keys, the personas, and what they recorded."""

    base: str
    keys: list[str]
    personas: list[str]
    hot: list[str]
    clock: Callable[[], float]
    outcomes: list[Outcome] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    _written: int = 0

    def client(self, number: int, seed: int) -> Client:
        """The state of client ``number`` (its key, its random choices, what it read)."""
        return Client(self, self.keys[number % len(self.keys)], random.Random(seed * 1000 + number))

    def next_tagline(self, client: Client) -> str:
        self._written += 1
        return f"soak {client.key[-6:]} #{self._written}"


@dataclass
class Client:
    """One client: the versions it last read of the hot personas, its cursor."""

    workload: Workload
    key: str
    rng: random.Random
    versions: dict[str, int] = field(default_factory=dict)
    cursor: str | None = None

    async def one(self, http: httpx.AsyncClient) -> Outcome:
        """Send one request of the mix (a read of the persona first, for a write to a
        persona whose version this client does not know)."""
        kind = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "update":
            persona = self.rng.choice(self.workload.hot)
            if persona not in self.versions:
                return await self._read_persona(http, persona)
            return await self._update(http, persona)
        if kind == "persona":
            return await self._read_persona(http, self.rng.choice(self.workload.personas))
        if kind == "page":
            offset = self.rng.randrange(0, max(len(self.workload.personas) - 20, 1))
            outcome, _ = await self._send(http, "page", PAGE, {"offset": offset})
            return outcome
        if kind == "connection":
            return await self._next_page(http)
        persona = self.rng.choice(self.workload.personas)
        outcome, _ = await self._send(http, "pains", PAINS, {"id": persona})
        return outcome

    async def _read_persona(self, http: httpx.AsyncClient, persona: str) -> Outcome:
        outcome, data = await self._send(http, "persona", PERSONA, {"id": persona})
        found = (data or {}).get("persona")
        if found and persona in self.workload.hot:
            self.versions[persona] = found["version"]
        return outcome

    async def _next_page(self, http: httpx.AsyncClient) -> Outcome:
        outcome, data = await self._send(http, "connection", CONNECTION, {"after": self.cursor})
        page = (data or {}).get("personasConnection")
        if page:
            info = page["pageInfo"]
            self.cursor = info["endCursor"] if info["hasNextPage"] else None
        return outcome

    async def _update(self, http: httpx.AsyncClient, persona: str) -> Outcome:
        tagline = self.workload.next_tagline(self)
        variables = {"id": persona, "version": self.versions.pop(persona), "tagline": tagline}
        outcome, data = await self._send(http, "update", UPDATE, variables)
        updated = (data or {}).get("updatePersona")
        if outcome.code == OK and updated:
            if updated["tagline"] != tagline:
                raise SystemExit(f"updatePersona answered {updated}, not the tagline {tagline!r}")
            self.versions[persona] = updated["version"]
            ack = Ack(persona, updated["version"], tagline, outcome.sent + outcome.took)
            self.workload.acks.append(ack)
        return outcome

    async def _send(
        self, http: httpx.AsyncClient, kind: str, query: str, variables: dict[str, Any]
    ) -> tuple[Outcome, dict[str, Any] | None]:
        headers = {"Authorization": f"Bearer {self.key}"}
        sent = self.workload.clock()
        data: dict[str, Any] | None = None
        try:
            response = await http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
        except httpx.TimeoutException:
            status, code = 0, "no answer in time"
        except httpx.TransportError as failure:
            status, code = 0, f"connection: {type(failure).__name__}"
        else:
            status = response.status_code
            code, data = _answer(response)
        outcome = Outcome(kind, sent, self.workload.clock() - sent, status, code)
        self.workload.outcomes.append(outcome)
        return outcome, data


def _answer(response: httpx.Response) -> tuple[str, dict[str, Any] | None]:
    """What the answer says (``ok`` or the codes of its errors) and its data."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}, not JSON", None
    if not isinstance(body, dict):
        return f"HTTP {response.status_code}, JSON {type(body).__name__}", None
    errors = body.get("errors")
    if errors:
        codes = {str((error.get("extensions") or {}).get("code", "no code")) for error in errors}
        return "+".join(sorted(codes)), body.get("data")
    return OK, body.get("data")


def http_client(base: str, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base, limits=limits, timeout=CLIENT_TIMEOUT)


async def closed_loop(workload: Workload, clients: int, seconds: float, seed: int) -> float:
    """``clients`` clients each sending its next request when the last is answered, for
    ``seconds``: the answers per second (what the service serves when saturated)."""
    async with http_client(workload.base, clients) as http:
        until = workload.clock() + seconds
        before = len(workload.outcomes)

        async def run(number: int) -> None:
            client = workload.client(number, seed)
            while workload.clock() < until:
                await client.one(http)

        began = workload.clock()
        await asyncio.gather(*(run(number) for number in range(clients)))
        return (len(workload.outcomes) - before) / (workload.clock() - began)


async def paced(workload: Workload, clients: int, rate: float, seconds: float, seed: int) -> int:
    """``clients`` clients sending ``rate`` requests per second in all, each on its own
    schedule (one every ``clients / rate`` s) and waiting for its answer: a slow answer
    delays that client, which then sends at once but does not catch up in a burst.

    Returns:
        How many scheduled sends were late by more than one interval.
    """
    interval = clients / rate
    late = 0
    async with http_client(workload.base, clients) as http:
        began = workload.clock()
        until = began + seconds

        async def run(number: int) -> None:
            nonlocal late
            client = workload.client(number, seed)
            due = began + interval * number / clients
            while due < until:
                wait = due - workload.clock()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif wait < -interval:
                    late += 1
                    due = workload.clock()
                await client.one(http)
                due += interval

        await asyncio.gather(*(run(number) for number in range(clients)))
    return late


def monotonic_since(began: float) -> Callable[[], float]:
    """A clock of seconds since ``began`` (``time.perf_counter``)."""
    return lambda: time.perf_counter() - began
