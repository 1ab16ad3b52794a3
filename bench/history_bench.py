"""Time `kamgen history` on a generated git repository against one `kamgen report`.

    python bench/history_bench.py [--accounts N] [--commits C] [--runs R] [--profile]

Builds, in a temporary folder, a repository of a synthetic N-account portfolio
(bench/generate.py) with C commits on main, one or two a day from 2025-01-01, each changing
one or two accounts the way people do (a stakeholder's sentiment or last contact, a
whitespace cell, an action's status, a new review, a plan's scores or financials), now and
then kamgen.yaml, and a few commits that touch only the docs. The commits are written with
`git fast-import` from a seeded random generator, so every run builds the same history.

Then, R times each, in turn (R, cold, warm, R, cold, warm, ...) so that drift hits all alike:
- R: `kamgen report --today <last commit's date> --format json`;
- cold: `kamgen history --format json --no-cache`, with an empty KAMGEN_CACHE_DIR;
- warm: `kamgen history --format json` after a run that filled the cache.
It prints median wall and CPU seconds, peak RSS, and the ratios cold/R and warm/R (issue 15:
at most 15 and 1). It checks that the history has one point per commit that touched the
portfolio and that cold and warm runs print the same points. With --profile, one cold
history in this process under cProfile, top functions by own and cumulative time. Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from generate import SENTIMENTS, STATUSES, generate

REPO = Path(__file__).resolve().parent.parent
START = dt.date(2025, 1, 1)
ZONE = "+0200"
ACTION_STATUSES = ["open", "in_progress", "done", "blocked", "dropped"]

# One run in a fresh wrapper process: wall seconds, CPU seconds and the child's peak RSS.
_TIMED = (
    "import resource,subprocess,sys,time,json;t=time.perf_counter();"
    "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
    "w=time.perf_counter()-t;u=resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(json.dumps([p.returncode,w,u.ru_utime+u.ru_stime,u.ru_maxrss]))"
)


# ---------------------------------------------------------------------------------------------
# The repository


class Portfolio:
    """The files of the portfolio as text, changed in place by one edit at a time."""

    def __init__(self, files: dict[str, str], rng: random.Random) -> None:
        self.files, self.rng = files, rng
        self.ids = sorted({rel.split("/")[1] for rel in files if rel.startswith("accounts/")})

    def _line(self, rel: str, pattern: str) -> tuple[list[str], int] | None:
        lines = self.files[rel].split("\n")
        found = [i for i, line in enumerate(lines) if re.search(pattern, line)]
        return (lines, self.rng.choice(found)) if found else None

    def _sub(self, rel: str, pattern: str, old: str, new: Callable[[str], str]) -> bool:
        """Replace `old` (a regex with one group) by new(group) on one line matching
        `pattern`, chosen at random; False when no line matches."""
        picked = self._line(rel, pattern)
        if picked is None:
            return False
        lines, i = picked
        lines[i] = re.sub(old, lambda m: m.group(0).replace(m.group(1), new(m.group(1))), lines[i])
        self.files[rel] = "\n".join(lines)
        return True

    def _other(self, choices: list[str]) -> Callable[[str], str]:
        return lambda was: self.rng.choice([c for c in choices if c != was])

    def edit(self, aid: str, day: dt.date) -> list[str]:
        """One realistic change to account `aid` on `day`; the paths it changed."""
        base = f"accounts/{aid}"
        people, plan = f"{base}/stakeholders.yaml", f"{base}/plan.yaml"
        kind = self.rng.choices(
            ["sentiment", "contact", "cell", "action", "review", "scores", "financials"],
            weights=[20, 25, 15, 12, 10, 9, 9],
        )[0]
        if kind == "sentiment":
            self._sub(people, "sentiment:", r"sentiment: (\w+)", self._other(SENTIMENTS))
            return [people]
        if kind == "contact":
            self._sub(people, "last_contact:", r"last_contact: ([\d-]+)", lambda _: str(day))
            return [people]
        if kind == "cell":
            cells = f"{base}/whitespace.yaml"
            if not self._sub(cells, "status:", r"status: (\w+)", self._other(STATUSES)):
                self.files[cells] += (
                    "cells:\n  - {unit: Unit 0, offering: Offering 0, status: pursuing, "
                    f"value: {self.rng.randint(10, 500) * 1000}}}\n"
                )
            return [cells]
        if kind == "action":
            if self.rng.random() < 0.3:  # a new action rather than a status change
                owner = re.search(r"^owner: (\S+)", self.files[plan], re.M)
                n = self.files[plan].count("{id: ")
                due = day + dt.timedelta(days=self.rng.randint(14, 90))
                text = self.files[plan].replace(
                    "\nreviewed:",
                    f"\n  - {{id: next-{n}, what: Follow up on the proposal, "
                    f"owner: {owner.group(1) if owner else 'kam0'}, due: {due}, "
                    "status: open, objective: grow}\nreviewed:",
                )
                self.files[plan] = text
            else:
                action = r"^  - \{id: [\w-]+, what:"
                self._sub(plan, action, r"status: (\w+)", self._other(ACTION_STATUSES))
            return [plan]
        if kind == "review":
            owner = re.search(r"^owner: (\S+)", self.files[plan], re.M)
            who = owner.group(1) if owner else "kam0"
            review = f"{base}/reviews/{day}-business-review.yaml"
            self.files[review] = (
                f"schema_version: 1\ndate: {day}\nkind: business_review\n"
                f"attendees: {{ours: [{who}], theirs: [p0]}}\ndelivered: [Training]\n"
                f"value_created: [Win rate up]\nsatisfaction: "
                f"{{csat: {self.rng.randint(25, 50) / 10}, nps: {self.rng.randint(-20, 60)}}}\n"
            )
            self.files[plan] = re.sub(
                r"^reviewed: .*$",
                f"reviewed: {{on: {day}, by: {who}}}",
                self.files[plan],
                flags=re.M,
            )
            return [review, plan]
        if kind == "scores":
            name = self.rng.choice(
                ["expansion_potential", "strategic_fit", "executive_access", "reference_value"]
            )
            self._sub(plan, "^scores:", rf"{name}: (\d)", self._other(["1", "2", "3", "4", "5"]))
            return [plan]
        row = self.rng.choice(["2025", "2026"])
        step = self.rng.randint(-300, 500) * 1000
        self._sub(plan, f"year: {row}", r"revenue: (\d+)", lambda was: str(max(0, int(was) + step)))
        return [plan]

    def edit_config(self) -> list[str]:
        rate = f"EUR: {self.rng.randint(104, 112) / 100}"
        self.files["kamgen.yaml"] = re.sub(r"EUR: [\d.]+", rate, self.files["kamgen.yaml"])
        return ["kamgen.yaml"]


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def _stamp(day: dt.date, minute: int) -> int:
    when = dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    return int((when + dt.timedelta(minutes=minute)).timestamp())


def build(repo: Path, accounts: int, commits: int, seed: int = 15) -> tuple[dt.date, int]:
    """The repository; returns the last commit's date and how many commits touched the
    portfolio (kamgen.yaml or accounts/)."""
    rng = random.Random(seed)
    plain = Path(tempfile.mkdtemp(prefix="kamgen-history-files-"))
    try:
        generate(accounts, plain)
        files = {
            p.relative_to(plain).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(plain.rglob("*.yaml"))
        }
    finally:
        shutil.rmtree(plain, ignore_errors=True)
    # The generator dates contacts, reviews and review files in 2026; this history starts in
    # 2025, so move them back two years: no commit is then dated before what it records.
    old = {rel: text for rel, text in files.items() if "/reviews/" in rel}
    files = {rel: text for rel, text in files.items() if rel not in old}
    for rel, text in old.items():
        files[rel.replace("/2026-", "/2024-")] = text.replace("date: 2026-", "date: 2024-")
    for rel, text in files.items():
        files[rel] = re.sub(r"(last_contact|on): 2026-", r"\1: 2024-", text)
    files["docs/index.md"] = "# Key accounts\n"
    portfolio = Portfolio(files, rng)

    stream: list[bytes] = []
    day, minute, touched = START, 0, 0
    committed: dict[str, str] = {}
    for n in range(commits):
        if n == 0:
            changed, message = sorted(files), "The portfolio"
        elif rng.random() < 0.04:  # the docs only: no point in the history
            files["docs/index.md"] += f"Note {n}.\n"
            changed, message = ["docs/index.md"], "Docs"
        elif rng.random() < 0.02:
            changed, message = portfolio.edit_config(), "Exchange rates"
        else:
            ids = rng.sample(portfolio.ids, 2 if rng.random() < 0.3 else 1)
            changed = [rel for aid in ids for rel in portfolio.edit(aid, day)]
            message = "Update " + " and ".join(ids)
        # An edit can leave a file as it was (a contact made again the same day).
        changed = [rel for rel in changed if committed.get(rel) != files[rel]]
        committed.update((rel, files[rel]) for rel in changed)
        touched += any(rel == "kamgen.yaml" or rel.startswith("accounts/") for rel in changed)
        stamp = f"{_stamp(day, minute)} {ZONE}"
        stream.append(
            b"commit refs/heads/main\n"
            + f"author Kam Bench <kam@example.com> {stamp}\n".encode()
            + f"committer Kam Bench <kam@example.com> {stamp}\n".encode()
            + _data(message)
        )
        for rel in sorted(set(changed)):
            stream.append(f"M 100644 inline {rel}\n".encode() + _data(files[rel]))
        stream.append(b"\n")
        last = day
        if minute == 0 and rng.random() < 0.5:  # one or two commits a day
            minute = rng.randint(30, 480)
        else:
            day, minute = day + dt.timedelta(days=1), 0
    git = ["git", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*git, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run([*git, "checkout", "-q", "-f", "main"], check=True)
    return last, touched


# ---------------------------------------------------------------------------------------------
# Timing


def snapshot(work: Path) -> Path:
    """A copy of kamgen's code for the whole run: the cache key includes the code's files
    (sizes and times), so an edit to the checkout during a run would turn warm runs cold."""
    code = work / "code"
    shutil.copytree(REPO / "kamgen", code / "kamgen", ignore=shutil.ignore_patterns("__pycache__"))
    return code


CODE: Path = REPO


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(CODE), "KAMGEN_CACHE_DIR": str(cache)}


def _kamgen(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "kamgen", *args]


def timed(args: list[str], repo: Path, cache: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one kamgen run."""
    out = subprocess.run(
        [sys.executable, "-c", _TIMED, *_kamgen(args)],
        cwd=repo,
        env=_env(cache),
        capture_output=True,
        text=True,
        check=True,
    )
    code, wall, cpu, kib = json.loads(out.stdout)
    if code != 0:
        sys.exit(f"kamgen {' '.join(args)} exited {code}")
    return wall, cpu, kib // 1024


