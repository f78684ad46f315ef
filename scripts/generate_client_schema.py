"""Generate ``src/credtui/emulator/spec_client.json`` from Auth0's Management API OpenAPI document.

Run (PyYAML is a dev-only dependency, ``pip install -e '.[dev]'``)::

    python scripts/generate_client_schema.py ../shared/reference/auth0-management-oas/management-api.yml

It writes the request schemas of ``POST /clients`` and ``PATCH /clients/{id}``
(every ``$ref`` inlined; descriptions kept on top-level properties, where Auth0's
error messages quote them) and the query parameters of ``GET /clients`` and
``GET /clients/{id}``, plus the ``fields`` names the spec's pattern allows.
The output is JSON data (no YAML at run time), which
:mod:`credtui.emulator.spec_client` loads when the emulator starts: data, not a
2,000-line module. ``tests/emulator/test_spec_schema.py`` checks the committed
file is what this script makes from the document, when both are at hand.
Re-run it when Auth0 publishes a new document, then read the diff.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "credtui" / "emulator" / "spec_client.json"

KEEP = {
    "type", "properties", "additionalProperties", "required", "items", "enum", "format",
    "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
    "minProperties", "maxProperties", "oneOf", "anyOf", "allOf",
}  # fmt: skip
"""The JSON-schema keywords the emulator's validator reads (descriptions: top level only)."""


def load(path: Path) -> dict[str, Any]:
    import yaml  # dev-only: the generated module needs no YAML

    with path.open(encoding="utf-8") as f:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster
        return dict(yaml.load(f, Loader=loader))


class Resolver:
    """Inlines ``#/components/...`` references, keeping only what validation reads."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def ref(self, ref: str) -> dict[str, Any]:
        node: Any = self.spec
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return dict(node)

    def schema(self, node: Any, *, describe: bool = False, seen: tuple[str, ...] = ()) -> Any:
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = node["$ref"]
            if name in seen:
                raise ValueError(f"recursive schema {name}")
            target = self.ref(name)
            merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            return self.schema(merged, describe=describe, seen=(*seen, name))
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "description" and describe:
                out[key] = " ".join(str(value).split())
            elif key == "properties":
                out[key] = {k: self.schema(v, seen=seen) for k, v in value.items()}
            elif key in ("items",) or (key == "additionalProperties" and isinstance(value, dict)):
                out[key] = self.schema(value, seen=seen)
            elif key in ("oneOf", "anyOf", "allOf"):
                out[key] = [self.schema(v, seen=seen) for v in value]
            elif key in KEEP:
                out[key] = value
        return out

    def body(self, name: str) -> dict[str, Any]:
        """A request body schema; its top-level properties keep their descriptions."""
        top = self.ref(f"#/components/schemas/{name}")
        out = self.schema({k: v for k, v in top.items() if k != "properties"})
        out["properties"] = {
            k: self.schema(v, describe=True) for k, v in top.get("properties", {}).items()
        }
        return dict(out)

    def params(self, path: str, method: str) -> dict[str, dict[str, Any]]:
        """The query parameters of one operation: name -> schema (with its description)."""
        out: dict[str, dict[str, Any]] = {}
        for p in self.spec["paths"][path][method].get("parameters", []):
            if "$ref" in p:
                p = self.ref(p["$ref"])
            if p.get("in") != "query":
                continue
            schema = self.schema(p.get("schema", {}))
            if p.get("description"):
                schema["description"] = " ".join(str(p["description"]).split())
            out[p["name"]] = schema
        return out


def field_names(pattern: str) -> list[str]:
    """The names a ``fields`` pattern ``^(A|B...)(,(A|B...))*$`` allows, in its order."""
    first = pattern.split(")(,(", 1)[0]
    return [n.replace("\\.", ".") for n in re.findall(r"\(([a-z_0-9\\.]+)\)", first)]


def render(spec_path: Path) -> str:
    raw = spec_path.read_bytes()
    spec = load(spec_path)
    r = Resolver(spec)
    list_query = r.params("/clients", "get")
    get_query = r.params("/clients/{id}", "get")
    names = field_names(list_query["fields"]["pattern"])
    if field_names(get_query["fields"]["pattern"]) != names:
        raise ValueError("GET /clients and GET /clients/{id} allow different fields")
    data = {
        "source": {
            "document": "management-api.yml",
            "version": str(spec.get("info", {}).get("version", "?")),
            "sha256": hashlib.sha256(raw).hexdigest()[:16],
            "made_by": "scripts/generate_client_schema.py (do not edit: run it again)",
        },
        "client_fields": names,
        "list_query": list_query,
        "get_query": get_query,
        "create_client": r.body("CreateClientRequestContent"),
        "update_client": r.body("UpdateClientRequestContent"),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    OUT.write_text(render(Path(argv[0])), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
