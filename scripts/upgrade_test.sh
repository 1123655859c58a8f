#!/usr/bin/env bash
# Upgrade test: a database installed (with demo data) by the release 19.0.1.1.0, plus
# what demo data lacks, is upgraded to the working tree; nothing may be lost (scripts/upgrade/).
# The previous release's addons are taken from git history (commit $UPGRADE_BASE).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
resolve_odoo_src
check_postgres
render_config

# release_tree REV WHAT VARIABLE: the addons of release REV from git history, in
# $STATE/upgrade/REV, with an Odoo config whose addons path points at them.
release_tree() {
    local rev=$1 what=$2 variable=$3 dir="$STATE/upgrade/$1"
    git -C "$ROOT" cat-file -e "$rev^{commit}" 2>/dev/null \
        || die "The $what ($rev) is not in this clone's history: fetch it or set $variable."
    if [ ! -d "$dir/addons" ]; then
        mkdir -p "$dir"
        git -C "$ROOT" archive "$rev" addons | tar -x -C "$dir"
    fi
    sed "s#$ROOT/addons#$dir/addons#" "$CONF" >"$dir/odoo.conf"
}

BASE="${UPGRADE_BASE:-39750d5}"
# Named after the test database, so that TEST_DB keeps parallel runs (CI and a developer) apart.
DB="${UPGRADE_DB:-${TEST_DB:-custody_test}_upgrade}"
PREV="$STATE/upgrade/$BASE"
release_tree "$BASE" "previous release" UPGRADE_BASE
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

# The last release (every addon, demo data) to the working tree: the path of a database installed
# by the previous session's version. Nothing may be lost: the rows of each table below (their
# ids, and for the ledger its periods) are the same after the upgrade, and the log is clean.
LAST="${UPGRADE_LAST:-258c3fd}"
LAST_DB="${DB}_last"
LAST_PREV="$STATE/upgrade/$LAST"
release_tree "$LAST" "last release" UPGRADE_LAST
ALL=$(cd "$LAST_PREV/addons" && ls -d */ | tr -d / | paste -sd,)
last_log="$STATE/log/upgrade-$LAST_DB.log"
rm -f "$last_log" "$last_log.new"
info "Upgrade test: installing the last release ($LAST: $ALL) with demo data in $LAST_DB"
dropdb --if-exists "$LAST_DB"
"$PY" "$ODOO_SRC/odoo-bin" -c "$LAST_PREV/odoo.conf" -d "$LAST_DB" -i "$ALL" --with-demo \
    --stop-after-init --no-http --log-level=warn --logfile="$last_log" \
    || { tail -40 "$last_log" >&2; die "Installing the last release failed (log: $last_log)."; }
snapshot() {
    psql -d "$LAST_DB" -Atq <<'SQL'
SELECT 'custody_assignment', count(*), md5(coalesce(string_agg(
    concat_ws(':', id, partner_id, employee_id, company_id, date_start, date_end), ',' ORDER BY id), ''))
  FROM custody_assignment;
SELECT t, n, h FROM (VALUES
    ('custody_client', (SELECT count(*) FROM custody_client), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM custody_client)),
    ('custody_handover', (SELECT count(*) FROM custody_handover), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM custody_handover)),
    ('custody_handover_line', (SELECT count(*) FROM custody_handover_line), (SELECT md5(coalesce(string_agg(concat_ws(':', id, state), ',' ORDER BY id), '')) FROM custody_handover_line)),
    ('custody_handover_item', (SELECT count(*) FROM custody_handover_item), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM custody_handover_item)),
    ('hr_exit', (SELECT count(*) FROM hr_exit), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM hr_exit)),
    ('custody_noncompete', (SELECT count(*) FROM custody_noncompete), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM custody_noncompete)),
    ('custody_noncompete_month', (SELECT count(*) FROM custody_noncompete_month), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM custody_noncompete_month)),
    ('alumni_member', (SELECT count(*) FROM alumni_member), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM alumni_member)),
    ('alumni_consent', (SELECT count(*) FROM alumni_consent), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM alumni_consent)),
    ('mail_activity', (SELECT count(*) FROM mail_activity), (SELECT md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM mail_activity))
) AS v(t, n, h);
SQL
}
before=$(snapshot)
info "Upgrade test: upgrading $LAST_DB to the working tree"
odoo -d "$LAST_DB" -u "$ALL" --stop-after-init --no-http --log-level=info --logfile="$last_log.new" \
    || { tail -60 "$last_log.new" >&2; die "The upgrade from $LAST failed (log: $last_log.new)."; }
"$PY" "$ROOT/scripts/checklog.py" "$last_log.new" "$ROOT/scripts/checklog-allowlist.txt"
after=$(snapshot)
if [ "$before" != "$after" ]; then
    diff <(echo "$before") <(echo "$after") >&2 || true
    die "Upgrading the last release ($LAST) changed or lost rows (above: before < > after)."
fi
echo "Upgrade from the last release ($LAST): $(echo "$after" | awk -F'|' '{printf "%s %s, ", $2, $1}')none lost"
dropdb --if-exists "$LAST_DB"

