from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2&page_size=100`; a page size over the cap is cut to the cap
    (DRF's behaviour), never an error, so scripts asking for "everything"
    simply page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
