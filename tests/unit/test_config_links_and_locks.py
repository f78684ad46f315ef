"""Saving a symlinked config, and a lock whose holder never lets go (issue 19, findings 7, 13).

A dotfile manager keeps ``config.toml`` as a link into a repository: a save goes
where the link leads and the link stays. A holder stopped with SIGSTOP makes the
next save give up after a bound, naming the holder's pid; the waits here run on an
injected clock, so no test waits for real time.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.lockholder import stopped_holder as holding

from credtui.cli import main
from credtui.config import (
    AddProfile,
    Config,
    ConfigError,
    LockWait,
    Profile,
    load_config,
    save_config,
    update_config,
)
from credtui.exit_codes import EXIT_USAGE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks and flock are POSIX")


def prof(name: str) -> Profile:
    return Profile(name=name, domain=f"{name}.eu.auth0.com", token_env="T")


def linked(tmp_path: Path, relative: bool = False) -> tuple[Path, Path]:
    """A config in ``dotfiles/`` and a link to it in ``home/`` (absolute or relative)."""
    target = tmp_path / "dotfiles" / "credtui" / "config.toml"
    target.parent.mkdir(parents=True)
    save_config(Config().with_profile(prof("first")), target)
    link = tmp_path / "home" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(target, link.parent) if relative else target)
    return link, target


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_a_save_through_a_link_changes_the_target_and_keeps_the_link(
    tmp_path: Path, relative: bool
) -> None:
    link, target = linked(tmp_path, relative)
    before = os.readlink(link)
    update_config(link, AddProfile(prof("second")))
    assert link.is_symlink() and os.readlink(link) == before
    assert list(load_config(target).config.profiles) == ["first", "second"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # The lock sits beside the file that was replaced; nothing is left beside the link.
    assert sorted(p.name for p in target.parent.iterdir()) == [".config.toml.lock", "config.toml"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["config.toml"]
    save_config(Config().with_profile(prof("whole")), link)  # a whole-file save, too
    assert link.is_symlink() and list(load_config(target).config.profiles) == ["whole"]


def test_a_chain_of_links_and_the_cli_save_to_the_last_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link, target = linked(tmp_path)
    outer = tmp_path / "outer.toml"
    outer.symlink_to(link)
    args = ["--config", str(outer), "profile", "add", "ci", "--domain", "ci.eu.auth0.com"]
    assert main([*args, "--token-env", "CI_TOKEN"]) == 0, capsys.readouterr().err
    assert outer.is_symlink() and link.is_symlink()
    assert list(load_config(target).config.profiles) == ["first", "ci"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "config.toml"  # the folder does not exist yet
    link = tmp_path / "config.toml"
    link.symlink_to(target)
    update_config(link, AddProfile(prof("new")))
    assert link.is_symlink() and list(load_config(target).config.profiles) == ["new"]
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


# --- a lock whose holder is stopped -------------------------------------------------


@pytest.fixture
def stopped_holder(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A config whose lock is held by a child process stopped with SIGSTOP: (path, pid)."""
    path = tmp_path / "config.toml"
    save_config(Config().with_profile(prof("first")), path)
    with holding(path) as pid:
        yield path, pid


class FakeClock:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_stopped_holder_bounds_the_wait_and_is_named(stopped_holder: tuple[Path, int]) -> None:
    path, pid = stopped_holder
    before = path.read_bytes()
    clock = FakeClock()
    with pytest.raises(ConfigError) as refused:
        update_config(
            path, AddProfile(prof("second")), wait=LockWait(5.0, clock=clock, sleep=clock.sleep)
        )
    message = str(refused.value)
    assert message.startswith(f"{path}: is locked by process {pid}, ")
    assert "for over 5 s; nothing was saved" in message and f"kill {pid}" in message
    assert 5.0 <= clock.now < 5.2 and clock.slept  # it waited on the injected clock only
    assert path.read_bytes() == before


def test_the_default_bound_ends_a_real_wait(stopped_holder: tuple[Path, int]) -> None:
    """The real clock and sleep, with a tiny bound."""
    path, pid = stopped_holder
    with pytest.raises(ConfigError, match=f"locked by process {pid}"):
        save_config(Config(), path, wait=LockWait(0.05))
    assert list(load_config(path).config.profiles) == ["first"]


def test_a_free_lock_is_taken_at_once_and_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    clock = FakeClock()
    update_config(path, AddProfile(prof("a")), wait=LockWait(5.0, clock=clock, sleep=clock.sleep))
    assert clock.slept == []
    assert (tmp_path / ".config.toml.lock").read_bytes() == b""  # no stale pid once released


def test_the_lock_says_who_holds_it_while_held(tmp_path: Path) -> None:
    from credtui.config.lock import locked

    path = tmp_path / "config.toml"
    with locked(path, path):
        assert (tmp_path / ".config.toml.lock").read_text() == f"{os.getpid()}\n"


def test_a_stopped_holder_never_hangs_the_cli(
    stopped_holder: tuple[Path, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import credtui.config.lock

    path, pid = stopped_holder
    monkeypatch.setattr(credtui.config.lock, "LOCK_WAIT_SECONDS", 0.05)
    code = main(["--config", str(path), "profile", "add", "ci", "--domain", "ci.eu.auth0.com",
                 "--token-env", "CI"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert f"credtui: {path}: is locked by process {pid}" in err and "Traceback" not in err
    assert list(load_config(path).config.profiles) == ["first"]
