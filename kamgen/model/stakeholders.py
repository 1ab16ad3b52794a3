"""accounts/<id>/stakeholders.yaml: the relationship map."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Date, Name, Note, SchemaVersion, Slug, Strict
from kamgen.model.depth import CrmId

Level = Literal["executive", "management", "operational"]
BuyingRole = Literal["decision_maker", "budget_holder", "influencer", "user", "gatekeeper"]
Sentiment = Literal["champion", "supporter", "neutral", "detractor", "unknown"]


class Tie(Strict):
    """Another team member's relationship with the stakeholder (the first is `our_contact`)."""

    with_: Slug = Field(alias="with", description="The team member (a team id)")
    strength: Annotated[int, Field(ge=0, le=5)] = Field(
        description="Their relationship strength, 0 (none) to 5 (trusted)"
    )
    target: Annotated[int, Field(ge=0, le=5)] | None = Field(
        default=None, description="The strength this relationship should reach"
    )
    last_contact: Date | None = Field(
        default=None, description="The last time this team member spoke with the person"
    )


class Stakeholder(Strict):
    id: Slug = Field(description="A short id for this person, used by reports_to and reviews")
    name: Name = Field(description="The person's full name")
    title: Name | None = Field(default=None, description="The person's job title")
    level: Level = Field(description="Seniority: executive, management or operational")
    function: Name | None = Field(
        default=None, description="The part of the business they work in, e.g. Finance"
    )
    buying_role: BuyingRole | None = Field(
        default=None,
        description="Their part in buying decisions: decision_maker, budget_holder, "
        "influencer, user or gatekeeper",
    )
    reports_to: Slug | None = Field(
        default=None, description="The id of the stakeholder this person reports to"
    )
    influences: list[Slug] = Field(
        default_factory=list,
        max_length=limits.INFLUENCES,
        description="Ids of the stakeholders whose views this person sways",
    )
    sentiment: Sentiment = Field(
        default="unknown",
        description="How they feel about us: champion, supporter, neutral, detractor or unknown",
    )
    strength: Annotated[int, Field(ge=0, le=5)] = Field(
        default=0,
        description="Our relationship strength with this person, 0 (none) to 5 (trusted)",
    )
    our_contact: Slug | None = Field(
        default=None, description="The team member who owns this relationship (a team id)"
    )
    last_contact: Date | None = Field(
        default=None, description="The last time one of us spoke with this person"
    )
    status: Literal["active", "left"] = Field(
        default="active",
        description="active, or left when the person has left the customer",
    )
    notes: Note | None = Field(default=None, description="Anything else worth knowing")
    relationships: list[Tie] = Field(
        default_factory=list,
        max_length=limits.TIES,
        description="Other team members' ties to this person: who else knows them, how well",
    )
    crm_id: CrmId | None = Field(default=None, description="The contact's id in your CRM")


class Stakeholders(Strict):
    schema_version: SchemaVersion = Field(description="The version of this file format; always 1")
    stakeholders: list[Stakeholder] = Field(
        default_factory=list,
        max_length=limits.STAKEHOLDERS,
        description="The people at the customer who matter to this account",
    )
