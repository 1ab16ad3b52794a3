"""`kamgen attest`: a person confirms the plan is still true, in `reviewed:` of plan.yaml."""

from __future__ import annotations

import datetime as dt

from ruamel.yaml.comments import CommentedMap

from kamgen.edit.transaction import Change


def attestation(on: dt.date, by: str) -> Change:
    """Set `reviewed: {on, by}`: the existing value is updated in place (its style, flow or
    block, and its comments stay); a plan without one gets the key at its end."""

    def change(plan: CommentedMap) -> None:
        current = plan.get("reviewed")
        if isinstance(current, CommentedMap):
            current["on"] = on
            current["by"] = by
            return
        value = CommentedMap([("on", on), ("by", by)])
        value.fa.set_flow_style()  # one line, as the contract writes it
        plan["reviewed"] = value

    return change
