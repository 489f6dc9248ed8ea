from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = _("Chuyển sinh hoạt đảng")

    def ready(self):
        from cells.querysets import PartyMemberQuerySet
        from core.audit import register_app_models

        from .querysets import attending_within

        register_app_models(self)
        # A member attending a cell of the place temporarily ("sinh hoạt tạm")
        # is read there too; cells cannot import this app, so it says so here.
        PartyMemberQuerySet.register_seen_through(attending_within)
