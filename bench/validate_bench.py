"""Time `kamgen validate` against check-jsonschema on the same synthetic portfolios.

    python bench/validate_bench.py [N ...]        (default: 100 1000 10000)

The peer is check-jsonschema run with kamgen's own schema/ files over the same YAML files
(one run per file kind, summed). Printed as ratios, measured in the same run on the same
machine; nothing here asserts a time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = {
    "plan": "accounts/*/plan.yaml",
    "stakeholders": "accounts/*/stakeholders.yaml",
    "whitespace": "accounts/*/whitespace.yaml",
    "review": "accounts/*/reviews/*.yaml",
    "portfolio": "kamgen.yaml",
}
BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one command, run in a fresh wrapper process."""
    wrapper = (
        "import resource,subprocess,sys,time,json;t=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(json.dumps([time.perf_counter()-t,"
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,p.returncode]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True, check=True
    )
    seconds, kib, _code = json.loads(out.stdout)
    return seconds, kib // 1024


def peer(root: Path) -> float:
    total = 0.0
    for kind, pattern in SCHEMAS.items():
        files = sorted(str(p.relative_to(root)) for p in root.glob(pattern))
        cmd = [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(REPO / "schema" / f"{kind}.schema.json"),
            *files,
        ]
        total += timed(cmd, root)[0]
    return total


def main(sizes: list[int]) -> None:
    kamgen = str(BIN / "kamgen")
    print(
        f"{'accounts':>8} {'files':>6} {'cold s':>8} {'cached s':>8} {'peer s':>8} "
        f"{'cold/peer':>9} {'cached/peer':>11} {'peak MiB':>8}"
    )
    for n in sizes:
        root = Path(tempfile.mkdtemp(prefix=f"kamgen-bench-{n}-"))
        try:
            generate(n, root)
            files = 1 + sum(1 for _ in root.glob("accounts/**/*.yaml"))
            base = [kamgen, "validate", "--today", "2026-11-23"]
            cold, peak = timed([*base, "--no-cache"], root)
            timed(base, root)  # fill the cache
            cached, _ = timed(base, root)
            other = peer(root) if n <= 1000 else float("nan")
            print(
                f"{n:>8} {files:>6} {cold:>8.2f} {cached:>8.3f} {other:>8.2f} "
                f"{cold / other:>9.2f} {cached / other:>11.3f} {peak:>8}"
            )
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000])
