"""Auth0's client schemas, from the Management API OpenAPI document.

The data is ``spec_client.json`` beside this module, made by
``scripts/generate_client_schema.py`` from the document (do not edit it: run the
script again when Auth0 publishes a new one, then read the diff). It is JSON, read
once when the emulator starts, rather than a generated module of 2,000 lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Beside this file (the package is installed unpacked); importlib.resources would add ~4 ms.
_DATA: dict[str, Any] = json.loads(
    Path(__file__).with_name("spec_client.json").read_text(encoding="utf-8")
)

SOURCE: dict[str, str] = _DATA["source"]
"""Which document the data was made from: its name, version and sha256 (16 hex digits)."""

CLIENT_FIELDS: tuple[str, ...] = tuple(_DATA["client_fields"])
"""The names ``fields`` may list (dotted sub-fields included), in the spec's order."""

LIST_QUERY: dict[str, Any] = _DATA["list_query"]
"""``GET /clients`` query parameters."""

GET_QUERY: dict[str, Any] = _DATA["get_query"]
"""``GET /clients/{id}`` query parameters."""

CREATE_CLIENT: dict[str, Any] = _DATA["create_client"]
"""``POST /clients`` body (CreateClientRequestContent)."""

UPDATE_CLIENT: dict[str, Any] = _DATA["update_client"]
"""``PATCH /clients/{id}`` body (UpdateClientRequestContent)."""
