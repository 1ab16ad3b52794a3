"""accounts/<id>/stakeholders.yaml: the relationship map."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Date, Name, Note, SchemaVersion, Slug, Strict

Level = Literal["executive", "management", "operational"]
BuyingRole = Literal["decision_maker", "budget_holder", "influencer", "user", "gatekeeper"]
Sentiment = Literal["champion", "supporter", "neutral", "detractor", "unknown"]


class Stakeholder(Strict):
    id: Slug
    name: Name
    title: Name | None = None
    level: Level
    function: Name | None = None
    buying_role: BuyingRole | None = None
    reports_to: Slug | None = None
    influences: list[Slug] = Field(default_factory=list, max_length=limits.INFLUENCES)
    sentiment: Sentiment = "unknown"
    strength: Annotated[int, Field(ge=0, le=5)] = 0
    our_contact: Slug | None = None
    last_contact: Date | None = None
    status: Literal["active", "left"] = "active"
    notes: Note | None = None


class Stakeholders(Strict):
    schema_version: SchemaVersion
    stakeholders: list[Stakeholder] = Field(default_factory=list, max_length=limits.STAKEHOLDERS)
