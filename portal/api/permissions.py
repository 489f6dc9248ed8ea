"""Who may do what through the API.

Reading needs the model's view permission (every role has it for the domain
models); writing needs the account to be able to edit (`user.can_edit`:
staff and superusers) *and* the model's add/change/delete permission, which
the role's group grants (portal/roles.py): so shared reference data (post
types, terms) stays read-only for staff too. *Which* rows are reachable is
not decided here but by the viewset's queryset, `Model.objects.in_scope(user)`.
"""

from rest_framework import permissions


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Signed in; view permission to read; can_edit + model permission to write."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

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
