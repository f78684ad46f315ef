"""Keys, certificates and subject DNs exactly as Auth0 sees them.

One implementation shared by the API client (to check and preview before
sending) and the emulator (to answer as Auth0 does): PEM inspection, the kid
(RFC 7638 JWK SHA-256 thumbprint), the certificate thumbprint (base64url SHA-256
of the DER), the subject DN in Auth0's newline form, key and certificate
generation, and client-assertion signing. Limits come from :mod:`credtui.rules`.

Safety: no exception message, ``repr`` or log line produced here contains key
material. Inputs that hold a private key (PEM of any kind, OpenSSH, PKCS#12,
a private JWK) are refused with code ``private_key`` without echoing anything.

Subject DN form (decisions for what the facts sheet leaves open)
-----------------------------------------------------------------
Auth0's recorded DNs (``C=es\\nST=Madrid\\nL=Madrid\\nO=Okta\\nOU=DX-CDT\\nCN=...``)
are exactly what Node.js ``X509Certificate.subject`` prints, i.e. OpenSSL's
``X509_NAME_print_ex`` with ``ESC_2253 | ESC_CTRL | UTF8_CONVERT |
SEP_MULTILINE | FN_SN``. credtui reproduces that form for everything the
recordings do not show:

* one RDN per line, in the certificate's encoded order (usually ``C`` first);
* the AVAs of a **multi-valued RDN** stay on one line joined by ``" + "``
  (OpenSSL's multiline separator), in encoded order: ``CN=a + UID=b``;
* attribute names are OpenSSL short names: ``C, ST, L, O, OU, CN``, and e.g.
  ``emailAddress``, ``DC``, ``UID``, ``serialNumber``, ``street``, ``title``,
  ``GN``, ``SN``, ``postalCode``; an OID OpenSSL has no name for is written in
  dotted form (``2.5.4.97=...``);
* values are escaped as RFC 2253 does (``\\,`` ``\\+`` ``\\"`` ``\\\\`` ``\\<``
  ``\\>`` ``\\;``, a leading ``#`` or space and a trailing space), control
  characters as ``\\XX``; other characters are kept as UTF-8.

:func:`normalise_subject_dn` turns what a person types into that same form so
a typed DN compares equal to the one derived from the certificate. It accepts
Auth0's newline form, openssl's ``/C=US/O=Acme/CN=x`` and
``subject=C = US, O = Acme, CN = x`` forms (both already in encoded order), and
RFC 4514 ``CN=x,O=Acme,C=US``. RFC 4514 writes the most specific RDN first, so
a comma-separated string is **reversed** into encoded order, unless it already
visibly starts at the root (its first attribute ranks before its last in the
order C, DC < ST < L < O < OU < CN, e.g. ``C=US,O=Acme,CN=x``), which is how
people often type openssl's order with commas.

Layout
------
:mod:`~credtui.keys.errors` (the error tree), :mod:`~credtui.keys.thumbprints`
(kid and certificate thumbprint), :mod:`~credtui.keys.dn` (subject DNs),
:mod:`~credtui.keys.info` (:class:`PemInfo`), :mod:`~credtui.keys.pem`
(:func:`inspect_pem`, with its refusals in ``_refusals``), :mod:`~credtui.keys.check`
(per-credential-type check), :mod:`~credtui.keys.generate` (generation and
serialisation), :mod:`~credtui.keys.load` (private-key loading) and
:mod:`~credtui.keys.assertion` (client assertions). Import from
:mod:`credtui.keys` itself; the submodules are an implementation detail.
"""

from __future__ import annotations

from credtui.keys.assertion import sign_client_assertion
from credtui.keys.check import check_for_credential_type
from credtui.keys.dn import Rdn as Rdn
from credtui.keys.dn import (
    format_subject_dn,
    normalise_subject_dn,
    parse_subject_dn,
    subject_dn_from_name,
)
from credtui.keys.errors import KeyLoadError, KeyMaterialError, PemError, SubjectDnError
from credtui.keys.generate import SupportedKey as SupportedKey
from credtui.keys.generate import (
    certificate_to_pem,
    generate_rsa_key,
    generate_self_signed_certificate,
    private_key_to_pem,
    public_key_to_pem,
)
from credtui.keys.info import PemInfo
from credtui.keys.info import PemKind as PemKind
from credtui.keys.load import load_private_key
from credtui.keys.pem import DEFAULT_MAX_BYTES, inspect_pem
from credtui.keys.thumbprints import kid_for_public_key, thumbprint_for_certificate

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KeyLoadError",
    "KeyMaterialError",
    "PemError",
    "PemInfo",
    "SubjectDnError",
    "certificate_to_pem",
    "check_for_credential_type",
    "format_subject_dn",
    "generate_rsa_key",
    "generate_self_signed_certificate",
    "inspect_pem",
    "kid_for_public_key",
    "load_private_key",
    "normalise_subject_dn",
    "parse_subject_dn",
    "private_key_to_pem",
    "public_key_to_pem",
    "sign_client_assertion",
    "subject_dn_from_name",
    "thumbprint_for_certificate",
]
