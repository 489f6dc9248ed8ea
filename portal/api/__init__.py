"""The REST API, version 1 (`/api/v1/`): router, authentication, permissions,
pagination, errors and the OpenAPI schema. Each domain app describes its own
records in its `api.py` (serializers, filter sets, viewsets) on top of the
building blocks here; `portal/api/urls.py` registers them."""
