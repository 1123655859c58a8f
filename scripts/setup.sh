#!/usr/bin/env bash
# Idempotent environment setup: Odoo source, virtualenv with Odoo's requirements + ours, config.
# A second run with nothing changed only compares a stamp and returns in about a second.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$STATE"
resolve_odoo_src
check_postgres

py_bin="${PYTHON:-python3}"
"$py_bin" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "Python 3.10+ is required ($py_bin is $("$py_bin" --version 2>&1))."

# The stamp names everything the venv is built from: change any of it and the venv is brought up to date.
stamp_src=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/scripts/setup.sh";
            echo "$ODOO_SRC"; "$py_bin" --version)
stamp=$(printf '%s' "$stamp_src" | sha256sum | cut -c1-16)
if [ -x "$PY" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ]; then
    render_config
    exit 0
fi

info "Building the virtualenv in $VENV (Odoo from $ODOO_SRC)"
[ -x "$PY" ] || "$py_bin" -m venv "$VENV"
pip=("$PY" -m pip --disable-pip-version-check -q)
# setuptools pinned, not merely capped: the venv's own (65.x) pkg_resources does not match the
# normalised dist-info names of today's wheels (zope_interface-*.dist-info), so gevent's start-up
# plugin lookup raised DistributionNotFound('zope.interface') and Odoo's websocket process (--workers)
# died and was respawned in a loop. 80.9 normalises names and still ships pkg_resources.
"${pip[@]}" install 'pip==25.3' 'setuptools==80.9.0' wheel
# cbor2 5.4.2 does not build with setuptools >= 81: constrain the isolated build environments.
printf 'setuptools<81\n' >"$STATE/build-constraints.txt"
"${pip[@]}" install --build-constraint "$STATE/build-constraints.txt" -r "$ODOO_SRC/requirements.txt"
# Editable, without dependencies, so the pins above (lxml above all) stay as Odoo wants them.
"${pip[@]}" install --no-deps --config-settings editable_mode=compat -e "$ODOO_SRC"
"${pip[@]}" install -r "$ROOT/requirements.txt"
echo "$stamp" >"$VENV/.stamp"
render_config
info "Virtualenv ready."
