"""A local server comes back on the ports it had, unless something else took them."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from personagraph.neo4j_local.ports import LOOPBACK, choose_ports, free_port, port_is_free


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind((LOOPBACK, 0))
        squatter.listen()
        yield squatter.getsockname()[1]


def test_a_first_start_gets_two_different_free_ports() -> None:
    bolt, http = choose_ports(None)

    assert bolt != http
    assert port_is_free(bolt)
    assert port_is_free(http)


def test_a_restart_keeps_both_ports_while_they_are_free() -> None:
    previous = (free_port(), free_port())

    assert choose_ports(previous) == previous


def test_a_port_taken_meanwhile_is_replaced_and_the_other_kept(taken_port: int) -> None:
    http = free_port(avoid=[taken_port])

    bolt_now, http_now = choose_ports((taken_port, http))

    assert bolt_now != taken_port
    assert http_now == http
    assert port_is_free(bolt_now)


def test_the_same_port_recorded_twice_is_used_once() -> None:
    port = free_port()

    bolt, http = choose_ports((port, port))

    assert bolt == port
    assert http != port
