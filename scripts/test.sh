#!/usr/bin/env bash
# `make test`: fresh database without demo data, every addon installed (log checked), then pytest-odoo
# over addons/*/tests and tests/ with an HTTP server for the tours. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

DB="${TEST_DB:-custody_test}"
MODULES="${TEST_MODULES:-client_custody,client_custody_handover,client_custody_crm,client_custody_exit_cn,client_custody_wecom,alumni_network,client_custody_sale,client_custody_exit_survey,client_custody_exit_survey_alumni}"
command -v chromium >/dev/null || command -v google-chrome >/dev/null \
    || die "Chromium is needed for the tours (apt-get install chromium)."

info "Recreating database $DB and installing $MODULES"
dropdb --if-exists "$DB"
log="$STATE/log/install-$DB.log"
rm -f "$log"
odoo -d "$DB" -i "$MODULES" --stop-after-init --no-http --log-level=info --logfile="$log" \
    || { tail -40 "$log" >&2; die "Installing $MODULES failed (log: $log)."; }
"$PY" "$ROOT/scripts/checklog.py" "$log" "$ROOT/scripts/checklog-allowlist.txt"

# The upgrade from the previous release, whenever the whole suite runs (CI always does).
if [ -z "${TEST_PATHS:-}" ] && [ -z "${SKIP_UPGRADE_TEST:-}" ]; then
    bash "$ROOT/scripts/upgrade_test.sh"
fi

info "Running the test suite"
cd "$ROOT"
shopt -s nullglob
# TEST_PATHS narrows the run while developing one addon; CI always runs everything.
if [ -n "${TEST_PATHS:-}" ]; then read -ra paths <<<"$TEST_PATHS"; else paths=(addons/*/tests tests); fi
"$PY" -m pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    -rfEs "${paths[@]}" "$@"
