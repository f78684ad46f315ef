"""The binding ids of ``credtui.bindings`` are the TUI's real ones, and the README lists them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import credtui.ui
from credtui.bindings import BINDINGS, markdown_table
from credtui.config import ConfigError, parse_config

ROOT = Path(__file__).resolve().parents[2]


def real_bindings() -> set[tuple[str, str, str, str]]:
    """(id, key, class, description) of every binding with an id, in every UI module."""
    found: set[tuple[str, str, str, str]] = set()
    for info in pkgutil.walk_packages(credtui.ui.__path__, "credtui.ui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    found.add((binding.id, binding.key, name, binding.description))
    return found


def test_the_registry_is_every_real_binding() -> None:
    registry = {tuple(spec) for spec in BINDINGS}
    real = real_bindings()
    assert len(real) > 50  # the walk found the screens
    assert registry - real == set(), "in credtui.bindings, but no screen has it"
    assert real - registry == set(), "a screen's binding missing from credtui.bindings"


def test_the_readme_lists_every_binding_id() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- binding-ids -->")
    end = readme.index("<!-- /binding-ids -->")
    table = readme[start:end].split("\n", 1)[1].strip()
    assert table == markdown_table(), "paste `python -m credtui.bindings` into the README"
    for binding_id, *_ in real_bindings():
        assert f"| `{binding_id}` |" in table


GOOD = '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n'


def test_an_unknown_binding_id_is_an_error_naming_the_file_and_the_ids(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    import tomllib

    with pytest.raises(ConfigError) as info:
        parse_config(tomllib.loads(f'[keys]\ndelete = "ctrl+d"\n{GOOD}'), path)
    text = str(info.value)
    assert text.startswith(f"{path}, key 'keys.delete': is not a binding id")
    assert "delete-credential" in text and "delete-profile" in text and "refresh" in text
    # A real id is taken as it is.
    config = parse_config(tomllib.loads(f'[keys]\ndelete-credential = "ctrl+d"\n{GOOD}'), path)
    assert config.keys == {"delete-credential": "ctrl+d"}
