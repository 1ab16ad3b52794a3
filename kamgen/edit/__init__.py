"""The one editing layer: every command that changes a file (`attest`, `review add`, ...)
loads it round-trip, applies its change, validates the portfolio in memory and only then
writes, atomically. Sits above `kamgen.check` (it validates) and below `kamgen.cli`."""
