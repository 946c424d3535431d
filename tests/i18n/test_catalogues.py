"""Translations tested like code: complete, placeholders kept, the template up to date."""

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from asiointiapu.guides.extract import guide_messages
from asiointiapu.guides.loader import load_builtin
from asiointiapu.i18n import I18n, available_languages, catalogue_path
from asiointiapu.resources import translations_dir

ROOT = Path(__file__).resolve().parents[2]
DIR = translations_dir()
LANGUAGES = [lang.code for lang in available_languages(DIR) if lang.code != "en"]


def catalogue(language):
    with catalogue_path(DIR, language, ".po").open("rb") as f:
        return read_po(f)


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_finnish_is_there():
    assert "fi" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_guide_text_is_translated_and_none_is_fuzzy(language):
    cat = catalogue(language)
    guide = load_builtin("registration")
    missing = [
        text for text, _ in guide_messages(guide) if not (cat.get(text) and cat.get(text).string)
    ]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    if language == "fi":  # Finnish is complete; other languages may be partial (shown with a note)
        assert not missing, missing[:5]
    assert not fuzzy, fuzzy[:5]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = [
        (m.id, m.string)
        for m in catalogue(language)
        if m.id
        and m.string
        and isinstance(m.id, str)
        and placeholders(m.id) != placeholders(m.string)
    ]
    assert not wrong, wrong[:5]


def test_template_is_up_to_date_with_code_and_guides(tmp_path):
    """A text added to the code or a guide must reach the template (make pot)."""
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as f:
        fresh = {m.id for m in read_po(f) if m.id}
    with (DIR / "asiointiapu.pot").open("rb") as f:
        committed = {m.id for m in read_po(f) if m.id}
    assert fresh == committed, f"run 'make pot': new {fresh - committed}, gone {committed - fresh}"


def test_a_po_without_compiled_mo_still_works(tmp_path):
    lc = tmp_path / "fi" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    (lc / "asiointiapu.po").write_bytes(catalogue_path(DIR, "fi", ".po").read_bytes())
    i18n = I18n(tmp_path, "fi")
    assert i18n.gettext("Next →") == "Seuraava →"
    assert i18n.lookup("A text nobody wrote") is None


def test_a_broken_catalogue_falls_back_to_english(tmp_path):
    lc = tmp_path / "fi" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    (lc / "asiointiapu.po").write_text('msgid "x"\nmsgstr "y\n broken', encoding="utf-8")
    i18n = I18n(tmp_path, "fi")
    assert i18n.gettext("Next →") == "Next →"
    assert i18n.lookup("Next →") is None


def test_unknown_language_falls_back_to_finnish():
    assert I18n(DIR, "xx").language == "fi"
    assert I18n(DIR, "en").lookup("Next →") == "Next →"


def test_no_text_uses_markup():
    """Texts are shown as plain text; markup in a catalogue would show as tags."""
    for language in LANGUAGES:
        tagged = [
            m.string for m in catalogue(language) if re.search(r"<[a-z/][^>]*>", str(m.string))
        ]
        assert not tagged, tagged[:3]
