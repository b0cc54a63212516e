"""Remember the sessions each user signed in with, so that all of them can be ended at once."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from .models import SignedInSession


@receiver(user_logged_in, dispatch_uid="research_session_in")
def remember_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    if not session.session_key:
        session.save()
    SignedInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]},
    )


@receiver(user_logged_out, dispatch_uid="research_session_out")
def forget_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        SignedInSession.objects.filter(session_key=session.session_key).delete()
