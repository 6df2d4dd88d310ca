#!/usr/bin/env bash
# `make test`: set everything up, then lint, check and run the whole suite against a throw-away PostgreSQL.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Chromium only when browser tests may run: the whole suite, or arguments that name them or
# select by expression (-k/-m may pick them).
needs_browser() {
  [ $# -eq 0 ] && return 0
  local a
  for a in "$@"; do
    case "$a" in *browser* | -k* | -m* | tests | tests/ | .) return 0 ;; esac
  done
  return 1
}

ensure_venv
ensure_system_libraries
if needs_browser "$@"; then ensure_chromium; fi
PY="$VENV/bin/python"

say "ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
say "djlint"
"$VENV/bin/djlint" templates --lint --quiet
say "import-linter (the layers in docs/architecture.md)"
"$VENV/bin/lint-imports" --no-cache

if [ -z "${DATABASE_URL:-}" ]; then
  PGDIR="$(mktemp -d /tmp/kyoten-test-pg.XXXXXX)"
  PG_FSYNC=off pg_start "$PGDIR"
  trap 'pg_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
fi

say "mypy (services, selectors, scoping, calculations)"
DJANGO_SETTINGS_MODULE=config.settings.test "$VENV/bin/mypy"

say "migrations and system checks"
DJANGO_SETTINGS_MODULE=config.settings.test "$PY" manage.py makemigrations --check --dry-run
DJANGO_SETTINGS_MODULE=config.settings.production \
  SECRET_KEY="ci-only-$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
  ALLOWED_HOSTS=kyoten.example.lg.jp \
  "$PY" manage.py check --deploy --fail-level WARNING

say "pytest"
# One worker per core (pytest-xdist). Keep xdist's default `--dist load`: it hands every worker its tests in
# collection order, so pytest-django's ordering (transactional tests, which empty the tables the data
# migrations filled, run last) holds in each worker. `--dist loadscope`/`loadfile` break that.
# PYTEST_WORKERS=0 runs everything in this process.
CHROMIUM="$(command -v chromium || true)" "$PY" -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"

# The fault test restarts PostgreSQL: alone, after the suite, and only on the cluster started
# here (never on a DATABASE_URL someone else's tests may share).
if [ -n "${PGDIR:-}" ] && [ $# -eq 0 ]; then
  say "fault tests: PostgreSQL restarted under load, a worker killed mid-batch"
  KYOTEN_TEST_PGDIR="$PGDIR" "$PY" -m pytest -p no:xdist -m fault tests/common/test_faults.py
fi
