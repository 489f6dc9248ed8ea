"""An admin site with the import mixin on bare scoped admins, so the import
pages are tested apart from the portal's own admin classes."""

from django.contrib.admin import AdminSite
from django.urls import include, path

from cells.imports.hamlets import HamletImport
from cells.imports.members import MemberImport
from cells.imports.people import PeopleImport
from cells.models import PartyMember, Person, Place
from core.admin_scope import ScopedAdmin
from core.imports.admin import ImportAdminMixin

site = AdminSite(name="admin")


class PersonImportAdmin(ImportAdminMixin, ScopedAdmin):
    importer_class = PeopleImport


class MemberImportAdmin(ImportAdminMixin, ScopedAdmin):
    importer_class = MemberImport


class PlaceImportAdmin(ImportAdminMixin, ScopedAdmin):
    importer_class = HamletImport


site.register(Person, PersonImportAdmin)
site.register(PartyMember, MemberImportAdmin)
site.register(Place, PlaceImportAdmin)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", site.urls),
]
