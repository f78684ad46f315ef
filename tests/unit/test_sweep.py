"""A finished sweep follows what the session read again since (the overview's source)."""

from __future__ import annotations

from credtui.errors import CredtuiError
from credtui.models import Application, Credential, CredentialType
from credtui.ops.findings import Sweep

A = Application("c1", "One")
KEY = Credential("cred_a", CredentialType.PUBLIC_KEY, name="a")
OTHER = Credential("cred_b", CredentialType.PUBLIC_KEY, name="b")


def _sweep() -> Sweep:
    return Sweep([A, Application("c2", "Two")], {"c1": (KEY, OTHER), "c2": ()})


def test_update_takes_a_listed_application_and_moves_the_revision_only_on_a_difference() -> None:
    sweep = _sweep()
    sweep.update(A, (KEY, OTHER))  # read again, unchanged
    assert sweep.revision == 0
    renamed = Application("c1", "One, renamed")
    sweep.update(renamed, [KEY])  # a delete, seen by the re-read
    assert sweep.credentials["c1"] == (KEY,) and sweep.applications[0] is renamed
    assert sweep.revision == 1
    sweep.update(Application("c9", "Never listed"), [OTHER])
    assert "c9" not in sweep.credentials and sweep.revision == 1


def test_forget_counts_the_application_as_unread_until_it_is_read_again() -> None:
    sweep = _sweep()
    why = CredtuiError("changed")
    sweep.forget("c1", why)
    assert "c1" not in sweep.credentials and sweep.errors == {"c1": why}
    assert sweep.revision == 1
    sweep.forget("c9", why)  # never read: nothing to forget
    assert sweep.revision == 1
    sweep.update(A, [KEY])
    assert sweep.credentials["c1"] == (KEY,) and sweep.errors == {} and sweep.revision == 2
