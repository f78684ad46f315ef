"""``t``: test a credential with local files: a real token request as the application.

A public key is tested with its private key: :func:`credtui.ops.tokentest.try_credential`
signs a Private Key JWT assertion. A certificate (``x509_cert`` or
``cert_subject_dn``) is tested with the certificate file and its private key:
:func:`credtui.ops.tokentest_mtls.try_mtls` sends it as the customer's edge would
forward it, and only to a local tenant (on a real one the dialog says why it
cannot, and sends nothing). Both are the same core as ``credtui test``. Files are
read in a worker thread, by :func:`credtui.keys.load_private_key` and
:func:`credtui.ops.tokentest_mtls.read_certificate` (bounded; refusals never quote a
key). The dialog shows the token's type, lifetime, scopes and binding (never the
token), or why the tenant refused, in words. It stays open to try again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from credtui import keys, rules
from credtui.errors import CredtuiError, LocalValidationError
from credtui.models import Application, Credential, CredentialType
from credtui.ops.keyfiles import public_path_for
from credtui.ops.tokentest import TokenTestResult, try_credential
from credtui.ops.tokentest_mtls import mtls_refusal, read_certificate, try_mtls
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.widgets.key_fields import form_field
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.text_fields import TextInput
from credtui.vocabulary import CERTIFICATE_CREDENTIAL_TYPES

MTLS_NOTE = (
    "Sent as your edge would forward it: the certificate in client-certificate, "
    "client-certificate-ca-verified SUCCESS (CA-signed) or FAILED: self signed certificate, "
    "client_id in the body. The private key is only checked against the certificate here; "
    "it is never sent."
)


def token_test_refusal(credential: Credential) -> str | None:
    """Why ``t`` does not apply to this credential, or None when it does."""
    if credential.credential_type is CredentialType.PUBLIC_KEY:
        return None
    if credential.credential_type in CERTIFICATE_CREDENTIAL_TYPES:
        return None
    return (
        f"{credential.display_name} is a {credential.credential_type} credential, a type "
        "credtui does not know how to test."
    )


def result_lines(result: TokenTestResult) -> list[str]:
    """What to show of a result: never the token, only its type, lifetime, scopes, binding."""
    if result.ok:
        lines = [
            f"Token issued to {result.application}.",
            f"Type: {result.token_type or 'Bearer'}",
            f"Expires in: {result.expires_in} s" if result.expires_in else "Expires in: not given",
            f"Scopes: {result.scope or 'none'}",
        ]
    elif result.authenticated:
        what = "certificate" if result.is_mtls else "key"
        lines = [f"The {what} authenticated {result.application}, but no token was issued."]
    else:
        detail = " ".join(x for x in (str(result.status or ""), result.error or "") if x)
        lines = [f"Refused ({detail})." if detail else "Refused."]
    if result.is_mtls:
        sent = f"Sent as the edge would: client-certificate-ca-verified: {result.edge_verified}"
        lines.insert(1, sent)
    return lines + list(result.explanation)


class TokenTestScreen(ChangeFormScreen[None]):
    """Request a token as the application with local files; show the outcome in words."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Request a token", id="form-save")
    ]
    BUSY_TEXT = "Requesting a token…"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """Under 32 rows the dialog fills the height and its body scrolls (see credtui.tcss)."""

    def __init__(
        self,
        application: Application,
        credential: Credential,
        start: Path,
        key_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.application = application
        self.credential = credential
        self.start = start
        self.key_file = key_file
        """A private key file made for this credential in this session (``g``, a rotation):
        offered in the key field (and its certificate beside it, for mTLS)."""

    @property
    def mtls(self) -> bool:
        """A certificate credential: tested with the certificate, as the edge forwards it."""
        return self.credential.credential_type in CERTIFICATE_CREDENTIAL_TYPES

    def compose(self) -> ComposeResult:
        cred = self.credential
        with Vertical(id="form-box", classes="change-form token-test-form"):
            yield Static(
                f"Test {cred.display_name} of {self.application.name}",
                id="form-title",
                markup=False,
            )
            with VerticalScroll(id="form-body"):
                if self.mtls:
                    yield from self._compose_mtls()
                else:
                    yield from self._compose_key()
                yield Static("", id="test-result", markup=False)
            yield from self.compose_actions("Request a token")
        yield QuietFooter()

    def _compose_key(self) -> ComposeResult:
        cred = self.credential
        alg = cred.alg if cred.alg in rules.ALGS else rules.DEFAULT_ALG
        yield form_field(
            "key",
            "Private key file",
            TextInput(id="key-path", placeholder="path to the PEM private key", compact=True),
        )
        yield form_field(
            "alg",
            "Algorithm",
            Select(
                [(a, a) for a in rules.ALGS], value=alg, allow_blank=False, id="alg", compact=True
            ),
        )
        yield form_field(
            "kid",
            "Key ID",
            TextInput(cred.kid or "", id="kid", placeholder="none sent", compact=True),
        )

    def _compose_mtls(self) -> ComposeResult:
        refusal = mtls_refusal(self.client.base_url)
        note = Static(refusal or MTLS_NOTE, id="test-note", markup=False)
        note.set_class(refusal is not None, "-refused")
        yield note
        yield form_field(
            "cert",
            "Certificate file",
            TextInput(id="cert-path", placeholder="path to the PEM certificate", compact=True),
        )
        yield form_field(
            "key",
            "Private key file",
            TextInput(
                id="key-path", placeholder="its private key (checked here, not sent)", compact=True
            ),
        )

    def first_field(self) -> Input:
        return self.query_one("#cert-path" if self.mtls else "#key-path", Input)

    def on_mount(self) -> None:
        if self.key_file is not None:
            offered = {"#key-path": self.key_file}
            if self.mtls:
                offered["#cert-path"] = public_path_for(self.key_file, certificate=True)
            for selector, path in offered.items():
                self.query_one(selector, Input).value = str(path)
        super().on_mount()
        self.query_one("#test-result", Static).display = False

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _path(self, widget_id: str, field: str, what: str) -> Path:
        typed = self._value(widget_id)
        if not typed:
            raise LocalValidationError(field, f"Give the {what} file.", code="empty")
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.start / path

    async def action_save(self) -> None:
        if self.busy:
            return
        for name in ("cert", "key"):
            for widget in self.query(f"#error-{name}").results(Static):
                self.put_error(widget, "")
        try:
            if self.mtls:
                refusal = mtls_refusal(self.client.base_url)
                if refusal is not None:
                    raise LocalValidationError("tenant", refusal, code="needs_edge")
                cert = self._path("cert-path", "cert", "certificate")
            key = self._path("key-path", "key", "private key")
        except LocalValidationError as exc:
            self.show_failure("test", exc)
            return
        self.busy = True
        self.send(key, cert if self.mtls else None)

    @work(group="token-test", exclusive=True, exit_on_error=False, description="test credential")
    async def send(self, key_path: Path, cert_path: Path | None) -> None:
        out = self.query_one("#test-result", Static)
        out.display = False
        try:
            try:
                # Threads: reading files, and checking a large RSA key, take time.
                certificate = (
                    await asyncio.to_thread(read_certificate, cert_path) if cert_path else None
                )
                key = await asyncio.to_thread(keys.load_private_key, key_path)
            except keys.KeyLoadError as exc:
                raise LocalValidationError("key", exc.message, code=exc.code) from None
            if certificate is not None:
                result = await try_mtls(
                    self.client,
                    self.application.client_id,
                    certificate,
                    key,
                    now=self.tui.now(),
                )
            else:
                result = await try_credential(
                    self.client,
                    self.application.client_id,
                    key,
                    alg=str(self.query_one("#alg", Select).value),
                    kid=self._value("kid") or None,
                    now=self.tui.now(),
                )
        except CredtuiError as exc:
            self.busy = False
            self.show_failure("test the credential", exc)
            return
        finally:
            self.busy = False
        out.update("\n".join(result_lines(result)))
        out.set_class(result.ok, "-passed")
        out.set_class(not result.ok, "-failed")
        out.display = True
        out.scroll_visible(animate=False)
        self.set_status(
            "Passed: the tenant issued a token." if result.ok else "Failed: see why above.",
            error=not result.ok,
        )
