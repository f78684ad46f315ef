"""``g``: generate a key pair (or a self-signed certificate) locally and add its public part.

The key is made by :func:`credtui.ops.keyfiles.generate_key_files` in a worker
thread (a 4096-bit key takes seconds; the UI keeps answering), which writes the
private key 0600 and never overwrites a file. Only the public part is then
checked and uploaded, by the add dialog's own checks
(:func:`credtui.ui.widgets.credential_form.check_form`) and
:func:`credtui.ops.plan.execute` (a breaking attach confirmed first). The private key is never read back,
shown or sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from credtui import rules
from credtui.errors import CredtuiError, LocalValidationError
from credtui.models import Application, Credential, CredentialType, Slot
from credtui.ops.changes import check_room, slot_label, slots_for
from credtui.ops.expiry import QUICK_CHOICES, parse_expiry
from credtui.ops.keyfiles import GeneratedFiles, default_key_name, generate_key_files
from credtui.ops.plan import AddCredential
from credtui.ui.screens.add_credential import NO_ATTACH, AddOutcome
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.widgets.credential_form import FIELD_OF, FormValues, check_form
from credtui.ui.widgets.key_fields import (
    days_field,
    expiry_field,
    form_field,
    key_path_field,
    key_size_field,
    subject_field,
)
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.text_fields import TextInput

KINDS = (
    ("RSA key pair: Private Key JWT or JAR", "public_key"),
    ("Self-signed certificate: mTLS", "x509_cert"),
)
EXPIRY_CHOICES = (
    *((label, code) for code, label in QUICK_CHOICES),
    ("Never (not recommended)", "never"),
)
CORE_FIELDS = {"out": "path", "bits": "bits", "subject": "subject", "days": "days"}
"""Fields named by :mod:`credtui.ops.keyfiles` -> this dialog's field ids."""
ERROR_IDS = ("bits", "subject", "days", "path", "name", "expiry", "attach")


@dataclass(frozen=True)
class GenerateOutcome:
    """The files written and what the tenant stored from the public part."""

    files: GeneratedFiles
    added: AddOutcome


