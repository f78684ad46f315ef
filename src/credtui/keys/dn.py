"""Subject DNs: parse what a person types, and format names in Auth0's newline form.

The accepted input forms and the output form are described in the
:mod:`credtui.keys` docstring.
"""

from __future__ import annotations

import re
from typing import Final

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier

from credtui import rules
from credtui.keys.errors import SubjectDnError
from credtui.text import quoted

# (OID dotted string, OpenSSL short name, accepted aliases in lower case)
_DN_ATTRIBUTES: Final[tuple[tuple[ObjectIdentifier, str, tuple[str, ...]], ...]] = (
    (NameOID.COUNTRY_NAME, "C", ("c", "countryname")),
    (NameOID.STATE_OR_PROVINCE_NAME, "ST", ("st", "s", "stateorprovincename")),
    (NameOID.LOCALITY_NAME, "L", ("l", "localityname")),
    (NameOID.ORGANIZATION_NAME, "O", ("o", "organizationname", "organisationname")),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "OU", ("ou", "organizationalunitname")),
    (NameOID.COMMON_NAME, "CN", ("cn", "commonname")),
    (NameOID.EMAIL_ADDRESS, "emailAddress", ("emailaddress", "e", "email")),
    (NameOID.DOMAIN_COMPONENT, "DC", ("dc", "domaincomponent")),
    (NameOID.USER_ID, "UID", ("uid", "userid")),
    (NameOID.SERIAL_NUMBER, "serialNumber", ("serialnumber",)),
    (NameOID.STREET_ADDRESS, "street", ("street", "streetaddress")),
    (NameOID.TITLE, "title", ("title",)),
    (NameOID.GIVEN_NAME, "GN", ("gn", "givenname")),
    (NameOID.SURNAME, "SN", ("sn", "surname")),
    (NameOID.INITIALS, "initials", ("initials",)),
    (NameOID.PSEUDONYM, "pseudonym", ("pseudonym",)),
    (NameOID.GENERATION_QUALIFIER, "generationQualifier", ("generationqualifier",)),
    (NameOID.DN_QUALIFIER, "dnQualifier", ("dnqualifier",)),
    (NameOID.POSTAL_CODE, "postalCode", ("postalcode",)),
    (NameOID.BUSINESS_CATEGORY, "businessCategory", ("businesscategory",)),
    (NameOID.JURISDICTION_COUNTRY_NAME, "jurisdictionC", ("jurisdictionc",)),
    (NameOID.JURISDICTION_STATE_OR_PROVINCE_NAME, "jurisdictionST", ("jurisdictionst",)),
    (NameOID.JURISDICTION_LOCALITY_NAME, "jurisdictionL", ("jurisdictionl",)),
    (NameOID.ORGANIZATION_IDENTIFIER, "organizationIdentifier", ("organizationidentifier",)),
    (NameOID.UNSTRUCTURED_NAME, "unstructuredName", ("unstructuredname",)),
)
_SHORT_BY_OID: Final = {oid.dotted_string: short for oid, short, _ in _DN_ATTRIBUTES}
_OID_BY_SHORT: Final = {short: oid for oid, short, _ in _DN_ATTRIBUTES}
_SHORT_BY_ALIAS: Final = {alias: short for _, short, aliases in _DN_ATTRIBUTES for alias in aliases}
_DOTTED_OID: Final = re.compile(r"\d+(?:\.\d+)+")
_ATTR_START: Final = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)\s*=")
_RANK: Final = {"C": 0, "DC": 0, "ST": 1, "L": 2, "O": 3, "OU": 4, "CN": 5}
_ESCAPE_ALWAYS: Final = frozenset(',+"\\<>;')

Rdn = tuple[tuple[str, str], ...]


def _escape_value(value: str) -> str:
    """Escape a value as OpenSSL's ESC_2253 | ESC_CTRL | UTF8_CONVERT does."""
    out: list[str] = []
    last = len(value) - 1
    for i, ch in enumerate(value):
        if ch in _ESCAPE_ALWAYS or (i == 0 and ch in "# ") or (i == last and ch == " "):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):02X}")
        else:
            out.append(ch)
    return "".join(out)


def format_subject_dn(rdns: tuple[Rdn, ...] | list[Rdn]) -> str:
    """Auth0's newline form of parsed RDNs (see the module docstring)."""
    return "\n".join(
        " + ".join(f"{name}={_escape_value(value)}" for name, value in rdn) for rdn in rdns
    )


def subject_dn_from_name(name: x509.Name) -> str:
    """A certificate name (subject or issuer) in Auth0's newline form, encoded order."""
    rdns: list[Rdn] = []
    for rdn in name.rdns:
        avas: list[tuple[str, str]] = []
        for attr in rdn:
            short = _SHORT_BY_OID.get(attr.oid.dotted_string, attr.oid.dotted_string)
            value = attr.value
            text = "#" + value.hex() if isinstance(value, bytes) else value
            avas.append((short, text))
        rdns.append(tuple(avas))
    return format_subject_dn(rdns)


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _split_lenient(text: str, sep: str) -> list[str]:
    """Split on ``sep``, gluing back pieces that do not start with ``ATTR=``.

    That keeps an unescaped separator inside a value (``O=Acme, Inc.``) as text.
    """
    pieces = _split_unescaped(text, sep)
    merged: list[str] = [pieces[0]]
    for piece in pieces[1:]:
        if _ATTR_START.match(piece):
            merged.append(piece)
        else:
            merged[-1] += sep + piece
    return merged


