"""``a``: add a credential, optionally attaching it in the same flow.

Every field is checked as it is typed with the same checks the client runs
before sending (:mod:`credtui.keys`, :mod:`credtui.rules`,
:func:`credtui.checks.check_credential_draft`, :func:`credtui.ops.changes.check_add`),
and a preview shows what Auth0 will store. A pasted private key is refused and
its text cleared at once; nothing else typed is lost. Sending runs
:func:`credtui.ops.plan.execute` on the add's plan (a breaking attach is confirmed
first, focus on Cancel); the dialog closes only when the tenant has the credential.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from credtui import keys, rules
from credtui.checks import CheckedCredential
from credtui.errors import LocalValidationError
from credtui.files import path_refusal, shown_path
from credtui.models import Application, Credential, Slot
from credtui.ops.changes import slot_label, slots_for
from credtui.ops.expiry import QUICK_CHOICES
from credtui.ops.plan import AddCredential, Outcome
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.widgets.credential_form import (
    FIELD_OF,
    FIELDS_FOR,
    KIND_TYPE,
    FormValues,
    check_form,
)
from credtui.ui.widgets.credential_preview import NEVER_NOTE, preview_lines
from credtui.ui.widgets.key_fields import expiry_field, form_field, pem_path_widgets
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.pem_picker import PemFileScreen
from credtui.ui.widgets.text_fields import TextBox, TextInput

KINDS = (
    ("Public key: Private Key JWT or JAR", "public_key"),
    ("Self-signed certificate: mTLS", "x509_cert"),
    ("CA-signed certificate, from its PEM: mTLS", "ca_pem"),
    ("CA-signed certificate, by subject DN: mTLS", "ca_dn"),
)
TOGGLED = ("pem", "alg", "kid", "expiry", "subject-dn")
EXPIRY_CHOICES = (
    *((label, code) for code, label in QUICK_CHOICES),
    ("A date I type", "typed"),
    ("From the certificate", "cert"),
    ("Never (not recommended)", "never"),
)
NO_ATTACH = (("Don't attach now", "none"),)
FIELD_IDS = ("name", "expiry", "pem", "subject-dn", "alg", "kid", "attach")
"""The fields with an error line, in the order shown."""


@dataclass(frozen=True)
class AddOutcome:
    """What the dialog did: the tenant's state after the add (and attach), and the PEM as inspected."""

    result: Outcome
    info: keys.PemInfo | None


