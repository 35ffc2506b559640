# The two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
INSTANCE := instance
SECRET := $(INSTANCE)/secret_key
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 8

export NO_MKDOCS_2_WARNING := 1
export QUIZ_DATABASE ?= $(CURDIR)/$(INSTANCE)/quiz.sqlite

.PHONY: run test install site check lint unit browser translations messages chromium nginx \
	clean mutation lighthouse offline pdf

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

# axe-core for the accessibility audit in the browser tests (npm registry, pinned in package-lock.json).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

translations: $(STAMP)
	$(BIN)/pybabel compile -d quiz_server/translations

site: install
	$(BIN)/mkdocs build --quiet

$(SECRET):
	mkdir -p $(INSTANCE)
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > $(SECRET)

# Slips, certificates and messages print QUIZ_PUBLIC_URL: unless set, the address bound here.
RUN_ENV = QUIZ_SECRET_KEY=$$(cat $(SECRET)) QUIZ_PUBLIC_URL=$${QUIZ_PUBLIC_URL:-http://$(HOST):$(PORT)}

# nginx on PORT reads every request whole (slow clients cannot hold gunicorn's threads) and
# serves the handbook; gunicorn listens on a private loopback port. Ctrl-C stops both.
run: site $(SECRET) nginx
	$(RUN_ENV) $(BIN)/flask --app quiz_server init-db
	$(RUN_ENV) $(BIN)/flask --app quiz_server ensure-organizer
	@echo "Handbook: http://$(HOST):$(PORT)/   English: http://$(HOST):$(PORT)/en/   Quiz: http://$(HOST):$(PORT)/quiz/"
	$(RUN_ENV) $(BIN)/python -m quiz_server.front --host $(HOST) \
		--port $(PORT) --workers $(WORKERS) --threads $(THREADS) --instance $(INSTANCE) --site site

lint: install
	$(BIN)/ruff check .

check: install
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m handbook check

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's nginx for the front of `make run` and its slow-client test.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
		echo "Installing Debian's nginx for the front of make run"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light \
		|| DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

unit: install nginx
	$(BIN)/python -m pytest -q -m "not browser"

browser: install node_modules/.package-lock.json chromium check
	$(BIN)/python -m pytest -q -m browser

test: install node_modules/.package-lock.json chromium nginx
	$(BIN)/ruff check .
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m handbook check
	$(BIN)/python -m pytest -q

clean:
	rm -rf site site-* .pytest_cache mutants

# Mutation testing of quiz_server/core/record.py against its tests ([tool.mutmut] in
# pyproject.toml); outside `make test`. Lists every mutant that survived.
mutation: install
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

# After changing interface text: extract it, merge it into the Vietnamese catalogue, then translate.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location -o quiz_server/translations/messages.pot .
	$(BIN)/pybabel update -i quiz_server/translations/messages.pot -d quiz_server/translations --no-fuzzy-matching

# Lighthouse (mobile) on the home page and chapter 1 in both languages; outside `make test`.
# Pinned 12.2.3 in its own folder: Lighthouse 13 needs Node 22.
LIGHTHOUSE := .lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm i -E lighthouse@12.2.3 --prefix .lighthouse --no-audit --no-fund --loglevel=error

lighthouse: install chromium $(LIGHTHOUSE)
	$(BIN)/python bench/lighthouse.py

# The handbook as a zip that works from file:// (both languages, search included). The next
# `make site` / `make run` copies it into the site and links it from the home pages.
offline: install
	$(BIN)/python -m handbook.offline dist/so-tay-offline.zip

# One PDF per language (cover, contents, page numbers, every page of the nav), printed by
# Debian's Chromium: dist/so-tay-vi.pdf and dist/so-tay-en.pdf, linked like the zip.
pdf: install chromium
	$(BIN)/python -m handbook.pdf --out dist
