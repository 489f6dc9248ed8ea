from tests.dashboards.conftest import (  # noqa: F401  (the merger of the history tests)
    commune_c,
    merged_too,
    merger,
)
