"""The metrics engine: a pure function of (portfolio, today). See `formulas` for every formula."""

from kamgen.metrics.engine import compute
from kamgen.metrics.model import AccountMetrics, PortfolioMetrics

__all__ = ["AccountMetrics", "PortfolioMetrics", "compute"]
