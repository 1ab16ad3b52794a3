"""Pydantic models of every file in the data contract, and which file kind uses which."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from kamgen.model.plan import Plan
from kamgen.model.portfolio import PortfolioConfig
from kamgen.model.review import Review
from kamgen.model.stakeholders import Stakeholders
from kamgen.model.whitespace import Whitespace

FileKind = Literal["portfolio", "plan", "stakeholders", "whitespace", "review"]

MODELS: dict[FileKind, type[BaseModel]] = {
    "portfolio": PortfolioConfig,
    "plan": Plan,
    "stakeholders": Stakeholders,
    "whitespace": Whitespace,
    "review": Review,
}

__all__ = [
    "MODELS",
    "FileKind",
    "Plan",
    "PortfolioConfig",
    "Review",
    "Stakeholders",
    "Whitespace",
]
