"""Time and memory of `kamgen build` against a bare `mkdocs build` of the same pages.

    python bench/site_bench.py [--runs R] [N ...]        (default: 1000 5000, R = 3)

For each size, a synthetic portfolio (bench/generate.py) is built both ways in the same run,
in turn (kamgen, bare, kamgen, bare, ...), so that a machine whose speed drifts slows both:
- `kamgen build`: load, checks, metrics, page generation, then MkDocs with Material, search
  and tags, the pages reaching MkDocs as ready HTML;
- the peer: the very pages kamgen generated (and its CSV downloads), written out as plain
  Markdown files, built by `mkdocs build` with the same theme, plugins (minus kamgen) and
  nav. Everything kamgen does before MkDocs is in its time and not in the peer's.
Printed: the median wall and CPU seconds of each, the ratio of the medians, and the peak
resident set of any run (the build process and its children). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

from kamgen.site.build import default_config
from kamgen.site.data import gather
from kamgen.site.nav import nav
from kamgen.site.pages import render

TODAY = dt.date(2026, 11, 23)
# A fresh child per run: ru_maxrss of RUSAGE_CHILDREN is then that run's peak alone.
PROBE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL); w = time.perf_counter() - t; "
    "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(w, r.ru_utime + r.ru_stime, r.ru_maxrss / 1024)"
)


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one run of `command`."""
    out = subprocess.run([sys.executable, "-c", PROBE, *command], check=True,
                         capture_output=True, text=True).stdout.split()  # fmt: skip
    return float(out[0]), float(out[1]), float(out[2])


def bare_peer(root: Path, work: Path) -> Path:
    """The same pages as plain files, and a mkdocs.yml with kamgen's nav and no plugin."""
    docs = work / "docs"
    data = gather(root, TODAY)
    for path, text in render(data).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    config = default_config(root, docs).replace("plugins: [search, tags, kamgen]",
                                                "plugins: [search, tags]")  # fmt: skip
    config += f'not_in_nav: "/accounts/"\nnav: {json.dumps(nav(data))}\n'
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    return work / "mkdocs.yml"


def main(sizes: list[int], runs: int) -> None:
    print(f"{'accounts':>8} {'runs':>4} {'kamgen s':>8} {'bare s':>7} {'ratio':>6} "
          f"{'kamgen cpu':>10} {'bare cpu':>8} {'cpu ratio':>9} {'kamgen MiB':>10} "
          f"{'bare MiB':>8} {'site MiB':>8}")  # fmt: skip
    kamgen = str(Path(sys.executable).parent / "kamgen")
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kamgen-site-{n}-"))
        try:
            generate(n, work / "portfolio")
            config = bare_peer(work / "portfolio", work / "bare")
            ours: list[tuple[float, float, float]] = []
            bare: list[tuple[float, float, float]] = []
            for _ in range(runs):
                shutil.rmtree(work / "a", ignore_errors=True)
                ours.append(timed([kamgen, "build", "--root", str(work / "portfolio"), "--today",
                                   TODAY.isoformat(), "--site-dir", str(work / "a")]))  # fmt: skip
                bare.append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                   str(config), "-d", str(work / "b")]))  # fmt: skip
            size = sum(p.stat().st_size for p in (work / "a").rglob("*") if p.is_file()) / 2**20
            wall = [statistics.median(r[i] for r in ours) for i in range(2)]
            peer = [statistics.median(r[i] for r in bare) for i in range(2)]
            print(f"{n:>8} {runs:>4} {wall[0]:>8.1f} {peer[0]:>7.1f} {wall[0] / peer[0]:>6.2f} "
                  f"{wall[1]:>10.1f} {peer[1]:>8.1f} {wall[1] / peer[1]:>9.2f} "
                  f"{max(r[2] for r in ours):>10.0f} {max(r[2] for r in bare):>8.0f} "
                  f"{size:>8.1f}", flush=True)  # fmt: skip
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    main(args.sizes, args.runs)
