#!/usr/bin/env bash
# `make bench-outcomes`: a fresh database with client_custody_sale, then bench/outcomes_bench.py
# (issue #26). BENCH_OUTCOME_CLIENTS=100000 for the issue's 100,000 clients / 1,000,000 orders.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

DB="${BENCH_DB:-custody_bench_outcomes}"
info "Recreating database $DB with client_custody_sale (no demo data)"
dropdb --if-exists "$DB"
odoo -d "$DB" -i client_custody_sale --stop-after-init --no-http --log-level=warn \
    || die "Installing client_custody_sale in $DB failed."
info "Measuring the outcomes refresh at ${BENCH_OUTCOME_CLIENTS:-10000} clients"
"$PY" "$ROOT/bench/outcomes_bench.py" --config "$CONF" --db "$DB" \
    --clients "${BENCH_OUTCOME_CLIENTS:-10000}"
