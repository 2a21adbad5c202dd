from django.contrib import admin

from cannocchiale.organization.models import Organization, OrgUnit, Position


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["code", "name", "kind", "staff"]
    search_fields = ["code", "name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["code", "name", "kind", "parent", "organization"]
    list_filter = ["organization", "kind"]
    search_fields = ["code", "name"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ["code", "title", "role", "holder", "unit", "organization"]
    list_filter = ["organization", "role"]
