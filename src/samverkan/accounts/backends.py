"""Sign in with an e-mail address, in any letter case, within the limits of `throttle`.

The limits are applied here, where every password check happens, not in one view: the site's sign-in
page, Django admin's login and any form that calls `authenticate()` are all counted the same way.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle

REFUSAL_ATTRIBUTE = "sign_in_refusal"  # set on the request when an attempt was refused unchecked


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()[:254]
        if not email or password is None:
            return None
        # Without a request (code calling authenticate() itself) there is no client address: such
        # attempts share one counter rather than going uncounted.
        address = throttle.client_address(request) if request is not None else ""
        refusal = throttle.sign_in_begin(email, address)
        if refusal:
            throttle.security_log.warning(
                "refused: sign-in for %s from %s (%s), %s s to wait",
                email[:100],
                address,
                "address limit" if refusal.per_address else "delay for this account",
                refusal.seconds,
            )
            if request is not None:
                setattr(request, REFUSAL_ATTRIBUTE, refusal)
            raise PermissionDenied  # stops Django trying other backends; authenticate() returns None
        user = self._check(email, password)
        if user is None:
            throttle.sign_in_failed(email, address)
        else:
            throttle.sign_in_succeeded(email, address)
        return user

    def _check(self, email: str, password: str):
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=email).order_by("id").first()
        if user is None:
            user_model().set_password(password)  # the same work as for a real user: no timing difference
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
