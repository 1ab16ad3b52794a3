"""The site's pictures (kamgen/site/svg/, kamgen/site/figures.css).

Each picture is parsed as XML and held to what a reader needs: text of 12 px or more at the
size it is shown, a word or a shape beside every colour, labels on their own bubbles and inside
the plot, colours that keep their contrast in both palettes, bytes that stay bounded at 1000
accounts, and every user string escaped.
"""

from __future__ import annotations

import math
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgen.site import svg

from .hostile import HOSTILE

SVG = "{http://www.w3.org/2000/svg}"
FIGURES_CSS = Path(svg.__file__).parent.with_name("figures.css")  # kamgen/site/figures.css
LIGHT, DARK = "#ffffff", "#1e2129"  # Material's default and slate backgrounds
# Text colours of the two palettes, composited on their backgrounds: rgba(0,0,0,.87) and
# hsla(225,15%,90%,.82).
LIGHT_TEXT, DARK_TEXT = "#212121", "#bec0c6"


# ---- helpers -----------------------------------------------------------------------------


def parse(picture: str) -> ET.Element:
    return ET.fromstring(picture)


def tag(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def inherited(element: ET.Element, name: str, up: dict[ET.Element, ET.Element]) -> str | None:
    while True:
        if name in element.attrib:
            return element.attrib[name]
        if element not in up:
            return None
        element = up[element]


def words(element: ET.Element) -> str:
    return "".join(element.itertext())


def texts(root: ET.Element) -> list[str]:
    return [words(t) for t in root.iter(f"{SVG}text")]


def viewbox(root: ET.Element) -> tuple[float, float]:
    _, _, w, h = (float(v) for v in root.attrib["viewBox"].split())
    return w, h


def people(levels: dict[str, int], **extra: object) -> list[svg.Person]:
    sentiments = list(svg.SENTIMENT)
    out = []
    for level, count in levels.items():
        for k in range(count):
            pid = f"{level[:3]}{k:02d}"
            fields: dict[str, object] = {
                "id": pid,
                "name": f"Person {pid}",
                "title": "Head of Finance",
                "level": level,
                "sentiment": sentiments[k % len(sentiments)],
                "strength": k % 6,
                "left": False,
                "reports_to": None,
                "influences": (),
            }
            fields.update(extra)
            out.append(svg.Person(**fields))  # type: ignore[arg-type]
    return out


def grid() -> tuple[list[str], list[str], dict[tuple[str, str], svg.GridCell]]:
    units = ["North", "South region operations", "Group IT"]
    offerings = ["Training", "Managed services and support", "Analytics", "Cloud"]
    statuses = [s for s in svg.CELL if s != "unexplored"]
    cells = {
        (u, o): svg.GridCell(statuses[(i * 4 + j) % len(statuses)], "USD 125,000", f"{u} x {o}")
        for i, u in enumerate(units)
        for j, o in enumerate(offerings)
        if (i + j) % 4 != 3
    }
    return units, offerings, cells


def bubbles(n: int, seed: int = 1) -> list[svg.Bubble]:
    rng = random.Random(seed)
    return [
        svg.Bubble(
            f"Synthetic Customer {i} Ltd",
            f"accounts/account-{i:05d}/",
            rng.uniform(0, 100),
            rng.randint(0, 100),
            rng.randint(0, 5_000_000),
            rng.randint(1, 3),
        )
        for i in range(n)
    ]


def revenue(n: int) -> list[tuple[str, float]]:
    return sorted(((b.name, b.revenue) for b in bubbles(n)), key=lambda v: -v[1])


def pictures() -> Iterator[tuple[str, str]]:
    units, offerings, cells = grid()
    yield "map", svg.relationship_map(people({"executive": 3, "management": 9}), "Acme")
    yield "map-empty", svg.relationship_map([], "Acme")
    yield "heatmap", svg.heatmap(units, offerings, cells, "Acme")
    yield (
        "heatmap-60x40",
        svg.heatmap([f"U{i}" for i in range(60)], [f"O{j}" for j in range(40)], {}, "A"),
    )
    yield "pareto", svg.pareto(revenue(30))
    yield "pareto-1000", svg.pareto(revenue(1000))
    yield "pareto-empty", svg.pareto([])
    yield "matrix", svg.matrix(bubbles(30), "USD")
    yield "matrix-1000", svg.matrix(bubbles(1000), "USD")
    yield "matrix-empty", svg.matrix([], "USD")
    yield "risks", svg.risk_grid(risk_marks(), "Acme")
    yield "risks-empty", svg.risk_grid([], "Acme")


def risk_marks() -> list[svg.RiskMark]:
    """Risks spread over the grid, eight of them in one cell (more than a cell draws)."""
    statuses = list(svg.STATUS_DASH)
    spread = [(5, 5), (4, 3), (1, 1), (3, 4), (2, 5)]
    out = [
        svg.RiskMark(str(n), f"Risk number {n}", s, k, statuses[n % 3])
        for n, (s, k) in enumerate(spread, 1)
    ]
    out += [svg.RiskMark(str(n), f"Crowded {n}", 2, 2, "open") for n in range(6, 14)]
    return out


PICTURES = dict(pictures())


# ---- 1. text size, natural size, accessibility --------------------------------------------


@pytest.mark.parametrize("name", list(PICTURES))
def test_drawn_at_natural_size_with_text_of_12_px_or_more(name: str) -> None:
    root = parse(PICTURES[name])
    w, h = viewbox(root)
    # One unit is one CSS pixel: the picture is not scaled down to the column.
    assert (float(root.attrib["width"]), float(root.attrib["height"])) == (w, h)
    assert "style" not in root.attrib
    up = parents(root)
    all_text = list(root.iter(f"{SVG}text"))
    assert all_text
    for text in all_text:
        size = inherited(text, "font-size", up)
        assert size is not None and float(size) >= 12, (name, words(text), size)
    for element in root.iter():
        if "font-size" in element.attrib:
            assert float(element.attrib["font-size"]) >= 12


@pytest.mark.parametrize("name", list(PICTURES))
def test_named_described_and_no_nested_links(name: str) -> None:
    root = parse(PICTURES[name])
    assert "data-search-exclude" in root.attrib  # the search index skips pictures
    assert [tag(c) for c in root[:2]] == ["title", "desc"] and root[0].text and root[1].text
    links = list(root.iter(f"{SVG}a"))
    if links:
        # role="img" makes its children presentational: links inside it fail axe-core's
        # nested-interactive. A picture of links is a named group instead.
        assert root.attrib["role"] == "group"
    else:
        assert root.attrib["role"] == "img"
    for link in links:
        assert not any(tag(e) == "a" for e in link.iter() if e is not link)


def test_compact_pictures_fit_a_phone_and_the_map_fits_a_desktop() -> None:
    assert viewbox(parse(PICTURES["pareto"]))[0] <= 350
    assert viewbox(parse(PICTURES["map"]))[0] <= 700
    assert viewbox(parse(svg.relationship_map(people({"executive": 1}), "A")))[0] <= 200


def test_the_stylesheet_keeps_pictures_at_natural_size_and_follows_the_palette() -> None:
    css = FIGURES_CSS.read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset \.kg-scroll > svg \{([^}]*)\}", css)
    assert rule is not None and "max-width: none" in rule.group(1)
    assert re.search(r"\.kg-scroll \{[^}]*overflow-x: auto", css)
    # Colours in the stylesheet come from the theme, so both palettes work.
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", css) == []


