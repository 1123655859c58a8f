#!/usr/bin/env bash
# The addons as an integrator installs them with pip (OCA style): one wheel per addon built with
# whool (`odoo-addon-<name>`, version from the manifest, our addons' dependencies declared), into a
# fresh virtualenv that holds only Odoo and its requirements; then all the addons installed on a
# fresh database from there (the addons path is Odoo's own: nothing points at this repository)
# and scripts/pip_smoke.py run in `odoo shell`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
resolve_odoo_src
check_postgres
mkdir -p "$STATE/log"

WORK="${PIP_TEST_DIR:-$STATE/pip-test}"
PIPVENV="$WORK/venv"
WHEELS="$WORK/wheels"
DB="${PIP_TEST_DB:-${TEST_DB:-custody_test}_pip}"
py_bin="${PYTHON:-python3}"
# Every addon of addons/ (each has its pyproject.toml), bridges included.
ADDONS=(client_custody client_custody_handover client_custody_crm client_custody_exit_cn
        client_custody_wecom alumni_network client_custody_alumni client_custody_sale
        client_custody_exit_survey client_custody_exit_survey_alumni)

info "Building the wheels (whool) into $WHEELS"
rm -rf "$WHEELS"
mkdir -p "$WHEELS"
printf 'setuptools<81\n' >"$WORK/build-constraints.txt"
# One build environment with whool for the wheels (pip's isolated builds would set up one
# per addon); what `pip wheel addons/<addon>` does with isolation, only faster.
BUILDVENV="$WORK/build-venv"
[ -x "$BUILDVENV/bin/python" ] || "$py_bin" -m venv "$BUILDVENV"
"$BUILDVENV/bin/python" -m pip --disable-pip-version-check -q install 'whool==1.3.1' 'setuptools==80.9.0' wheel
"$BUILDVENV/bin/python" -m pip --disable-pip-version-check -q wheel --no-build-isolation --no-deps \
    -w "$WHEELS" "${ADDONS[@]/#/$ROOT/addons/}" || die "Building the wheels failed."
ls "$WHEELS" >&2

info "A fresh virtualenv with only Odoo 19.0 and its requirements: $PIPVENV"
rm -rf "$PIPVENV"
"$py_bin" -m venv "$PIPVENV"
pip=("$PIPVENV/bin/python" -m pip --disable-pip-version-check -q)
"${pip[@]}" install 'pip==25.3' 'setuptools==80.9.0' wheel
"${pip[@]}" install --build-constraint "$WORK/build-constraints.txt" -r "$ODOO_SRC/requirements.txt"
"${pip[@]}" install --no-deps --config-settings editable_mode=compat -e "$ODOO_SRC"
# Odoo's own metadata (setup.py) requires lxml_html_clean, which its requirements.txt installs only
# on Python 3.12+; pip resolves the addons' `odoo==19.0.*` against that metadata. 0.2.0 asks for
# any lxml, so Odoo's lxml pin stays (newer releases would upgrade lxml past it).
"${pip[@]}" install 'lxml_html_clean==0.2.0'

info "pip install the addons from the wheels (dependencies resolved between them)"
# Only the wheels directory: an odoo-addon-* name must never be taken from a package index here.
"${pip[@]}" install --no-index --find-links "$WHEELS" "${ADDONS[@]/#/odoo-addon-}"
"$PIPVENV/bin/python" -m pip list --disable-pip-version-check 2>/dev/null | grep -i '^odoo' >&2

conf="$WORK/odoo.conf"
cat >"$conf" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$ODOO_SRC/addons
data_dir = $WORK/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
http_interface = 127.0.0.1
list_db = False
CONF
if [ -n "${PGPASSWORD:-}" ]; then printf 'db_password = %s\n' "$PGPASSWORD" >>"$conf"; fi

modules=$(IFS=,; echo "${ADDONS[*]}")
info "Installing $modules on a fresh database $DB from the pip-installed packages"
dropdb --if-exists "$DB"
log="$STATE/log/pip-install-$DB.log"
"$PIPVENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$DB" -i "$modules" --stop-after-init \
    --no-http --log-level=warn --logfile="$log" \
    || { tail -40 "$log" >&2; die "Installing the pip-installed addons failed (log: $log)."; }
status=0
PIP_SMOKE_SITE="$("$PIPVENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
PIP_SMOKE_ROOT="$ROOT" PIP_SMOKE_MODULES="$modules" \
    "$PIPVENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$conf" -d "$DB" --no-http --log-level=warn \
    <"$ROOT/scripts/pip_smoke.py" || status=$?
dropdb --if-exists "$DB"
[ "$status" = 0 ] || die "The smoke test of the pip-installed addons failed."
info "pip-installed addons: smoke test passed."
