"""Background work: results come back on the GUI thread, and a closing window ends it cleanly."""

import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication
from shiboken6 import delete

from asiointiapu.ui.workers import Runner, _Relay, _Task


def test_results_and_errors_come_back(qtbot):
    runner = Runner()
    results, errors = [], []
    runner.run(lambda: 6 * 7, results.append, errors.append)
    runner.run(lambda: 1 / 0, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results and errors))
    assert results == [42] and isinstance(errors[0], ZeroDivisionError)


def test_a_closed_runner_starts_nothing_new(qtbot):
    runner = Runner()
    ran = threading.Event()
    assert runner.close(1000)
    runner.run(ran.set, lambda _r: None, lambda _e: None)  # e.g. a timer firing at exit
    assert runner.wait(1000)
    QApplication.processEvents()
    assert not ran.is_set()


def test_work_that_ends_after_its_window_is_gone_says_nothing(qtbot):
    relay = _Relay()
    task = _Task(lambda: "done", relay)
    delete(relay)  # the window, and the relay with it, were deleted meanwhile
    task.run()  # would raise "Signal source has been deleted"


def test_an_error_in_a_background_thread_is_logged_not_shown(qtbot, caplog):
    from asiointiapu.i18n import I18n
    from asiointiapu.resources import translations_dir
    from asiointiapu.ui import application

    application.application([])
    application._install_excepthook(I18n(translations_dir(), "en"))

    def fail() -> None:
        try:
            raise ValueError("in a pool thread")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # as PySide does for an error in QRunnable.run

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join(10)  # a message box from this thread would never return
    assert not thread.is_alive()
    assert "in a pool thread" in caplog.text


@pytest.fixture(autouse=True)
def _restore_excepthook():
    hook = sys.excepthook
    yield
    sys.excepthook = hook
