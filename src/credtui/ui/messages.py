"""Messages between workers and screens: facts in the past tense, or failures."""

from __future__ import annotations

from textual.message import Message

from credtui.api.client import CredentialsResult
from credtui.errors import CredtuiError
from credtui.models import Application, ApplicationPage, Credential


class ApplicationsPageLoaded(Message):
    """One page of applications arrived."""

    def __init__(self, page: ApplicationPage) -> None:
        super().__init__()
        self.page = page


class ApplicationsLoaded(Message):
    """The last page arrived."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class CredentialsBatchLoaded(Message):
    """Credentials of several applications arrived (or failed, per application)."""

    def __init__(self, results: list[CredentialsResult]) -> None:
        super().__init__()
        self.results = results


class ApplicationLoaded(Message):
    """One application and its credentials, freshly read."""

    def __init__(self, application: Application, credentials: tuple[Credential, ...]) -> None:
        super().__init__()
        self.application = application
        self.credentials = credentials


class ApiCallFailed(Message):
    """A call to the tenant failed; ``action`` says what was being done."""

    def __init__(self, action: str, error: CredtuiError) -> None:
        super().__init__()
        self.action = action
        self.error = error
