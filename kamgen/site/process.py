"""Run MkDocs as a child that never outlives kamgen.

`kamgen serve` is stopped with Ctrl-C in a terminal (SIGINT to the whole process group) or
with SIGTERM by a supervisor, which reaches only kamgen. Either way the signal is passed on
to MkDocs and kamgen waits for it, so no server is left holding the port.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import subprocess
from types import FrameType

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 10
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """On Linux, the child gets SIGTERM if kamgen is killed outright (SIGKILL)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # elsewhere: the forwarding above still covers every signal that can be caught


def run_child(command: list[str], env: dict[str, str], cwd: str) -> int:
    """Run `command`, pass on every stop signal, and return its exit status."""
    # A session of its own: a terminal's Ctrl-C reaches kamgen only, and kamgen passes it on
    # once (twice, MkDocs' shutdown would itself be interrupted).
    child = subprocess.Popen(
        command, env=env, cwd=cwd, start_new_session=True, preexec_fn=_die_with_parent
    )
    previous = {sig: signal.getsignal(sig) for sig in FORWARDED}

    def forward(signum: int, _frame: FrameType | None) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    for sig in FORWARDED:
        signal.signal(sig, forward)
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:  # kamgen itself is failing: do not leave the server behind
            child.terminate()
            try:
                child.wait(GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    # A child stopped by the signal we passed on ended as asked: that is a clean stop.
    return 0 if code in (-signal.SIGINT, -signal.SIGTERM, -signal.SIGHUP) else code
