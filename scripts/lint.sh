#!/usr/bin/env bash
# `make lint`: ruff (lint + format check) over the project, pylint-odoo's mandatory checks over addons/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/pylint" --rcfile=.pylintrc addons/*/
