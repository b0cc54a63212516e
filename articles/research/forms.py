from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttle
from .models import Collection, CollectionItem, SavedSearch


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing every try (even a right one) once an account or address failed too often."""

    error_messages = dict(
        AuthenticationForm.error_messages,
        throttled=_("Too many failed sign-ins. Please wait %(minutes)s minutes and try again."),
    )
    throttled = False

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        if throttle.blocked(username, address):
            self.throttled = True
            minutes = int(throttle.window().total_seconds() // 60)
            raise ValidationError(
                self.error_messages["throttled"], code="throttled", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                throttle.record_failure(username, address)
            raise
        throttle.clear(username)
        return cleaned


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("Email"), required=False)

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ("name", "notes", "query")
        widgets = {"query": forms.HiddenInput, "notes": forms.Textarea(attrs={"rows": 3})}


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ("name", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ItemForm(forms.ModelForm):
    class Meta:
        model = CollectionItem
        fields = ("notes", "tags")
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"tags": _("Separated by commas.")}
