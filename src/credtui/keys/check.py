"""Whether an inspected PEM suits a credential type, as Auth0 would judge it."""

from __future__ import annotations

from credtui import rules
from credtui.keys.errors import PemError
from credtui.keys.info import PemInfo


def _article(word: str) -> str:
    return "an" if word[:1] in "AEFHILMNORSX" else "a"


def check_for_credential_type(info: PemInfo, credential_type: str) -> None:
    """Check that ``info`` suits ``credential_type`` as Auth0 would.

    * ``public_key``: an RSA key of 2048 to 4096 bits, as a key or inside a certificate;
    * ``x509_cert``: a certificate (any key size: Auth0 accepted a 1024-bit one);
    * ``cert_subject_dn``: a certificate (Auth0 keeps only its subject DN).

    Raises :class:`PemError` with code ``unknown_credential_type``, ``not_rsa``,
    ``key_too_small``, ``key_too_large`` or ``certificate_required``. The
    4096-character cap of the certificate schemas is left to the caller
    (:func:`credtui.rules.check_cert_pem_length`).
    """
    problem = rules.check_credential_type(credential_type)
    if problem:
        raise PemError("unknown_credential_type", problem)
    if credential_type == rules.PUBLIC_KEY:
        if info.key_type != "RSA":
            raise PemError(
                "not_rsa",
                f"This is {_article(info.key_description)} {info.key_description} key; "
                "Auth0 accepts RSA keys only for "
                f"Private Key JWT ({rules.RSA_MIN_BITS} to {rules.RSA_MAX_BITS} bits).",
            )
        bits = info.key_size or 0
        problem = rules.check_rsa_key_size(bits)
        if problem:
            code = "key_too_small" if bits < rules.RSA_MIN_BITS else "key_too_large"
            raise PemError(code, problem)
        return
    if info.kind != "certificate":
        if credential_type == rules.X509_CERT:
            message = (
                "A self-signed mTLS credential (x509_cert) needs a certificate, not a bare "
                "public key; give the client's certificate PEM."
            )
        else:
            message = (
                "A CA-signed mTLS credential (cert_subject_dn) needs a certificate, not a bare "
                "public key; give the certificate PEM or type its subject DN."
            )
        raise PemError("certificate_required", message)
