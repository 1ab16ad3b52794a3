"""Each output target's escaping (kamgen.base.escape), against the same hostile corpus.

Every test parses the output the way its reader does (a Markdown renderer and an HTML parser, a
CSV reader in several dialects, the Actions runner's command parser, a strict JSON parser, a
terminal's idea of a control character) and asserts that the reader sees text and only text,
and the text the user wrote.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html as html_lib
import io
import json
import math
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest

from kamgen.base.escape import csv as csv_escape
from kamgen.base.escape import encodable, github, html, terminal
from kamgen.base.escape import json as strict_json
from kamgen.base.escape import markdown as gfm
from kamgen.base.escape.unicode import BIDI_CONTROLS, CONTROLS, LINE_BREAKS, REPLACEMENT
from kamgen.site.html import front_matter

from .conftest import REPO
from .hostile import HOSTILE
from .test_cli import run

TODAY = "2026-11-23"
WORD_JOINER = "\u2060"


def shown(text: str, line_break: str = " ") -> str:
    """What a reader should see of `text` on one line: controls, bidi overrides and surrogates
    as U+FFFD (tab and line breaks as `line_break`, tab as a space)."""
    out = []
    for c in text:
        if c in LINE_BREAKS:
            out.append(line_break)
        elif c == "\t":
            out.append(" ")
        elif c in CONTROLS or c in BIDI_CONTROLS or 0xD800 <= ord(c) <= 0xDFFF:
            out.append(REPLACEMENT)
        else:
            out.append(c)
    return "".join(out)


class Parsed(HTMLParser):
    """Elements with their attributes, and the text, as a browser's parser sees them."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def unknown_decl(self, data: str) -> None:
        self.comments.append(data)


# ---- HTML: the site's Markdown pages and Material's templates ----

SITE_EXTENSIONS = [
    "attr_list",
    "tables",
    "toc",
    "md_in_html",
    "footnotes",
    "def_list",
    "abbr",
    "pymdownx.magiclink",
    "pymdownx.emoji",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
]