class AddCredentialScreen(ChangeFormScreen[AddOutcome | None]):
    """Add a credential to one application; dismisses with the outcome once it exists."""

    def __init__(
        self, application: Application, credentials: Sequence[Credential], start: Path
    ) -> None:
        super().__init__()
        self.application = application
        self.credentials = tuple(credentials)
        self.start = start
        self._checked: CheckedCredential | None = None
        self._pem_refusal: str | None = None

    def compose(self) -> ComposeResult:
        algs = [(a, a) for a in rules.ALGS]
        with Vertical(id="form-box", classes="change-form"):
            yield Static(
                f"Add a credential to {self.application.name}", id="form-title", markup=False
            )
            with VerticalScroll(id="form-body"), Horizontal(id="form-columns"):
                with Vertical(id="form-fields"):
                    yield form_field(
                        "kind",
                        "Type",
                        Select(
                            KINDS, value="public_key", allow_blank=False, id="kind", compact=True
                        ),
                    )
                    yield form_field(
                        "name", "Name", TextInput(id="name", placeholder="optional", compact=True)
                    )
                    # Near the top: at 80x24 the expiry (90 days unless changed) is seen.
                    yield expiry_field(
                        EXPIRY_CHOICES,
                        self.tui.now(),
                        TextInput(id="expires", placeholder="2027-01-31 or +6m", compact=True),
                    )
                    with Vertical(classes="form-field", id="field-pem"):
                        with Horizontal(classes="field-row"):
                            yield Label("PEM file", classes="field-label")
                            yield from pem_path_widgets(self.start)
                        yield TextBox(
                            id="pem",
                            soft_wrap=True,
                            show_line_numbers=False,
                            placeholder="Paste a PEM public key or certificate here "
                            "(a private key is refused and cleared)",
                        )
                        yield Static("", classes="field-error", id="error-pem", markup=False)
                    yield form_field(
                        "subject-dn",
                        "Subject DN",
                        TextInput(
                            id="subject-dn",
                            placeholder="C=GB, O=Acme, CN=client  or  /C=GB/O=Acme/CN=client",
                            compact=True,
                        ),
                    )
                    yield form_field(
                        "alg",
                        "Algorithm",
                        Select(
                            algs, value=rules.DEFAULT_ALG, allow_blank=False, id="alg", compact=True
                        ),
                    )
                    yield form_field(
                        "kid",
                        "Key ID",
                        TextInput(
                            id="kid",
                            placeholder="optional: default is the key's thumbprint",
                            compact=True,
                        ),
                    )
                    yield form_field(
                        "attach",
                        "Attach now",
                        Select(NO_ATTACH, allow_blank=False, id="attach", compact=True),
                    )
                with Vertical(id="form-preview"):
                    yield Label("What Auth0 will store", id="preview-title")
                    yield Static("", id="preview", markup=False)
            yield from self.compose_actions("Add credential")
        yield QuietFooter()

    def first_field(self) -> Input:
        return self.query_one("#name", Input)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#expires", Input).display = False
        self._kind_changed()

    def paste_early(self, target: Input | TextArea, text: str) -> None:
        if "-----BEGIN" in text or "\n" in text:
            self.query_one("#pem", TextArea).insert(text)
        else:
            super().paste_early(target, text)

    # --- values -------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return str(self.query_one("#kind", Select).value)

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def has_unsaved_input(self) -> bool:
        return bool(
            self._value("name")
            or self._value("kid")
            or self._value("subject-dn")
            or self._value("expires")
            or self.query_one("#pem", TextArea).text.strip()
        )

    # --- reacting to input ----------------------------------------------------------------

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        kind = self.kind
        shown = FIELDS_FOR[kind]
        for key in TOGGLED:
            self.query_one(f"#field-{key}").display = key in shown
        ctype = KIND_TYPE[kind]
        options = [*NO_ATTACH, *((slot_label(slot), slot.value) for slot in slots_for(ctype))]
        self.query_one("#attach", Select).set_options(options)
        self.query_one("#attach", Select).value = "none"
        self._revalidate()

    @on(Select.Changed, "#expiry-choice")
    def _expiry_choice_changed(self) -> None:
        self.query_one("#expires", Input).display = (
            self.query_one("#expiry-choice", Select).value == "typed"
        )
        self._revalidate()

    @on(Input.Changed)
    @on(Select.Changed, "#alg, #attach")
    def _changed(self) -> None:
        self._revalidate()

    @on(TextArea.Changed, "#pem")
    def _pem_changed(self) -> None:
        if self.query_one("#pem", TextArea).text.strip():
            self._pem_refusal = None
        self._revalidate()

    @on(Input.Submitted, "#pem-path")
    def _path_submitted(self) -> None:
        typed = self._value("pem-path")
        if typed:
            path = Path(typed).expanduser()
            self._load_file(path if path.is_absolute() else self.start / path, typed)

    @on(Button.Pressed, "#pem-browse")
    def _browse(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                shown = path.relative_to(self.start) if path.is_relative_to(self.start) else path
                with self.prevent(Input.Changed):
                    self.query_one("#pem-path", Input).value = str(shown)
                self._load_file(path, str(shown))

        self.app.push_screen(PemFileScreen(self.start), chosen)

    def _load_file(self, path: Path, shown: str) -> None:
        """Read a PEM file into the text area (never a private key: refused unread); a file
        that fails empties it, so no earlier key is left beside the error as if loaded."""
        with self.prevent(TextArea.Changed):
            self.query_one("#pem", TextArea).clear()
        refusal = path_refusal(path)
        if refusal is not None:  # a PEM pasted where its path belongs: paste it below
            self._pem_refusal = refusal
            self._revalidate()
            return
        shown = shown_path(shown)
        try:
            with path.open("rb") as handle:
                data = handle.read(keys.DEFAULT_MAX_BYTES + 1)
        except OSError as exc:
            self._pem_refusal = f"Cannot read {shown}: {exc.strerror or 'unreadable'}."
            self._revalidate()
            return
        try:
            info = keys.inspect_pem(data)
        except keys.PemError as exc:
            # A private key file is refused unread: its text never reaches the screen.
            self._pem_refusal = f"{shown}: {exc.message}"
            self._revalidate()
            return
        self.query_one("#pem", TextArea).load_text(info.pem)

    def _set_error(self, key: str, message: str) -> None:
        self.put_error(self.query_one(f"#error-{key}", Static), message)

    def _revalidate(self) -> dict[str, str]:
        """Check every field now; show the problems and the preview; return the problems."""
        if not self.is_mounted:
            return {}
        self._checked = None
        errors = self._field_errors()
        for key in ("name", "pem", "subject-dn", "kid", "expiry", "attach"):
            self._set_error(key, errors.get(key, ""))
        elsewhere = [m for k, m in errors.items() if k not in FIELD_IDS]
        self.set_status(f"Not sent: {elsewhere[0]}" if elsewhere else "")
        preview = self.query_one("#preview", Static)
        if errors or self._checked is None:
            preview.update(
                "Fix the fields marked in red."
                if errors
                else "Give the key, certificate or DN to see it here."
            )
            return errors
        note = NEVER_NOTE if self._expiry_choice() == "never" else None
        preview.update("\n".join(preview_lines(self._checked, self.tui.now(), expiry_note=note)))
        return errors

    def _expiry_choice(self) -> str:
        return str(self.query_one("#expiry-choice", Select).value)

    def _attach_slot(self) -> Slot | None:
        value = self.query_one("#attach", Select).value
        return Slot(value) if isinstance(value, str) and value != "none" else None

    def _values(self) -> FormValues:
        return FormValues(
            kind=self.kind,
            name=self._value("name"),
            pem=self.query_one("#pem", TextArea).text,
            subject_dn=self._value("subject-dn"),
            alg=str(self.query_one("#alg", Select).value),
            kid=self._value("kid"),
            expiry_choice=self._expiry_choice(),
            expires=self._value("expires"),
            attach=self._attach_slot(),
        )

    def _field_errors(self) -> dict[str, str]:
        """Each field's problem (the client's own checks); sets ``_checked`` when there is none."""
        result = check_form(self._values(), self.application, self.credentials, self.tui.now())
        if result.private_key:
            # Never keep a private key on screen, not even while the person reads why.
            self._pem_refusal = result.errors["pem"]
            with self.prevent(TextArea.Changed):
                self.query_one("#pem", TextArea).clear()
        elif self._pem_refusal and "pem" in FIELDS_FOR[self.kind] and "pem" not in result.errors:
            result.errors["pem"] = self._pem_refusal
        self._checked = result.checked if not result.errors else None
        return result.errors

    # --- sending --------------------------------------------------------------------------

    async def action_save(self) -> None:
        if self.busy:
            return
        errors = self._revalidate()
        if errors:
            first = next((k for k in FIELD_IDS if k in errors), None)
            if first is not None:
                self.set_status("Not sent: fix the field marked above.")
                self.query_one(f"#error-{first}").scroll_visible(animate=False)
            return
        if self._checked is None:
            self.set_status(
                "Not sent: give the subject DN."
                if self.kind == "ca_dn"
                else "Not sent: give the PEM (a file, or paste it)."
            )
            return
        self.send(self._checked, self._attach_slot())

    def map_refusal(self, error: LocalValidationError) -> LocalValidationError:
        return LocalValidationError(
            FIELD_OF.get(error.field, error.field), error.message, code=error.code
        )

    @work(group="add-credential", exclusive=True, exit_on_error=False, description="add credential")
    async def send(self, checked: CheckedCredential, attach: Slot | None) -> None:
        outcome = await self.run_plan(
            AddCredential(checked, attach),
            self.application,
            self.credentials,
            action="add the credential",
        )
        if outcome is not None:
            self.dismiss(AddOutcome(outcome, checked.info))
