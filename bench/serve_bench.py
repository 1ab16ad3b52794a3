"""How soon `kamgen serve` shows an edit, against its first full build; and what it costs
while idle.

    python bench/serve_bench.py [N]        (default: 1000)

A synthetic portfolio (bench/generate.py) is served by `kamgen serve`. Timed:
- the first full build: from starting `kamgen serve` until the home page is served;
- an edit: one account's plan.yaml gets a new action text, and the clock runs until the
  server returns that account's page with the new text (watching, rebuilding and writing
  included); three edits, of three accounts, and their median;
- idle: the CPU time the server uses over 10 s in which nothing changes.
Nothing here asserts a time.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

TODAY = dt.date(2026, 11, 23)
IDLE_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, limit: float = 600.0) -> float:
    """Seconds until `url` serves a page holding `text`, polled every 20 ms."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r}")


def cpu_seconds(pid: int) -> float:
    """User and system time of `pid` and its children so far (Linux /proc)."""
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def main(n: int) -> None:
    kamgen = str(Path(sys.executable).parent / "kamgen")
    with tempfile.TemporaryDirectory(prefix=f"kamgen-serve-{n}-") as tmp:
        root = Path(tmp) / "portfolio"
        generate(n, root)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [kamgen, "serve", "--root", str(root), "--today", TODAY.isoformat(),
             "--dev-addr", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            first = wait_for(base, "</html>")
            idle_start = cpu_seconds(server.pid)
            time.sleep(IDLE_SECONDS)
            idle = (cpu_seconds(server.pid) - idle_start) / IDLE_SECONDS
            edits = []
            for i, number in enumerate((5, n // 2, n - 3)):
                account = f"account-{number:05d}"
                plan = root / "accounts" / account / "plan.yaml"
                marker = f"Call the sponsor about renewal {i}"
                plan.write_text(plan.read_text().replace("Call the sponsor", marker, 1))
                edits.append(wait_for(f"{base}accounts/{account}/", marker))
            edit = statistics.median(edits)
            print(f"{'accounts':>8} {'first build s':>13} {'edit shown s':>12} {'ratio':>6} "
                  f"{'idle CPU':>8}")  # fmt: skip
            print(f"{n:>8} {first:>13.1f} {edit:>12.2f} {edit / first:>6.3f} {idle:>8.1%}")
            print("edits:", ", ".join(f"{e:.2f} s" for e in edits))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
