"""The loopback ports a local server listens on, kept from one start to the next.

A server that comes back on the ports it had before is found again by every client
still holding its address (a running ``personagraph serve``, a notebook, a GDS
client). A port something else has taken since is replaced by a free one; the
instance's ``instance.json`` then records the new address, which the service
re-reads when its connection fails.
"""

from __future__ import annotations

import socket

LOOPBACK = "127.0.0.1"


def choose_ports(previous: tuple[int, int] | None) -> tuple[int, int]:
    """Bolt and HTTP ports: each previous one while it is free, else a fresh free one."""
    chosen: list[int] = []
    for port in previous or (None, None):
        if port is not None and port not in chosen and port_is_free(port):
            chosen.append(port)
        else:
            chosen.append(free_port(avoid=chosen))
    return chosen[0], chosen[1]


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``LOOPBACK:port`` now.

    Bound as the JVM binds (``SO_REUSEADDR``): connections of the previous server
    still in TIME_WAIT do not keep its port from being reused.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port(avoid: list[int] | None = None) -> int:
    """A port the kernel says is free on the loopback interface (none of ``avoid``)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, 0))
            port: int = sock.getsockname()[1]
        if port not in (avoid or []):
            return port
