"""Auth0's words are written once, in credtui.vocabulary, and it stays cheap to import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from credtui import vocabulary
from credtui.vocabulary import AuthMethod, CredentialType, Slot

SRC = Path(__file__).resolve().parents[2] / "src" / "credtui"

WORDS = {
    *(t.value for t in CredentialType),
    *(m.value for m in AuthMethod),
    *(s.value for s in Slot),
    *vocabulary.ALGS,
    *vocabulary.JWT_ALGS,
}

KNOWN = {
    # The emulator's OpenID discovery document, written out as Auth0 publishes it.
    "emulator/routes_oauth.py",
    # The demo tenant's data: a secret method picked for some applications.
    "emulator/seed.py",
    # Generated from Auth0's OpenAPI spec (scripts/generate_client_schema.py).
    "emulator/spec_client.py",
}


def _second_spellings(path: Path) -> list[str]:
    """Literal lists of Auth0's words (two or more, nothing else), and the client-assertion
    URN. A list of field names that holds a slot's name among others is not one."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Constant) and node.value == vocabulary.CLIENT_ASSERTION_TYPE:
            found.append(f"line {node.lineno}: the client-assertion URN")
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) >= 2:
            values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(values) == len(node.elts) and set(values) <= WORDS:
                found.append(f"line {node.lineno}: {values}")
    return found


def test_no_module_but_the_vocabulary_spells_out_auth0s_lists() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name == "vocabulary.py" or name in KNOWN:
            continue
        if found := _second_spellings(path):
            offenders[name] = found
    assert offenders == {}


def test_the_vocabulary_loads_nothing_beyond_enum() -> None:
    """Not typing (~10 ms), not credtui.rules: ``credtui --help`` builds its choices from it."""
    script = (
        "import sys, enum; before = set(sys.modules); import credtui.vocabulary; "
        "print(','.join(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "__future__,credtui,credtui.vocabulary"


def test_the_parsers_take_their_choices_from_the_vocabulary_without_the_rules() -> None:
    script = (
        "import sys; from credtui.cli import build_parser; build_parser(); "
        "print(','.join(m for m in ('credtui.rules', 'credtui.models', 'typing') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_a_method_knows_its_credential_type_and_a_slot_its_label() -> None:
    assert AuthMethod.PRIVATE_KEY_JWT.credential_type is CredentialType.PUBLIC_KEY
    assert AuthMethod.TLS_CLIENT_AUTH.credential_type is CredentialType.CERT_SUBJECT_DN
    assert AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH.credential_type is CredentialType.X509_CERT
    assert AuthMethod.CLIENT_SECRET_POST.credential_type is None
    assert [m for m in AuthMethod if m.uses_credentials] == [
        AuthMethod.PRIVATE_KEY_JWT,
        AuthMethod.TLS_CLIENT_AUTH,
        AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
    ]
    assert Slot.SIGNED_REQUEST_OBJECT.long_label == "JAR (signed requests)"
    assert {"x509_cert", "cert_subject_dn"} == vocabulary.CERTIFICATE_CREDENTIAL_TYPES
