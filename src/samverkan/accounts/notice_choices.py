"""My notices ("Mina sidor"): which kinds of e-mail notice a person gets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samverkan.core.errors import Invalid
from samverkan.notices import queries, services


@login_required
def notice_choices(request):
    """Each kind with a checkbox; saving turns the ticked kinds on and the others off. An unknown kind: 422."""
    error, status = "", 200
    if request.method == "POST":
        try:
            services.choices_set(user=request.user, wanted=request.POST.getlist("kind"))
        except Invalid as refusal:
            error, status = refusal.message, 422
        else:
            messages.success(request, _("Your choice of notices was saved."))
            return redirect("accounts:notices")
    context = {"choices": queries.choices_for(request.user), "error": error}
    return render(request, "accounts/notices.html", context, status=status)