class GenerateScreen(ChangeFormScreen[GenerateOutcome | None]):
    """Generate locally, then add the public part; dismisses once the tenant has it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Generate and add", id="form-save")
    ]
    BUSY_TEXT = "Generating the key…"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """Under 32 rows the dialog fills the height and its body scrolls (see credtui.tcss)."""

    def __init__(
        self, application: Application, credentials: Sequence[Credential], start: Path
    ) -> None:
        super().__init__()
        self.application = application
        self.credentials = tuple(credentials)
        self.start = start

    def compose(self) -> ComposeResult:
        stem = default_key_name(self.application.name, self.tui.now().strftime("%Y%m%d"))
        with Vertical(id="form-box", classes="change-form generate-form"):
            yield Static(
                f"Generate a key for {self.application.name}", id="form-title", markup=False
            )
            with VerticalScroll(id="form-body"):
                yield form_field(
                    "kind",
                    "Generate",
                    Select(KINDS, value="public_key", allow_blank=False, id="kind", compact=True),
                )
                yield key_size_field()
                yield subject_field(Path(stem).stem)
                yield days_field()
                yield key_path_field(f"./{stem}")
                yield form_field(
                    "name", "Name", TextInput(id="name", placeholder="optional", compact=True)
                )
                yield expiry_field(EXPIRY_CHOICES, self.tui.now())
                yield form_field(
                    "attach",
                    "Attach now",
                    Select(NO_ATTACH, allow_blank=False, id="attach", compact=True),
                )
                yield Static(
                    "The private key stays in that file (0600) on this machine; "
                    "only the public part is sent.",
                    id="generate-note",
                    markup=False,
                )
            yield from self.compose_actions("Generate and add")
        yield QuietFooter()

    def first_field(self) -> Input:
        return self.query_one("#key-path", Input)

    def on_mount(self) -> None:
        super().on_mount()
        self._kind_changed()

    def has_unsaved_input(self) -> bool:
        return bool(self.query_one("#name", Input).value.strip())

    @property
    def kind(self) -> str:
        return str(self.query_one("#kind", Select).value)

    def field_error_widget(self, field: str) -> Static | None:
        key = CORE_FIELDS.get(field) or FIELD_OF.get(field, field)
        return super().field_error_widget(key if key in ERROR_IDS else "attach")

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        certificate = self.kind == "x509_cert"
        for key in ("subject", "days"):
            self.query_one(f"#field-{key}").display = certificate
        # A certificate credential takes its expiry from the certificate.
        self.query_one("#field-expiry").display = not certificate
        wanted = CredentialType(self.kind).value
        options = [*NO_ATTACH, *((slot_label(slot), slot.value) for slot in slots_for(wanted))]
        attach = self.query_one("#attach", Select)
        attach.set_options(options)
        attach.value = "none"

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _attach_slot(self) -> Slot | None:
        value = self.query_one("#attach", Select).value
        return Slot(value) if isinstance(value, str) and value != "none" else None

    def _key_path(self) -> Path:
        path = Path(self._value("key-path")).expanduser()
        return path if path.is_absolute() else self.start / path

    def _precheck(self) -> None:
        """Refuse, before a key is made, what the add would refuse anyway (name, expiry, slot)."""
        if not self._value("key-path"):
            raise LocalValidationError("out", "Give a file for the private key.", code="empty")
        name = self._value("name")
        if name and (problem := rules.check_name(name)):
            raise LocalValidationError("name", problem, code="too_long")
        certificate = self.kind == "x509_cert"
        choice = str(self.query_one("#expiry-choice", Select).value)
        if not certificate and choice != "never":
            parse_expiry(choice, self.tui.now())
        if certificate:
            try:
                days = int(self._value("days"))
            except ValueError:
                raise LocalValidationError(
                    "days", "Give the days as a number.", code="bad_days"
                ) from None
            if days < 1:
                raise LocalValidationError("days", "Give at least 1 day.", code="bad_days")
        ctype = CredentialType(self.kind)
        # No PEM yet: the count and the slot (the duplicate check needs the key).
        check_room(self.application, self.credentials, ctype, self._attach_slot())

    async def action_save(self) -> None:
        if self.busy:
            return
        for key in ERROR_IDS:
            self.put_error(self.query_one(f"#error-{key}", Static), "")
        try:
            self._precheck()
        except LocalValidationError as exc:
            self.show_failure("generate the key", exc)
            return
        self.busy = True
        self.send()

    @work(group="generate-key", exclusive=True, exit_on_error=False, description="generate key")
    async def send(self) -> None:
        certificate = self.kind == "x509_cert"
        bits = int(str(self.query_one("#bits", Select).value))
        path = self._key_path()
        cert = " and a self-signed certificate" if certificate else ""
        self.set_status(f"Generating a {bits}-bit key{cert}…", error=False)
        files: GeneratedFiles | None = None
        try:
            # Off the event loop: a 4096-bit key takes seconds.
            files = await asyncio.to_thread(
                generate_key_files,
                path,
                bits=bits,
                certificate=certificate,
                days=int(self._value("days") or 365),
                subject=self._value("subject") or None,
                now=self.tui.now(),
            )
            self.set_status("Uploading the public part…", error=False)
            values = FormValues(
                kind=self.kind,
                name=self._value("name"),
                pem=files.public_file.read_text("ascii"),
                expiry_choice=str(self.query_one("#expiry-choice", Select).value),
                attach=self._attach_slot(),
            )
            now = self.tui.now()
            check = check_form(values, self.application, self.credentials, now)
            if check.checked is None:
                problem = next(iter(check.errors.values()), "refused")
                raise LocalValidationError(
                    "attach", f"{files.private_key} was written but not uploaded: {problem}"
                )
        except CredtuiError as exc:
            self.busy = False
            self.show_failure("generate and add the key", exc)
            return
        except BaseException:
            self.busy = False
            raise
        outcome = await self.run_plan(
            AddCredential(check.checked, values.attach),
            self.application,
            self.credentials,
            action="generate and add the key",
        )
        if outcome is None:
            # Say where the key is: a retry must name another file (nothing is overwritten).
            problem = self.status_text
            self.set_status(
                f"{problem} {files.private_key} was written, but the tenant did not store the "
                f"public part; add {files.public_file} with a, or delete both files."
            )
            return
        self.dismiss(GenerateOutcome(files, AddOutcome(outcome, check.checked.info)))
