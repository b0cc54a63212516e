"""Sign-in, sign-up (only when ARCHIVE_SIGNUP is on), the account page and revocation of sessions and tokens."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import SignUpForm, ThrottledAuthenticationForm
from .groups import RESEARCHERS
from .models import SignedInSession


class SignInView(auth_views.LoginView):
    template_name = "research/sign_in.html"
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(signup=signup_open(), **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


def signup_open():
    return bool(getattr(settings, "ARCHIVE_SIGNUP", False))


def sign_up(request):
    if not signup_open():
        raise Http404(_("Accounts are made by the archive's administrators."))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        group, _created = Group.objects.get_or_create(name=RESEARCHERS)
        user.groups.add(group)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("research:account")
    return render(request, "research/sign_up.html", {"form": form}, status=400 if form.errors else 200)


def authtoken_model():
    """DRF's Token model when the API installs it, else None (tokens are the API's; we only revoke them)."""
    if apps.is_installed("rest_framework.authtoken"):
        return apps.get_model("authtoken", "Token")
    return None


@login_required
def account(request, new_token=None):
    token_model = authtoken_model()
    context = {
        "sessions": SignedInSession.objects.filter(user=request.user).order_by("-created"),
        "current_session": request.session.session_key,
        "tokens_available": token_model is not None,
        "token": token_model.objects.filter(user=request.user).first() if token_model else None,
        "new_token": new_token,
        "searches": request.user.saved_searches.all(),
        "collections": request.user.collections.all(),
    }
    return render(request, "research/account.html", context)


@login_required
@require_POST
def issue_token(request):
    """A new API token for the signed-in account (the old one stops working). Its key is shown in this
    response only, never in a link, a message cookie or a later page: whoever sees the account page
    afterwards cannot read it."""
    token_model = authtoken_model()
    if token_model is None:
        raise Http404
    token_model.objects.filter(user=request.user).delete()
    token = token_model.objects.create(user=request.user)
    response = account(request, new_token=token.key)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def sign_out_everywhere(request):
    """End every session the user signed in with, on every device, this one last."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in SignedInSession.objects.filter(user=request.user).values_list("session_key", flat=True):
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=request.user).delete()
    logout(request)
    return redirect("research:login")


@login_required
@require_POST
def revoke_token(request):
    token_model = authtoken_model()
    if token_model is None:
        raise Http404
    token_model.objects.filter(user=request.user).delete()
    messages.success(request, _("Your API token was revoked."))
    return redirect("research:account")
