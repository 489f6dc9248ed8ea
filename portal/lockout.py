"""The page a locked-out visitor sees (django-axes calls `locked_out`)."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "portal/locked_out.html",
        {"cooloff_minutes": minutes, "title": "Tạm khóa đăng nhập"},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
