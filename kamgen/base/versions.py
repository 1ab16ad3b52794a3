"""What every machine-readable output carries at its top level: which kamgen wrote it, and
which version of the data contract it follows (dbt's artifacts do the same)."""

from __future__ import annotations

from typing import Any

import kamgen

CONTRACT_VERSION = 1


def versions() -> dict[str, Any]:
    return {"kamgen_version": kamgen.__version__, "contract_version": CONTRACT_VERSION}
