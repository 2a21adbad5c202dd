from django.contrib import admin

from cannocchiale.accounts.models import Membership
from cannocchiale.core.read_only_admin import ReadOnlyAdmin


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin[Membership]):
    list_display = ["user", "organization", "role", "position", "unit", "active"]
    list_filter = ["organization", "role", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
