"""Tenant profiles: the config file, what it may hold, and changing it safely.

One package, one face: callers import from ``credtui.config``.

* :mod:`.schema`: what a profile and the file may hold, and every check on them;
* :mod:`.toml`: reading and writing the TOML form;
* :mod:`.changes`: the changes a person or a command makes (add, edit, remove, ...);
* :mod:`.file`: where the file lives, loading it and saving one change under a lock;
* :mod:`.lock`: that lock; :mod:`.env`: a profile from ``CREDTUI_*`` alone;
* :mod:`.secret_sources`: a client secret or private key from the keyring or a command.
"""

from credtui.config.changes import (
    AddProfile,
    ConfigChange,
    EditProfile,
    RemoveProfile,
    SecretToKeyring,
    SetClientSecret,
    SetDefault,
)
from credtui.config.file import (
    ENV_CONFIG,
    MAX_CONFIG_BYTES,
    LoadedConfig,
    config_path,
    load_config,
    save_config,
    update_config,
)
from credtui.config.lock import LockWait
from credtui.config.schema import (
    COMMAND_KEYS,
    PROFILE_KEYS,
    Config,
    ConfigError,
    Profile,
    TokenSourceKind,
    check_profile,
    profile_problems,
)
from credtui.config.toml import parse_config, to_toml

__all__ = [
    "COMMAND_KEYS",
    "ENV_CONFIG",
    "MAX_CONFIG_BYTES",
    "PROFILE_KEYS",
    "AddProfile",
    "Config",
    "ConfigChange",
    "ConfigError",
    "EditProfile",
    "LoadedConfig",
    "LockWait",
    "Profile",
    "RemoveProfile",
    "SecretToKeyring",
    "SetClientSecret",
    "SetDefault",
    "TokenSourceKind",
    "check_profile",
    "config_path",
    "load_config",
    "parse_config",
    "profile_problems",
    "save_config",
    "to_toml",
    "update_config",
]
