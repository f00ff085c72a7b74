#!/usr/bin/env bash
# Set up and run the whole test suite: system services (PostgreSQL, Chromium),
# the virtual environment, ruff, mypy (strict on the package) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 RAY_USAGE_STATS_ENABLED=0 PYTHONHASHSEED=0

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "note: not root; tests needing ${need_apt[*]} will skip" >&2
  fi
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -n "$ver" ]; then
    pg_ctlcluster "$ver" main start 2>/dev/null || true
    su postgres -c "psql -qtc \"SELECT 1 FROM pg_roles WHERE rolname='unspin'\" | grep -q 1 || psql -qc \"CREATE ROLE unspin LOGIN SUPERUSER PASSWORD 'unspin'\"" >/dev/null
    su postgres -c "psql -qtc \"SELECT 1 FROM pg_database WHERE datname='unspin_test'\" | grep -q 1 || createdb -O unspin unspin_test" >/dev/null
    export UNSPIN_TEST_PG_URL="${UNSPIN_TEST_PG_URL:-postgresql://unspin:unspin@127.0.0.1:5432/unspin_test}"
  fi
fi

bash scripts/setup-env.sh "dev,serve,corpus"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
