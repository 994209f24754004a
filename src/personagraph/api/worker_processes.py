"""``serve --workers N``: one process accepts connections and deals them to N workers in turn.

uvicorn's own ``--workers`` shares one listening socket among its processes, and a new
connection goes to whichever process is waiting in ``accept`` first. A client that
opens its keep-alive connections at once (a load balancer, a connection pool, wrk)
can land most of them on one process, whose requests then wait longer than the
other's: the slowest 1% of requests showed it. Letting the kernel hash connections to
per-process ``SO_REUSEPORT`` sockets was no better. The splits measured, and what
dealing connections in turn bought: docs/benchmarks.md, "What changed since the first run",
change 13.

So the supervisor here accepts every connection itself and hands it, as a file
descriptor over a Unix socket (``SCM_RIGHTS``), to the next worker in turn, as Node's
``cluster`` module does; each worker serves the connections it is handed with uvicorn's
HTTP protocol. The supervisor only accepts once every worker has started, replaces a
worker that dies while serving, and stops them all on SIGINT or SIGTERM. It also
makes the table of rate-limit buckets in shared memory that every worker, and every
replacement, is handed (:mod:`personagraph.api.rate_limits`), so that a key's budget
is the same however its connections are dealt.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import os
import selectors
import signal
import socket
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import uvicorn

from personagraph.api.rate_limits import SharedBuckets, use_handed_buckets

__all__ = ["HandedConnectionsServer", "listening_socket", "run_workers"]

STOP_SECONDS = 30  # how long stopping workers may take before they are killed
READY = b"r"  # a worker's message to the supervisor once it serves

# uvicorn's, so that the supervisor's lines read like the workers' (configured by
# the uvicorn.Config made in run_workers).
logger = logging.getLogger("uvicorn.error")


def listening_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening TCP socket on ``host:port``.

    Raises:
        OSError: the address is taken or cannot be bound.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


def run_workers(factory: str, workers: int, options: dict[str, Any]) -> int:
    """Serve the app factory ``factory`` (``module:function``) from ``workers`` processes.

    Returns the exit status once they have stopped: 0 after SIGINT or SIGTERM (passed
    on to each worker as SIGTERM, which uvicorn takes as a graceful shutdown), 1 when a
    worker exits before it has started serving (it has logged why).

    Raises:
        OSError: the address in ``options`` cannot be listened on.
    """
    uvicorn.Config(factory, factory=True, **options)  # configures logging
    listener = listening_socket(options["host"], options["port"])
    with listener, _Supervisor(factory, options, listener) as supervisor:
        return supervisor.run(workers)


@dataclass(eq=False)
class _Worker:
    number: int
    process: BaseProcess
    channel: socket.socket  # the supervisor's end; the worker holds the other
    ready: bool = False


@dataclass
class _Supervisor:
    factory: str
    options: dict[str, Any]
    listener: socket.socket
    workers: list[_Worker] = field(default_factory=list)
    buckets: SharedBuckets = field(default_factory=SharedBuckets)
    selector: selectors.BaseSelector = field(default_factory=selectors.DefaultSelector)
    stopping: bool = False
    failed: bool = False
    accepting: bool = False
    turn: int = 0
    wake: socket.socket = field(init=False)  # readable when a signal has arrived

    def __enter__(self) -> _Supervisor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop_all()
        self.selector.close()

    def run(self, count: int) -> int:
        self.wake, wake_write = socket.socketpair()
        self.wake.setblocking(False)
        wake_write.setblocking(False)
        previous_wakeup = signal.set_wakeup_fd(wake_write.fileno())
        previous = {sig: signal.signal(sig, self._on_signal) for sig in _STOP_SIGNALS}
        self.selector.register(self.wake, selectors.EVENT_READ, "wake")
        try:
            self.workers = [self._start(number) for number in range(1, count + 1)]
            while not self.stopping:
                for key, _ in self.selector.select():
                    self._handle(key.data)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            signal.set_wakeup_fd(previous_wakeup)
            self.wake.close()
            wake_write.close()
        return 1 if self.failed else 0

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _start(self, number: int) -> _Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = multiprocessing.get_context("spawn").Process(
            target=_serve_one,
            args=(self.factory, self.options, theirs, self.buckets),
            name=f"worker-{number}",
        )
        process.start()
        theirs.close()
        # Never blocking: a worker too busy to take a connection is passed over.
        ours.setblocking(False)
        worker = _Worker(number, process, ours)
        self.selector.register(ours, selectors.EVENT_READ, worker)
        self.selector.register(process.sentinel, selectors.EVENT_READ, worker)
        return worker

    def _handle(self, source: object) -> None:
        if source == "listener":
            self._deal()
        elif isinstance(source, _Worker):
            self._hear(source)
        else:  # "wake": a signal arrived, and its handler has set ``stopping``
            with contextlib.suppress(BlockingIOError):
                self.wake.recv(64)

    def _hear(self, worker: _Worker) -> None:
        if not any(worker is current for current in self.workers):
            return  # its channel and its sentinel both woke the selector
        if worker.process.is_alive():
            try:
                message = worker.channel.recv(16)
            except BlockingIOError:
                return
            except OSError:
                message = b""
            if message == READY:
                worker.ready = True
                if not self.accepting and all(each.ready for each in self.workers):
                    self._accept_connections()
            if message:
                return
        # Its end of the channel closed, or its process ended: it has exited.
        worker.process.join(STOP_SECONDS)
        self._forget(worker)
        if self.stopping:
            return
        if not worker.ready:
            self.workers.remove(worker)
            # It never served: starting another would fail the same way.
            logger.error("worker %d exited while starting; stopping", worker.number)
            self.failed = self.stopping = True
            return
        logger.warning(
            "worker %d exited with status %s; starting another",
            worker.number,
            worker.process.exitcode,
        )
        self.workers[self.workers.index(worker)] = self._start(worker.number)

    def _accept_connections(self) -> None:
        self.accepting = True
        logger.info(
            "dealing connections to %d workers in turn (supervisor process [%d])",
            len(self.workers),
            os.getpid(),
        )
        self.listener.setblocking(False)
        self.selector.register(self.listener, selectors.EVENT_READ, "listener")

    def _deal(self) -> None:
        """Hand each waiting connection to the next ready worker in turn."""
        while True:
            try:
                connection, _ = self.listener.accept()
            except BlockingIOError:
                return
            with connection:
                self._hand(connection)

    def _hand(self, connection: socket.socket) -> None:
        for _ in range(len(self.workers)):
            worker = self.workers[self.turn % len(self.workers)]
            self.turn += 1
            if not worker.ready:
                continue
            try:
                socket.send_fds(worker.channel, [b"c"], [connection.fileno()])
            except OSError:
                continue  # its channel is full, or it is exiting (its sentinel says so)
            return
        # No worker can take it: closing it tells the client at once.

    def _forget(self, worker: _Worker) -> None:
        for registered in (worker.channel, worker.process.sentinel):
            with contextlib.suppress(KeyError):  # already forgotten
                self.selector.unregister(registered)
        worker.channel.close()

    def _stop_all(self) -> None:
        self.stopping = True
        # Refused from now on, rather than queued for workers that are stopping.
        self.listener.close()
        for worker in self.workers:
            if worker.process.pid is not None and worker.process.is_alive():
                os.kill(worker.process.pid, signal.SIGTERM)
        for worker in self.workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.channel.close()


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class HandedConnectionsServer(uvicorn.Server):
    """A uvicorn server that listens on nothing and serves the connections handed to it.

    Each message on ``channel`` carries one accepted connection (``SCM_RIGHTS``); once
    started, the server says so on ``channel``. When the supervisor's end closes, the
    server shuts down as on SIGTERM.
    """

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        super().__init__(config)
        self.channel = channel
        self._connecting: set[asyncio.Task[Any]] = set()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])
        if not self.started:
            return
        loop = asyncio.get_running_loop()
        protocol = functools.partial(
            self.config.http_protocol_class,  # type: ignore[call-arg]
            config=self.config,
            server_state=self.server_state,
            app_state=self.lifespan.state,
        )
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._take, loop, protocol)
        self.channel.send(READY)

    def _take(self, loop: asyncio.AbstractEventLoop, protocol: Any) -> None:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(self.channel, 16, 1, socket.MSG_CMSG_CLOEXEC)
            except BlockingIOError:
                return
            if not message:  # the supervisor is gone
                loop.remove_reader(self.channel.fileno())
                self.should_exit = True
                return
            for fd in fds:
                connection = socket.socket(fileno=fd)
                task = loop.create_task(loop.connect_accepted_socket(protocol, connection))
                # The loop keeps only a weak reference to a task.
                self._connecting.add(task)
                task.add_done_callback(self._connecting.discard)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        asyncio.get_running_loop().remove_reader(self.channel.fileno())
        await super().shutdown(sockets)


def _serve_one(
    factory: str, options: dict[str, Any], channel: socket.socket, buckets: SharedBuckets
) -> None:
    # The terminal's Ctrl-C reaches the supervisor alone, which passes it on once;
    # a second SIGINT would make uvicorn drop requests in flight.
    os.setpgid(0, 0)
    use_handed_buckets(buckets)
    config = uvicorn.Config(factory, factory=True, **options)
    HandedConnectionsServer(config, channel).run()