def output(args: list[str], repo: Path, cache: Path) -> str:
    return subprocess.run(
        _kamgen(args), cwd=repo, env=_env(cache), capture_output=True, text=True, check=True
    ).stdout


# Where a cold run's time goes: these names, as kamgen.history.series imports them, timed
# without a profiler (which inflates small calls); a name that is gone is skipped.
PHASES = {
    "commits": "git log, parsed",
    "load_portfolio": "loading (memo by blob id)",
    "locate": "locating gap findings",
    "compute": "metrics (every account, each point)",
    "account_snapshot": "account snapshots",
    "portfolio_snapshot": "portfolio snapshot",
}


def _timing(owner: Any, name: str, spent: dict[str, float], label: str) -> Callable[[], None]:
    """Time `owner.name` into spent[label]; returns what puts the original back."""
    inner = getattr(owner, name, None)
    if inner is None:
        return lambda: None

    def timed_call(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed_call)
    return lambda: setattr(owner, name, inner)


def profile(repo: Path, top: int) -> None:
    """One cold history in this process: time per phase, then under cProfile."""
    import cProfile
    import pstats

    sys.path.insert(0, str(CODE))
    from kamgen.cli.common import tune_gc
    from kamgen.history import series, tree
    from kamgen.history.render import to_json

    tune_gc()  # as the CLI does at start-up
    spent: dict[str, float] = {}
    undo = [_timing(series, name, spent, label) for name, label in PHASES.items()]
    undo.append(_timing(tree.Tree, "source", spent, "the tree at each commit"))
    undo.append(_timing(tree.Blobs, "read", spent, "blobs from git cat-file"))
    start = time.perf_counter()
    found = series.history(repo, use_cache=False)
    middle = time.perf_counter()
    to_json(found)
    spent["JSON document"] = time.perf_counter() - middle
    whole = time.perf_counter() - start
    print(f"cold history in process, no profiler: {whole:.2f} s")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:<38} {seconds:>6.2f} s {seconds / whole:>6.1%}")
    print(f"  {'the rest':<38} {whole - sum(spent.values()):>6.2f} s")
    for restore in undo:
        restore()

    profiler = cProfile.Profile()
    profiler.enable()
    to_json(series.history(repo, use_cache=False))
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(accounts: int, commits: int, runs: int, profiled: bool) -> None:
    global CODE
    work = Path(tempfile.mkdtemp(prefix="kamgen-history-"))
    try:
        CODE = snapshot(work)
        repo = work / "repo"
        last, touched = build(repo, accounts, commits)
        counted = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "rev-list",
                "--first-parent",
                "--count",
                "HEAD",
                "--",
                "kamgen.yaml",
                "accounts",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        report = ["report", "--root", str(repo), "--today", str(last), "--format", "json"]
        cold = ["history", "--root", str(repo), "--format", "json", "--no-cache"]
        warm = ["history", "--root", str(repo), "--format", "json"]
        warm_cache = work / "cache-warm"

        first = json.loads(output(warm, repo, warm_cache))  # fills the warm cache
        again = json.loads(output(warm, repo, warm_cache))
        fresh = json.loads(output(cold, repo, work / "cache-check"))
        points = len(first["points"])
        print(
            f"{accounts} accounts, {commits} commits from {START} to {last}; "
            f"{touched} touched the portfolio (git rev-list: {counted}); history points: {points}"
        )
        if not points == touched == int(counted):
            sys.exit("the history does not have one point per commit that touched the portfolio")
        if not first["points"] == again["points"] == fresh["points"]:
            sys.exit("cold and warm runs print different points")
        gaps = sum(len(p["gaps"]) for p in first["points"])
        errors = sum(p["error"] is not None for p in first["points"])
        print(f"points identical cold and warm; gaps {gaps}, points with an error {errors}")

        figures: dict[str, list[tuple[float, float, int]]] = {"R": [], "cold": [], "warm": []}
        for i in range(runs):  # in turn, so that drift hits all three alike
            figures["R"].append(timed(report, repo, work / "cache-report"))
            figures["cold"].append(timed(cold, repo, work / f"cache-cold-{i}"))
            figures["warm"].append(timed(warm, repo, warm_cache))
        med = {
            k: [statistics.median(f[j] for f in v) for j in range(3)] for k, v in figures.items()
        }
        print(f"\n{runs} runs each, medians (min-max wall)")
        print(
            f"{'':>6} {'wall s':>7} {'min':>6} {'max':>6} {'CPU s':>6} {'peak MiB':>8} "
            f"{'wall / R':>8} {'CPU / R':>8}"
        )
        for name, (wall, cpu, peak) in med.items():
            walls = [f[0] for f in figures[name]]
            print(
                f"{name:>6} {wall:>7.2f} {min(walls):>6.2f} {max(walls):>6.2f} {cpu:>6.2f} "
                f"{peak:>8.0f} {wall / med['R'][0]:>8.2f} {cpu / med['R'][1]:>8.2f}"
            )
        for name, bound in (("cold", 15), ("warm", 1)):
            pairs = [h[0] / r[0] for h, r in zip(figures[name], figures["R"], strict=True)]
            print(f"{name} / R, median of pairs: {statistics.median(pairs):.2f} (target {bound})")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        if profiled:
            print()
            profile(repo, 30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one cold run")
    options = parser.parse_args()
    main(options.accounts, options.commits, options.runs, options.profile)
