#!/usr/bin/env bash
# Sets up kamgen in .venv and runs the main job on the demo portfolio in this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet -e .
export PATH="$PWD/.venv/bin:$PATH"
kamgen validate "$@"
