"""accounts/<id>/stakeholders.yaml: the relationship map."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Date, SchemaVersion, Slug, Strict, Text

Level = Literal["executive", "management", "operational"]
BuyingRole = Literal["decision_maker", "budget_holder", "influencer", "user", "gatekeeper"]
Sentiment = Literal["champion", "supporter", "neutral", "detractor", "unknown"]


class Stakeholder(Strict):
    id: Slug
    name: Text
    title: str | None = None
    level: Level
    function: str | None = None
    buying_role: BuyingRole | None = None
    reports_to: Slug | None = None
    influences: list[Slug] = Field(default_factory=list, max_length=limits.INFLUENCES)
    sentiment: Sentiment = "unknown"
    strength: Annotated[int, Field(ge=0, le=5)] = 0
    our_contact: Slug | None = None
    last_contact: Date | None = None
    status: Literal["active", "left"] = "active"
    notes: str | None = None


class Stakeholders(Strict):
    schema_version: SchemaVersion
    stakeholders: list[Stakeholder] = Field(default_factory=list, max_length=limits.STAKEHOLDERS)
