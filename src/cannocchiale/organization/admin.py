from django.contrib import admin

from cannocchiale.core.read_only_admin import ReadOnlyAdmin
from cannocchiale.organization.models import Organization, OrgUnit, Position


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin[Organization]):
    list_display = ["code", "name", "kind", "staff"]
    search_fields = ["code", "name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin[OrgUnit]):
    list_display = ["code", "name", "kind", "parent", "organization"]
    list_filter = ["organization", "kind"]
    search_fields = ["code", "name"]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin[Position]):
    list_display = ["code", "title", "role", "holder", "unit", "organization"]
    list_filter = ["organization", "role"]
