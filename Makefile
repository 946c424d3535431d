# The two commands a newcomer needs:
#   make run    sets everything up and starts the program
#   make test   sets everything up and runs the whole test suite (what CI runs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard translations/*/LC_MESSAGES/asiointiapu.po)
MO := $(PO:.po=.mo)

.PHONY: run test bench lint check-guides content-report translations pot system-deps system-deps-test system-deps-bench clean dist check-packaging

# The reference receiver runs on loopback beside the app, so "I need help" works end to end.
run: system-deps $(STAMP) translations
	$(BIN)/python -m asiointiapu --with-local-receiver $(ARGS)

test: system-deps-test $(STAMP) translations lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The Linux bundle (PyInstaller, one folder) and its archive: dist/asiointiapu/ and
# dist/asiointiapu-<version>-linux-<arch>.tar.gz. The tests start it only when asked
# (ASIOINTIAPU_TEST_BUNDLE=1) or in CI.
VERSION = $(shell $(PYTHON) -c 'import re; print(re.search(r"__version__ = \"(.+?)\"", open("asiointiapu/__init__.py").read())[1])')
dist: $(STAMP) translations
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/pyinstaller/asiointiapu.spec
	# The desktop file, metainfo and icons beside the program, as under /usr/share.
	install -D -m 644 packaging/linux/fi.asiointiapu.Asiointiapu.desktop \
		dist/asiointiapu/share/applications/fi.asiointiapu.Asiointiapu.desktop
	install -D -m 644 packaging/linux/fi.asiointiapu.Asiointiapu.metainfo.xml \
		dist/asiointiapu/share/metainfo/fi.asiointiapu.Asiointiapu.metainfo.xml
	mkdir -p dist/asiointiapu/share/icons
	cp -r packaging/linux/icons/hicolor dist/asiointiapu/share/icons/
	tar -C dist -czf dist/asiointiapu-$(VERSION)-linux-$$(uname -m).tar.gz asiointiapu
	@echo "dist: dist/asiointiapu/asiointiapu and dist/asiointiapu-$(VERSION)-linux-$$(uname -m).tar.gz"

# The desktop file, AppStream metainfo, icons and installer files, with their validators.
check-packaging: system-deps-test $(STAMP)
	$(BIN)/python -m pytest -q tests/test_desktop_files.py tests/test_windows_installer.py

# Figures and ratios against a bare window (docs/performance.md); slow, not part of `make test`.
bench: system-deps-bench $(STAMP) translations
	$(BIN)/python -m bench $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-guides: $(STAMP)
	$(BIN)/python -m asiointiapu --check

# Plain-language figures of every step (sentence length, LIX), spelling and links.
content-report: $(STAMP)
	$(BIN)/python -m asiointiapu.guides.quality

system-deps:
	@sh packaging/system-deps.sh

system-deps-test:
	@sh packaging/system-deps.sh --test

system-deps-bench:
	@sh packaging/system-deps.sh --bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# Compiled catalogues are built here, not committed.
translations: $(MO)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After changing texts in code or guides: refresh the template and every language's catalogue.
pot: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output \
		--project Asiointiapu --copyright-holder "Asiointiapu contributors" \
		-o translations/asiointiapu.pot .
	$(BIN)/pybabel update -i translations/asiointiapu.pot -d translations -D asiointiapu \
		--no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts $(MO)
