"""A credential's identity (kid, certificate thumbprint or subject DN) is decided once,
by :attr:`credtui.models.Credential.identity`; the table, the command line and the copy
key show what it says."""

from __future__ import annotations

import pytest

from credtui.headless.render import identity as cli_identity
from credtui.models import Credential
from credtui.ui.rows import credential_identity

DN = "C=GB\nO=Acme\nCN=gateway"


@pytest.mark.parametrize(
    ("fields", "expected", "cli", "row"),
    [
        ({"kid": "k1", "thumbprint_sha256": "t1"}, ("kid", "k1"), "kid k1", "k1"),
        ({"thumbprint_sha256": "t1", "subject_dn": DN}, ("thumbprint", "t1"), "sha256 t1", "t1"),
        (
            {"subject_dn": DN},
            ("subject DN", DN),
            "DN C=GB, O=Acme, CN=gateway",
            "C=GB, O=Acme, CN=gateway",
        ),
        ({}, None, "", ""),
    ],
)
def test_one_identity_for_every_face(
    fields: dict[str, str], expected: tuple[str, str] | None, cli: str, row: str
) -> None:
    cred = Credential("cred_1", "public_key", **fields)  # type: ignore[arg-type]
    assert cred.identity == expected
    assert cli_identity(cred) == cli
    assert credential_identity(cred) == row
    assert cred.display_name == (expected[1] if expected else "cred_1")
    assert Credential("cred_1", "public_key", name="named", **fields).display_name == "named"  # type: ignore[arg-type]
