from django.contrib import admin

from cannocchiale.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organization", "role", "position", "unit", "active"]
    list_filter = ["organization", "role", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
