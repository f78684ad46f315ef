"""credtui: manage the credentials Auth0 applications authenticate with."""

__version__ = "0.1.0"
