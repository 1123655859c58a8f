#!/usr/bin/env bash
# The sales team's response times while a departure runs (bench/load_bench.py, issue #25):
# a fresh database with the handover and CRM addons, BENCH_LOAD_CLIENTS clients (default 100,000,
# the issue's figure; 10,000 for a quicker run), 10 salespeople over HTTP, quiet then during the
# handover on two cron workers (about 40 minutes at 100,000 on a busy 2-core machine).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

DB="${LOAD_DB:-custody_load}"
info "Recreating database $DB with client_custody_handover and client_custody_crm (no demo data)"
dropdb --if-exists "$DB"
odoo -d "$DB" -i client_custody_handover,client_custody_crm --stop-after-init --no-http --log-level=warn \
    || die "Installing client_custody_handover and client_custody_crm in $DB failed."
mkdir -p "$STATE/bench"
"$PY" "$ROOT/bench/load_bench.py" --config "$CONF" --db "$DB" --clients "${BENCH_LOAD_CLIENTS:-${LOAD_CLIENTS:-100000}}" \
    --http-port "${LOAD_HTTP_PORT:-$(( ${HTTP_PORT:-8069} + 2 ))}" --json "$STATE/bench/load.json" --timeout 6000 "$@"
