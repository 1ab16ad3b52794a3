"""The JSON Schemas explain themselves in an editor: every property has a description that
says more than its key, and every pattern carries a sentence for when a value breaks it
(yaml-language-server shows `patternErrorMessage` instead of the bare regex)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))


def nodes(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in the schema, with a JSON-pointer-like path for failure messages."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from nodes(value, f"{where}/{i}")


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for where, node in nodes(schema):
        if isinstance(node.get("properties"), dict):
            for key, prop in node["properties"].items():
                yield where, key, prop


def words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def test_the_schemas_are_there() -> None:
    assert [p.name for p in SCHEMAS] == [
        "plan.schema.json",
        "portfolio.schema.json",
        "review.schema.json",
        "stakeholders.schema.json",
        "whitespace.schema.json",
    ]


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_a_description_that_is_more_than_its_name(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    found = list(properties(schema))
    assert len(found) > 5
    bare = []
    for where, key, prop in found:
        text = prop.get("description", "")
        if not isinstance(text, str) or not text.strip():
            bare.append(f"{where}/{key}: no description")
        elif words(text) in {words(key), words(prop.get("title", key))}:
            bare.append(f"{where}/{key}: description only repeats the key: {text!r}")
        elif len(text.split()) < 3:
            bare.append(f"{where}/{key}: description too short to explain anything: {text!r}")
    assert bare == []


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_pattern_says_what_it_wants_in_words(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    patterned = [(where, node) for where, node in nodes(schema) if "pattern" in node]
    assert patterned, "every file has ids or dates, so at least one pattern"
    for where, node in patterned:
        message = node.get("patternErrorMessage", "")
        assert isinstance(message, str), where
        # A sentence for people: words, an example or a form, and no regex syntax.
        assert len(message.split()) >= 4, (where, message)
        assert not re.search(r"[\^$\[\]\\]", message), (where, message)


def test_the_messages_name_the_form_expected() -> None:
    plan = json.loads((REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    props = plan["properties"]
    assert props["id"]["patternErrorMessage"] == (
        "an id: lowercase letters, digits and hyphens, e.g. acme-mining"
    )
    assert props["currency"]["anyOf"][0]["patternErrorMessage"] == (
        "a three-letter currency code such as USD"
    )
    due = plan["$defs"]["Action"]["properties"]["due"]
    assert due["patternErrorMessage"] == "a date written YYYY-MM-DD, from 1900 to 2199"


def test_a_scale_names_its_ends() -> None:
    people = json.loads((REPO / "schema" / "stakeholders.schema.json").read_text("utf-8"))
    strength = people["$defs"]["Stakeholder"]["properties"]["strength"]
    assert strength["description"] == (
        "Our relationship strength with this person, 0 (none) to 5 (trusted)"
    )
