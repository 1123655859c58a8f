#!/usr/bin/env bash
# `make run`: demo database custody_demo (Odoo demo data + ours), our addons updated, served on loopback.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

DB="${DEMO_DB:-custody_demo}"
MODULES="client_custody,client_custody_handover,client_custody_crm,client_custody_exit_cn,alumni_network"
if db_exists "$DB"; then
    info "Updating $MODULES in $DB"
    odoo -d "$DB" -u "$MODULES" --stop-after-init --no-http
else
    info "Creating $DB with demo data and $MODULES (a few minutes the first time)"
    odoo -d "$DB" -i "$MODULES" --with-demo --stop-after-init --no-http
fi
cat >&2 <<MSG

  Odoo is starting on  http://127.0.0.1:${HTTP_PORT:-8069}/web/login?db=$DB
  Login: admin   Password: admin     (Ctrl-C stops it)

MSG
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "$@"
