"""The rotation dialog's new credential: where it comes from, its fields, its checks.

:class:`NewCredentialForm` is the part of :class:`credtui.ui.screens.rotation.RotationScreen`
that makes the new credential before it is added: generated here
(:func:`credtui.ops.keyfiles.generate_key_files`: private key 0600, never
overwriting, never read back; only the public part is sent), read from a PEM
file or typed as a subject DN (checked by the add form's
:func:`~credtui.ui.widgets.credential_form.check_form`, with a preview of what
Auth0 will store), or one the application already holds. Which rotation ``o``
resumes (its old and new credential) is read by
:func:`credtui.ops.rotation.find_rotation` from the tenant and this session's
record, never from where the cursor was; when the tenant does not show one
rotation, nothing is chosen and the person chooses. Where the rotation stands,
and the steps, are the dialog's own (:mod:`credtui.ui.screens.rotation`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Select, Static

from credtui import keys, rules
from credtui.checks import CheckedCredential, LocalIdentity
from credtui.errors import LocalValidationError
from credtui.files import FileRefused, path_refusal, read_small_file, shown_path
from credtui.models import Application, Credential, CredentialType, Slot
from credtui.ops.changes import check_room
from credtui.ops.keyfiles import GeneratedFiles, generate_key_files
from credtui.ops.rotation import Recorded, find_rotation, rotation_slots
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.screens.generate import EXPIRY_CHOICES
from credtui.ui.widgets.credential_form import FIELD_OF, FormValues, check_form
from credtui.ui.widgets.credential_preview import NEVER_NOTE, preview_lines
from credtui.ui.widgets.key_fields import (
    days_field,
    expiry_field,
    expiry_words,
    form_field,
    key_path_field,
    key_size_field,
    pem_path_widgets,
    subject_field,
)
from credtui.ui.widgets.pem_picker import PemFileScreen
from credtui.ui.widgets.text_fields import TextInput

SOURCES = {
    CredentialType.PUBLIC_KEY: (
        ("Generate an RSA key pair here", "generate"),
        ("A public key PEM file", "pem"),
    ),
    CredentialType.X509_CERT: (
        ("Generate a self-signed certificate here", "generate"),
        ("A certificate PEM file", "pem"),
    ),
    CredentialType.CERT_SUBJECT_DN: (
        ("A CA-signed certificate PEM file", "pem"),
        ("A subject DN", "dn"),
    ),
}
"""How the new credential can be made, for each type a slot takes."""
SHOWN = {
    "generate": ("path", "bits", "name", "expiry", "generate-note"),
    "pem": ("pem", "name", "expiry", "rotation-preview"),
    "dn": ("subject-dn", "name", "rotation-preview"),
}
"""The new-credential fields each source shows (expiry: public keys only)."""
TOGGLED = ("path", "bits", "subject", "days", "pem", "subject-dn", "name", "expiry")
ERROR_IDS = (*TOGGLED, "source")
CORE_FIELDS = {"out": "path", "subject_dn": "subject-dn", **FIELD_OF}
"""Fields named by the core -> this dialog's field ids."""
EXISTING = "existing:"
FIELDS_SHOWN = ("pem", "subject-dn", "name", "expiry")
"""The add form's fields this dialog has (its other checks are said in the preview)."""


@dataclass(frozen=True)
class RotationOutcome:
    """What the dialog leaves the application screen: whether to re-read, and what to say
    ("" when there is nothing to say: the dialog was only looked at)."""

    changed: bool
    summary: str
    select: str | None


