"""The relationship map: an account's stakeholders in boxes by level, with who reports to whom
and who influences whom, and its key in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kamgen.base.escape import md as esc
from kamgen.site.svg.colours import COLOUR_WORD, INFLUENCE, SENTIMENT, SENTIMENT_SYMBOL
from kamgen.site.svg.frame import _legend, _open, _swatch
from kamgen.site.svg.text import fit, wrap

LEVELS = ("executive", "management", "operational")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    title: str | None
    level: str
    sentiment: str
    strength: int
    left: bool
    reports_to: str | None
    influences: tuple[str, ...]


BOX_W, BOX_H, BOX_GAP, ROW_GAP, MAP_PAD = 160, 76, 12, 20, 12
PER_ROW = 4  # 4 boxes make a 700-unit map: a desktop shows it whole, a phone scrolls it


def strength_dots(strength: int) -> str:
    """Relationship strength 0-5 as filled and hollow dots: ●●●○○ is 3 of 5."""
    filled = min(max(strength, 0), 5)
    return "\u25cf" * filled + "\u25cb" * (5 - filled)


def relationship_map(people: Sequence[Person], name: str, per_row: int = PER_ROW) -> str:
    """People by level, executives first, at most `per_row` to a row (a wider level wraps onto
    more rows). Each box names the person, their title, their sentiment as a symbol and a word
    beside a bar of its colour, and their strength as dots; someone who left has a dashed box
    marked "left". Arrows point to whom a person reports to; dashed curves show influence."""
    per_row = max(per_row, 1)
    rows = {
        level: sorted((p for p in people if p.level == level), key=lambda p: p.id)
        for level in LEVELS
    }
    columns = max(1, min(per_row, max(len(r) for r in rows.values())))
    width = 2 * MAP_PAD + columns * BOX_W + (columns - 1) * BOX_GAP
    where: dict[str, tuple[int, int]] = {}
    heads: list[str] = []
    y = MAP_PAD
    for level in LEVELS:
        group = rows[level]
        count = (
            f"{len(group)} {'person' if len(group) == 1 else 'people'}"
            if group
            else "nobody listed"
        )
        heads.append(f'<text x="{MAP_PAD}" y="{y + 13}">{level.title()}: {count}</text>')
        y += 24
        for k, person in enumerate(group):
            if k and k % per_row == 0:
                y += BOX_H + ROW_GAP
            where[person.id] = (MAP_PAD + (k % per_row) * (BOX_W + BOX_GAP), y)
        y += (BOX_H + ROW_GAP) if group else 4
    height = y + MAP_PAD - ROW_GAP // 2
    drawn = sum(1 for p in people if p.id in where)
    desc = (
        f"{drawn} stakeholders of {name}, by level. Each box gives the person's sentiment as a "
        f"symbol and a word, and relationship strength as dots out of 5; arrows point to whom "
        f"a person reports to, dashed curves to whom they influence."
    )
    out = [_open(width, height, f"Relationship map of {name}", desc, "map")]
    out.append(
        '<defs><marker id="kg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
        'fill="currentColor"/></marker></defs>'
    )
    lines: list[str] = []
    for person in people:
        if person.id not in where:
            continue
        x, y = where[person.id]
        if person.reports_to in where and person.reports_to != person.id:
            mx, my = where[person.reports_to]
            # Up to the manager's bottom edge, down to their top edge, or across.
            sx, tx = x + BOX_W // 2, mx + BOX_W // 2
            if my < y:
                sy, ty = y, my + BOX_H
            elif my > y:
                sy, ty = y + BOX_H, my
            else:
                sy = ty = y + BOX_H // 2
                sx, tx = (x + BOX_W, mx) if mx > x else (x, mx + BOX_W)
            lines.append(
                f'<line class="kg-reports" x1="{sx}" y1="{sy}" x2="{tx}" '
                f'y2="{ty}" stroke="currentColor" stroke-opacity=".7" marker-end="url(#kg-arrow)"/>'
            )
        # One line per person influenced, however often they are listed: lines grow with
        # the people drawn and the distinct ids listed, never more.
        for target in dict.fromkeys(person.influences):
            if target in where and target != person.id:
                tx, ty = where[target]
                lines.append(
                    f'<path class="kg-influence" d="M{x + BOX_W} {y + 14}Q{(x + tx) // 2 + BOX_W // 2} '
                    f'{min(y, ty) - 18} {tx + 20} {ty}" fill="none" stroke="{INFLUENCE}" '
                    f'stroke-width="1.5" stroke-dasharray="5 3" marker-end="url(#kg-arrow)"/>'
                )
    out.extend(lines)
    # The level names over the lines that cross them, with a halo of the page's colour.
    out.append('<g class="kg-halo" font-weight="bold">' + "".join(heads) + "</g>")
    room = BOX_W - 22
    for person in people:
        if person.id not in where:
            continue
        x, y = where[person.id]
        colour = SENTIMENT.get(person.sentiment, SENTIMENT["unknown"])
        symbol = SENTIMENT_SYMBOL.get(person.sentiment, "?")
        feeling = f"{symbol} {person.sentiment}"
        state = "left" if person.left else strength_dots(person.strength)
        tip = (
            f"{person.name}, {person.title or person.level}: {person.sentiment}, "
            f"strength {person.strength} of 5" + (", has left" if person.left else "")
        )
        dash = ' stroke-dasharray="5 4"' if person.left else ""
        gone = ' data-left=""' if person.left else ""
        weight = ' font-weight="bold"' if person.left else ""
        out.append(
            f'<g class="kg-person" data-sentiment="{esc(person.sentiment)}"{gone}>'
            f"<title>{esc(tip)}</title>"
            f'<rect class="kg-box" x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5" '
            f'fill="Canvas" stroke="currentColor" stroke-opacity=".6"{dash}/>'
            f'<rect x="{x}" y="{y}" width="6" height="{BOX_H}" rx="2" fill="{colour}"/>'
            + _box_text(person, x + 14, y, room)
            + f'<text x="{x + 14}" y="{y + 66}">{esc(fit(feeling, 84))}</text>'
            f'<text x="{x + BOX_W - 6}" y="{y + 66}" text-anchor="end"{weight}>{state}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def _box_text(person: Person, x: int, y: int, room: float) -> str:
    """Name (bold) and title in three lines: a long name takes two, the title the rest."""
    name = wrap(person.name, room, 2, bold=True)
    title = wrap(person.title or "", room, 3 - len(name)) if person.title else []
    out = []
    for k, (line, bold) in enumerate([(n, True) for n in name] + [(t, False) for t in title]):
        weight = ' font-weight="bold"' if bold else ""
        out.append(f'<text x="{x}" y="{y + 17 + 15 * k}"{weight}>{esc(line)}</text>')
    return "".join(out)


def map_legend() -> str:
    """The relationship map's key, in words."""
    sentiments = ", ".join(
        f"{_swatch(SENTIMENT[s])}{SENTIMENT_SYMBOL[s]} {s} ({COLOUR_WORD[SENTIMENT[s]]})"
        for s in SENTIMENT
    )
    return _legend(
        "Each box is a person, in rows by level: executives, then management, then operational "
        "staff. ",
        f"The symbol, the word and the coloured bar give their sentiment: {sentiments}. ",
        "Dots are our relationship strength: \u25cf\u25cf\u25cf\u25cb\u25cb is 3 of 5. "
        "A dashed box marked \u201cleft\u201d is someone who has left. Solid arrows point to "
        f"whom a person reports to; dashed {COLOUR_WORD[INFLUENCE]} curves point to whom they "
        "influence.",
    )
