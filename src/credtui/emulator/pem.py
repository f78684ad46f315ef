"""The emulator's view of an uploaded PEM: :class:`credtui.keys.PemInfo` itself.

The kid, the certificate thumbprint, the subject DN, the expiry and the public
key all come from :mod:`credtui.keys` (one truth for the client and the
emulator); this module only turns a refusal into the text of Auth0's error body.
"""

from __future__ import annotations

from credtui import keys

ParsedPem = keys.PemInfo
"""What the tenant stores or checks about one PEM."""


class PemProblem(ValueError):
    """A PEM the tenant refuses; ``str()`` is the message for the error body."""


def parse_pem(text: str, credential_type: str | None = None) -> keys.PemInfo:
    """Inspect ``text`` and, given a ``credential_type``, apply Auth0's key/certificate
    rules for it; raise :class:`PemProblem` if the tenant would refuse it."""
    try:
        parsed = keys.inspect_pem(text)
        if credential_type is not None:
            keys.check_for_credential_type(parsed, credential_type)
    except keys.PemError as exc:
        raise PemProblem(exc.message) from exc
    return parsed
