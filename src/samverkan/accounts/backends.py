"""Sign in with an e-mail address, in any letter case."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip()
        if not email or password is None:
            return None
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=email).order_by("id").first()
        if user is None:
            user_model().set_password(password)  # the same work as for a real user: no timing difference
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
