#!/usr/bin/env bash
# Regenerate addons/<module>/i18n/<module>.pot from a database where the module is installed.
# Usage: scripts/i18n_export.sh MODULE [DB]   (DB defaults to custody_test, as left by `make test`)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
module="${1:?usage: scripts/i18n_export.sh MODULE [DB]}"; db="${2:-custody_test}"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config
"$PY" "$ODOO_SRC/odoo-bin" i18n export -c "$CONF" -d "$db" -o "$ROOT/addons/$module/i18n/$module.pot" "$module"
