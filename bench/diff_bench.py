"""Time `kamgen diff` of a one-account change against `kamgen report --format json`.

    python bench/diff_bench.py [--runs R] [--code DIR] [N ...]   (default: 100 1000, 7 runs)

`--code DIR` times the kamgen of another checkout instead of this one (e.g. the previous
commit, unpacked with `git archive HEAD | tar -x -C DIR`), for a before and after.

Each size: a generated portfolio is committed to a git repository and cloned (a clone holds
its objects packed, as a CI checkout does; a fresh commit leaves them loose, which makes
`git cat-file` several times slower); in the clone one account's plan.yaml is edited (a
score and an action marked done). Then `kamgen report --format json --today 2026-11-23` and
`kamgen diff HEAD --today 2026-11-23` run in turn, R times each, each in a fresh process:
medians of wall and CPU seconds, and the median of the ratios of the pairs (diff / report),
so that drift of the machine's speed hits both alike. "imports" is a process that only starts
Python and imports what `kamgen diff` imports: the floor under any diff. Issue 15's target:
diff at most 0.3 x report. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
COMMANDS = {
    "report": ["report", "--format", "json", "--today", TODAY],
    "diff": ["diff", "HEAD", "--today", TODAY, "--no-cache"],
    # The same question asked again (a re-run job, a second look): the result cache.
    "warm": ["diff", "HEAD", "--today", TODAY],
}
# The floor of any `kamgen diff`: starting Python and importing what diff imports (the
# models among them), with no work done.
IMPORTS = ["-c", "import kamgen.cli.main, kamgen.report.diff, kamgen.report.diff_render"]
# One run in a fresh wrapper process: wall seconds and the CPU seconds of the child.
_TIMED = (
    "import resource,subprocess,sys,time,json;t=time.perf_counter();"
    "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
    "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(json.dumps([time.perf_counter()-t,u.ru_utime+u.ru_stime,p.returncode]))"
)
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]


CODE = [REPO]  # the checkout whose kamgen is timed (`--code`)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(CODE[0])}


def timed(root: Path, args: list[str]) -> tuple[float, float]:
    run = [*args] if args[0] == "-c" else ["-m", "kamgen", *args]
    cmd = [sys.executable, "-c", _TIMED, sys.executable, *run]
    out = subprocess.run(cmd, cwd=root, env=_env(), capture_output=True, text=True, check=True)
    wall, cpu, code = json.loads(out.stdout)
    if code not in (0, 1):  # 1: the portfolio has findings, which is fine here
        sys.exit(f"kamgen {' '.join(args)} exited {code}")
    return wall, cpu


def repository(n: int, work: Path) -> Path:
    """A clone of a committed n-account portfolio, with one account's plan edited."""
    origin = work / "origin"
    generate(n, origin)
    for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "portfolio"]):
        subprocess.run([*GIT, *step], cwd=origin, check=True)
    clone = work / "clone"
    subprocess.run([*GIT, "clone", "-q", f"file://{origin}", str(clone)], check=True)
    plan = clone / "accounts" / "account-00000" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    edited = re.sub(
        r"strategic_fit: ([1-5])", lambda m: f"strategic_fit: {int(m[1]) % 5 + 1}", text
    )
    edited = edited.replace("status: open", "status: done", 1)
    assert edited != text, "the generated plan changed shape: edit something else"
    plan.write_text(edited, encoding="utf-8")
    return clone


def words(root: Path) -> list[str]:
    """The words of the change, as a check that the diff saw it."""
    cmd = [sys.executable, "-m", "kamgen", *COMMANDS["diff"], "--format", "json"]
    out = subprocess.run(cmd, cwd=root, env=_env(), capture_output=True, check=True).stdout
    return [w for a in json.loads(out)["accounts"] for w in a.get("words", [])]


def main(sizes: list[int], runs: int) -> None:
    print(
        f"{'accounts':>8} {'report s':>9} {'diff s':>7} {'report CPU':>10} {'diff CPU':>9} "
        f"{'diff/report':>11} {'CPU ratio':>9} {'imports s':>9} {'imports/report':>14}"
    )
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kamgen-diff-{n}-"))
        try:
            root = repository(n, work)
            print(f"{'':>8} change: {'; '.join(words(root))}")
            wall: dict[str, list[float]] = {k: [] for k in COMMANDS}
            cpu: dict[str, list[float]] = {k: [] for k in COMMANDS}
            floor: list[float] = []
            for _ in range(runs):  # in turn, so that drift hits both alike
                for label, args in COMMANDS.items():
                    seconds, used = timed(root, args)
                    wall[label].append(seconds)
                    cpu[label].append(used)
                floor.append(timed(root, IMPORTS)[0])
            ratio = statistics.median(
                d / r for d, r in zip(wall["diff"], wall["report"], strict=True)
            )
            cpu_ratio = statistics.median(
                d / r for d, r in zip(cpu["diff"], cpu["report"], strict=True)
            )
            med = {k: statistics.median(v) for k, v in wall.items()}
            least = statistics.median(floor)
            cmed = {k: statistics.median(v) for k, v in cpu.items()}
            warm = statistics.median(
                d / r for d, r in zip(wall["warm"], wall["report"], strict=True)
            )
            print(f"{'':>8} warm diff (the cache): {med['warm']:.2f} s, {warm:.2f} x report")
            print(
                f"{n:>8} {med['report']:>9.2f} {med['diff']:>7.2f} {cmed['report']:>10.2f} "
                f"{cmed['diff']:>9.2f} {ratio:>11.2f} {cpu_ratio:>9.2f} "
                f"{least:>9.2f} {least / med['report']:>14.2f}"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--code", type=Path, default=REPO, help="a checkout of kamgen to time")
    options = parser.parse_args()
    CODE[0] = options.code.resolve()
    main(options.sizes, options.runs)
