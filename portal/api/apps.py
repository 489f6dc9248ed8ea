from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """An app only so that the API has its own admin (tokens) and its own
    translations (DRF's messages in Vietnamese, ours in English)."""

    name = "portal.api"
    label = "portal_api"
    verbose_name = _("API")
