.PHONY: run test lint format clean

## Set everything up and serve the app with demo data on http://127.0.0.1:8000 (PORT overrides).
run:
	@bash scripts/run.sh

## Set everything up and run linters, checks and the whole test suite (pytest args via ARGS=...).
test:
	@bash scripts/test.sh $(ARGS)

## Reformat code and templates.
format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix . && .venv/bin/djlint templates --reformat --quiet

## Remove the virtualenv and the private database.
clean:
	rm -rf .venv var
