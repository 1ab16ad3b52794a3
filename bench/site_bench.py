"""Time and memory of `kamgen build` against a bare `mkdocs build` of the same pages.

    python bench/site_bench.py [N ...]        (default: 200 1000 5000)

For each size, a synthetic portfolio (bench/generate.py) is built twice in the same run:
`kamgen build` (load, metrics, page generation, MkDocs with Material and search), and the
peer: the very pages kamgen generated, written out as plain Markdown files and built by
`mkdocs build` with the same theme, plugins (minus kamgen) and nav. The ratio is what kamgen
adds beyond MkDocs; the per-account columns show whether growth is linear. Peak memory is
the largest resident set of the build processes. Nothing here asserts a time.
"""

from __future__ import annotations

import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

from kamgen.site.build import default_config
from kamgen.site.data import gather
from kamgen.site.pages import render

TODAY = dt.date(2026, 11, 23)


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MiB of one command, run in a fresh child (ru_maxrss covers its
    descendants once they are waited for, mkdocs included)."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], check=True,
                         capture_output=True, text=True).stdout.split()  # fmt: skip
    return float(out[0]), float(out[1])


def bare_peer(root: Path, work: Path) -> Path:
    """The same pages as plain files, and a mkdocs.yml without the kamgen plugin."""
    docs = work / "docs"
    for path, text in render(gather(root, TODAY)).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    config = default_config(root, docs).replace("plugins: [search, tags, kamgen]",
                                                "plugins: [search, tags]")  # fmt: skip
    config += 'not_in_nav: "/accounts/"\nnav: [index.md, method.md, tags.md]\n'
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    return work / "mkdocs.yml"


def main(sizes: list[int]) -> None:
    print(f"{'accounts':>8} {'kamgen s':>8} {'bare s':>7} {'ratio':>6} {'ms/account':>10} "
          f"{'kamgen MiB':>10} {'bare MiB':>8} {'site MiB':>8}")  # fmt: skip
    kamgen = str(Path(sys.executable).parent / "kamgen")
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kamgen-site-{n}-"))
        try:
            generate(n, work / "portfolio")
            config = bare_peer(work / "portfolio", work / "bare")
            build = [kamgen, "build", "--root", str(work / "portfolio"), "--today",
                     TODAY.isoformat(), "--site-dir", str(work / "a")]  # fmt: skip
            ours, our_mem = timed(build)
            bare, bare_mem = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                    str(config), "-d", str(work / "b")])  # fmt: skip
            size = sum(p.stat().st_size for p in (work / "a").rglob("*") if p.is_file()) / 2**20
            print(f"{n:>8} {ours:>8.1f} {bare:>7.1f} {ours / bare:>6.2f} {1000 * ours / n:>10.1f} "
                  f"{our_mem:>10.0f} {bare_mem:>8.0f} {size:>8.1f}")  # fmt: skip
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    main([int(a) for a in sys.argv[1:]] or [200, 1000, 5000])
