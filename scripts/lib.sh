# Shared helpers for `make run` and `make test`. Sourced, not executed.
# Everything the project needs on a fresh Debian machine is found or installed here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PATH="$PATH:/usr/sbin:/sbin"  # ldconfig, runuser
VENV="$ROOT/.venv"
LOCK="$ROOT/requirements.lock"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mError: %s\033[0m\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# Install Debian packages when root; otherwise stop and say how.
apt_install() {
  if ! is_root; then
    die "Debian packages missing: $*. Install them with: sudo apt-get install -y $*"
  fi
  say "Installing Debian packages: $*"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

# Django 6 needs Python >= 3.12; the machine's default python3 may be older.
find_python() {
  local candidate root
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for candidate in $(ls -d "$root"/versions/3.13.*/bin/python "$root"/versions/3.12.*/bin/python 2>/dev/null | sort -rV) \
                   python3.13 python3.12 python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return
    fi
  done
  return 1
}

ensure_venv() {
  local stamp="$VENV/.lock-sha256" want py
  want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return
  fi
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    py="$(find_python)" || die "No Python >= 3.12 found (looked in pyenv versions, python3.13, python3.12, python3). Install one, or set PYTHON=/path/to/python3.12."
    say "Creating .venv with $py ($("$py" --version))"
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
  fi
  say "Installing locked dependencies"
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored: it is neither" >&2 || true
  "$VENV/bin/python" -m pip install -q --require-hashes --no-deps -r "$LOCK" 2> >(grep -v "is ignored: it is neither" >&2)
  echo "$want" > "$stamp"
}

# Whether the linker cache lists a library. Not `| grep -q`: under pipefail, grep -q stops reading
# at the first match and ldconfig, writing a large cache into the closed pipe, dies of SIGPIPE
# (exit 141), which would report the library as missing.
has_library() {
  local cache
  cache="$(ldconfig -p 2>/dev/null || true)"
  [[ "$cache" == *"$1"* ]]
}

# WeasyPrint needs Pango; Japanese PDFs need a Japanese font (else every glyph is an empty box).
ensure_system_libraries() {
  local missing=()
  has_library 'libpango-1.0.so' || missing+=(libpango-1.0-0)
  has_library 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
  command -v fc-list >/dev/null && [ -n "$(fc-list :lang=ja 2>/dev/null)" ] || missing+=(fontconfig fonts-ipaexfont-gothic fonts-ipaexfont-mincho)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

pg_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    apt_install postgresql >&2
    d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$d"
}

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}

# Run a command as the cluster's owner: PostgreSQL refuses to run as root.
as_pg_owner() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Start a private PostgreSQL cluster in $1 (a unix socket only, no TCP port) and export DATABASE_URL.
pg_start() {
  local dir="$1" bin
  bin="$(pg_bindir)"
  mkdir -p "$dir"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "the postgres system user is missing (install the postgresql package)"
    chown postgres: "$dir"
    if ! as_pg_owner test -w "$dir"; then
      # The checkout sits where the postgres user cannot reach (e.g. under /root): keep the
      # cluster in /var/tmp instead, one per checkout, and link it from the usual place.
      local alt="/var/tmp/kyoten-pg-$(printf %s "$dir" | sha1sum | cut -c1-10)"
      say "postgres cannot reach $dir; keeping the cluster in $alt"
      mkdir -p "$alt" && chown postgres: "$alt"
      rmdir "$dir" 2>/dev/null && ln -sfn "$alt" "$dir"
      dir="$alt"
    fi
  fi
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $dir"
    as_pg_owner "$bin/initdb" -D "$dir/data" -U kyoten --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_pg_owner mkdir -p "$dir/sock"
  fi
  if ! as_pg_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' -c unix_socket_permissions=0700 -c fsync=${PG_FSYNC:-on}" \
      start >/dev/null || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  if ! as_pg_owner "$bin/psql" -h "$dir/sock" -U kyoten -d postgres -tAc "select 1 from pg_database where datname='kyoten'" | grep -q 1; then
    as_pg_owner "$bin/createdb" -h "$dir/sock" -U kyoten kyoten
  fi
  DATABASE_URL="postgres://kyoten@$(printf %s "$dir/sock" | sed 's|/|%2F|g')/kyoten"
  export DATABASE_URL
}

pg_stop() {
  local dir bin
  dir="$(readlink -f "$1")"
  bin="$(pg_bindir)"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_pg_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
