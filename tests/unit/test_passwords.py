from __future__ import annotations

from personagraph.neo4j_local.local_server import generate_password


def test_generated_passwords_are_long_and_never_look_like_an_option() -> None:
    passwords = {generate_password() for _ in range(2000)}

    assert len(passwords) == 2000
    assert all(len(p) == 24 and p.isalnum() for p in passwords)
