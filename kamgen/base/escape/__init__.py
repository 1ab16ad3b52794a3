"""Make user-typed text inert where it is written: one module per target.

- `html`: the site (`md` for generated Markdown pages, `text` for template strings);
- `markdown`: GitHub-flavoured Markdown (report, diff, the job summary);
- `csv`: spreadsheet cells;
- `terminal`: text for people at a terminal;
- `github`: workflow-command annotations;
- `json`: strict JSON;
- `unicode`: what they share (`encodable`: no lone surrogate reaches an output).

`md` (site Markdown) and `csv_cell` stay importable from here for existing callers.
"""

from __future__ import annotations

from kamgen.base.escape.csv import cell as csv_cell
from kamgen.base.escape.html import md
from kamgen.base.escape.unicode import encodable

__all__ = ["csv_cell", "encodable", "md"]
