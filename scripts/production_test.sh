#!/usr/bin/env bash
# Odoo's production mode (HTTP workers + cron worker + gevent websockets) with our addons on a fresh
# database: scripts/production/test_production.py starts the README's production command on it.
# The database is a copy of the freshly installed test database when there is one (CI: right after
# `make test` installed it), else installed here.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

SOURCE_DB="${TEST_DB:-custody_test}"
DB="${PROD_DB:-${SOURCE_DB}_prod}"
MODULES="client_custody,client_custody_handover,client_custody_crm,client_custody_exit_cn,client_custody_wecom,alumni_network"
dropdb --if-exists "$DB"
if [ -z "${PROD_FRESH_INSTALL:-}" ] && db_exists "$SOURCE_DB"; then
    info "Copying the freshly installed $SOURCE_DB to $DB"
    createdb -T "$SOURCE_DB" "$DB"
else
    info "Installing $MODULES in $DB"
    odoo -d "$DB" -i "$MODULES" --stop-after-init --no-http --log-level=warn \
        || die "Installing $MODULES in $DB failed."
fi

export PROD_DB="$DB" ODOO_CONF="$CONF" ODOO_SRC
export PROD_HTTP_PORT="${PROD_HTTP_PORT:-$(( ${HTTP_PORT:-8069} + 1 ))}"
# Ports from HTTP_PORT (default 8069: 8070 and 8072, Odoo's own gevent port); +2 is make test-upstream's.
export PROD_GEVENT_PORT="${PROD_GEVENT_PORT:-$(( ${HTTP_PORT:-8069} + 3 ))}"
export PROD_LOG="$STATE/log/production-$DB.log"
cd "$ROOT"
status=0
"$PY" -m pytest -p no:cacheprovider -p no:odoo -rfEs scripts/production "$@" || status=$?
dropdb --if-exists "$DB"
exit $status
