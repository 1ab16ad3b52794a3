"""Time `kamgen check` on synthetic portfolios, and the share of it spent locating findings.

    python bench/check_bench.py [--runs R] [--baseline DIR] [N ...]   (default: 1000, 5 runs)

Each size: `kamgen check --no-cache --format json` run R times (median, min and max wall
seconds, median peak RSS), then once under cProfile for the share of `locate` (resolving
findings' document paths to lines). With `--baseline DIR`, a checkout of another revision
(`git worktree add /tmp/kamgen-old <rev>`) runs the same command in turn with this one,
A B A B ..., so that the ratio holds when the machine's speed drifts; both must print the same
findings. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

REPO = Path(__file__).resolve().parent.parent
ARGS = ["check", "--no-cache", "--today", "2026-11-23", "--format", "json"]

# One run in a fresh wrapper process: wall seconds and the peak RSS of the child.
_TIMED = (
    "import resource,subprocess,sys,time,json;t=time.perf_counter();"
    "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
    "print(json.dumps([time.perf_counter()-t,"
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
)
# One run under cProfile: the share of the whole run spent in check/locate.py's `locate`.
_PROFILED = """
import cProfile, io, pstats, sys
del sys.path[0]  # the portfolio folder, as `python -m kamgen` does
from kamgen.cli.main import main
sys.argv = ["kamgen", *sys.argv[1:]]
profile, out = cProfile.Profile(), sys.stdout
sys.stdout = io.StringIO()
profile.enable()
try:
    main()
except SystemExit:
    pass
profile.disable()
sys.stdout = out
stats = pstats.Stats(profile).stats
total = max(entry[3] for entry in stats.values())
spent = sum(
    entry[3] for (file, _, name), entry in stats.items()
    if name == "locate" and file.endswith("check/locate.py")
)
print(spent / total)
"""


def _env(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout)}


def timed(checkout: Path, root: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one `kamgen check` of `root`."""
    cmd = [sys.executable, "-c", _TIMED, sys.executable, "-m", "kamgen", *ARGS]
    out = subprocess.run(
        cmd, cwd=root, env=_env(checkout), capture_output=True, text=True, check=True
    )
    seconds, kib = json.loads(out.stdout)
    return seconds, kib // 1024


def locate_share(checkout: Path, root: Path) -> float:
    cmd = [sys.executable, "-c", _PROFILED, *ARGS]
    out = subprocess.run(
        cmd, cwd=root, env=_env(checkout), capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def findings(checkout: Path, root: Path) -> list[dict[str, object]]:
    cmd = [sys.executable, "-m", "kamgen", *ARGS]
    out = subprocess.run(cmd, cwd=root, env=_env(checkout), capture_output=True).stdout
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


def row(label: str, times: list[float], peaks: list[int], share: float) -> str:
    return (
        f"{label:>9} {statistics.median(times):>8.2f} {min(times):>6.2f} {max(times):>6.2f} "
        f"{statistics.median(peaks):>8.0f} {share:>12.1%}"
    )


def main(sizes: list[int], runs: int, baseline: Path | None) -> None:
    checkouts = {"this": REPO} | ({"baseline": baseline} if baseline else {})
    print(f"{'accounts':>8} {'files':>6} {'findings':>8}")
    for n in sizes:
        root = Path(tempfile.mkdtemp(prefix=f"kamgen-check-{n}-"))
        try:
            generate(n, root)
            files = 1 + sum(1 for _ in root.glob("accounts/**/*.yaml"))
            outputs = {label: findings(path, root) for label, path in checkouts.items()}
            if any(found != outputs["this"] for found in outputs.values()):
                sys.exit("the baseline reports other findings: the comparison would be unfair")
            count = len(outputs["this"])
            print(f"{n:>8} {files:>6} {count:>8}")
            times: dict[str, list[float]] = {label: [] for label in checkouts}
            peaks: dict[str, list[int]] = {label: [] for label in checkouts}
            for _ in range(runs):  # in turn, so that drift hits both alike
                for label, path in checkouts.items():
                    seconds, peak = timed(path, root)
                    times[label].append(seconds)
                    peaks[label].append(peak)
            print(f"{'':>9} {'median s':>8} {'min':>6} {'max':>6} {'peak MiB':>8} {'locate':>12}")
            for label, path in checkouts.items():
                print(row(label, times[label], peaks[label], locate_share(path, root)))
            if baseline:
                ratios = [a / b for a, b in zip(times["this"], times["baseline"], strict=True)]
                print(f"{'this / baseline, median of pairs':>41} {statistics.median(ratios):.2f}")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="a checkout of another revision")
    options = parser.parse_args()
    main(options.sizes, options.runs, options.baseline)
