from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgen.load import yamlsafe

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test once with libyaml's C parser and once with the pure-Python parser."""
    if request.param == "c" and not yamlsafe.HAVE_C_PARSER:
        pytest.skip("no C parser on this machine")
    monkeypatch.setattr(yamlsafe, "PURE", request.param == "pure")
    yield request.param


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A copy of the small valid portfolio in tests/fixtures/minimal, to mutate."""
    target = tmp_path / "portfolio"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own result cache, outside every portfolio (and subprocesses too)."""
    monkeypatch.setenv("KAMGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
