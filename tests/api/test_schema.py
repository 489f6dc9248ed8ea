"""The OpenAPI document and the Swagger UI, served without any CDN."""

import re

import yaml
from drf_spectacular.validation import validate_schema


def test_the_schema_is_valid_openapi_3_and_lists_every_resource(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/places/",
        "/api/v1/people/{id}/",
        "/api/v1/holdings/",
        "/api/v1/summary/",
        "/api/v1/me/",
    ):
        assert path in schema["paths"]
    people = {p["name"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]}
    assert {"place", "place_id", "search", "ordering", "page", "page_size"} <= people
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    delete = schema["paths"]["/api/v1/people/{id}/"]["delete"]["responses"]
    assert {"204", "401", "403", "404", "409"} <= set(delete)
    assert "400" in schema["paths"]["/api/v1/people/"]["post"]["responses"]


def test_the_swagger_ui_loads_its_assets_from_the_portal_without_inline_script(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert "unpkg" not in page.lower()
    # Every script comes from a URL, so a strict Content-Security-Policy holds.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
