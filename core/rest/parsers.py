"""Request bodies the API reads."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class CheckedJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested too deep to decode (thousands of
    "[") answered like any other malformed body: Python's decoder raises
    RecursionError there, which DRF leaves as a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Dữ liệu JSON không hợp lệ: lồng nhau quá sâu.")) from None
