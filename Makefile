# The platform's everyday commands. `make run` starts it, `make test` proves it.
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3.11
HTMX := webapp/static/vendor/htmx.min.js
STAMP := $(VENV)/.installed
export LANDWERK_DEMO_PASSWORD ?= landwerk-demo

.PHONY: install run test e2e chromium clean translations translations-update unleash test-scale bench

install: $(STAMP) $(HTMX) translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(HTMX): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

translations: $(STAMP)
	$(BIN)/pybabel compile -d webapp/translations

# After adding or changing strings: refresh the catalogs, then translate what is new.
translations-update: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -o build/messages.pot --no-location --omit-header core webapp flags stages feedback
	$(BIN)/pybabel update -i build/messages.pot -d webapp/translations --no-fuzzy-matching --ignore-obsolete

run: install
	$(BIN)/flask --app webapp db upgrade
	$(BIN)/flask --app webapp demo
	@echo "Landwerk läuft auf http://127.0.0.1:$(PORT)/"
	@test -n "$$MAIL_URL" || echo "E-Mails der Entwicklung: http://127.0.0.1:$(PORT)/admin/mails (als Produktverantwortliche) und instance/mails/"
	@# One process with threads: the embedded rate limits (memory://) then count once (docs/deploy.md).
	@# The task queue's consumer (e-mails, expiries, reminders) runs beside it and stops with it;
	@# without MAIL_URL so does the mail catcher (core/mail_catcher.py), where the mails land.
	if [ -z "$$MAIL_URL" ]; then $(BIN)/python -m core.mail_catcher --port 8025 --folder instance/mails & catcher=$$!; fi; \
	$(BIN)/huey_consumer webapp.worker.queue --workers 2 --worker-type thread --quiet & consumer=$$!; \
	trap 'kill $$consumer $$catcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 1 --threads 8 --access-logfile - 'webapp:create_app()'

# Parallel pytest workers (pytest-xdist). The browser journeys run in processes of their own
# (they serve one app with a real task queue consumer; the other tests run tasks at once), the
# scale-out tests start their own servers and run last, alone, so nothing competes with them
# for the two cores. TEST_WORKERS=0: one process. Each run names its 25 slowest tests, the
# first place to look when the suite grows slow.
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup --durations=25

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not scale" tests
	$(BIN)/pytest $(PYTEST_PARALLEL) e2e
	$(BIN)/pytest -m scale tests

e2e: install chromium
	$(BIN)/pytest $(PYTEST_PARALLEL) e2e

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-noto-color-emoji; \
	  else echo "The browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; fi; }

# A local Unleash server (flag source of the scale-out setup) on 127.0.0.1:4242; docs/deploy.md.
unleash:
	deploy/unleash/run-local.sh

# Only the scale-out tests: Unleash server, PostgreSQL, two gunicorn instances, Redis.
test-scale: install
	$(BIN)/pytest -m scale tests

# Benchmarks, by hand only (minutes of load on both cores): figures into docs/benchmarks.md.
# `make bench ONLY="flag_cost throughput"` runs only those.
bench: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
	  else echo "The load benchmarks need wrk: sudo apt-get install wrk"; exit 1; fi; }
	$(BIN)/python -m bench $(ONLY)

clean:
	rm -rf $(VENV) node_modules $(HTMX) instance
