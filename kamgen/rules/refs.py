"""What the reference checks share: one account's known ids (team, stakeholders, grid), and
how a finding about a reference is made."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TypeVar

from kamgen.base.findings import DocPath, Finding
from kamgen.base.hints import Hints
from kamgen.load.portfolio import Account
from kamgen.rules.registry import finding

T = TypeVar("T", bound=Hashable)


def repeats(values: Iterable[T]) -> Iterator[tuple[int, T]]:
    """(index, value) of every value seen before it in `values`."""
    seen: set[T] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield index, value
        seen.add(value)


class Refs:
    """Checks one account's references against the team and its own stakeholders."""

    def __init__(self, team: Hints | None, account: Account) -> None:
        self.team = team
        self.account = account
        people = account.stakeholders.stakeholders if account.stakeholders else None
        self.people = Hints(p.id for p in people) if people is not None else None
        grid = account.whitespace
        self.units = Hints(grid.units if grid is not None else ())
        self.offerings = Hints(grid.offerings if grid is not None else ())

    def _known(
        self,
        value: str | None,
        known: Hints | None,
        file: str,
        path: DocPath,
        what: str,
        where: str,
    ) -> Iterator[Finding]:
        # An unloadable stakeholders file or kamgen.yaml has its own finding; do not pile on.
        if value is None or known is None or value in known:
            return
        yield finding(
            "unknown-reference",
            file,
            f"{what} `{value}` is not {where}{known(value)}",
            self.account.id,
            path,
        )

    def team_id(self, value: str | None, file: str, path: DocPath, what: str) -> Iterator[Finding]:
        yield from self._known(value, self.team, file, path, what, "in `team:` of kamgen.yaml")

    def person(self, value: str | None, file: str, path: DocPath, what: str) -> Iterator[Finding]:
        yield from self._known(
            value, self.people, file, path, what, "a stakeholder of this account"
        )


def in_grid(refs: Refs, unit: str, offering: str, file: str, path: DocPath) -> Iterator[Finding]:
    account = refs.account.id
    if unit not in refs.units:
        yield finding(
            "whitespace-outside-grid",
            file,
            f"unit `{unit}` is not in `units:` of whitespace.yaml{refs.units(unit)}",
            account,
            (*path, "unit"),
        )
    if offering not in refs.offerings:
        yield finding(
            "whitespace-outside-grid",
            file,
            f"offering `{offering}` is not in `offerings:` of whitespace.yaml"
            f"{refs.offerings(offering)}",
            account,
            (*path, "offering"),
        )