# ---- 2. relationship map -------------------------------------------------------------------


def boxes(root: ET.Element) -> list[tuple[ET.Element, float, float]]:
    out = []
    for person in root.iter(f"{SVG}g"):
        if person.attrib.get("class") == "kg-person":
            rect = person.find(f"{SVG}rect")
            assert rect is not None
            out.append((person, float(rect.attrib["x"]), float(rect.attrib["y"])))
    return out


def test_a_wide_level_wraps_into_rows_of_four() -> None:
    root = parse(svg.relationship_map(people({"executive": 2, "management": 10}), "Acme"))
    width, height = viewbox(root)
    assert width <= 700
    placed = boxes(root)
    assert len(placed) == 12
    rows: dict[float, list[float]] = {}
    for _, x, y in placed:
        rows.setdefault(y, []).append(x)
        assert x >= 0 and x + svg.BOX_W <= width and y + svg.BOX_H <= height
    assert sorted(len(r) for r in rows.values()) == [2, 2, 4, 4]
    assert len({(x, y) for _, x, y in placed}) == 12  # no two boxes in one place
    assert "Management: 10 people" in texts(root) and "Operational: nobody listed" in texts(root)


def test_each_person_shows_sentiment_strength_and_leaving_in_words() -> None:
    folk = people({"management": 5})
    folk[2] = svg.Person(**{**folk[2].__dict__, "left": True})
    root = parse(svg.relationship_map(folk, "Acme"))
    for group, _, _ in boxes(root):
        person = next(p for p in folk if words(group).startswith(p.name))
        said = [words(t) for t in group.iter(f"{SVG}text")]
        symbol = svg.SENTIMENT_SYMBOL[person.sentiment]
        assert f"{symbol} {person.sentiment}" in said
        assert group.attrib["data-sentiment"] == person.sentiment
        bar = group.findall(f"{SVG}rect")[1]
        assert bar.attrib["fill"] == svg.SENTIMENT[person.sentiment]
        if person.left:
            assert "left" in said and group.findall(f"{SVG}rect")[0].attrib["stroke-dasharray"]
        else:
            dots = svg.strength_dots(person.strength)
            assert dots in said and dots.count("\u25cf") == person.strength