def _strip_keep_escaped(text: str) -> str:
    """``str.strip`` that keeps a trailing space escaped with a backslash."""
    value = text.lstrip()
    trimmed = value.rstrip()
    if trimmed != value and (len(trimmed) - len(trimmed.rstrip("\\"))) % 2 == 1:
        trimmed += " "
    return trimmed


def _unescape_value(raw: str) -> str:
    value = _strip_keep_escaped(raw)
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    out = bytearray()
    i = 0
    while i < len(value):
        ch = value[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(value):
            raise SubjectDnError(
                "bad_escape",
                "The subject DN ends with a lone backslash; escape it as \\\\ or remove it.",
            )
        pair = value[i + 1 : i + 3]
        if re.fullmatch(r"[0-9A-Fa-f]{2}", pair):
            out.append(int(pair, 16))
            i += 3
        else:
            out += value[i + 1].encode("utf-8")
            i += 2
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise SubjectDnError(
            "bad_escape",
            "The subject DN has \\XX escapes that are not valid UTF-8; write the characters "
            "themselves.",
        ) from None


def _parse_ava(text: str) -> tuple[str, str]:
    parts = _split_unescaped(text, "=")
    if len(parts) < 2:
        raise SubjectDnError(
            "missing_equals",
            f"{quoted(text.strip())} has no '='; write each attribute as NAME=value, e.g. CN=my-client.",
        )
    name = parts[0].strip()
    value = _unescape_value("=".join(parts[1:]))
    short: str | None
    if _DOTTED_OID.fullmatch(name):
        short = _SHORT_BY_OID.get(name, name)
    else:
        short = _SHORT_BY_ALIAS.get(name.lower())
    if short is None:
        raise SubjectDnError(
            "unknown_attribute",
            f"Unknown attribute '{name[:40]}'; use C, ST, L, O, OU, CN (or emailAddress, DC, "
            "UID, serialNumber, ... or a dotted OID).",
        )
    if not value:
        raise SubjectDnError(
            "empty_value", f"The {short} attribute has an empty value; give it a value or drop it."
        )
    return short, value


def _parse_rdn(text: str) -> Rdn:
    return tuple(_parse_ava(part) for part in _split_lenient(text, "+"))


def parse_subject_dn(text: str) -> tuple[Rdn, ...]:
    """Parse a typed subject DN into RDNs of ``(short name, value)``, in encoded order.

    Accepts the forms listed in the module docstring. Raises :class:`SubjectDnError`.
    """
    if len(text) > 16 * rules.SUBJECT_DN_MAX:
        raise SubjectDnError(
            "too_long",
            f"The subject DN is {len(text)} characters long; Auth0 allows at most "
            f"{rules.SUBJECT_DN_MAX}.",
        )
    dn = _strip_keep_escaped(text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\n" not in dn and re.search(r"\\n(?:[A-Za-z]+|\d+(?:\.\d+)+)=", dn):
        dn = dn.replace("\\n", "\n")  # JSON-escaped newline form pasted from a response
    print_form = False
    prefix = re.match(r"(?i)(subject|issuer)\s*[=:]\s*", dn)
    if prefix:
        dn = dn[prefix.end() :]
        print_form = True
    if not dn.strip():
        raise SubjectDnError(
            "empty", "The subject DN is empty; give at least one attribute, e.g. CN=my-client."
        )
    if "\n" in dn:
        rdns = [_parse_rdn(line) for line in dn.split("\n") if line.strip()]
    elif dn.startswith("/"):
        rdns = [_parse_rdn(part) for part in _split_lenient(dn[1:], "/") if part.strip()]
    else:
        rdns = [_parse_rdn(part) for part in _split_lenient(dn, ",") if part.strip()]
        print_form = print_form or re.match(r"\s*[A-Za-z]+ = ", dn) is not None
        if not print_form and len(rdns) > 1:
            first, last = _RANK.get(rdns[0][0][0]), _RANK.get(rdns[-1][0][0])
            if not (first is not None and last is not None and first < last):
                rdns.reverse()  # RFC 4514 writes the most specific RDN first
    if not rdns:
        raise SubjectDnError(
            "empty", "The subject DN is empty; give at least one attribute, e.g. CN=my-client."
        )
    return tuple(rdns)


def normalise_subject_dn(text: str) -> str:
    """A typed subject DN in Auth0's newline form (1 to 256 characters).

    ``"/C=US/O=Acme/CN=x"``, ``"subject=C = US, O = Acme, CN = x"``,
    ``"CN=x,O=Acme,C=US"`` and ``"C=US\\nO=Acme\\nCN=x"`` all give
    ``"C=US\\nO=Acme\\nCN=x"``. Raises :class:`SubjectDnError`.
    """
    dn = format_subject_dn(parse_subject_dn(text))
    problem = rules.check_subject_dn_length(dn)
    if problem:
        raise SubjectDnError("too_long" if dn else "empty", problem)
    return dn


def _name_from_subject_dn(subject_dn: str) -> x509.Name:
    rdns = []
    for rdn in parse_subject_dn(subject_dn):
        attributes = []
        for short, value in rdn:
            oid = _OID_BY_SHORT.get(short) or ObjectIdentifier(short)
            try:
                attributes.append(x509.NameAttribute(oid, value))
            except ValueError as exc:
                raise SubjectDnError(
                    "invalid_value", f"The {short} value is not valid in a certificate: {exc}."
                ) from None
        rdns.append(x509.RelativeDistinguishedName(attributes))
    return x509.Name(rdns)
