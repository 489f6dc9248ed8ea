from tests.ratings.conftest import (  # noqa: F401  (the review's round, cell and staff)
    cell_a,
    commune_staff,
    rating_round,
)
