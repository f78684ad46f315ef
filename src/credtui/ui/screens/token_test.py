"""``t``: test a public key credential with a local private key: a real token request.

The key file is read by :func:`credtui.keys.load_private_key` (bounded, typed
refusals whose words never quote the key) in a worker thread, and the request
is :func:`credtui.ops.tokentest.try_credential`, the same core as
``credtui test``. The dialog shows the token's type, lifetime and scopes (never
the token), or why the tenant refused, in words. It stays open to try again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Select, Static

from credtui import keys, rules
from credtui.errors import CredtuiError, LocalValidationError
from credtui.models import Application, Credential, CredentialType
from credtui.ops.tokentest import TokenTestResult, try_credential
from credtui.ui.screens.add_credential import _field
from credtui.ui.screens.change_form import ChangeFormScreen


def token_test_refusal(credential: Credential) -> str | None:
    """Why ``t`` does not apply to this credential, or None when it does."""
    if credential.credential_type is CredentialType.PUBLIC_KEY:
        return None
    return (
        f"{credential.display_name} is a {credential.credential_type} credential (mTLS): "
        "the tenant checks it against the TLS client certificate, not a signed assertion. "
        "Testing works with public keys (Private Key JWT)."
    )


def result_lines(result: TokenTestResult) -> list[str]:
    """What to show of a result: never the token, only its type, lifetime and scopes."""
    if result.ok:
        lines = [
            f"Token issued to {result.application}.",
            f"Type: {result.token_type or 'Bearer'}",
            f"Expires in: {result.expires_in} s" if result.expires_in else "Expires in: not given",
            f"Scopes: {result.scope or 'none'}",
        ]
    elif result.authenticated:
        lines = [f"The key authenticated {result.application}, but no token was issued."]
    else:
        detail = " ".join(x for x in (str(result.status or ""), result.error or "") if x)
        lines = [f"Refused ({detail})." if detail else "Refused."]
    return lines + list(result.explanation)


class TokenTestScreen(ChangeFormScreen[None]):
    """Request a token as the application with a local key; show the outcome in words."""

    BUSY_TEXT = "Requesting a token…"

    def __init__(self, application: Application, credential: Credential, start: Path) -> None:
        super().__init__()
        self.application = application
        self.credential = credential
        self.start = start

    def compose(self) -> ComposeResult:
        cred = self.credential
        alg = cred.alg if cred.alg in rules.ALGS else rules.DEFAULT_ALG
        with Vertical(id="form-box", classes="change-form token-test-form"):
            yield Static(
                f"Test {cred.display_name} of {self.application.name}",
                id="form-title",
                markup=False,
            )
            with VerticalScroll(id="form-body"):
                yield _field(
                    "key",
                    "Private key file",
                    Input(id="key-path", placeholder="path to the PEM private key", compact=True),
                )
                yield _field(
                    "alg",
                    "Algorithm",
                    Select(
                        [(a, a) for a in rules.ALGS],
                        value=alg,
                        allow_blank=False,
                        id="alg",
                        compact=True,
                    ),
                )
                yield _field(
                    "kid",
                    "Key ID",
                    Input(cred.kid or "", id="kid", placeholder="none sent", compact=True),
                )
                yield Static("", id="test-result", markup=False)
            yield from self.compose_actions("Request a token")
        yield Footer()

    def first_field(self) -> Input:
        return self.query_one("#key-path", Input)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#test-result", Static).display = False

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    async def action_save(self) -> None:
        if self.busy:
            return
        self.put_error(self.query_one("#error-key", Static), "")
        typed = self._value("key-path")
        if not typed:
            self.show_failure(
                "test", LocalValidationError("key", "Give the private key file.", code="empty")
            )
            return
        path = Path(typed).expanduser()
        self.busy = True
        self.send(path if path.is_absolute() else self.start / path)

    @work(group="token-test", exclusive=True, exit_on_error=False, description="test credential")
    async def send(self, path: Path) -> None:
        out = self.query_one("#test-result", Static)
        out.display = False
        try:
            try:
                # A thread: checking a large RSA key takes CPU time.
                key = await asyncio.to_thread(keys.load_private_key, path)
            except keys.KeyLoadError as exc:
                raise LocalValidationError("key", exc.message, code=exc.code) from None
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
        self.set_status(
            "Passed: the tenant issued a token." if result.ok else "Failed: see why above.",
            error=not result.ok,
        )
