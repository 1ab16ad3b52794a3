"""Time the metrics engine beyond loading, on the same synthetic portfolios as validate.

    python bench/metrics_bench.py [N ...]        (default: 1000 10000)

For each size: loading (read, parse, models, reference checks) is the peer, measured in the
same process and run; then `compute` (every metric of every account), the policy rules, and
the report JSON. Printed as seconds and as ratios to loading; nothing here asserts a time.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

from kamgen.cli.common import tune_gc
from kamgen.load.portfolio import FsSource, load_portfolio
from kamgen.metrics import compute
from kamgen.report.build import Report
from kamgen.report.contract import to_json
from kamgen.rules.policy import check_policy
from kamgen.rules.references import check_references

TODAY = dt.date(2026, 11, 23)


def main(sizes: list[int]) -> None:
    tune_gc()  # as `kamgen` itself does
    print(
        f"{'accounts':>8} {'load s':>7} {'compute s':>9} {'policy s':>8} {'json s':>7} "
        f"{'metrics/load':>12} {'compute MiB':>11}"
    )
    for n in sizes:
        root = Path(tempfile.mkdtemp(prefix=f"kamgen-metrics-{n}-"))
        try:
            generate(n, root)
            t = time.perf_counter()
            portfolio = load_portfolio(FsSource(root))
            list(check_references(portfolio, TODAY))
            load = time.perf_counter() - t
            assert portfolio.config is not None
            t = time.perf_counter()
            metrics = compute(portfolio.config, portfolio.accounts, TODAY)
            computing = time.perf_counter() - t
            # A second run under tracemalloc, which slows it: memory only, not time.
            tracemalloc.start()
            compute(portfolio.config, portfolio.accounts, TODAY)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            t = time.perf_counter()
            findings = list(check_policy(portfolio, metrics, TODAY))
            policy = time.perf_counter() - t
            t = time.perf_counter()
            json.dumps(to_json(Report(metrics, {}, 0, len(findings))))
            rendering = time.perf_counter() - t
            beyond = computing + policy + rendering
            print(
                f"{n:>8} {load:>7.2f} {computing:>9.2f} {policy:>8.2f} {rendering:>7.2f} "
                f"{beyond / load:>12.2f} {peak:>11.0f}"
            )
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