def test_long_names_wrap_and_every_line_fits_its_box() -> None:
    name = "Nomvula Mthembu Dlamini-Zuma"
    folk = people({"executive": 1}, name=name, title="Group Chief Financial Officer and Treasurer")
    root = parse(svg.relationship_map(folk, "Acme"))
    [(group, x, _)] = boxes(root)
    lines = group.findall(f"{SVG}text")
    bold = [words(t) for t in lines if t.attrib.get("font-weight") == "bold"]
    assert len(bold) == 2 and " ".join(bold) == name  # whole, on two lines
    assert [words(t) for t in lines][2].startswith("Group Chief")  # the title takes the rest
    for text in lines:
        anchor = text.attrib.get("text-anchor", "start")
        width = svg.text_width(words(text), bold=text.attrib.get("font-weight") == "bold")
        tx = float(text.attrib["x"])
        left, right = (tx - width, tx) if anchor == "end" else (tx, tx + width)
        assert x < left and right <= x + svg.BOX_W, words(text)


def test_report_and_influence_lines_join_boxes() -> None:
    folk = people({"executive": 1, "management": 2})
    folk[1] = svg.Person(
        **{**folk[1].__dict__, "reports_to": folk[0].id, "influences": (folk[2].id,)}
    )
    root = parse(svg.relationship_map(folk, "Acme"))
    [line] = [e for e in root.iter(f"{SVG}line") if e.attrib.get("class") == "kg-reports"]
    where = {words(g.findall(f"{SVG}text")[0]): (x, y) for g, x, y in boxes(root)}
    boss, report = where[folk[0].name], where[folk[1].name]
    assert float(line.attrib["y1"]) == report[1]  # from the report's top edge
    assert float(line.attrib["y2"]) == boss[1] + svg.BOX_H  # to the manager's bottom edge
    assert len([e for e in root.iter(f"{SVG}path") if e.attrib.get("class") == "kg-influence"]) == 1


# ---- 3. whitespace grid --------------------------------------------------------------------


def test_every_cell_names_its_status_and_value() -> None:
    units, offerings, cells = grid()
    root = parse(svg.heatmap(units, offerings, cells, "Acme"))
    groups = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-cell"]
    listed = [g for g in groups if g.attrib["data-status"] != "unexplored"]
    assert len(listed) == len(cells)
    for group in listed:
        status = group.attrib["data-status"]
        said = [words(t) for t in group.iter(f"{SVG}text")]
        assert said == [svg.CELL_WORD[status], "USD 125,000"]
        rect = group.find(f"{SVG}rect")
        assert rect is not None and rect.attrib["stroke"] == svg.CELL[status]
    unexplored = [g for g in groups if g.attrib["data-status"] == "unexplored"]
    assert len(unexplored) == len(units) * len(offerings) - len(cells)
    for group in unexplored:
        rect = group.find(f"{SVG}rect")
        assert rect is not None and rect.attrib["stroke-dasharray"]  # a shape, not a colour
    heads = texts(root)
    assert "Training" in heads and "North" in heads and "South region operations" in heads


def test_a_cell_without_a_value_still_names_its_status() -> None:
    cells = {("North", "Cloud"): svg.GridCell("not_applicable", "", "tip")}
    root = parse(svg.heatmap(["North"], ["Cloud"], cells, "Acme"))
    assert "n/a" in texts(root)


def test_long_offerings_wrap_to_two_lines_within_their_column() -> None:
    root = parse(svg.heatmap(["North"], ["Managed services and support for everyone"], {}, "A"))
    spans = texts(root)[:3]
    assert len(spans) == 3 and " ".join(spans).startswith("Managed services and")
    assert spans[-1].endswith("\u2026")  # cut, with the whole name in the desc and tooltips
    assert all(svg.text_width(s, bold=True) <= svg.CELL_W - 8 for s in spans)


# ---- 4. portfolio matrix -------------------------------------------------------------------


