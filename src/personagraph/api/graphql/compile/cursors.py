"""Opaque cursors: the position of an item in an ordered list, as clients pass it back."""

from __future__ import annotations

import base64
import binascii

from personagraph.errors import ValidationFailed

__all__ = ["decode_cursor", "encode_cursor"]

_CURSOR_PREFIX = "offset:"
_LARGEST = 2**31 - 1


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the item at ``offset`` of an ordered list."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str, argument: str = "after") -> int:
    """The offset a cursor of :func:`encode_cursor` stands for.

    Raises:
        ValidationFailed: ``cursor`` did not come from this API.
    """
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    digits = text[len(_CURSOR_PREFIX) :]
    # No cursor of this API is past the largest offset a list takes (a GraphQL Int).
    if not text.startswith(_CURSOR_PREFIX) or not _offset_text(digits):
        raise ValidationFailed(
            [
                f"{argument}: {cursor!r} is not a cursor of this API; "
                "pass an endCursor or a cursor it returned"
            ]
        )
    return int(digits)


def _offset_text(digits: str) -> bool:
    return digits.isascii() and digits.isdigit() and len(digits) <= 10 and int(digits) <= _LARGEST
