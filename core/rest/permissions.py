"""Who may do what through the API.

Reading needs an active signed-in account; *which* rows it reaches is
decided by the viewset's queryset, `Model.objects.in_scope(user)`, not here
(every role may view every domain model in its scope, portal/roles.py, so
checking the view permission too would only cost two queries a request).
Writing needs the account to be able to edit (`user.can_edit`: staff and
superusers) *and* the model's add/change/delete permission from the role's
group, so shared reference data (post types, terms) stays read-only for
staff too.
"""

from rest_framework import permissions


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Signed in to read (DRF's map asks no permission for GET, HEAD and
    OPTIONS); can_edit + the model's permission to write."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method not in permissions.SAFE_METHODS and not user.can_edit:
            return False
        return super().has_permission(request, view)


class SignedIn(permissions.IsAuthenticated):
    """Any active signed-in account; for endpoints that are not one model
    (the summary, the caller's own account) and scope their answer themselves."""