def plot_frame(root: ET.Element) -> tuple[float, float, float, float]:
    rect = next(r for r in root.findall(f"{SVG}rect") if r.attrib.get("fill") == "none")
    x, y = float(rect.attrib["x"]), float(rect.attrib["y"])
    return x, y, x + float(rect.attrib["width"]), y + float(rect.attrib["height"])


def drawn_bubbles(root: ET.Element) -> list[tuple[str, float, float, float, ET.Element]]:
    """(tooltip, cx, cy, r, link) of each bubble."""
    out = []
    for link in root.iter(f"{SVG}a"):
        title, circle = link.find(f"{SVG}title"), link.find(f"{SVG}circle")
        assert title is not None and circle is not None
        cx, cy, r = (float(circle.attrib[k]) for k in ("cx", "cy", "r"))
        out.append((title.text or "", cx, cy, r, link))
    return out


def label_boxes(root: ET.Element) -> list[tuple[str, svg.Box]]:
    group = next(g for g in root.iter(f"{SVG}g") if "kg-labels" in g.attrib.get("class", ""))
    out = []
    for text in group.iter(f"{SVG}text"):
        width = svg.text_width(words(text), bold=text.attrib.get("font-weight") == "bold")
        x, y = float(text.attrib["x"]), float(text.attrib["y"])
        anchor = text.attrib.get("text-anchor", "start")
        out.append((words(text), svg._label_box(x, y, width, anchor)))
    return out


def gap(box: svg.Box, cx: float, cy: float, r: float) -> float:
    """Distance from a box to a circle's edge (negative: they overlap)."""
    nx, ny = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return math.hypot(nx - cx, ny - cy) - r


def leaders(root: ET.Element) -> list[tuple[float, float, float, float]]:
    group = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-leaders")
    return [
        tuple(float(line.attrib[k]) for k in ("x1", "y1", "x2", "y2"))  # type: ignore[misc]
        for line in group.iter(f"{SVG}line")
    ]


def check_labels(root: ET.Element, labelled: int = 12) -> int:
    """Every label: inside the plot; touching its own bubble, or joined to it by a leader
    line; over no other label; and at least 4 units further from any other named bubble than
    from its own. Returns how many labels there are."""
    frame = plot_frame(root)
    drawn = drawn_bubbles(root)
    by_revenue = drawn[-labelled:] if len(drawn) > labelled else drawn  # the named come last
    names = [b[0].rsplit(", score ", 1)[0] for b in by_revenue]
    labels = label_boxes(root)
    lines = leaders(root)
    for k, (text, box) in enumerate(labels):
        assert (
            frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
        )
        own = [
            b
            for b, name in zip(by_revenue, names, strict=True)
            if text in svg.label_texts(name, names)
        ]
        assert len(own) == 1, text  # the label names one account
        _, cx, cy, r, _ = own[0]
        near = gap(box, cx, cy, r)
        if near > 6:  # a leader line runs from the bubble's edge (and no other's) to the label
            assert any(
                abs(math.hypot(x1 - cx, y1 - cy) - r) < 1
                and gap(box, x2, y2, 0) < 6
                and all(
                    math.hypot(x1 - o[1], y1 - o[2]) > o[3] + 3
                    for o in by_revenue
                    if o is not own[0]
                )
                for x1, y1, x2, y2 in lines
            ), text
        for other in by_revenue:
            if other is not own[0]:  # clearly nearer its own bubble than any other named one
                assert gap(box, *other[1:4]) >= min(near, 4) + 4, (text, other[0])
        for _, box2 in labels[k + 1 :]:
            assert not svg._overlaps(box, box2)
    assert len(lines) <= len(labels)
    return len(labels)


def test_labels_sit_beside_their_own_bubbles_inside_the_plot() -> None:
    root = parse(svg.matrix(bubbles(30), "USD"))
    assert check_labels(root) >= 6  # at least half of the 12 find a place


def test_labels_at_the_edges_stay_inside_and_a_crowd_drops_labels_rather_than_misplace_them() -> (
    None
):
    corners = [
        svg.Bubble(f"Corner account {i}", f"a/{i}/", s, h, 1_000_000, 1)
        for i, (s, h) in enumerate([(0, 0), (100, 100), (0, 100), (100, 0)])
    ]
    root = parse(svg.matrix(corners, "USD"))
    assert check_labels(root) == 4
    pile = [svg.Bubble(f"Same place {i}", f"a/{i}/", 50, 50, 1_000_000 - i, 1) for i in range(12)]
    root = parse(svg.matrix(pile, "USD"))
    assert check_labels(root) == 0  # twelve names at one spot: none can be told apart


