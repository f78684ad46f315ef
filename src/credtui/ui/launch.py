"""Start the TUI on the user's config (``credtui``); :mod:`credtui.demo` starts it on the demo.

Importing this module imports neither Textual nor asyncio (~45 ms with what it
brings): :func:`run_tui` first starts what is slow and does not need the UI (the
management token request and the first page of applications, a
:class:`~credtui.connect.HeadStart`), then imports the app while that goes on
(issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credtui.config import LoadedConfig

__all__ = ["run_tui"]


def run_tui(
    loaded: LoadedConfig, *, profile_name: str | None = None, timeout: float | None = None
) -> int:
    """Open the TUI on ``loaded``; the first run (no profiles) opens the profiles screen.

    ``timeout`` (``credtui --timeout``) is each action's time budget (default 60 s).
    """
    from credtui.connect import HeadStart

    head_start = HeadStart.start(loaded.config, profile_name, config_path=loaded.path)
    from credtui.api.budget import DEFAULT_BUDGET
    from credtui.ui.app import CredtuiApp  # imported while the token request is under way
    from credtui.ui.state import ConfigStore

    # An https tenant's TLS context (made in the head start's thread) serves every profile.
    context = head_start.shared_context() if head_start is not None else None
    app = CredtuiApp(
        ConfigStore(loaded.config, loaded.path),
        profile_name=profile_name,
        head_start=head_start,
        client_options={"verify": context} if context is not None else None,
        action_seconds=timeout if timeout is not None else DEFAULT_BUDGET,
    )
    for warning in loaded.warnings:
        app.call_later(app.notify, warning, severity="warning", markup=False, timeout=15)
    app.run()
    return app.exit_status  # non-zero after a crash (Textual's run() itself returns normally)
