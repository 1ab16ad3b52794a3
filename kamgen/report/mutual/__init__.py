"""`kamgen export mutual-plan`: the part of an account's plan the team shares with the customer.

A mutual plan holds the actions marked `shared: true`, the objectives they serve (by title and
due date), who owns each action on our side (the team member's name in kamgen.yaml) and on the
customer's (the `customer_owner` stakeholder's name and title), and each action's due date and
status. It is built from those fields alone, so nothing else of the account (scores, tier,
health, sentiment, strength, risks, SWOT, competitors, financials, contracts, pipeline, notes,
waivers, an objective's target revenue or measures) and nothing of any other account can reach
it. A field the plan lists under `confidential:` is left out and the document says "withheld".

`document.mutual_plan` is the pure part (account, settings, today -> `MutualPlan`);
`render.markdown` and `render.html` write it, escaping every text from the files for their
target; `command.execute` loads and checks the portfolio, refuses what cannot be shared, and
writes the file when asked.
"""

from __future__ import annotations

from kamgen.report.mutual.command import Options, Outcome, destination, execute
from kamgen.report.mutual.document import (
    WITHHELD,
    Contact,
    Goal,
    MutualPlan,
    Step,
    long_date,
    mutual_plan,
)
from kamgen.report.mutual.render import html, markdown

__all__ = [
    "WITHHELD",
    "Contact",
    "Goal",
    "MutualPlan",
    "Options",
    "Outcome",
    "Step",
    "destination",
    "execute",
    "html",
    "long_date",
    "markdown",
    "mutual_plan",
]
