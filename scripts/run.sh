#!/usr/bin/env bash
# `make run`: set everything up and serve Kyoten with demo data on http://127.0.0.1:${PORT:-8000}.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_system_libraries
export DJANGO_SETTINGS_MODULE=config.settings.local
# Served as production is (DEBUG off, static files from the app); DEBUG=1 make run for tracebacks.
export DEBUG="${DEBUG:-0}"
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

# The background worker (the prefecture's PDF batches), kept running: if it stops (a database
# restart ends it), it is started again, at once after a long run, with back-off (up to 30 s)
# when it keeps failing. More workers, on this or other machines against the same PostgreSQL,
# run `manage.py db_worker` too (under systemd in production: Restart=always).
supervise_worker() {
  local child="" delay=1 started status
  trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    started=$SECONDS
    # A worker killed mid-batch leaves its task RUNNING for ever: no worker runs now, so queue
    # every unfinished batch again (reports/batches.py: recover_batches).
    "$PY" manage.py recover_batches --all >/dev/null || true
    "$PY" manage.py db_worker --no-reload &
    child=$!
    status=0
    wait "$child" || status=$?
    child=""
    if (( SECONDS - started > 60 )); then delay=1; else delay=$(( delay * 2 > 30 ? 30 : delay * 2 )); fi
    say "db_worker stopped (exit $status); starting it again in ${delay}s" || true
    sleep "$delay"
  done
}
supervise_worker &
WORKER_PID=$!

# gunicorn, not the development server: a worker process per core plus one, four threads each
# (each thread keeps one database connection: far below PostgreSQL's 100).
WORKERS="${WEB_WORKERS:-$(( $(nproc) + 1 ))}"
say "Kyoten: http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
# In the foreground: Ctrl-C reaches the server, then the EXIT trap stops the worker and PostgreSQL.
"$VENV/bin/gunicorn" config.wsgi \
  --bind "127.0.0.1:$PORT" \
  --worker-class gthread --workers "$WORKERS" --threads 4 \
  --timeout 120 --graceful-timeout 20 \
  --access-logfile - --access-logformat '%(t)s "%(r)s" %(s)s %(b)s %(L)ss'
