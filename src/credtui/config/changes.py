"""The one change a save applies to the config file: add, edit, remove, make default,
move a secret to the keyring, take a rotated client secret.

:func:`credtui.config.update_config` applies a change to the file as it is at
that moment (under a lock), never to a snapshot taken earlier, so a change made
meanwhile by another credtui is kept. Each change refuses what no longer fits,
such as editing a profile that was removed meanwhile. Import from
:mod:`credtui.config`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from credtui.config.schema import Config, ConfigError, Profile, shown_name


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


@dataclass(frozen=True)
class SetClientSecret:
    """The profile ``name`` (client ``client_id``) keeps ``secret`` in the file from now on.

    Applied after the application's secret was rotated, to the file as it is then:
    refused when the profile is gone, names another client, or no longer keeps its
    secret in the file (changed meanwhile), so nothing else of the profile is touched.
    """

    name: str
    client_id: str
    secret: str = field(repr=False)

    def apply(self, config: Config) -> Config:
        """The config with the profile's ``client_secret`` replaced."""
        profile = config.profiles.get(self.name)
        if profile is None:
            shown = shown_name(self.name) or "to update"
            raise ConfigError(None, f"no profile named {shown} now: it was removed meanwhile")
        if profile.client_id != self.client_id or profile.client_secret is None:
            raise ConfigError(
                None,
                "the profile no longer keeps this application's secret in the file (it "
                "changed meanwhile); nothing was written",
                profile=self.name,
                key="client_secret",
            )
        changed = replace(profile, client_secret=self.secret)
        return config.with_profile(changed, replacing=self.name)


ConfigChange = (
    AddProfile | EditProfile | RemoveProfile | SetDefault | SecretToKeyring | SetClientSecret
)
