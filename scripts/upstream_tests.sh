#!/usr/bin/env bash
# `make test-upstream`: Odoo's own test suites of the apps our addons extend, with every one of our
# addons installed. On a fresh database (no demo data, as `make test`), our addons are installed
# with `-i` and the tests restricted to those apps (`--test-tags /hr,/crm,...`): each app's
# at_install tests run when Odoo installs it (where Odoo's own CI runs them; run again once
# everything is installed they would test an order Odoo never promises), its post_install tests
# (tours included) once everything, our addons included, is installed.
# scripts/upstream_failures.py then lists the failing tests; any failure not in
# scripts/upstream-allowlist.txt (upstream failures, each proven without our addons) fails the run.
#
# UPSTREAM_WITHOUT_OURS=1 runs the same suites on a database holding the same Odoo apps (our addons'
# dependencies, and what Odoo auto-installs with them) but none of our addons: the evidence that
# an allowlisted failure is Odoo's own.
# Environment: UPSTREAM_SUITES (hr,crm,event,mass_mailing,sale,survey), UPSTREAM_DB,
# UPSTREAM_HTTP_PORT (HTTP_PORT + 2: the tours' server), UPSTREAM_LOG, UPSTREAM_KEEP_DB=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
[ -f "$CONF" ] || render_config

SUITES="${UPSTREAM_SUITES:-hr,crm,event,mass_mailing,sale,survey}"
ours=()
for manifest in "$ROOT"/addons/*/__manifest__.py; do ours+=("$(basename "$(dirname "$manifest")")"); done
if [ -n "${UPSTREAM_WITHOUT_OURS:-}" ]; then
    # Our addons' dependencies outside this repository: the Odoo apps they extend.
    MODULES=$("$PY" - "$ROOT/addons" <<'PY'
import ast, pathlib, sys
root = pathlib.Path(sys.argv[1])
ours = {p.parent.name for p in root.glob("*/__manifest__.py")}
deps = set()
for manifest in root.glob("*/__manifest__.py"):
    deps |= set(ast.literal_eval(manifest.read_text())["depends"])
print(",".join(sorted(deps - ours)))
PY
)
    DB="${UPSTREAM_DB:-${TEST_DB:-custody_test}_upstream_base}"
    what="without our addons"
else
    MODULES=$(IFS=,; echo "${ours[*]}")
    DB="${UPSTREAM_DB:-${TEST_DB:-custody_test}_upstream}"
    what="with our addons"
fi
PORT="${UPSTREAM_HTTP_PORT:-$(( ${HTTP_PORT:-8069} + 2 ))}"
log="${UPSTREAM_LOG:-$STATE/log/upstream-$DB.log}"
conf="$STATE/odoo-upstream-$DB.conf"
# Its own copy of the config: `make test` may be rendering and reading .state/odoo.conf meanwhile.
sed "s/^http_port = .*/http_port = $PORT/" "$CONF" >"$conf"

info "Odoo's own tests of $SUITES $what: installing $MODULES in $DB (log: $log)"
dropdb --if-exists "$DB"
rm -f "$log"
tags=$(printf '/%s,' ${SUITES//,/ }); tags=${tags%,}
SECONDS=0
rc=0
"$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$DB" -i "$MODULES" --test-tags "$tags" --stop-after-init \
    --http-port "$PORT" --max-cron-threads 0 --log-level=info --logfile="$log" || rc=$?
info "Odoo exited with $rc after ${SECONDS}s"
psql -d "$DB" -Atqc "select name from ir_module_module where state = 'installed' order by name" \
    >"${log%.log}.modules" 2>/dev/null || true
[ -n "${UPSTREAM_KEEP_DB:-}" ] || dropdb --if-exists "$DB"
"$PY" "$ROOT/scripts/upstream_failures.py" "$log" "$ROOT/scripts/upstream-allowlist.txt"
