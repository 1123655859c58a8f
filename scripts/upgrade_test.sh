#!/usr/bin/env bash
# Upgrade test: a database installed (with demo data) by the previous release, 19.0.1.1.0, plus
# what demo data lacks, is upgraded to the working tree; nothing may be lost (scripts/upgrade/).
# The previous release's addons are taken from git history (commit $UPGRADE_BASE).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

BASE="${UPGRADE_BASE:-39750d5}"
# Named after the test database, so that TEST_DB keeps parallel runs (CI and a developer) apart.
DB="${UPGRADE_DB:-${TEST_DB:-custody_test}_upgrade}"
PREV="$STATE/upgrade/$BASE"
git -C "$ROOT" cat-file -e "$BASE^{commit}" 2>/dev/null \
    || die "The previous release ($BASE) is not in this clone's history: fetch it or set UPGRADE_BASE."
if [ ! -d "$PREV/addons" ]; then
    mkdir -p "$PREV"
    git -C "$ROOT" archive "$BASE" addons | tar -x -C "$PREV"
fi
sed "s#$ROOT/addons#$PREV/addons#" "$CONF" >"$PREV/odoo.conf"
log="$STATE/log/upgrade-$DB.log"
rm -f "$log" "$log.new"

info "Upgrade test: installing the previous release ($BASE) with demo data in $DB"
dropdb --if-exists "$DB"
"$PY" "$ODOO_SRC/odoo-bin" -c "$PREV/odoo.conf" -d "$DB" -i client_custody,alumni_network \
    --with-demo --stop-after-init --no-http --log-level=warn --logfile="$log" \
    || { tail -40 "$log" >&2; die "Installing the previous release failed (log: $log)."; }
export UPGRADE_SNAPSHOT="$STATE/upgrade/$DB.json"
"$PY" "$ODOO_SRC/odoo-bin" shell -c "$PREV/odoo.conf" -d "$DB" --no-http --log-level=warn \
    <"$ROOT/scripts/upgrade/seed_and_snapshot.py" 2>>"$log" \
    || { tail -40 "$log" >&2; die "Seeding the previous release failed (log: $log)."; }

info "Upgrade test: upgrading $DB to the working tree"
odoo -d "$DB" -u client_custody,alumni_network,client_custody_alumni --stop-after-init --no-http \
    --log-level=info --logfile="$log.new" \
    || { tail -60 "$log.new" >&2; die "The upgrade failed (log: $log.new)."; }
"$PY" "$ROOT/scripts/checklog.py" "$log.new" "$ROOT/scripts/checklog-allowlist.txt"
"$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$DB" --no-http --log-level=warn \
    <"$ROOT/scripts/upgrade/verify.py"