class NewCredentialForm(ChangeFormScreen[RotationOutcome | None], inherit_bindings=False):
    """The new credential's fields and checks; the rotation dialog drives the steps."""

    def __init__(
        self,
        application: Application,
        credentials: Sequence[Credential],
        old: Credential,
        start: Path,
        *,
        recorded: Recorded | None = None,
    ) -> None:
        super().__init__()
        self.application = application
        self.credentials = tuple(credentials)
        self.pressed = old
        """The credential ``o`` was pressed on: the old one, or the new one of a rotation."""
        self.old = old
        """The rotation's old credential (:func:`find_rotation` says which, per slot)."""
        self.start = start
        self.recorded: dict[Slot, tuple[str, str]] = dict(recorded or {})
        """This session's record of the application's rotations: slot -> (old id, new id)."""
        self.slots = rotation_slots(application, old, self.recorded)
        self.slot = self.slots[0]
        self.ambiguous = False
        """The tenant shows no one rotation: nothing was chosen for the person."""
        self.deployed = False
        self.new_id: str | None = None
        """The new credential, once this dialog added it."""
        self.identity: LocalIdentity | None = None
        self.generated: GeneratedFiles | None = None
        self.checked: CheckedCredential | None = None
        self.candidate_note = ""
        self._pem_text = ""
        self._pem_problem: str | None = None

    _relocate: Callable[[], None]
    """Find where the rotation stands again, and show it (the rotation dialog's own)."""

    def compose_new(self, stem: str) -> ComposeResult:
        """The new credential's fields: all of them, shown as the source asks."""
        with Vertical(id="new-section"):
            yield form_field(
                "source",
                "New credential",
                Select([], id="source", prompt="Choose…", compact=True),
            )
            yield key_path_field(f"./{stem}.pem")
            yield key_size_field()
            yield subject_field(stem)
            yield days_field()
            yield form_field("pem", "PEM file", *pem_path_widgets(self.start))
            yield form_field(
                "subject-dn",
                "Subject DN",
                TextInput(id="subject-dn", placeholder="C=GB, O=Acme, CN=client", compact=True),
            )
            yield form_field("name", "Name", TextInput(stem, id="name", compact=True))
            yield expiry_field(EXPIRY_CHOICES, self.tui.now())
            yield Static("", id="rotation-preview", markup=False)
            yield Static(
                "The private key is written to that file (0600, never over an existing "
                "file) and stays on this machine; only the public part is sent.",
                id="generate-note",
                markup=False,
            )

    # --- values -----------------------------------------------------------------------------

    @property
    def wanted(self) -> CredentialType:
        """The credential type the slot takes."""
        return CredentialType(rules.CREDENTIAL_TYPE_FOR_SLOT[self.slot.value])

    @property
    def source(self) -> str:
        """How the new credential is made ("" while nothing is chosen)."""
        value = self.query_one("#source", Select).value
        return value if isinstance(value, str) else ""

    @property
    def kind(self) -> str:
        """The add form's kind for the chosen source."""
        if self.wanted is CredentialType.CERT_SUBJECT_DN:
            return "ca_dn" if self.source == "dn" else "ca_pem"
        return self.wanted.value

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _path(self, typed: str) -> Path:
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.start / path

    def _values(self) -> FormValues:
        return FormValues(
            kind=self.kind,
            name=self._value("name"),
            pem=self._pem_text,
            subject_dn=self._value("subject-dn"),
            expiry_choice=str(self.query_one("#expiry-choice", Select).value),
        )

    def new_expiry(self) -> str:
        """When the new credential made here expires, for the plan's add step (at 80x24
        the expiry field is below the fold: the default is never set unseen)."""
        if self.source not in ("generate", "pem"):
            return ""
        if self.wanted is CredentialType.PUBLIC_KEY:
            words = expiry_words(
                str(self.query_one("#expiry-choice", Select).value), self.tui.now()
            )
        elif self.wanted is CredentialType.X509_CERT:
            words = "expires with the certificate"
        else:
            return ""
        return f" ({words})" if words else ""

    def has_unsaved_input(self) -> bool:
        return bool(self._value("pem-path") or self._value("subject-dn")) and self.new_id is None

    def field_error_widget(self, field: str) -> Static | None:
        key = CORE_FIELDS.get(field, field)
        return super().field_error_widget(key) if key in ERROR_IDS else None

    # --- the slot and the source of the new credential ------------------------------------------

    def _source_options(self) -> list[tuple[str | Text, str]]:
        now = self.tui.now()
        existing: list[tuple[str | Text, str]] = [
            # Text, not str: a credential's name is shown as typed, never as markup.
            (Text(f"{c.display_name} (already on the application)"), f"{EXISTING}{c.id}")
            for c in self.credentials
            if c.id != self.old.id
            and str(c.credential_type) == self.wanted.value
            and not c.is_expired(now)
        ]
        return [*SOURCES[self.wanted], *existing]

    @on(Select.Changed, "#slot")
    def _slot_changed(self) -> None:
        value = self.query_one("#slot", Select).value
        self.slot = Slot(value) if isinstance(value, str) else self.slots[0]
        self.deployed = False  # the person's word was about the other slot
        found = find_rotation(
            self.application,
            self.credentials,
            slot=self.slot,
            credential_id=self.pressed.id,
            now=self.tui.now(),
            recorded=self.recorded.get(self.slot),
        )
        self.old, self.ambiguous = found.old, found.ambiguous
        self.show_title()
        source = self.query_one("#source", Select)
        options = self._source_options()
        with self.prevent(Select.Changed):
            source.set_options(options)
            wanted = f"{EXISTING}{found.new.id}" if found.new else None
            if wanted is not None and wanted in [v for _, v in options]:
                source.value = wanted
            elif found.ambiguous:
                source.clear()  # the person chooses: nothing that would delete a key for them
            else:
                source.value = SOURCES[self.wanted][0][1]
        self.candidate_note = found.note
        self._source_changed()

    def show_title(self) -> None:
        """The dialog's title names the rotation's old credential (the dialog's own)."""
        for title in self.query("#form-title").results(Static):
            title.update(f"Rotate {self.old.display_name} of {self.application.name}")

    @on(Select.Changed, "#source")
    def _source_changed(self) -> None:
        source = self.source
        shown = SHOWN.get(source, ())
        certificate = self.wanted is CredentialType.X509_CERT and source == "generate"
        for key in TOGGLED:
            visible = key in shown or (certificate and key in ("subject", "days"))
            if key == "expiry":
                visible = visible and self.wanted is CredentialType.PUBLIC_KEY
            self.query_one(f"#field-{key}").display = visible
        for key in ("rotation-preview", "generate-note"):
            self.query_one(f"#{key}").display = key in shown
        if source and not source.startswith(EXISTING):
            self.candidate_note = ""  # starting afresh: what the tenant held is moot
        self._revalidate()

    @on(Input.Submitted, "#pem-path")
    def _pem_submitted(self) -> None:
        self._load_pem()

    @on(Input.Changed, "#subject-dn, #name")
    def _typed(self) -> None:
        if self.source in ("pem", "dn"):
            self._revalidate()

    @on(Select.Changed, "#expiry-choice")
    def _expiry_changed(self) -> None:
        self._revalidate()  # the plan's add step says the expiry, whatever the source

    @on(Button.Pressed, "#pem-browse")
    def _browse(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                shown = path.relative_to(self.start) if path.is_relative_to(self.start) else path
                self.query_one("#pem-path", Input).value = str(shown)
                self._load_pem()

        self.app.push_screen(PemFileScreen(self.start), chosen)

    def _load_pem(self) -> None:
        """Read the PEM file named (a private key is refused unread: never on screen)."""
        typed = self._value("pem-path")
        self._pem_text, self._pem_problem = "", None
        refusal = path_refusal(typed) if typed else None
        if refusal is not None:
            self._pem_problem = refusal
        elif typed:
            path, typed = self._path(typed), shown_path(typed)
            try:
                data, _ = read_small_file(path, keys.DEFAULT_MAX_BYTES)
                self._pem_text = keys.inspect_pem(data).pem
            except FileNotFoundError:
                self._pem_problem = f"No file at {typed}."
            except OSError as exc:
                self._pem_problem = f"Cannot read {typed}: {exc.strerror or 'unreadable'}."
            except FileRefused as exc:
                self._pem_problem = f"{typed} {exc}."
            except keys.PemError as exc:
                self._pem_problem = f"{typed}: {exc.message}"
        self._revalidate()

    def _revalidate(self) -> None:
        """Check a PEM or DN as the add form does; show its preview; locate again."""
        self.checked = None
        if self.source in ("pem", "dn") and self.new_id is None:
            check = check_form(self._values(), self.application, self.credentials, self.tui.now())
            errors = check.errors
            if self._pem_problem and self.source == "pem":
                errors["pem"] = self._pem_problem
            for key in FIELDS_SHOWN:
                self.put_error(self.query_one(f"#error-{key}", Static), errors.get(key, ""))
            self.checked = check.checked if not errors else None
            preview = self.query_one("#rotation-preview", Static)
            if self.checked is not None:
                note = NEVER_NOTE if self._values().expiry_choice == "never" else None
                preview.update(
                    "\n".join(preview_lines(self.checked, self.tui.now(), expiry_note=note))
                )
            else:
                # A refusal of the add as a whole (too many credentials) has no field: say it here.
                elsewhere = [m for k, m in errors.items() if k not in FIELDS_SHOWN]
                preview.update(
                    elsewhere[0]
                    if elsewhere
                    else "Fix the fields marked in red."
                    if errors
                    else "Give the PEM file (enter loads it) to see what Auth0 will store."
                    if self.source == "pem"
                    else "Give the subject DN to see what Auth0 will store."
                )
        self._relocate()

    def _target(self) -> tuple[str | None, LocalIdentity | None]:
        """The new credential's id, or what identifies it, as far as it is known."""
        source = self.source
        if self.new_id is None and source.startswith(EXISTING):
            return source.removeprefix(EXISTING), None
        if self.new_id is not None or source == "generate":
            return self.new_id, self.identity
        return None, self.checked.identity if self.checked else None

    async def _new_draft(self, now: datetime) -> CheckedCredential:
        """Make (or read) the new credential and check it as the add form does."""
        if self.source == "generate":
            check_room(self.application, self.credentials, self.wanted, None)
            problems = check_form(self._values(), self.application, self.credentials, now).errors
            if problems:
                key, message = next(iter(problems.items()))
                raise LocalValidationError(key, message, code="invalid")
            path = self._path(self._value("key-path") or ".")
            if not self._value("key-path"):
                raise LocalValidationError("out", "Give a file for the private key.", code="empty")
            if self.generated is None or self.generated.private_key != path:
                bits = int(str(self.query_one("#bits", Select).value))
                certificate = self.wanted is CredentialType.X509_CERT
                self.set_status(f"Generating a {bits}-bit key…", error=False)
                try:
                    days = int(self._value("days") or 365)
                except ValueError:
                    raise LocalValidationError("days", "Give the days as a number.") from None
                # Off the event loop: a 4096-bit key takes seconds.
                self.generated = await asyncio.to_thread(
                    generate_key_files,
                    path,
                    bits=bits,
                    certificate=certificate,
                    days=days,
                    subject=self._value("subject") or None,
                    now=now,
                )
            pem = self.generated.public_file.read_text("ascii")
            values = self._values()
            check = check_form(
                FormValues(values.kind, values.name, pem, expiry_choice=values.expiry_choice),
                self.application,
                self.credentials,
                now,
            )
            if check.checked is None:
                problem = next(iter(check.errors.values()), "refused")
                raise LocalValidationError(
                    "out",
                    f"{shown_path(path)} was written but its public part was not sent: {problem}",
                )
            checked = check.checked
        else:
            if self.source == "pem" and not self._pem_text:
                self._load_pem()
            self._revalidate()
            if self.checked is None and self.source == "pem" and self._pem_problem:
                # Why the file named was refused (a key pasted as its path, say), not "give one".
                raise LocalValidationError("pem", self._pem_problem)
            if self.checked is None:
                what = "the subject DN" if self.source == "dn" else "the PEM file (enter loads it)"
                field = "subject-dn" if self.source == "dn" else "pem"
                raise LocalValidationError(field, f"Give {what} of the new credential first.")
            checked = self.checked
        return checked

    def _refresh_sources(self) -> None:
        source = self.query_one("#source", Select)
        keep = source.value
        options = self._source_options()
        with self.prevent(Select.Changed):
            source.set_options(options)
            if keep in [v for _, v in options]:
                source.value = keep
            elif keep == Select.NULL and self.new_id is None:
                source.clear()  # still the person's choice to make
            else:
                source.value = options[0][1]
