"""Who may do what through the API.

Reading needs an active signed-in account; *which* rows it reaches is
decided by the viewset's queryset, `Model.objects.in_scope(user)`, not here
(every role may view every domain model in its scope, portal/roles.py, so
checking the view permission too would only cost two queries a request).
Writing needs the model's add/change/delete permission from the role's group
(officers have none, and shared reference data stays read-only for staff),
and changing or deleting a row needs the write rule to say the row is the
caller's (`editable_by`): a row the caller sees but may not change is a 403,
one they cannot see a 404.
"""

from rest_framework import permissions

from cells.querysets import may_edit


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Signed in to read (DRF's map asks no permission for GET, HEAD and
    OPTIONS); the model's permission to write, and the row's write rule to
    change or delete it."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or may_edit(request.user, obj)


class SignedIn(permissions.IsAuthenticated):
    """Any active signed-in account; for endpoints that are not one model
    (the summary, the caller's own account) and scope their answer themselves."""
