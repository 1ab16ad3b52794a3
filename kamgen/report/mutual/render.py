"""The mutual plan written as Markdown or as a page that stands alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kamgen.base.escape import html as html_escape
from kamgen.base.escape import markdown as md_escape
from kamgen.report.mutual.document import (
    INTRO,
    NOTHING,
    Contact,
    Format,
    Goal,
    MutualPlan,
    Step,
    Withheld,
    long_date,
)

# Writing. Every text from the files goes through the target's `esc`; kamgen's own words
# (dates, statuses, headings) need no escaping.

Esc = Callable[[str], str]


@dataclass(frozen=True)
class Section:
    """A heading and either a table (`rows`, with column `key` heading each row) or, when
    there is nothing to list, a sentence."""

    heading: str
    caption: str
    heads: tuple[str, ...]
    key: int
    rows: tuple[tuple[str, ...], ...]
    sentence: str = ""


def _shown(value: str | dt.date | Withheld | None, esc: Esc, withheld: str) -> str:
    if isinstance(value, Withheld):
        return withheld
    if value is None:
        return NOTHING
    if isinstance(value, dt.date):
        return long_date(value)
    return esc(value)


def _contact(value: Contact | Withheld | None, esc: Esc, withheld: str) -> str:
    if not isinstance(value, Contact):
        return _shown(value, esc, withheld)
    name = _shown(value.name, esc, withheld)
    return name if value.title is None else f"{name}, {esc(value.title)}"


def _step(step: Step, esc: Esc, withheld: str) -> tuple[str, ...]:
    objective = step.objective.title if isinstance(step.objective, Goal) else step.objective
    return (
        long_date(step.due),
        _shown(step.what, esc, withheld),
        _shown(objective, esc, withheld),
        esc(step.ours),
        _contact(step.theirs, esc, withheld),
        _shown(step.status, esc, withheld),
    )


def header(doc: MutualPlan, esc: Esc) -> tuple[str, str]:
    """The title and the first line, with the names from the files escaped by `esc`."""
    customer = "" if isinstance(doc.customer, Withheld) else f" with {esc(doc.customer)}"
    line = f"As of {long_date(doc.today)}. Our account owner is {esc(doc.owner)}"
    line += f"; our executive sponsor is {esc(doc.sponsor)}." if doc.sponsor else "."
    return f"Mutual plan{customer}", line


def sections(doc: MutualPlan, esc: Esc, withheld: str) -> tuple[Section, Section]:
    """The objectives, then the shared actions, as text for one target."""
    if isinstance(doc.goals, Withheld):
        goals: tuple[tuple[str, ...], ...] = ()
        none = "The objectives are withheld."
    else:
        goals = tuple((_shown(g.title, esc, withheld), _shown(g.due, esc, withheld))
                      for g in doc.goals)  # fmt: skip
        none = "No shared action names an objective."
    steps = tuple(_step(s, esc, withheld) for s in doc.steps)
    quiet = "The shared actions are withheld." if doc.actions_withheld else "No action is shared."
    return (
        Section("Objectives", "The objectives the shared actions serve",
                ("Objective", "Due"), 0, goals, none),
        Section("Shared actions", "The shared actions, by due date",
                ("Due", "Action", "Objective", "Our owner", "Your owner", "Status"), 1, steps,
                quiet),
    )  # fmt: skip


def markdown(doc: MutualPlan) -> str:
    """The plan as GitHub-flavoured Markdown (kamgen.base.escape.markdown for every text)."""
    title, line = header(doc, md_escape.md)
    out = [f"# {title}", "", line, "", INTRO]
    for section in sections(doc, md_escape.md, "*withheld*"):
        out += ["", f"## {section.heading}", ""]
        if not section.rows:
            out.append(section.sentence)
            continue
        out += [_row(section.heads), _row(("---",) * len(section.heads))]
        out += [_row(row) for row in section.rows]
    return "\n".join(out) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# A page that stands alone: sent by mail, opened offline, printed. No script, no font, no
# stylesheet or image to fetch, and a policy that forbids them should a text ever slip through.
CSS = """\
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
background:#fff;margin:0;padding:1.5rem}
main{max-width:60rem;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .5rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #c8c8c8;padding:.4rem .6rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #1b1b1b}
tbody th{font-weight:normal}
.date{white-space:nowrap}
@media print{body{padding:0}.scroll{overflow:visible}}
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def html(doc: MutualPlan) -> str:
    """The plan as one standalone HTML page (kamgen.base.escape.html.text for every text)."""
    title, line = header(doc, html_escape.text)
    body = [f"<h1>{title}</h1>", f"<p>{line}</p>", f"<p>{INTRO}</p>"]
    for section in sections(doc, html_escape.text, "<em>withheld</em>"):
        body.append(f"<h2>{section.heading}</h2>")
        body.append(_table(section) if section.rows else f"<p>{section.sentence}</p>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _table(section: Section) -> str:
    """An accessible table: a caption, column headers, and one cell heading each row."""
    dated = [' class="date"' if head == "Due" else "" for head in section.heads]
    out = ['<div class="scroll"><table>', f"<caption>{section.caption}</caption>", "<thead><tr>"]
    out += [f'<th scope="col"{c}>{h}</th>' for h, c in zip(section.heads, dated, strict=True)]
    out.append("</tr></thead><tbody>")
    for row in section.rows:
        cells = [
            f'<th scope="row">{cell}</th>' if i == section.key else f"<td{dated[i]}>{cell}</td>"
            for i, cell in enumerate(row)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


RENDERERS: dict[Format, Callable[[MutualPlan], str]] = {"md": markdown, "html": html}
