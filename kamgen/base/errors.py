"""The one base error type; `kamgen.cli.main` is the one place that turns these into exit codes.

Bad *data* is never an exception: it becomes a Finding. These are for the run itself
(no portfolio found, a bad option value), which the contract maps to exit status 2.
"""


class KamgenError(Exception):
    """Base class for every error kamgen raises on purpose."""

    exit_code = 2


class UsageError(KamgenError):
    """The command line asks for something that cannot be done (exit 2)."""


class NoPortfolioError(KamgenError):
    """No `kamgen.yaml` was found upwards of the working directory or at `--root` (exit 2)."""


class InvalidPortfolioError(KamgenError):
    """kamgen.yaml is unusable, so there is nothing to compute (exit 1, like any bad data)."""

    exit_code = 1

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


class BuildError(KamgenError):
    """MkDocs failed to build the site; its own messages have been shown (exit 1)."""

    exit_code = 1
