"""A profile made from the environment alone, for CI: no config file read or written.

As ``gh`` takes ``GH_TOKEN`` and the AWS CLI ``AWS_ACCESS_KEY_ID``: when
``CREDTUI_DOMAIN`` is set and no ``--profile`` is given, the profile is

- ``CREDTUI_DOMAIN`` with ``CREDTUI_CLIENT_ID`` and one of ``CREDTUI_CLIENT_SECRET``,
  ``CREDTUI_PRIVATE_KEY_FILE`` (with ``CREDTUI_PRIVATE_KEY_ALG``, optional
  ``CREDTUI_PRIVATE_KEY_KID``), or
- ``CREDTUI_DOMAIN`` with ``CREDTUI_TOKEN`` alone (a ready Management API token).

The secret and the token stay in the environment: the profile names the variables
(``client_secret_env``, ``token_env``) and they are read when a token is needed.
``CREDTUI_PROFILE`` instead picks a profile from the config file (as ``--profile``).
Errors name the variables to set, never a value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from credtui.config.schema import ConfigError, Profile, profile_problems
from credtui.vocabulary import DEFAULT_ALG

ENV_DOMAIN = "CREDTUI_DOMAIN"
ENV_PROFILE = "CREDTUI_PROFILE"
ENV_PROFILE_NAME = "environment"
"""The name the environment's profile goes by in messages and ``--json``."""

_VARIABLES = {
    "domain": ENV_DOMAIN,
    "client_id": "CREDTUI_CLIENT_ID",
    "client_secret_env": "CREDTUI_CLIENT_SECRET",
    "client_secret": "CREDTUI_CLIENT_SECRET",
    "private_key_file": "CREDTUI_PRIVATE_KEY_FILE",
    "private_key_alg": "CREDTUI_PRIVATE_KEY_ALG",
    "private_key_kid": "CREDTUI_PRIVATE_KEY_KID",
    "token_env": "CREDTUI_TOKEN",
}
"""Each profile key and the variable that gives it."""


class EnvironmentProfileError(ConfigError):
    """A profile the ``CREDTUI_*`` variables describe that credtui cannot use (no file named)."""

    def _text(self) -> str:
        return f"environment: {self.reason}"


def profile_name(environ: Mapping[str, str] | None = None) -> str | None:
    """``CREDTUI_PROFILE``: the config file's profile to use when no ``--profile`` is given."""
    env = os.environ if environ is None else environ
    return env.get(ENV_PROFILE) or None


def environment_profile(environ: Mapping[str, str] | None = None) -> Profile | None:
    """The profile ``CREDTUI_*`` variables describe, or None when ``CREDTUI_DOMAIN`` is unset.

    Raises :class:`ConfigError` naming the variables when the set is incomplete or
    ambiguous (a secret and a token, say).
    """
    env = os.environ if environ is None else environ
    domain = env.get(ENV_DOMAIN, "").strip()
    if not domain:
        return None

    def var(key: str) -> str | None:
        return env.get(_VARIABLES[key], "").strip() or None

    profile = Profile(
        name=ENV_PROFILE_NAME,
        domain=domain,
        client_id=var("client_id"),
        client_secret_env=_VARIABLES["client_secret_env"] if var("client_secret_env") else None,
        private_key_file=var("private_key_file"),
        private_key_alg=var("private_key_alg") or DEFAULT_ALG,
        private_key_kid=var("private_key_kid"),
        token_env=_VARIABLES["token_env"] if var("token_env") else None,
    )
    problems = profile_problems(profile)
    if problems:
        # Two sources at once says the most; then the rest in the profile's order.
        first = next((p for p in problems if "both set" in p.reason), problems[0])
        named = _VARIABLES.get(first.key or "", "")
        reason = first.reason
        for key, variable in _VARIABLES.items():  # the reason names keys: name variables
            reason = reason.replace(key, variable)
        if first.key == "client_secret":  # no source at all
            named, reason = "", "no secret, private key or token is set"
        if named and named in reason:  # "X and Y are both set" names them already
            named = ""
        raise EnvironmentProfileError(
            None,
            f"{ENV_DOMAIN} is set, so the profile comes from the environment, but "
            f"{named + ' ' if named else ''}{reason}. Set {_VARIABLES['client_id']} and one of "
            f"{_VARIABLES['client_secret']} or {_VARIABLES['private_key_file']}, or "
            f"{_VARIABLES['token_env']} alone; or unset {ENV_DOMAIN} to use the config file",
        )
    return profile
