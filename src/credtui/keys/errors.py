"""The errors of :mod:`credtui.keys`: each has a stable ``code`` and a safe message."""

from __future__ import annotations

from credtui.text import safe_text


class KeyMaterialError(ValueError):
    """Base of the errors in this package: a stable ``code`` and a one-sentence ``message``.

    The message says what is wrong and what to do; it never contains key material.
    Raised directly with codes ``not_rsa`` (kid of a non-RSA key), ``bad_key_size``
    and ``bad_days`` (generation), ``bad_alg``, ``bad_lifetime``, ``bad_claim`` and
    ``too_large`` (client assertions).
    """

    def __init__(self, code: str, message: str) -> None:
        message = safe_text(message)  # it may quote what was typed or pasted
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __reduce__(self) -> tuple[type[KeyMaterialError], tuple[str, str]]:
        return type(self), (self.code, self.message)


class PemError(KeyMaterialError):
    """A PEM was refused: by :func:`inspect_pem` (its docstring lists the codes) or by
    :func:`check_for_credential_type` (``unknown_credential_type``, ``not_rsa``,
    ``key_too_small``, ``key_too_large``, ``certificate_required``)."""


class SubjectDnError(KeyMaterialError):
    """A subject DN was refused (codes: empty, too_long, unknown_attribute,
    missing_equals, empty_value, bad_escape, invalid_value)."""


class KeyLoadError(KeyMaterialError):
    """A private key could not be loaded (codes: unreadable, not_private_key,
    password_required, bad_password, not_rsa, key_too_large, bad_key)."""