def test_axes_have_values_and_titles_and_the_tiers_a_key() -> None:
    root = parse(svg.matrix(bubbles(30), "USD", x_label="Selection score", y_label="Health"))
    said = texts(root)
    for tick in ("0", "25", "50", "75", "100"):
        assert said.count(tick) == 2  # on both axes
    assert "Selection score \u2192" in said and "Health \u2192" in said
    assert "Tier" in said and all(str(t) in said for t in svg.TIER_COLOUR)
    assert "bubble area: revenue" in said


def test_tier_has_a_dash_twin_as_well_as_a_colour() -> None:
    root = parse(svg.matrix(bubbles(30), "USD"))
    up = parents(root)
    seen: dict[str, set[str | None]] = {}
    for *_, link in drawn_bubbles(root):
        title = link.find(f"{SVG}title")
        assert title is not None and title.text
        tier = title.text.rsplit("tier ", 1)[1]
        seen.setdefault(tier, set()).add(inherited(link, "stroke-dasharray", up))
        assert inherited(link, "fill", up) == svg.TIER_COLOUR[int(tier)]
    assert seen == {"1": {None}, "2": {svg.TIER_DASH[2]}, "3": {svg.TIER_DASH[3]}}


def test_bubble_area_is_revenue_with_a_minimum_size_and_each_bubble_is_a_link() -> None:
    accounts = [
        svg.Bubble("Big", "accounts/big/", 20, 20, 4_000_000, 1),
        svg.Bubble("Quarter", "accounts/quarter/", 60, 60, 1_000_000, 2),
        svg.Bubble("Nothing yet", "accounts/nothing/", 80, 80, 0, 3),
    ]
    root = parse(svg.matrix(accounts, "USD"))
    radius = {t.split(",")[0]: r for t, _, _, r, _ in drawn_bubbles(root)}
    assert radius["Big"] == pytest.approx(2 * radius["Quarter"], rel=0.02)
    assert radius["Nothing yet"] == svg.R_MIN
    for title, *_, link in drawn_bubbles(root):
        assert link.attrib["href"].startswith("accounts/")
        assert re.fullmatch(r".+, score \d+, health \d+, USD [\d.]+[kMB]?, tier \d", title)
    assert "Big, score 20, health 20, USD 4M, tier 1" in [t for t, *_ in drawn_bubbles(root)]


def test_one_circle_per_account_drawn() -> None:
    picture = svg.matrix(bubbles(30), "USD")
    assert picture.count("<circle") == len(drawn_bubbles(parse(picture))) == 30


def test_an_account_without_health_is_left_out_and_said_to_be() -> None:
    root = parse(svg.matrix([svg.Bubble("No health", "a/", 50, None, 10, 1)], "USD"))
    assert drawn_bubbles(root) == [] and "1 without a health are not drawn" in (root[1].text or "")


@pytest.mark.parametrize("n", [1000, 10_000])
def test_a_thousand_accounts_stay_legible_and_small(n: int) -> None:
    picture = svg.matrix(bubbles(n), "USD")
    assert len(picture.encode()) < 150_000
    root = parse(picture)
    drawn = drawn_bubbles(root)
    assert len(drawn) == svg.DRAWN  # the rest are summed in squares
    squares = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-bins"]
    assert len(squares) == 1 and 0 < len(list(squares[0].iter(f"{SVG}rect"))) <= svg.BINS**2
    counted = sum(
        int(words(t).split()[0]) for t in squares[0].iter(f"{SVG}title")
    )  # every account is drawn or counted
    assert counted == n - svg.DRAWN
    assert 6 <= check_labels(root) <= 12
    # Only the named bubbles are in the tab order; the table below links every account.
    focusable = [link for *_, link in drawn if "tabindex" not in link.attrib]
    assert len(focusable) == 12
    plot = plot_frame(root)
    covered = sum(math.pi * r * r for _, _, _, r, _ in drawn)
    assert covered <= 0.35 * (plot[2] - plot[0]) * (plot[3] - plot[1])  # not a blob


def test_unsafe_links_are_neutralised() -> None:
    accounts = [
        svg.Bubble("A", "javascript:alert(1)", 10, 10, 1, 1),
        svg.Bubble("B", " JaVa\tScRiPt:alert(1)", 20, 20, 1, 1),
        svg.Bubble("C", '"><script>alert(1)</script>', 30, 30, 1, 1),
    ]
    root = parse(svg.matrix(accounts, "USD"))
    hrefs = sorted(link.attrib["href"] for *_, link in drawn_bubbles(root))
    assert hrefs == ['"><script>alert(1)</script>', "#", "#"]  # the last is text, not markup
    assert not list(root.iter(f"{SVG}script"))


