"""Building blocks of the REST API that every domain app's `api.py` uses:
scoped viewsets and serializers, permissions, filters by place and period, and
Django validation errors turned into DRF's. They live in `cells` because the
domain apps may import `cells` but never `portal`; `portal.api` holds only the
router, settings, schema and the cross-app endpoints."""
