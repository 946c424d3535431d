"""The API token: the system keyring when one works, else a file only this user can read."""

import logging
import os
import stat

import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, NoKeyringError, PasswordSetError

from asiointiapu.contact.secrets import (
    delete_token,
    load_token,
    read_token_file,
    save_token,
    write_token_file,
)

TOKEN = "tok-4b1f9e2a7c0d-never-logged"


class MemoryKeyring:
    """Keeps passwords in memory, as a desktop's secret store would. Not a KeyringBackend
    subclass: those register themselves, and keyring could pick this one for the whole process."""

    def __init__(self):
        self.passwords = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


class LockedKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise PasswordSetError("locked")


class NoBackendKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise NoKeyringError("none")

    def set_password(self, service, username, password):
        raise NoKeyringError("none")


@pytest.fixture
def token_file(tmp_path):
    return tmp_path / "config" / "receiver-token"


def test_the_token_goes_to_the_keyring_when_one_works(token_file):
    backend = MemoryKeyring()
    assert save_token(TOKEN, fallback_file=token_file, backend=backend) is None
    assert backend.passwords == {("asiointiapu", "receiver-token"): TOKEN}
    assert not token_file.exists()
    assert load_token(fallback_file=token_file, backend=backend) == TOKEN


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), LockedKeyring(), NoBackendKeyring()]
)
def test_without_a_working_keyring_the_token_goes_to_a_private_file(token_file, backend):
    assert save_token(TOKEN, fallback_file=token_file, backend=backend) == token_file
    assert token_file.read_text() == TOKEN + "\n"
    if os.name == "posix":
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    assert load_token(fallback_file=token_file, backend=backend) == TOKEN


def test_the_machines_own_keyring_setting_is_used_by_default(token_file, monkeypatch):
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert save_token(TOKEN, fallback_file=token_file) == token_file
        assert load_token(fallback_file=token_file) == TOKEN
    finally:
        keyring.set_keyring(previous)


def test_an_existing_file_is_replaced_whole_and_made_private(token_file):
    token_file.parent.mkdir(parents=True)
    token_file.write_text("old-token\n")
    token_file.chmod(0o644)
    write_token_file(token_file, TOKEN)
    assert read_token_file(token_file) == TOKEN
    if os.name == "posix":
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert [p.name for p in token_file.parent.iterdir()] == ["receiver-token"]  # no leftovers


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and modes")
def test_a_link_in_place_of_the_file_is_replaced_not_followed(token_file, tmp_path):
    token_file.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("untouched")
    token_file.symlink_to(elsewhere)
    write_token_file(token_file, TOKEN)
    assert elsewhere.read_text() == "untouched"
    assert not token_file.is_symlink()
    assert read_token_file(token_file) == TOKEN


def test_the_keyring_comes_first_then_the_file(token_file):
    write_token_file(token_file, "file-token")
    backend = MemoryKeyring()
    assert load_token(fallback_file=token_file, backend=backend) == "file-token"
    save_token(TOKEN, fallback_file=token_file, backend=backend)
    assert load_token(fallback_file=token_file, backend=backend) == TOKEN


def test_no_token_anywhere_is_none(token_file):
    assert load_token(fallback_file=token_file, backend=MemoryKeyring()) is None
    assert load_token(fallback_file=token_file, backend=fail.Keyring()) is None
    token_file.parent.mkdir(parents=True)
    token_file.write_text("\n\n")
    assert read_token_file(token_file) is None


def test_delete_removes_it_everywhere(token_file):
    backend = MemoryKeyring()
    save_token(TOKEN, fallback_file=token_file, backend=backend)
    write_token_file(token_file, TOKEN)
    delete_token(fallback_file=token_file, backend=backend)
    assert backend.passwords == {}
    assert not token_file.exists()
    delete_token(fallback_file=token_file, backend=backend)  # nothing left: no error


@pytest.mark.parametrize("token", ["", "  ", "two words", "new\nline"])
def test_tokens_that_cannot_be_sent_are_not_saved(token_file, token):
    with pytest.raises(ValueError):
        save_token(token, fallback_file=token_file, backend=fail.Keyring())
    assert not token_file.exists()


def test_the_token_is_never_logged(token_file, caplog):
    caplog.set_level(logging.DEBUG)
    save_token(TOKEN, fallback_file=token_file, backend=LockedKeyring())
    load_token(fallback_file=token_file, backend=LockedKeyring())
    token_file.chmod(0o644)
    load_token(fallback_file=token_file, backend=fail.Keyring())
    assert caplog.text  # the fallbacks and the loose permissions were logged…
    assert TOKEN not in caplog.text  # …without the token