# ---- 5. Pareto curve -----------------------------------------------------------------------


def test_pareto_names_its_largest_accounts_and_labels_the_80_percent_line() -> None:
    values = revenue(30)
    root = parse(svg.pareto(values))
    said = texts(root)
    assert "80% of revenue" in said
    for tick in ("0%", "25%", "50%", "75%", "100%", "0", "30"):
        assert tick in said
    total = sum(v for _, v in values)
    running, reach = 0.0, 0
    while running < 0.8 * total:
        running += values[reach][1]
        reach += 1
    assert f"{reach} accounts" in said
    key = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-names")
    listed = [words(t) for t in key.iter(f"{SVG}text")][::2]
    assert listed == [f"{i}. {name}" for i, (name, _) in enumerate(values[:5], 1)]


def key_place(values: list[tuple[str, float]]) -> str:
    """Where the Pareto key went: "plot" or "below" (checked to be inside the picture)."""
    root = parse(svg.pareto(values))
    key = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-names")
    rect = key.find(f"{SVG}rect")
    assert rect is not None
    x, y = float(rect.attrib["x"]), float(rect.attrib["y"])
    right, bottom = x + float(rect.attrib["width"]), y + float(rect.attrib["height"])
    frame, (width, height) = plot_frame(root), viewbox(root)
    assert right <= width and bottom <= height
    if frame[0] <= x and right <= frame[2] and frame[1] <= y and bottom <= frame[3]:
        return "plot"
    assert y >= svg.PARETO_H and height > svg.PARETO_H  # under the axis, the picture taller
    return "below"


def test_the_pareto_key_sits_under_the_curve_or_under_the_axis() -> None:
    concentrated = [("Big One", 1000.0)] + [(f"Small {i}", 10.0) for i in range(40)]
    assert key_place(concentrated) == "plot"
    level = [(f"Equal account number {i}", 10.0) for i in range(40)]
    assert key_place(level) == "below"


@pytest.mark.parametrize("n", [3, 1000, 10_000])
def test_pareto_points_and_bytes_are_bounded(n: int) -> None:
    picture = svg.pareto(revenue(n))
    assert len(picture.encode()) < 12_000
    line = parse(picture).find(f"{SVG}polyline")
    assert line is not None
    points = line.attrib["points"].split()
    assert len(points) == n + 1 if n < 100 else len(points) <= svg.PARETO_W
    assert points[-1].endswith(",50") or float(points[-1].split(",")[1]) <= 31  # reaches 100%


# ---- 5b. risk register -----------------------------------------------------------------


def test_each_risk_sits_in_its_cell_numbered_and_a_crowded_cell_says_how_many_more() -> None:
    marks = risk_marks()
    root = parse(svg.risk_grid(marks, "Acme"))
    cells = {}
    for g in root.iter(f"{SVG}g"):
        if g.attrib.get("class") == "kg-risk-cell":
            rect = g.find(f"{SVG}rect")
            title = g.find(f"{SVG}title")
            assert rect is not None and title is not None and title.text
            s, k = re.findall(r"severity (\d) \u00d7 likelihood (\d)", title.text)[0]
            x, y = float(rect.attrib["x"]), float(rect.attrib["y"])
            box = (x, y, x + float(rect.attrib["width"]), y + float(rect.attrib["height"]))
            cells[(int(s), int(k))] = (box, g)
            score = int(s) * int(k)
            # The cell writes its score; its band is in its tooltip and its tint.
            assert g.findtext(f"{SVG}text") == str(score)
            assert g.attrib["data-band"] == svg.risk_band(score)[0]
    assert len(cells) == 25
    # Severity goes up: the severity-5 row is above the severity-1 row.
    assert cells[(5, 1)][0][1] < cells[(1, 1)][0][1]
    assert cells[(1, 5)][0][0] > cells[(1, 1)][0][0]  # likelihood goes across
    drawn = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-risk-mark"]
    by_number = {m.number: m for m in marks}
    for g in drawn:
        number = g.findtext(f"{SVG}text")
        mark = by_number[number]
        circle = g.find(f"{SVG}circle")
        assert circle is not None
        cx, cy, r = (float(circle.attrib[a]) for a in ("cx", "cy", "r"))
        (x0, y0, x1, y1), _ = cells[(mark.severity, mark.likelihood)]
        assert x0 <= cx - r and cx + r <= x1 and y0 <= cy - r and cy + r <= y1, number
        assert g.attrib["data-status"] == mark.status
        assert circle.attrib.get("stroke-dasharray", "") == svg.STATUS_DASH[mark.status]
    crowded = [m for m in marks if (m.severity, m.likelihood) == (2, 2)]
    shown = [g for g in drawn if by_number[g.findtext(f"{SVG}text", "")] in crowded]
    more = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kg-risk-more"]
    assert len(shown) == 5 and len(more) == 1
    assert more[0].findtext(f"{SVG}text") == f"+{len(crowded) - 5}"
    assert len(drawn) == len(marks) - len(crowded) + 5


