"""Field types shared by every file's model. Strict types, so that the models and the JSON
Schemas generated from them agree on every verdict (a quoted "1" is not a tier)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from kamgen.base.dates import DATE_PATTERN, DATE_WORDS, is_date
from kamgen.model import limits
from kamgen.model.limits import MAX_NUMBER

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
# Criterion ids are keys of `scores:`; the contract's own examples use underscores.
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
DOTTED_PATTERN = r"^[a-z_]+(\.[a-z_]+)*$"

_ID_RE = re.compile(SLUG_PATTERN)


def is_id(text: str) -> bool:
    """Whether `text` is an id, matched whole (`$` alone would let "beta\n" through): the one
    test for folder names, command arguments and anything that becomes a path or a link."""
    return _ID_RE.fullmatch(text) is not None


def _iso_date(value: Any) -> Any:
    # YAML 1.2 leaves 2026-10-14 a string; only that exact form is a date (no timestamps,
    # no unix seconds), matching `format: date` with the pattern in the JSON Schema.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not is_date(value):
        raise ValueError(f"expected {DATE_WORDS}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real calendar date") from None


# Editors built on yaml-language-server show `patternErrorMessage` instead of the bare regex
# ("String does not match the pattern of ..."), so every pattern says what it wants in words.
SLUG_MESSAGE = "an id: lowercase letters, digits and hyphens, e.g. acme-mining"
KEY_MESSAGE = "a key: lowercase letters, digits, hyphens and underscores, e.g. strategic_fit"
CURRENCY_MESSAGE = "a three-letter currency code such as USD"
DATE_MESSAGE = DATE_WORDS
DOTTED_MESSAGE = "a dotted path of lowercase words, e.g. financials.wallet"


def _says(message: str) -> Any:
    return Field(json_schema_extra={"patternErrorMessage": message})


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), _says(SLUG_MESSAGE)]
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN), _says(KEY_MESSAGE)]
Currency = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN), _says(CURRENCY_MESSAGE)]
Dotted = Annotated[str, StringConstraints(pattern=DOTTED_PATTERN), _says(DOTTED_MESSAGE)]
# Every text has a length limit: a name is repeated on many pages and in every tooltip that
# mentions it, so an unbounded one makes output grow with the product of two inputs.
Name = Annotated[str, StringConstraints(min_length=1, max_length=limits.NAME_CHARS)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=limits.TEXT_CHARS)]
Note = Annotated[str, StringConstraints(max_length=limits.TEXT_CHARS)]
Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "patternErrorMessage": DATE_MESSAGE,
        }
    ),
]
Money = Annotated[float, Field(ge=0, le=MAX_NUMBER)]
Score = Annotated[int, Field(ge=1, le=5)]
TierNumber = Literal[1, 2, 3]
Texts = list[Text]
SchemaVersion = Literal[1]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, types are not coerced, no NaN."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        frozen=True,
        populate_by_name=False,
    )
