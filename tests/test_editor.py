"""The files as an editor sees them: Red Hat's yaml-language-server (the engine of VS Code's
YAML extension), pinned in tests/yamlls, is driven over stdio with the language server
protocol. Every shipped file opens without a diagnostic, one mistake gets one diagnostic
that reads as a sentence, and hover explains a field from the schema's description.

The files carry `# yaml-language-server: $schema=...` modelines, so the server finds each
schema exactly as it does for a user; a hover that shows a description proves it did."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner

from kamgen.cli.init import init
from kamgen.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "tests" / "yamlls" / "node_modules" / "yaml-language-server"
SERVER = PACKAGE / "bin" / "yaml-language-server"
SHIPPED = sorted([REPO / "kamgen.yaml", *(REPO / "accounts").rglob("*.yaml")])
# Every wait is bounded: the server answers in well under a second; this is the ceiling
# on a slow CI machine, after which the test fails instead of hanging.
WAIT = 30.0
SETTINGS: dict[str, Any] = {
    "validate": True,
    "hover": True,
    "completion": True,
    # No downloads: only the schemas the modelines name.
    "schemaStore": {"enable": False},
}

Message = dict[str, Any]


def server_command() -> list[str]:
    """How to start the server, or a skip that says what is missing on a developer's
    machine. In CI (`CI` set) a missing server fails: CI must never pass by skipping."""
    node = shutil.which("node")
    why = ""
    if not node:
        why = "node not on PATH"
    elif not SERVER.is_file():
        why = f"{SERVER.relative_to(REPO)} missing (scripts/test.sh runs `npm ci` in tests/yamlls)"
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI is set, so the editor test fails rather than skips")
        pytest.skip(why)
    assert node is not None
    return [node, str(SERVER), "--stdio"]


@pytest.mark.parametrize(
    ("ci", "outcome"), [("", pytest.skip.Exception), ("true", pytest.fail.Exception)]
)
def test_a_missing_server_skips_on_a_laptop_and_fails_in_ci(
    ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: node is not found
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"^node not on PATH"):
        server_command()


def _frames(stream: IO[bytes], inbox: queue.Queue[Message | None]) -> None:
    """Reads the server's stdout into `inbox`, one JSON-RPC message per frame; None at EOF."""
    while True:
        headers: dict[str, str] = {}
        while True:
            line = stream.readline()
            if not line:
                inbox.put(None)
                return
            if line == b"\r\n":
                break
            name, _, value = line.decode("ascii").partition(":")
            headers[name.strip().lower()] = value.strip()
        inbox.put(json.loads(stream.read(int(headers["content-length"]))))


class Client:
    """A minimal LSP client: just enough of the protocol to open files, read the
    diagnostics and ask for hovers."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin = self.process.stdin
        self.inbox: queue.Queue[Message | None] = queue.Queue()
        threading.Thread(
            target=_frames, args=(self.process.stdout, self.inbox), daemon=True
        ).start()
        self.next_id = 100
        # The server caches each file's parse by URI and version: a file opened again
        # with new text needs a new version, or the old text is what gets checked.
        self.version = 0

    def send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait_for(self, wanted: Callable[[Message], bool]) -> Message:
        """The first message for which `wanted(message)` holds; the server's own requests
        on the way are answered, everything else is dropped."""
        while True:
            try:
                message = self.inbox.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"yaml-language-server said nothing for {WAIT}s") from None
            if message is None:
                raise AssertionError("yaml-language-server exited")
            if "method" in message and "id" in message:
                self.answer(message)
            elif wanted(message):
                return message

    def answer(self, request: Message) -> None:
        if request["method"] == "workspace/configuration":
            result: Any = [
                SETTINGS if item.get("section") == "yaml" else {}
                for item in request["params"]["items"]
            ]
        else:  # client/registerCapability and the like: acknowledged, nothing to do
            result = None
        self.send({"id": request["id"], "result": result})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait_for(lambda m: m.get("id") == ident and "method" not in m)
        assert "error" not in reply, reply
        return reply.get("result")

    @contextlib.contextmanager
    def opened(self, path: Path, text: str) -> Iterator[list[Message]]:
        """Opens `text` as if it were the file at `path` (so its modeline resolves against
        the real schema folder) and yields the diagnostics the server publishes for it.

        The server validates an open file once, after a short debounce, and clears its
        diagnostics when the file closes; waiting for both keeps one file's messages from
        being read as the next one's."""
        uri = path.as_uri()
        self.version += 1
        document = {"uri": uri, "languageId": "yaml", "version": self.version, "text": text}
        self.notify(
            "textDocument/didOpen",
            {"textDocument": document},
        )
        published = self.wait_for(lambda m: self.published(m, uri))
        try:
            yield published["params"]["diagnostics"]
        finally:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            self.wait_for(lambda m: self.published(m, uri) and m["params"]["diagnostics"] == [])

    @staticmethod
    def published(message: Message, uri: str) -> bool:
        return bool(
            message.get("method") == "textDocument/publishDiagnostics"
            and message["params"]["uri"] == uri
        )

    def diagnostics(self, path: Path, text: str) -> list[Message]:
        with self.opened(path, text) as found:
            return found

    def hover(self, path: Path, text: str, key: str) -> str:
        """The hover text on the first `key:` in `text`, block or flow style; the file
        must be open (see `opened`)."""
        rows = text.splitlines()
        at = next(
            (i, m) for i, row in enumerate(rows) if (m := re.search(rf"(?<![\w-]){key}:", row))
        )
        line, column = at[0], at[1].start() + 1
        result = self.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": path.as_uri()},
                "position": {"line": line, "character": column},
            },
        )
        assert result is not None, f"no hover on {key} in {path}"
        value: str = result["contents"]["value"]
        return value

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def editor() -> Iterator[Client]:
    client = Client(server_command())
    try:
        client.request(
            "initialize", {"processId": os.getpid(), "rootUri": REPO.as_uri(), "capabilities": {}}
        )
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})
        yield client
    finally:
        client.close()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def shown(found: list[Message]) -> list[str]:
    return [f"{d['range']['start']['line'] + 1}: {d['message']}" for d in found]