def test_the_risk_key_names_bands_statuses_and_colours_in_words() -> None:
    key = svg.risk_legend()
    low = 1
    for word, top, colour in svg.BANDS:
        assert f"{word} {low} to {top} ({svg.COLOUR_WORD[colour]})" in key
        low = top + 1
    assert low == 26  # the bands cover every score, 1 to 25
    for status in svg.STATUS_DASH:
        assert status in key
    assert "Closed risks are not drawn" in key


# ---- 6. colours ----------------------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(colour: str, opacity: float, background: str) -> str:
    mix = [
        round(int(colour[i : i + 2], 16) * opacity + int(background[i : i + 2], 16) * (1 - opacity))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in mix)


MEANING = {
    **{f"sentiment {k}": v for k, v in svg.SENTIMENT.items()},
    **{f"status {k}": v for k, v in svg.CELL.items() if v != "none"},
    **{f"tier {k}": v for k, v in svg.TIER_COLOUR.items()},
    "other tier": svg.OTHER_TIER,
    "Pareto line": svg.LINE,
    "80% line": svg.MARK,
    "influence": svg.INFLUENCE,
    **{f"risk band {word}": colour for word, _, colour in svg.BANDS},
}


@pytest.mark.parametrize("what", list(MEANING))
def test_colours_with_meaning_keep_3_to_1_on_both_palettes(what: str) -> None:
    colour = MEANING[what]
    assert contrast(colour, LIGHT) >= 3 and contrast(colour, DARK) >= 3
    assert colour in svg.COLOUR_WORD  # and the key names it in words


@pytest.mark.parametrize("status", [s for s, c in svg.CELL.items() if c != "none"])
def test_cell_text_keeps_4_5_to_1_on_its_tint(status: str) -> None:
    tint = 0.16  # the fill-opacity heatmap() gives a cell
    assert f'fill-opacity=".{int(tint * 100)}"' in svg.heatmap(
        ["u"], ["o"], {("u", "o"): svg.GridCell(status, "1", "t")}, "A"
    )
    for background, text in ((LIGHT, LIGHT_TEXT), (DARK, DARK_TEXT)):
        assert contrast(text, blend(svg.CELL[status], tint, background)) >= 4.5


@pytest.mark.parametrize("score", [1, 6, 20])
def test_risk_cell_text_keeps_4_5_to_1_on_its_tint(score: int) -> None:
    picture = svg.risk_grid([], "A")
    word, colour = svg.risk_band(score)
    root = parse(picture)
    cell = next(
        g for g in root.iter(f"{SVG}g")
        if g.attrib.get("data-band") == word and g.findtext(f"{SVG}text") == str(score)
    )  # fmt: skip
    rect = cell.find(f"{SVG}rect")
    assert rect is not None and rect.attrib["fill"] == colour
    tint = float(rect.attrib["fill-opacity"])
    for background, text in ((LIGHT, LIGHT_TEXT), (DARK, DARK_TEXT)):
        assert contrast(text, blend(colour, tint, background)) >= 4.5


def test_outlines_that_carry_meaning_keep_3_to_1_on_both_palettes() -> None:
    # An unexplored cell's dashed outline: the text colour at the opacity heatmap() gives it.
    root = parse(svg.heatmap(["u"], ["o"], {}, "A"))
    [cell] = [g for g in root.iter(f"{SVG}g") if g.attrib.get("data-status") == "unexplored"]
    rect = cell.find(f"{SVG}rect")
    assert rect is not None and rect.attrib["stroke"] == "currentColor"
    opacity = float(rect.attrib["stroke-opacity"])
    for background, text in ((LIGHT, LIGHT_TEXT), (DARK, DARK_TEXT)):
        assert contrast(blend(text, opacity, background), background) >= 3
    # A faint bubble is outlined in its tier's own colour, at full strength.
    for tier, colour in svg.TIER_COLOUR.items():
        group = parse(svg._tier_group(tier, "faint") + "</g>")
        assert group.attrib["stroke"] == colour and "stroke-opacity" not in group.attrib


