#!/usr/bin/env bash
# Sets up kamgen in .venv and runs the main job on the demo portfolio in this repository:
# validate, check the policy rules, print the ranked report and build the site.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet -e '.[site]'   # the site extra: this builds the site
export PATH="$PWD/.venv/bin:$PATH"
# The demo data was written as of this date; set KAMGEN_TODAY to see it age.
export KAMGEN_TODAY="${KAMGEN_TODAY:-2026-11-23}"
kamgen validate "$@"
kamgen check "$@" || echo "(kamgen check exits 1: veldt-agri's plan is stale and a contract of theirs has lapsed, which is what blocks CI)"
kamgen report
kamgen build   # the portfolio site, into public/ (open public/index.html through a web server)
