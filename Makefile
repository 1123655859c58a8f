# The two commands a newcomer needs: `make run` and `make test`. See README.md.
.PHONY: setup run test test-upstream lint bench bench-outcomes bench-load clean
SHELL := /bin/bash

setup:   ## virtualenv with Odoo 19.0 + our requirements (idempotent)
	@bash scripts/setup.sh

run:     ## demo database custody_demo, served on http://127.0.0.1:8069
	@bash scripts/run.sh

test:    ## fresh test database, every addon, the whole suite (tours included)
	@bash scripts/test.sh $(ARGS)

test-upstream:  ## Odoo's own tests of hr, crm, event, mass_mailing, sale, survey with our addons installed
	@bash scripts/upstream_tests.sh

lint:    ## pre-commit (OCA Odoo hooks, ruff) + pylint-odoo mandatory checks
	@bash scripts/lint.sh

bench:   ## handover benchmark: N = 1k/10k/100k clients, today's way vs ours vs the SQL floor
	@bash scripts/bench.sh

bench-outcomes:  ## handover outcomes refresh at BENCH_OUTCOME_CLIENTS (10,000) clients, 10 orders each
	@bash scripts/bench_outcomes.sh

bench-load: ## the sales team's response times, quiet vs during a departure of BENCH_LOAD_CLIENTS (100,000) clients on 2 cron workers
	@bash scripts/load_bench.sh

clean:   ## remove the virtualenv, rendered config, filestore and logs
	rm -rf .state
