#!/usr/bin/env bash
# `make bench`: a fresh database with client_custody, then bench/handover_bench.py (issue #5).
# BENCH_SIZES=1000,10000 narrows the run; the default measures 1,000, 10,000 and 100,000 clients,
# each with (a), (b) and (c): more than an hour, most of it (a), today's way, at 100,000.
# BENCH_PHASES="a,b,c,w1,w2;100000:b,c,w1,w2" skips (a) at 100,000.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

DB="${BENCH_DB:-custody_bench}"
info "Recreating database $DB with client_custody_handover and client_custody_crm (no demo data)"
dropdb --if-exists "$DB"
odoo -d "$DB" -i client_custody_handover,client_custody_crm --stop-after-init --no-http --log-level=warn \
    || die "Installing client_custody_handover and client_custody_crm in $DB failed."
info "Measuring (sizes ${BENCH_SIZES:-1000,10000,100000})"
mkdir -p "$STATE/bench"
"$PY" "$ROOT/bench/handover_bench.py" --config "$CONF" --db "$DB" \
    --sizes "${BENCH_SIZES:-1000,10000,100000}" --phases "${BENCH_PHASES:-a,b,c,w1,w2}" \
    --json "$STATE/bench/last.json"
