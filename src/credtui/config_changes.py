"""The one change a save applies to the config file: add, edit, remove, make default.

:func:`credtui.config.update_config` applies a change to the file as it is at
that moment (under a lock), never to a snapshot taken earlier, so a change made
meanwhile by another credtui is kept. Each change refuses what no longer fits,
such as editing a profile that was removed meanwhile. Import from
:mod:`credtui.config`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from credtui.config_schema import Config, ConfigError, Profile, shown_name


@dataclass(frozen=True)
class AddProfile:
    """Add a new profile; refused if a profile of that name exists now."""

    profile: Profile

    def apply(self, config: Config) -> Config:
        """The config with the profile added."""
        if self.profile.name in config.profiles:
            raise ConfigError(
                None,
                f"a profile named {shown_name(self.profile.name)} already exists",
                key="name",
            )
        return config.with_profile(self.profile)


@dataclass(frozen=True)
class EditProfile:
    """Replace the profile ``name`` with ``profile`` (which may carry a new name)."""

    name: str
    profile: Profile

    def apply(self, config: Config) -> Config:
        """The config with the profile replaced; refused if it was removed meanwhile."""
        if self.name not in config.profiles:
            shown = shown_name(self.name) or "being edited"
            raise ConfigError(None, f"no profile named {shown} now: it was removed meanwhile")
        return config.with_profile(self.profile, replacing=self.name)


@dataclass(frozen=True)
class RemoveProfile:
    """Remove the profile ``name``; the default moves to the first remaining one."""

    name: str

    def apply(self, config: Config) -> Config:
        """The config without the profile."""
        return config.without_profile(self.name)


@dataclass(frozen=True)
class SetDefault:
    """Make ``name`` the default profile."""

    name: str

    def apply(self, config: Config) -> Config:
        """The config with a new default."""
        return config.with_default(self.name)


@dataclass(frozen=True)
class SecretToKeyring:
    """The profile ``name`` keeps its client secret in the keyring, no longer in the file.

    Applied once the keyring holds ``secret`` (``credtui profile secure``); refused
    when the file's secret is no longer that one (changed meanwhile), so a secret
    is never dropped from the file unless the keyring holds that very secret.
    """

    name: str
    secret: str = field(repr=False)

    def apply(self, config: Config) -> Config:
        """The config with the profile's secret replaced by ``client_secret_keyring``."""
        profile = config.profiles.get(self.name)
        if profile is None or profile.client_secret != self.secret:
            raise ConfigError(
                None,
                "the profile's secret in the file changed meanwhile; nothing was moved, "
                "run the command again",
                profile=self.name,
                key="client_secret",
            )
        moved = replace(profile, client_secret=None, client_secret_keyring=True)
        return config.with_profile(moved, replacing=self.name)


ConfigChange = AddProfile | EditProfile | RemoveProfile | SetDefault | SecretToKeyring
