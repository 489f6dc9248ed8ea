"""DRF and drf-spectacular settings, imported by portal/settings/base.py.

Plain data, no Django imports: settings load before apps do.
"""

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "not signed in" into a
    # 401 (with session first DRF would answer 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.rest.permissions.ScopedModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # DRF's defaults, JSON made safe against deeply nested bodies.
    "DEFAULT_PARSER_CLASSES": [
        "core.rest.parsers.CheckedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Record filters offer only what the caller may see (core/rest/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["core.rest.filters.ScopedFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "core.rest.exceptions.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Party cell portal API",
    "DESCRIPTION": (
        "Places, party cells, members, posts and holdings, meetings, awards and "
        "reports of hamlet-level party cells. Every list shows only what the "
        "caller's place covers; staff write, officers read. Authenticate with "
        "`Authorization: Token <key>` (tokens are issued in the admin) or a session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets from drf-spectacular-sidecar: served by the portal, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public Swagger validator: it would send the schema's
    # address to a third party, and the Content-Security-Policy blocks it anyway.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Choice sets shared by several fields get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PlaceKindEnum": "cells.constants.PlaceKind",
        "CellKindEnum": "cells.constants.CellKind",
        "HoldingEndReasonEnum": "cells.constants.EndReason",
        "MembershipEndReasonEnum": "cells.constants.MembershipEndReason",
        "MeetingKindEnum": "meetings.constants.MeetingKind",
        "AttendanceStatusEnum": "meetings.constants.AttendanceStatus",
        "ReportKindEnum": "portal.models.ReportKind",
        "ReportStatusEnum": "portal.models.ReportStatus",
        "RatingLevelEnum": "ratings.constants.RatingLevel",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.add_error_responses",
    ],
}
