from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from asiointiapu.settings import Mode, Phone, SettingsStore, SiteSettings, UserSettings
from asiointiapu.ui.widgets import TextLabel
from tests.ui.conftest import Browser


def texts(widget):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    out = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    out += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    return "\n".join(out)


def test_window_shows_the_first_step_with_its_position(make_window):
    w = make_window()
    assert w.position_label.text() == f"Step 1 of {len(w.guide.steps)}"
    assert w.title_label.text() == w.guide.steps[0].title
    assert w.windowTitle().startswith("Asiointiapu – Step 1 of")
    assert not w.back_button.isVisible() and w.next_button.isVisible()
    assert "Next: " + w.guide.steps[1].title in texts(w.step_view)


def test_next_and_back_buttons_walk_the_guide(make_window, qtbot):
    w = make_window()
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    assert w.title_label.text() == w.guide.steps[1].title
    assert w.back_button.isVisible()
    qtbot.mouseClick(w.back_button, Qt.MouseButton.LeftButton)
    assert w.progress.index == 0
    assert w.progress.done == {w.guide.steps[0].id}


def test_keyboard_only_walk_through_every_step_and_back(make_window, qtbot):
    w = make_window()
    total = len(w.guide.steps)
    w.next_button.setFocus()
    seen = [w.title_label.text()]
    for _ in range(total + 2):  # pressing past the end does nothing
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier
        )
        seen.append(w.title_label.text())
    assert w.progress.is_last
    assert [s.title for s in w.guide.steps] == list(dict.fromkeys(seen))
    # On the last step Next is gone; the focus stays on the navigation, not lost.
    assert not w.next_button.isVisible()
    assert QApplication.focusWidget() is w.back_button
    for _ in range(total + 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.progress.is_first
    assert QApplication.focusWidget() is w.next_button


def test_a_step_shown_again_starts_at_its_top(make_window, qtbot):
    """The pages are kept (and prepared ahead): one read to its end and left must open at its
    top when the person comes back to it, as a new page would."""
    w = make_window(scale=300, size=(640, 600))
    page = w.guide_page
    bar = page.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    w.go_next()
    w.go_back()
    assert w.guide_page is page  # the same page, not a new one
    assert bar.value() == 0


def test_enter_and_space_press_the_focused_button(make_window, qtbot):
    w = make_window()
    w.next_button.setFocus()
    qtbot.keyClick(w.next_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.progress.index == 1)
    qtbot.keyClick(w.next_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.progress.index == 2)


def tab_chain(window, qtbot, start, count=60):
    start.setFocus()
    chain = []
    for _ in range(count):
        focused = QApplication.focusWidget()
        chain.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return chain


def test_tab_follows_reading_order_top_row_then_step_then_buttons(make_window, qtbot):
    from asiointiapu.ui.widgets import Button

    w = make_window()
    w.jump("identify")  # a step with Back and Next, a link, and help inside the text
    QApplication.processEvents()
    chain = tab_chain(w, qtbot, w.steps_button, count=30)
    buttons = [b for b in w.findChildren(Button) if b.isVisible()]
    assert buttons and all(b in chain for b in buttons)
    in_step = next(b for b in buttons if b.text() == "Get help with this step")
    order = [
        chain.index(b)
        for b in (w.steps_button, w.settings_button, in_step, w.back_button, w.next_button)
    ]
    assert order == sorted(order), "Tab must go top row, the step's own controls, then the nav"


def test_every_control_has_an_accessible_name(make_window):
    from PySide6.QtWidgets import QAbstractButton, QListWidget

    w = make_window()
    for show in (w.show_guide, w.show_steps, w.show_help, w.show_settings, w.show_term):
        show() if show != w.show_term else show(None)
        for control in w.findChildren(QAbstractButton) + w.findChildren(QListWidget):
            if control.isVisible():
                name = control.accessibleName() or control.text()
                assert name.strip() and name[0].isalnum(), repr(name)


def test_all_steps_page_shows_done_marks_and_jumps(make_window, qtbot):
    w = make_window()
    w.next_button.click()
    w.next_button.click()
    qtbot.mouseClick(w.steps_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentWidget() is w.steps_page
    items = [w.steps_page.list.item(i).text() for i in range(w.steps_page.list.count())]
    assert items[0].startswith("✓ 1.") and items[1].startswith("✓ 2.")
    assert items[2].startswith("3.")
    assert QApplication.focusWidget() is w.steps_page.list
    assert w.steps_page.list.currentRow() == 2
    # Keyboard: down twice and Enter goes to step 5 and back to the guide.
    qtbot.keyClick(w.steps_page.list, Qt.Key.Key_Down)
    qtbot.keyClick(w.steps_page.list, Qt.Key.Key_Down)
    qtbot.keyClick(w.steps_page.list, Qt.Key.Key_Return)
    assert w.pages.currentWidget() is w.guide_page
    assert w.progress.position == 5


def test_escape_returns_to_the_guide_from_every_page(make_window, qtbot):
    w = make_window()
    for show in (w.show_steps, w.show_help, w.show_settings, lambda: w.show_term(None)):
        show()
        assert w.pages.currentWidget() is not w.guide_page
        assert not w.nav.isVisible()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        assert w.pages.currentWidget() is w.guide_page
        assert w.nav.isVisible()


def test_help_page_shows_the_sites_phone_numbers_and_the_step(make_window, qtbot):
    site = SiteSettings(
        name="Walk-in point",
        phones=(Phone("Service point", "+358 40 000 0000"),),
        opening_hours="Mon–Fri 9–15",
        mode=Mode.KIOSK,
    )
    w = make_window(site=site)
    w.next_button.click()
    qtbot.keyClick(w, Qt.Key.Key_F1)
    assert w.pages.currentWidget() is w.help_page
    shown = texts(w.help_page)
    assert "Service point: +358 40 000 0000" in shown
    assert "Mon–Fri 9–15" in shown
    assert w.guide.steps[1].help_topic in shown
    assert "bank codes and passwords only yourself" in shown  # the safety note


def test_help_page_without_site_settings_links_to_employment_services(make_window):
    browser = Browser()
    w = make_window(browser=browser)
    w.step_view.help_requested.emit()
    assert w.pages.currentWidget() is w.help_page
    link = [
        b for b in w.help_page.findChildren(type(w.next_button)) if b.property("role") == "link"
    ]
    link[0].click()
    assert browser.opened == [w.guide.service_url_for("en")]


def test_open_the_e_service_in_the_persons_language(make_window):
    browser = Browser()
    w = make_window(browser=browser, language="fi")
    w.service_button.click()
    assert browser.opened == ["https://tyomarkkinatori.fi/"]


def test_browser_that_does_not_open_gives_the_address_to_type(make_window):
    w = make_window(browser=Browser(works=False))
    w.service_button.click()
    assert w.banner.isVisible()
    assert w.guide.service_url_for("en") in w.banner.label.text()
    w.banner.close_button.click()
    assert not w.banner.isVisible()


def test_text_size_changes_at_once_and_is_kept(make_window, qtbot, tmp_path):
    w = make_window()
    before = w.title_label.height()
    w.show_settings()
    radios = w.settings_page.groups["text_scale"].buttons()
    big = next(r for r in radios if r.accessibleName().startswith("300"))
    big.click()
    assert w.settings.text_scale == 300
    qtbot.waitUntil(lambda: w.title_label.fontInfo().pixelSize() > 40)
    assert w.title_label.sizeHint().height() > before
    qtbot.waitUntil(lambda: SettingsStore(tmp_path / "config").path.exists())
    assert SettingsStore(tmp_path / "config").load().settings.text_scale == 300


def test_ctrl_plus_and_minus_change_text_size(make_window, qtbot):
    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert w.settings.text_scale == 125
    qtbot.keyClick(w, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert w.settings.text_scale == 100


def test_a_larger_text_size_breaks_the_shown_long_words_too(make_window, qtbot):
    from asiointiapu.hyphenation import SOFT_HYPHEN

    w = make_window(language="fi")
    w.jump("identify")  # "Tunnistaudu": 11 letters, broken only from 200% up
    assert SOFT_HYPHEN not in w.title_label.text()
    w.settings.text_scale = 200
    w.settings_changed()
    assert SOFT_HYPHEN in w.title_label.text()
    assert w.title_label.accessibleName().endswith(": Tunnistaudu")
    w.settings.text_scale = 100
    w.settings_changed()
    assert SOFT_HYPHEN not in w.title_label.text()


def test_language_changes_at_once_and_keeps_the_place(make_window, qtbot):
    w = make_window(language="en")
    w.jump("identify")
    w.show_settings()
    radios = w.settings_page.groups["language"].buttons()
    finnish = next(r for r in radios if r.accessibleName() == "suomi")
    finnish.click()
    assert w.i18n.language == "fi"
    assert w.progress.current == "identify"
    assert w.pages.currentWidget() is w.settings_page
    assert w.settings_page.close_button.text() != "← Back to the guide"
    assert QApplication.focusWidget() in w.settings_page.groups["language"].buttons()
    w.show_guide()
    assert w.next_button.text() != "Next →"
    assert w.title_label.text() != w.guide.step("identify").title


def test_theme_change_repaints_with_the_new_colours(make_window):
    w = make_window()
    w.show_settings()
    radios = w.settings_page.groups["theme"].buttons()
    hc = next(r for r in radios if "Yellow" in r.accessibleName())
    hc.click()
    assert w.settings.theme == "high-contrast"
    assert "#ffff00" in QApplication.instance().styleSheet()


def test_progress_is_resumed_at_home(make_window, tmp_path, qtbot):
    w = make_window()
    w.jump("identify")
    w.close()
    saved = SettingsStore(tmp_path / "config").load().settings
    assert saved.resume["registration"]["step"] == "identify"
    again = make_window(settings=saved)
    assert again.progress.current == "identify"
    assert again.welcome_label.isVisible()
    again.next_button.click()
    assert not again.welcome_label.isVisible()


def test_progress_is_not_kept_on_a_shared_machine(make_window, tmp_path):
    settings = UserSettings(language="en", resume={"registration": {"step": "identify"}})
    w = make_window(settings=settings, site=SiteSettings(mode=Mode.LIBRARY))
    assert w.progress.is_first
    w.next_button.click()
    w.close()
    assert "registration" not in SettingsStore(tmp_path / "config").load().settings.resume


def labels_fit(page) -> list[str]:
    """Labels of a page shorter than their text needs, as they stand: no event processing."""
    from PySide6.QtWidgets import QLabel

    return [
        label.text()[:30]
        for label in page.findChildren(QLabel)
        if not label.isHidden() and label.height() < label.heightForWidth(label.width())
    ]


def test_the_next_step_is_prepared_while_reading_and_shown_laid_out(make_window, qtbot):
    w = make_window(scale=200, size=(700, 900))
    upcoming = w.progress.next_id
    qtbot.waitUntil(lambda: w.is_prepared(upcoming))
    w.resize(1000, 900)  # a prepared page meets a window of another size
    QApplication.processEvents()
    w.go_next()
    # At once, before Qt's own deferred layout: the first frame shows no clipped text.
    assert w.progress.current == upcoming
    assert w.pages.currentWidget() is w.guide_page
    page = w.guide_page
    assert page.width() == w.pages.width()
    assert page.widget().width() == page.viewport().width()
    assert w.title_label.width() > page.viewport().width() - 40  # the whole new width is used
    assert labels_fit(page) == []
    # A step not yet prepared is built and laid out before it is shown, too.
    w.go_next()
    assert not labels_fit(w.guide_page) and w.title_label.width() > page.viewport().width() - 40


def test_every_step_is_prepared_soon_after_start_so_a_held_key_builds_nothing(make_window, qtbot):
    w = make_window(scale=300, size=(1280, 1024))
    ids = w.guide.step_ids()
    qtbot.waitUntil(lambda: all(w.is_prepared(s) for s in ids), timeout=10_000)
    prepared = dict(w._step_pages)
    while w.progress.next_id is not None:  # as Alt+Right held down
        w.go_next()
        assert w.guide_page is prepared[w.progress.current]
        assert labels_fit(w.guide_page) == []
    assert set(w._step_pages.values()) == set(prepared.values())


def test_a_new_look_deletes_the_other_steps_pages_first_and_prepares_them_again(make_window, qtbot):
    """Qt polishes every widget there is for a new style sheet: hidden pages would make a
    change of colours take half a second and more."""
    from shiboken6 import isValid

    w = make_window()
    ids = w.guide.step_ids()
    qtbot.waitUntil(lambda: all(w.is_prepared(s) for s in ids), timeout=10_000)
    shown, others = w.guide_page, [p for p in w._step_pages.values() if p is not w.guide_page]
    w.settings.theme = "dark"
    w.settings_changed()
    assert w.guide_page is shown and isValid(shown)  # the shown step keeps its place
    assert not any(isValid(page) for page in others)  # gone at once, not later
    qtbot.waitUntil(lambda: all(w.is_prepared(s) for s in ids), timeout=10_000)
    rebuilt = w._step_pages[w.progress.next_id]
    assert isValid(rebuilt) and all(rebuilt is not page for page in others)


def test_going_back_shows_the_same_page_with_its_ticks(make_window, qtbot):
    from PySide6.QtWidgets import QCheckBox

    w = make_window()
    first_step = w.guide_page  # "Before you start" has a list to tick
    first_step.findChildren(QCheckBox)[0].setChecked(True)
    w.go_next()
    w.go_back()
    assert w.guide_page is first_step  # kept, not built again
    assert first_step.findChildren(QCheckBox)[0].isChecked()
    # A new language builds every page again, with the ticks from the progress.
    w.settings.language = "fi"
    w.settings_changed()
    assert w.guide_page is not first_step
    assert w.guide_page.findChildren(QCheckBox)[0].isChecked()
    assert not w.is_prepared(w.progress.next_id)  # the old language's pages are gone
    qtbot.waitUntil(lambda: deleted(first_step))


def deleted(widget) -> bool:
    from shiboken6 import isValid

    QApplication.processEvents()
    return not isValid(widget)


def test_at_home_every_step_says_a_person_can_stop_there(make_window):
    home = make_window(language="fi")
    assert home.guide_page.pause_label.isVisible()
    assert home.guide_page.pause_label.source == (
        "Voit lopettaa tähän. Ensi kerralla ohjelma avautuu tähän vaiheeseen."
    )
    home.go_next()
    assert home.guide_page.pause_label.isVisible()
    # Where nothing is kept (a shared machine), it would not be true: not said.
    shared = make_window(language="fi", store=False)
    assert shared.guide_page.pause_label.isHidden()


def test_about_tells_version_licence_and_where_to_get_help(make_window, qtbot):
    from asiointiapu import __version__

    w = make_window(language="en")
    w.show_settings()
    about = next(
        b
        for b in w.settings_page.findChildren(type(w.next_button))
        if b.text() == "About this program"
    )
    qtbot.mouseClick(about, Qt.MouseButton.LeftButton)
    dialog = w.settings_page.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    texts = " ".join(label.source for label in dialog.findChildren(TextLabel))
    assert f"Asiointiapu {__version__}" in texts
    assert "GNU General Public License, version 3 or later" in texts
    assert "ask the staff" in texts
