#!/usr/bin/env bash
# `make lint`: pre-commit as OCA projects run it (.pre-commit-config.yaml: the OCA's Odoo module and
# .po hooks, ruff check + format), then pylint-odoo's mandatory checks over addons/.
# The hooks' environments are built by pip from PyPI on first use (cached in ~/.cache/pre-commit).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
"$VENV/bin/pre-commit" run --all-files --show-diff-on-failure
"$VENV/bin/pylint" --rcfile=.pylintrc addons/*/
