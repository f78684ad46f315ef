"""Where the UI keeps the config: a file, or memory only (the demo)."""

from __future__ import annotations

from pathlib import Path

from credtui.config import Config, ConfigChange, update_config


class ConfigStore:
    """The config the UI edits. ``path`` None means nothing is ever written (the demo)."""

    def __init__(self, config: Config, path: Path | None) -> None:
        self.config = config
        self.path = path

    @property
    def persistent(self) -> bool:
        """Whether saving writes a file."""
        return self.path is not None

    def apply(self, change: ConfigChange) -> Config:
        """Apply one change and keep the result (raises ConfigError, OSError).

        File-backed, the change is applied to the file as it is now, under a
        lock, so a profile saved meanwhile by another credtui is kept; the
        config kept here is then what the file holds.
        """
        if self.path is not None:
            self.config = update_config(self.path, change)
        else:
            self.config = change.apply(self.config)
        return self.config
