from django.contrib import admin

from samverkan.core.admin import ReadOnlyAdminMixin

from .models import ApiToken, Invitation, NetworkRole, OrganizationRole


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "granted_at"]
    search_fields = ["user__email", "network__name"]
    autocomplete_fields = ["user", "network"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sent from the organization's and network's people pages, where the link is e-mailed."""

    list_display = ["email", "organization", "network", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    exclude = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Created and revoked by organization administrators on their tokens page; the secret is never stored."""

    list_display = ["name", "organization", "network", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]
