"""Additions to the generated OpenAPI document: the error answers every
operation can give, so clients (and the contract test) know their shape.

* 400 — a message list per field (`non_field_errors` for the record as a
  whole), for operations that take a body or query parameters;
* 401 — not signed in; 403 — signed in, not allowed; 404 — no such row in
  the caller's scope, or no such page (all `{"detail": "..."}`);
* 409 — a delete or write that other records prevent.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Messages per field; `non_field_errors` for the record as a whole; "
        "`detail` alone when the body could not be read at all."
    ),
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}


def _response(description, name):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
            if operation.get("requestBody") or query:
                responses.setdefault("400", _response("Invalid input", "ValidationError"))
            if operation.get("security"):
                responses.setdefault("401", _response("Not signed in", "Error"))
                responses.setdefault("403", _response("Not allowed", "Error"))
            # A page past the end, or not a page number at all, is a 404 (DRF).
            if "{" in path or any(p["name"] == "page" for p in query):
                responses.setdefault("404", _response("Not found in your scope", "Error"))
            if method in ("post", "put", "patch", "delete"):
                responses.setdefault("409", _response("Prevented by other records", "Error"))
    return result
