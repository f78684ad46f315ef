"""Start the TUI: on the user's config, or on the built-in demo tenant."""

from __future__ import annotations

from credtui.config import Config, LoadedConfig, Profile
from credtui.ui.app import CredtuiApp
from credtui.ui.state import ConfigStore

DEMO_PROFILE = "demo"


def run_tui(loaded: LoadedConfig, *, profile_name: str | None = None) -> int:
    """Open the TUI on ``loaded``; the first run (no profiles) opens the profiles screen."""
    app = CredtuiApp(ConfigStore(loaded.config, loaded.path), profile_name=profile_name)
    for warning in loaded.warnings:
        app.call_later(app.notify, warning, severity="warning", markup=False, timeout=15)
    app.run()
    return app.exit_status  # non-zero after a crash (Textual's run() itself returns normally)


def demo_config(base_url: str, client_id: str, client_secret: str) -> Config:
    """An in-memory config whose only profile is the local demo tenant."""
    profile = Profile(
        name=DEMO_PROFILE, domain=base_url, client_id=client_id, client_secret=client_secret
    )
    return Config().with_profile(profile)


def run_demo() -> int:
    """Start the local demo tenant on a free port and open the TUI on it; nothing is written."""
    from credtui.emulator.server import start_in_thread

    with start_in_thread(seed="demo") as tenant:
        config = demo_config(tenant.base_url, tenant.client_id, tenant.client_secret)
        app = CredtuiApp(ConfigStore(config, None), profile_name=DEMO_PROFILE)
        app.run()
    return app.exit_status
