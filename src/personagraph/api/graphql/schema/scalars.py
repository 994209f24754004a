"""Scalars, filter inputs and paging types shared by every generated type."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

Long = NewType("Long", int)

# Custom scalars, for the schema's StrawberryConfig(scalar_map=...).
SCALARS: dict[object, ScalarDefinition] = {
    Long: strawberry.scalar(
        name="Long",
        description="A whole number that may exceed 32 bits (money, headcounts).",
        serialize=int,
        parse_value=int,
    )
}


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="Conditions on a text value; all given conditions must hold.")
class StringFilter:
    eq: str | None = strawberry.UNSET
    in_: list[str] | None = strawberry.field(name="in", default=strawberry.UNSET)
    contains: str | None = strawberry.UNSET
    starts_with: str | None = strawberry.UNSET
    ends_with: str | None = strawberry.UNSET
    gt: str | None = strawberry.UNSET
    gte: str | None = strawberry.UNSET
    lt: str | None = strawberry.UNSET
    lte: str | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a whole number; all given conditions must hold.")
class IntFilter:
    eq: int | None = strawberry.UNSET
    in_: list[int] | None = strawberry.field(name="in", default=strawberry.UNSET)
    gt: int | None = strawberry.UNSET
    gte: int | None = strawberry.UNSET
    lt: int | None = strawberry.UNSET
    lte: int | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a large whole number; all must hold.")
class LongFilter:
    eq: Long | None = strawberry.UNSET
    in_: list[Long] | None = strawberry.field(name="in", default=strawberry.UNSET)
    gt: Long | None = strawberry.UNSET
    gte: Long | None = strawberry.UNSET
    lt: Long | None = strawberry.UNSET
    lte: Long | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a decimal number; all given conditions must hold.")
class FloatFilter:
    eq: float | None = strawberry.UNSET
    in_: list[float] | None = strawberry.field(name="in", default=strawberry.UNSET)
    gt: float | None = strawberry.UNSET
    gte: float | None = strawberry.UNSET
    lt: float | None = strawberry.UNSET
    lte: float | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a true/false value.")
class BooleanFilter:
    eq: bool | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a point in time (ISO 8601; UTC when no offset).")
class DateTimeFilter:
    eq: datetime | None = strawberry.UNSET
    gt: datetime | None = strawberry.UNSET
    gte: datetime | None = strawberry.UNSET
    lt: datetime | None = strawberry.UNSET
    lte: datetime | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a calendar date (ISO 8601).")
class DateFilter:
    eq: date | None = strawberry.UNSET
    gt: date | None = strawberry.UNSET
    gte: date | None = strawberry.UNSET
    lt: date | None = strawberry.UNSET
    lte: date | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.input(description="Conditions on a list of texts.")
class StringListFilter:
    includes: str | None = strawberry.UNSET
    is_null: bool | None = strawberry.UNSET


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None
