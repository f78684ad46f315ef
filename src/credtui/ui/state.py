"""Where the UI keeps the config: a file, or memory only (the demo)."""

from __future__ import annotations

from pathlib import Path

from credtui.config import Config, save_config


class ConfigStore:
    """The config the UI edits. ``path`` None means nothing is ever written (the demo)."""

    def __init__(self, config: Config, path: Path | None) -> None:
        self.config = config
        self.path = path

    @property
    def persistent(self) -> bool:
        """Whether saving writes a file."""
        return self.path is not None

    def save(self, config: Config) -> None:
        """Keep ``config``; write it atomically when file-backed (raises OSError, ConfigError)."""
        if self.path is not None:
            save_config(config, self.path)
        self.config = config