@pytest.mark.parametrize("tier", list(svg.TIER_COLOUR))
def test_named_bubbles_keep_3_to_1_on_both_palettes(tier: int) -> None:
    group = parse(svg._tier_group(tier, "named") + "</g>")
    opacity = float(group.attrib["fill-opacity"])
    assert opacity >= 0.8  # a named bubble is solid: it stands out from the faint crowd
    for background in (LIGHT, DARK):
        assert contrast(blend(svg.TIER_COLOUR[tier], opacity, background), background) >= 3


# ---- 8. keys in words ----------------------------------------------------------------------


def test_every_key_says_in_words_what_each_colour_symbol_and_size_means() -> None:
    key = svg.map_legend()
    for sentiment, symbol in svg.SENTIMENT_SYMBOL.items():
        assert f"{symbol} {sentiment} ({svg.COLOUR_WORD[svg.SENTIMENT[sentiment]]})" in key
    assert "strength" in key and "left" in key and "reports to" in key and "influence" in key
    key = svg.heatmap_legend()
    for word in svg.CELL_WORD.values():
        assert (word or "unexplored") in key
    key = svg.matrix_legend("USD")
    assert "Bubble area is revenue in USD" in key and "minimum" in key
    for tier, dash in svg.TIER_DASH_WORD.items():
        assert f"tier {tier} {svg.COLOUR_WORD[svg.TIER_COLOUR[tier]]}, {dash}" in key
    key = svg.pareto_legend()
    assert "80% of revenue" in key and "largest" in key


def test_figure_wraps_a_picture_in_its_own_scrolling_region() -> None:
    html = svg.figure("<svg/>", 'Map of "Acme"', "<p>key</p>")
    assert html == (
        '<figure class="kg-figure"><div class="kg-scroll" role="region" tabindex="0" '
        'aria-label="Map of &#34;Acme&#34;"><svg/></div><figcaption><p>key</p></figcaption>'
        "</figure>"
    )


# ---- 9. hostile strings --------------------------------------------------------------------

ALLOWED = {
    "svg", "title", "desc", "defs", "marker", "pattern", "g", "a", "rect", "circle", "line",
    "path", "polyline", "text", "tspan",
}  # fmt: skip


def hostile_pictures(text: str) -> dict[str, str]:
    folk = [
        svg.Person("a", text, text, "executive", "champion", 3, False, None, ("b",)),
        svg.Person("b", text, text, "management", text, 1, True, "a", ()),
        svg.Person(text, text, None, "operational", "neutral", 9, False, text, (text,)),
    ]
    cells = {
        (text, text): svg.GridCell("open", text, text),
        ("u", text): svg.GridCell(text, text, text),
    }
    accounts = [
        svg.Bubble(text, text, 50, 50, 1000, 1),
        svg.Bubble(text + "x", "accounts/x/", 10, 90, 10, 7),
    ]
    return {
        "map": svg.relationship_map(folk, text),
        "heatmap": svg.heatmap([text, "u"], [text, "o"], cells, text),
        "pareto": svg.pareto([(text, 5.0), (text, 1.0)]),
        "matrix": svg.matrix(accounts, text, x_label=text, y_label=text),
        "risks": svg.risk_grid(
            [svg.RiskMark(text, text, 3, 3, text), svg.RiskMark("2", text, 5, 1, "open")], text
        ),
    }


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_leave_every_picture_well_formed_and_inert(text: str) -> None:
    for name, picture in hostile_pictures(text).items():
        root = parse(picture)  # well-formed XML, whatever the names hold
        for element in root.iter():
            assert tag(element) in ALLOWED, (name, element.tag)
            assert not [a for a in element.attrib if a.lower().startswith("on")]
            if tag(element) == "a":
                href = re.sub(r"[\t\n\r]", "", element.attrib["href"]).strip()
                assert not re.match(r"(?i)(javascript|data|vbscript):", href)
        assert "<script" not in picture and "<!--" not in picture and "]]>" not in picture
    for key in (svg.matrix_legend(text, x_label=text, y_label=text),):
        assert (
            "<script" not in key
            and "<img" not in key
            and "<svg" not in key.replace('<span class="kg-swatch', "")
        )


def test_fit_and_wrap_keep_to_their_room() -> None:
    for text in ["W" * 80, "Managed services and support for everyone", "a", ""]:
        assert svg.text_width(svg.fit(text, 100)) <= 100
        lines = svg.wrap(text, 100, 2)
        assert len(lines) <= 2 and all(svg.text_width(line) <= 100 for line in lines)
    assert svg.fit("Short", 100) == "Short"
    assert svg.wrap("Rudo Moyo", 200) == ["Rudo Moyo"]