def site_html(markdown_text: str) -> str:
    return python_markdown.markdown(markdown_text, extensions=SITE_EXTENSIONS)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_md_is_text_in_markdown_raw_html_and_attributes(text: str) -> None:
    e = html.md(text)
    page = site_html(
        f"# {e}\n\n{e}\n\n- {e}\n\n| a | b |\n|---|---|\n| {e} | x |\n\n"
        f'<table><tr><td title="{e}">{e}</td></tr></table>\n'
    )
    parsed = Parsed(page)
    allowed = {"h1", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
    assert {tag for tag, _ in parsed.elements} <= allowed, page
    assert parsed.comments == []
    for tag, attrs in parsed.elements:
        assert set(attrs) <= {"id", "title"}, (tag, attrs)
    titles = [attrs["title"] for tag, attrs in parsed.elements if "title" in attrs]
    assert titles == [shown(text)]
    # The reader sees exactly the text, in each of the five places; a blank text, nothing.
    visible, seen = shown(text).strip(), "".join(parsed.text)
    if visible:
        assert seen.count(visible) >= 5
    else:
        assert seen.split() == ["a", "b", "x"]  # the table's own words
    assert "\n" not in e and "<" not in e


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_in_a_template(text: str) -> None:
    # How Material prints nav titles and site_name: `{{ nav_item.title }}` and in attributes.
    e = html.text(text)
    parsed = Parsed(f'<a href="x/" title="{e}" aria-label="{e}"><span>{e}</span></a>')
    attrs = {"href": "x/", "title": shown(text), "aria-label": shown(text)}
    assert parsed.elements == [("a", attrs), ("span", {})]
    assert "".join(parsed.text) == shown(text)
    assert parsed.comments == []


@pytest.mark.parametrize("text", [*HOSTILE, "\U0001f600 beyond the BMP \U00020000"])
def test_front_matter_is_parsed_as_front_matter(text: str) -> None:
    # MkDocs' own parser: front matter it cannot read would become page text.
    from mkdocs.utils.meta import get_data

    body, meta = get_data(front_matter(text, text, ["tier-1"]) + "# Body\n")
    assert body == "# Body\n"
    assert meta == {"title": html.md(text), "description": html.md(text), "tags": ["tier-1"]}


def test_html_text_leaves_ordinary_names_alone() -> None:
    # A few templates escape again (`title="{{ config.site_name | e }}"`): plain names must
    # not come out as entities there.
    name = "Acme Inc. \u2013 Key-Accounts (EMEA): 2026"
    assert html.text(name) == name


# ---- GitHub-flavoured Markdown: report, diff, job summary ----


def gfm_html(markdown_text: str) -> str:
    """Python-Markdown with tables: a stricter reader than GFM would not be a better test, and
    the raw-text checks below cover GFM's own autolinks and mentions."""
    return python_markdown.markdown(markdown_text, extensions=["tables"])


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_cell_and_list_item_stay_text(text: str) -> None:
    e = gfm.md(text)
    page = gfm_html(f"- {e}\n\n| a | b |\n|---|---|\n| {e} | `id` |\n")
    parsed = Parsed(page)
    allowed = {"p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code"}
    assert {tag for tag, _ in parsed.elements} <= allowed, page
    assert [tag for tag, _ in parsed.elements].count("code") == 1  # kamgen's own
    assert [tag for tag, _ in parsed.elements].count("td") == 2  # the text added no column
    assert all(attrs == {} for _, attrs in parsed.elements)
    assert parsed.comments == []
    visible, seen = shown(text).strip(), "".join(parsed.text).replace(WORD_JOINER, "")
    if visible:
        assert seen.count(visible) >= 2
    else:  # `"...".count("")` is never below 2: a blank text leaves nothing to count
        assert seen.split() == ["a", "b", "id"]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_leaves_nothing_for_gfm_to_link(text: str) -> None:
    e = gfm.md(text)
    # GFM's autolinks and GitHub's mentions and references work on the raw text.
    for live in ("www.", "http:", "https:", "javascript:", "<", "\n", "\r", "|", "`"):
        assert live not in e, live
    # GitHub finds mentions and references in the rendered text, after entities are decoded.
    assert not re.search(r"@\w|#\w", html_lib.unescape(e))
    assert not any(c in e for c in LINE_BREAKS | BIDI_CONTROLS)
    assert encodable(e) == e


def test_markdown_mentions_and_references_are_broken_invisibly() -> None:
    assert gfm.md("@octocat #12") == f"&#64;{WORD_JOINER}octocat &#35;{WORD_JOINER}12"


def test_markdown_code_is_only_for_ids() -> None:
    assert gfm.code("thin-map") == "`thin-map`"
    assert gfm.code("freshness.plan_review") == "`freshness.plan_review`"
    assert gfm.code("a`|b") == "a&#96;&#124;b"


# ---- CSV: spreadsheets ----

FORMULA = set(csv_escape.FORMULA) | {"\t", "\r"}


def csv_text(cells: list[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([csv_escape.cell(c) for c in cells])
    return out.getvalue()


def fields_any_reader_could_see(raw: str) -> list[str]:
    """Split the raw file on every line break and every separator a spreadsheet might use,
    ignoring quotes, and trim what an import could trim."""
    out = []
    for line in re.split(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", raw):
        for field in re.split(r"[,;\t|]", line):
            out.append(field.strip().strip('"').strip())
    return out


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_no_field_starts_a_formula_whoever_opens_it(text: str) -> None:
    raw = csv_text([text, "next"])
    [[cell, after]] = list(csv.reader(io.StringIO(raw)))
    assert after == "next"
    for line in cell.split("\n"):
        assert line.lstrip(' "')[:1] not in FORMULA, line
    for field in fields_any_reader_could_see(raw):
        assert field[:1] not in FORMULA, (field, raw)
    assert not any(c in CONTROLS - {"\n"} or c in BIDI_CONTROLS for c in cell)
    assert encodable(cell) == cell
    # Nothing was lost but controls: only `'` were added.
    assert cell.replace("'", "") == csv_shown(text).replace("'", "")


def csv_shown(text: str) -> str:
    """Line breaks as `\n`, tab as a space, other controls and bidi overrides removed,
    surrogates as U+FFFD."""
    out = []
    for c in text.replace("\r\n", "\n"):
        if c in LINE_BREAKS:
            out.append("\n")
        elif c == "\t":
            out.append(" ")
        elif 0xD800 <= ord(c) <= 0xDFFF:
            out.append(REPLACEMENT)
        elif c not in CONTROLS and c not in BIDI_CONTROLS:
            out.append(c)
    return "".join(out)


def test_csv_numbers_and_ordinary_text_pass_unchanged() -> None:
    assert csv_escape.cell(-1.5) == -1.5
    assert csv_escape.cell(None) is None
    for text in ("Acme Inc.", "a-b", "North - East", "a=b", "x@y.example"):
        assert csv_escape.cell(text) == text


def test_csv_neutralises_behind_line_breaks_and_separators() -> None:
    assert csv_escape.cell("a\r=1") == "a\n'=1"
    assert csv_escape.cell("a;=1") == "a;'=1"
    assert csv_escape.cell("\t=1") == " '=1"
    assert csv_escape.cell('a; "=1"') == 'a; "\'=1"'


# ---- Terminal ----

UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_shows_no_control_bidi_or_surrogate(text: str) -> None:
    out = terminal.printable(text)
    assert out.isprintable()
    assert not {unicodedata.category(c) for c in out} & UNSAFE_CATEGORIES
    assert encodable(out) == out
    assert terminal.printable(out) == out  # escaping twice changes nothing more


def test_terminal_escapes_are_visible_and_name_the_byte() -> None:
    assert terminal.printable("a\x1b[31m\x9b") == "a\\x1b[31m\\x9b"
    assert terminal.printable("\u202eevil") == "\\u202eevil"
    assert terminal.printable("bad-\udcff-name") == "bad-\\xff-name"  # os.fsdecode(b"\xff")
    assert terminal.printable("Zoë 😀") == "Zoë 😀"


# ---- GitHub workflow commands ----


def runner_unescape(value: str, *, prop: bool) -> str:
    """The Actions runner's unescaping (ActionCommand.cs), in its order."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for escaped, char in [*pairs, ("%25", "%")]:
        value = value.replace(escaped, char)
    return value


def runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """What the runner makes of one stdout line that starts with `::`."""
    assert line.startswith("::")
    head, sep, message = line[2:].partition("::")
    assert sep
    command, _, props = head.partition(" ")
    values = {}
    for prop in props.split(","):
        key, _, value = prop.partition("=")
        values[key] = runner_unescape(value, prop=True)
    return command, values, runner_unescape(message, prop=False)


@pytest.mark.parametrize("text", HOSTILE)
def test_github_annotation_is_one_command_with_the_text_as_data(text: str) -> None:
    file = f"accounts/{text}/plan.yaml"
    line = github.annotation("error", text, file=file, line=3, col=1, title=text)
    assert not any(c in line for c in LINE_BREAKS)
    assert not any(c in CONTROLS or c in BIDI_CONTROLS for c in line)
    assert encodable(line) == line
    command, props, message = runner_parse(line)
    assert command == "error"
    assert list(props) == ["file", "line", "col", "title"]
    assert props["line"] == "3" and props["col"] == "1"
    assert message == _github_shown(text)
    assert props["title"] == _github_shown(text)
    assert props["file"] == f"accounts/{_github_shown(text)}/plan.yaml"


def _github_shown(text: str) -> str:
    """What the runner hands on: `\r` as itself, other line breaks as `\n`, tab as a space,
    other controls, bidi overrides and surrogates as U+FFFD."""
    out = []
    for c in text:
        if c == "\r":
            out.append("\r")
        elif c in LINE_BREAKS:
            out.append("\n")
        elif c == "\t":
            out.append(" ")
        elif c in CONTROLS or c in BIDI_CONTROLS or 0xD800 <= ord(c) <= 0xDFFF:
            out.append(REPLACEMENT)
        else:
            out.append(c)
    return "".join(out)


def test_github_file_name_that_is_not_utf8() -> None:
    line = github.annotation("warning", "m", file="accounts/\udcff/plan.yaml")
    assert line == "::warning file=accounts/\ufffd/plan.yaml::m"
    line.encode("utf-8")


# ---- JSON: strict, encodable, terminal-safe ----


# What json.dumps(allow_nan=False) says: the refusal, not some other ValueError on the way.
NOT_A_NUMBER = "^Out of range float values are not JSON compliant"


def strict_loads(text: str) -> Any:
    def refuse(word: str) -> Any:
        raise ValueError(f"not JSON: {word}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("text", HOSTILE)
def test_json_round_trips_every_string_and_prints_safely(text: str) -> None:
    for ascii_only in (False, True):
        out = strict_json.dumps({text: [text]}, ensure_ascii=ascii_only)
        assert strict_loads(out) == {encodable(text): [encodable(text)]}
        out.encode("utf-8")
        assert not any(c in out for c in CONTROLS - {"\n"} | BIDI_CONTROLS | {"\u2028", "\u2029"})
        if ascii_only:
            assert out.isascii()


def test_json_matches_json_dumps_where_nothing_needs_escaping() -> None:
    value = {"a": [1, 2.5, None, True], "é": "😀 ×"}
    assert strict_json.dumps(value, ensure_ascii=True) == json.dumps(value, indent=2)
    assert strict_json.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_json_refuses_what_is_not_a_number(bad: float) -> None:
    with pytest.raises(ValueError, match=NOT_A_NUMBER):
        strict_json.dumps({"x": bad})


def test_every_json_output_refuses_nan() -> None:
    from kamgen.base.findings import Finding
    from kamgen.check import reporters
    from kamgen.check.result import Result
    from kamgen.report.build import Options, execute
    from kamgen.report.diff import Diff
    from kamgen.report.diff_render import as_json as diff_json
    from kamgen.report.render import as_json as report_json

    report = execute(Options(REPO, dt.date.fromisoformat(TODAY)))
    first = dataclasses.replace(report.metrics.accounts[0], nrr=math.nan)
    metrics = dataclasses.replace(report.metrics, accounts=(first, *report.metrics.accounts[1:]))
    with pytest.raises(ValueError, match=NOT_A_NUMBER):
        report_json(dataclasses.replace(report, metrics=metrics))
    diff = Diff("main", "0" * 40, dt.date(2026, 11, 23), {"revenue": (1.0, math.nan)}, [], [], [])
    with pytest.raises(ValueError, match=NOT_A_NUMBER):
        diff_json(diff)
    finding = Finding("r", "error", "f", "m", None, 1, math.inf)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=NOT_A_NUMBER):
        reporters.as_json(Result([finding], 1, 0))


def test_schema_files_are_strict_json() -> None:
    from kamgen.model.schema import _FILE_NAMES, render

    for kind in _FILE_NAMES:
        strict_loads(render(kind))


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--format", "json"),
        ("check", "--format", "json"),
        ("report", "--format", "json"),
        ("report", "--format", "json", "--account", "veldt-agri"),
    ],
)
def test_every_json_output_of_the_demo_portfolio_is_strict(args: tuple[str, ...]) -> None:
    code, out, _ = run(*args, "--root", str(REPO), "--today", TODAY)
    assert code in (0, 1)
    strict_loads(out)


def test_diff_json_of_the_demo_portfolio_is_strict(tmp_path: Path) -> None:
    code, out, err = run("diff", "HEAD", "--root", str(REPO), "--today", TODAY, "--format", "json")
    assert code == 0, err
    strict_loads(out)


def test_step_summary_stays_under_githubs_limit_and_counts_the_rest() -> None:
    from kamgen.base.findings import Finding
    from kamgen.check.reporters import step_summary
    from kamgen.check.result import Result

    many = [Finding("unknown-field", "error", "accounts/a/plan.yaml", "x" * 500, "a", i, 1)
            for i in range(1, 5001)]  # fmt: skip
    text = step_summary(Result(many, 1, 1), "check", limit=100_000)
    assert len(text.encode()) <= 100_000
    shown = text.count("| error |")
    assert 0 < shown < 5000
    assert f"{5000 - shown} more findings are not shown here" in text
