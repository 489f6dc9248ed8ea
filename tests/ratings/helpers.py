"""Ratings written through ratings.services, as the figures and list tests
need them: a cell's members and the cell rated, proposed and approved."""

from core.audit import acting_as
from ratings.services import approve, propose, review_for, save_ratings
from tests.ratings.test_review import entries_for


def rate_cell(user, rating_round, cell, members, *, failed=(), approved=True):
    """Rate `members` (80 points, "tốt"; those in `failed` vetoed: "không
    hoàn thành") and `cell` (85, "tốt"); propose and approve when asked."""
    review = review_for(rating_round, cell=cell)
    rows = entries_for(rating_round, members)
    for row in rows:
        if row.member in failed:
            row.vetoes = {"bi_ky_luat"}
    with acting_as(user):
        save_ratings(user, review, rows)
        if approved:
            propose(user, review)
            approve(user, review)
    return review
