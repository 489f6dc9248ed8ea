from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Sinh hoạt chi bộ")

    def ready(self):
        from core.audit import register_app_models

        # Columns derived from others would only repeat a change on the trail.
        register_app_models(
            self, exclude_fields=("papers_days_ahead", "attendance_present", "attendance_total")
        )
