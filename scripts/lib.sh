# shellcheck shell=bash
# Shared helpers for the project's scripts: locate Odoo, the virtualenv, PostgreSQL and the config.
# Sourced, never executed. Every path is derived from the repository root so any checkout works.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="${STATE_DIR:-$ROOT/.state}"
VENV="${VENV:-$STATE/venv}"
PY="$VENV/bin/python"
# Documented default location of the Odoo 19.0 source (README "Prerequisites").
ODOO_DEFAULT_SRC="${HOME}/.local/src/odoo-19.0"
ODOO_GIT_URL="https://github.com/odoo/odoo.git"
CONF="$STATE/odoo.conf"

die() { printf '\n\033[31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }
info() { printf '\033[36m==>\033[0m %s\n' "$*" >&2; }

is_odoo19() { [ -f "$1/odoo-bin" ] && grep -q "^version_info = (19, 0" "$1/odoo/release.py" 2>/dev/null; }

# Resolve ODOO_SRC: $ODOO_SRC, else the default location, else a shallow clone of 19.0 there.
resolve_odoo_src() {
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo19 "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree (no odoo-bin / release 19.0)."
        return
    fi
    if is_odoo19 "$ODOO_DEFAULT_SRC"; then
        ODOO_SRC="$ODOO_DEFAULT_SRC"
        return
    fi
    info "Odoo 19.0 source not found; cloning the official 19.0 branch into $ODOO_DEFAULT_SRC"
    mkdir -p "$(dirname "$ODOO_DEFAULT_SRC")"
    if git clone --quiet --depth 1 --branch 19.0 "$ODOO_GIT_URL" "$ODOO_DEFAULT_SRC.partial" 2>"$STATE/clone.log" \
        && mv "$ODOO_DEFAULT_SRC.partial" "$ODOO_DEFAULT_SRC"; then
        ODOO_SRC="$ODOO_DEFAULT_SRC"
        return
    fi
    rm -rf "$ODOO_DEFAULT_SRC.partial"
    die "No Odoo 19.0 source. Set ODOO_SRC=/path/to/odoo-19.0 (a tree with odoo-bin), or put one at
       $ODOO_DEFAULT_SRC. Cloning $ODOO_GIT_URL (branch 19.0) failed: see $STATE/clone.log."
}

# PostgreSQL through the usual libpq variables; a clear message instead of a stack trace.
check_postgres() {
    export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-$(id -un)}"
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>"$STATE/pg.err"; then
        die "PostgreSQL is not reachable at $PGHOST:$PGPORT as $PGUSER ($(head -1 "$STATE/pg.err")).
       Start it, or set PGHOST/PGPORT/PGUSER (and PGPASSWORD) to a server where $PGUSER may create databases."
    fi
}

# Render config/odoo.conf.in to .state/odoo.conf (addons path = Odoo's own + ours).
# Several scripts may render it at once (CI runs `make lint` beside the upstream suites, and each
# runs setup.sh): each renders into its own temporary file and renames it over the config, an
# atomic step, so that a reader never sees a half-written file and no writer loses its file.
render_config() {
    mkdir -p "$STATE/data" "$STATE/log"
    local tmp
    tmp=$(mktemp "$CONF.XXXXXX")
    sed -e "s#@ODOO_SRC@#$ODOO_SRC#g" -e "s#@ROOT@#$ROOT#g" -e "s#@STATE@#$STATE#g" \
        -e "s#@PGHOST@#${PGHOST}#g" -e "s#@PGPORT@#${PGPORT}#g" -e "s#@PGUSER@#${PGUSER}#g" \
        -e "s#@HTTP_PORT@#${HTTP_PORT:-8069}#g" \
        "$ROOT/config/odoo.conf.in" >"$tmp"
    # The password is written only when one is given (trust/peer auth needs none).
    if [ -n "${PGPASSWORD:-}" ]; then printf 'db_password = %s\n' "$PGPASSWORD" >>"$tmp"; fi
    chmod 600 "$tmp"
    mv -f "$tmp" "$CONF"
}

odoo() { "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" "$@"; }

db_exists() { [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" = 1 ]; }