def test_every_shipped_file_carries_a_modeline() -> None:
    assert len(SHIPPED) > 50
    for path in SHIPPED:
        assert read(path).startswith("# yaml-language-server: $schema="), path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_a_shipped_file_opens_without_a_diagnostic(editor: Client, path: Path) -> None:
    text = read(path)
    with editor.opened(path, text) as found:
        assert shown(found) == []
        # The server did apply the schema: hover shows the field's description from it.
        assert "The version of this file format" in editor.hover(path, text, "schema_version")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The kamgen files of a portfolio made by `kamgen init`, outside this repository (so
    their modelines point at the schema copy init wrote, not at ours)."""
    folder = tmp_path_factory.mktemp("init") / "key-accounts"
    today = ["--today", "2026-11-23"]
    result = CliRunner().invoke(init, [str(folder), *today], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # ...and what `kamgen new` and `kamgen review add` write into it.
    root = ["--root", str(folder), *today]
    for args in (
        ["new", "acme-mining", "--name", "Acme Mining", "--tier", "2", "--owner", "jmanager"],
        ["review", "add", "acme-mining", "--kind", "business_review"],
        ["review", "add", "acme-mining", "--kind", "executive_touchpoint"],
        ["review", "add", "acme-mining", "--kind", "plan_review", "--date", "2026-11-20"],
    ):
        result = CliRunner().invoke(cli, [*args, *root], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    files = sorted([folder / "kamgen.yaml", *(folder / "accounts").rglob("*.yaml")])
    assert len(files) >= 10
    return files


def test_an_init_generated_file_opens_without_a_diagnostic(
    editor: Client, generated: list[Path]
) -> None:
    for path in generated:
        text = read(path)
        modeline = text.splitlines()[0]
        assert modeline.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / modeline.partition("=")[2]).resolve()
        assert schema.is_file() and REPO not in schema.parents, schema
        with editor.opened(path, text) as found:
            assert shown(found) == [], path
            assert "The version of this file format" in editor.hover(path, text, "schema_version")


def test_unquoted_tier_keys_were_the_false_errors(editor: Client) -> None:
    # The regression the quoting fixes: the server reads `1:` as a number, which the
    # schema's additionalProperties then rejects ("Property 1 is not allowed").
    path = REPO / "kamgen.yaml"
    text = read(path).replace('tiers: {"1": 70, "2": 45, "3": 0}', "tiers: {1: 70, 2: 45, 3: 0}")
    assert text != read(path)
    assert shown(editor.diagnostics(path, text)) != []


PLAN = REPO / "accounts" / "baobab-telecom" / "plan.yaml"
PEOPLE = REPO / "accounts" / "baobab-telecom" / "stakeholders.yaml"


@pytest.mark.parametrize(
    ("path", "before", "after", "message"),
    [
        (PLAN, "\nindustry:", "\nindusrty:", "Property indusrty is not allowed."),
        (PLAN, "\nkind: existing", "\nkind: existng", 'Valid values: "existing", "emerging"'),
        (PLAN, "\nname: Baobab Telecom Ltd", "\nname: 42", "Incorrect type. Expected"),
        (
            PLAN,
            "\nid: baobab-telecom",
            "\nid: Baobab_Telecom",
            "an id: lowercase letters, digits and hyphens, e.g. acme-mining",
        ),
        (PLAN, "\ncurrency: USD", "\ncurrency: usd", "a three-letter currency code such as USD"),
        (PEOPLE, "strength: 4", "strength: high", "Incorrect type. Expected"),
    ],
    ids=["typo", "enum", "type", "id-pattern", "currency-pattern", "type-nested"],
)
def test_one_mistake_gets_one_diagnostic_that_says_what_is_wrong(
    editor: Client, path: Path, before: str, after: str, message: str
) -> None:
    text = read(path)
    assert before in text
    broken = text.replace(before, after, 1)
    found = editor.diagnostics(path, broken)
    assert len(found) == 1, shown(found)
    assert message in found[0]["message"]
    # The diagnostic points at the line that was changed.
    changed = broken[: broken.index(after) + 1].count("\n")
    assert found[0]["range"]["start"]["line"] == changed


def test_a_bad_date_is_explained_in_words(editor: Client) -> None:
    text = read(PLAN)
    broken = text.replace("reviewed: {on: 2026-10-08", "reviewed: {on: 08/10/2026", 1)
    assert broken != text
    messages = {d["message"] for d in editor.diagnostics(PLAN, broken)}
    assert messages == {"a date written YYYY-MM-DD, from 1900 to 2199"}


@pytest.mark.parametrize(
    ("path", "key", "description"),
    [
        (PEOPLE, "strength", "Our relationship strength with this person, 0 (none) to 5 (trusted)"),
        (PLAN, "owner", "The key account manager who owns this plan"),
        (REPO / "kamgen.yaml", "tiers", "The selection score each tier needs"),
        (REPO / "kamgen.yaml", "due_soon_days", "Warn this many days before a review is overdue"),
    ],
)
def test_hover_on_a_field_explains_it(
    editor: Client, path: Path, key: str, description: str
) -> None:
    text = read(path)
    with editor.opened(path, text):
        assert description in editor.hover(path, text, key)
