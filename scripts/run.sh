#!/usr/bin/env bash
# `make run`: set everything up and serve Kyoten with demo data on http://127.0.0.1:${PORT:-8000}.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_system_libraries
export DJANGO_SETTINGS_MODULE=config.settings.local
PORT="${PORT:-8000}"

WORKER_PID=""
PGDIR=""
# Stop the background worker, then the cluster, then say so: if the output went through a pipe
# (make run | tee), the reader may be gone already, and writing to it must not cut the clean-up
# short.
cleanup() {
  trap '' PIPE INT TERM
  if [ -n "$WORKER_PID" ]; then
    kill -TERM "$WORKER_PID" 2>/dev/null || true
    wait "$WORKER_PID" 2>/dev/null || true
  fi
  if [ -n "$PGDIR" ]; then
    pg_stop "$PGDIR"
    say "PostgreSQL stopped" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${DATABASE_URL:-}" ]; then
  PGDIR="$ROOT/var/pg"
  pg_start "$PGDIR"
fi

PY="$VENV/bin/python"
"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py seed_demo --if-empty
"$PY" manage.py collectstatic --no-input -v 0
"$PY" manage.py demo_accounts

# The background worker (the prefecture's PDF batches). More workers, on this or other machines
# against the same PostgreSQL, run `manage.py db_worker` too.
"$PY" manage.py db_worker --no-reload &
WORKER_PID=$!

say "Kyoten: http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
# In the foreground: Ctrl-C reaches the server, then the EXIT trap stops PostgreSQL.
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload
