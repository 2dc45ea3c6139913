"""Admin pieces shared by the apps."""


class ReadOnlyAdminMixin:
    """Official figures and releases change only through a new import, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
