# One command per chore; `make help` lists them.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
CONFIG ?= development.ini
PYTEST_ARGS ?= -n auto
LOCALE := src/dmp_library/locale
POT := $(LOCALE)/dmp_library.pot
LANGS := fr en

.PHONY: help run run-zeo test install lint bench shell i18n catalogs clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: install  ## install, load the demo data on first start, serve on http://127.0.0.1:6543
	$(BIN)/dmp -c $(CONFIG) load-demo
	$(BIN)/pserve $(CONFIG)

# The same data (var/) served by a ZEO server, so that `dmp -c config/zeo.ini ...` and more
# application servers run beside this one; Ctrl-C stops both.
run-zeo: install  ## the same with a ZEO server: `dmp -c config/zeo.ini ...` works beside it
	@mkdir -p var
	DMP_DATA_DIR=$(CURDIR)/var $(BIN)/runzeo -C config/zeo.conf & zeo=$$!; \
	trap 'kill $$zeo 2>/dev/null' EXIT INT TERM; \
	$(BIN)/dmp -c config/zeo.ini load-demo && $(BIN)/pserve config/zeo.ini

test: install  ## run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed catalogs  ## create the virtualenv and install the project

$(VENV)/.installed: setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt "setuptools<81" wheel
	$(BIN)/pip install -q -c constraints.txt -e ".[test,postgresql]"
	touch $@

catalogs: $(VENV)/.installed  ## compile the translation catalogs (.po -> .mo)
	$(BIN)/pybabel -q compile -d $(LOCALE) -D dmp_library

i18n: $(VENV)/.installed  ## extract messages and update the .po files
	$(BIN)/pot-create -c lingua.cfg -d dmp_library -o $(POT) src/dmp_library
	for lang in $(LANGS); do \
	  $(BIN)/pybabel update -w 100 -i $(POT) -d $(LOCALE) -D dmp_library -l $$lang --no-fuzzy-matching; \
	done

lint: install  ## ruff
	$(BIN)/ruff check src tests

bench: install  ## benchmarks: figures and ratios to the baselines the issues name
	$(BIN)/python -m benchmarks $(BENCH)

shell: install  ## a Python shell on the site (pshell)
	$(BIN)/pshell $(CONFIG)

clean:  ## remove the virtualenv and runtime data
	rm -rf $(VENV) var
