"""`kamgen action done`: an action of the plan is done, in its `status:` in plan.yaml."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from kamgen.edit.entries import by_id, entries, put
from kamgen.edit.transaction import Change

# The contract's field order of an action (kamgen.model.plan.Action).
FIELDS = ("id", "what", "owner", "due", "status", "objective")


def done(action: str, where: str) -> Change:
    """Set `status: done` on the action whose id is `action`; an unknown id is a usage error
    naming the closest one. Only that action's line changes (a status it lacked goes after
    `due:`, where the contract puts it)."""

    def change(plan: CommentedMap) -> None:
        put(by_id(entries(plan, "actions"), action, "action", where), "status", "done", FIELDS)

    return change
