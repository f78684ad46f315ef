"""The form rows the add, generate and rotation dialogs share, each made once.

Every row is :func:`form_field`: a label, the widgets, and an error line under
them (``#error-<key>``) in a ``#field-<key>`` container. The others are the rows
more than one dialog has, with the same ids, values and wording everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from credtui.ops.expiry import parse_span
from credtui.ops.keyfiles import RSA_SIZES
from credtui.timefmt import relative, strftime
from credtui.ui.widgets.pem_picker import PathSuggester
from credtui.ui.widgets.text_fields import TextInput


def form_field(key: str, label: str, *widgets: Widget) -> Vertical:
    """One compact row (label, then the widgets) with its error line under it."""
    return Vertical(
        Horizontal(Label(label, classes="field-label"), *widgets, classes="field-row"),
        Static("", classes="field-error", id=f"error-{key}", markup=False),
        classes="form-field",
        id=f"field-{key}",
    )


def key_path_field(value: str) -> Vertical:
    """Where the generated private key is written (``#key-path``)."""
    return form_field("path", "Private key file", TextInput(value, id="key-path", compact=True))


def key_size_field() -> Vertical:
    """The RSA key size (``#bits``), the smallest offered first."""
    sizes = [(f"RSA {b} bits", b) for b in RSA_SIZES]
    return form_field(
        "bits",
        "Key size",
        Select(sizes, value=RSA_SIZES[0], allow_blank=False, id="bits", compact=True),
    )


def subject_field(stem: str) -> Vertical:
    """A self-signed certificate's subject (``#subject``), ``CN=<stem>`` to start with."""
    return form_field("subject", "Subject", TextInput(f"CN={stem}", id="subject", compact=True))


def days_field() -> Vertical:
    """How long a self-signed certificate is valid (``#days``)."""
    return form_field("days", "Valid days", TextInput("365", id="days", compact=True))


def dated_choices(choices: Sequence[tuple[str, str]], now: datetime) -> list[tuple[str, str]]:
    """The quick choices with the day each ends on: ``90 days, to 2027-02-21``."""
    dated = []
    for label, code in choices:
        when = parse_span(code, now) if code.startswith("+") else None
        dated.append((f"{label}, to {strftime(when, '%Y-%m-%d')}" if when else label, code))
    return dated


def expiry_field(choices: Sequence[tuple[str, str]], now: datetime, *more: Widget) -> Vertical:
    """When the credential expires (``#expiry-choice``, 90 days to start with), each quick
    choice with its date: the default is never one a person has not seen."""
    choice = Select(
        dated_choices(choices, now),
        value="+90d",
        allow_blank=False,
        id="expiry-choice",
        compact=True,
    )
    return form_field("expiry", "Expires", choice, *more)


def expiry_words(choice: str, now: datetime) -> str:
    """What an expiry choice sets, in words (``expires 2027-02-21, in 3 months``)."""
    if choice == "never":
        return "never expires"
    if choice == "cert":
        return "expires with the certificate"
    when = parse_span(choice, now) if choice.startswith("+") else None
    return f"expires {strftime(when, '%Y-%m-%d')}, {relative(when, now)}" if when else ""


def pem_path_widgets(start: Path) -> tuple[Input, Button]:
    """A PEM file's path (``#pem-path``, completed from ``start``) and its browse button."""
    path = TextInput(
        id="pem-path",
        placeholder="path: → completes, enter loads",
        suggester=PathSuggester(start),
        compact=True,
    )
    return path, Button("Browse…", id="pem-browse", compact=True)
