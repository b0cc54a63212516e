"""Form fields the admin uses instead of raw JSON: curators type lists as plain text."""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ListField(forms.Field):
    """A JSON list of strings, edited as text: comma-separated (`separator=","`) or one per line.

    Wire sources were typed as raw JSON (`["Reuters", "AFP"]`); a curator now types `Reuters, AFP`.
    Text that is already a JSON list is still read as one, so pasting from an export works.
    """

    def __init__(self, *, separator=",", **kwargs):
        self.separator = separator
        kwargs.pop("encoder", None), kwargs.pop("decoder", None)  # a JSONField's formfield arguments
        kwargs.pop("max_length", None)
        if "widget" not in kwargs:
            kwargs["widget"] = (
                forms.TextInput(attrs={"size": 60}) if separator == "," else forms.Textarea(attrs={"rows": 3})
            )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        if not self.help_text:
            self.help_text = _("Separate with commas.") if separator == "," else _("One per line.")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return (", " if self.separator == "," else "\n").join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            items = [str(v) for v in value]
        else:
            text = (value or "").strip()
            if text.startswith("["):
                try:
                    items = json.loads(text)
                except ValueError:
                    raise ValidationError(_("Write the items as plain text, not JSON.")) from None
                if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                    raise ValidationError(_("Write the items as plain text, not JSON."))
            else:
                pattern = r"[,\n]" if self.separator == "," else r"\n"
                items = re.split(pattern, text)
        seen, result = set(), []
        for item in (i.strip() for i in items):
            if item and item not in seen:
                seen.add(item)
                result.append(item)
        return result

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial or []) != self.to_python(data)
        except ValidationError:
            return True


class ListFieldsMixin:
    """ModelAdmin mixin: the JSON fields named in `list_fields` ({name: separator}) become ListFields."""

    list_fields: dict[str, str] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.list_fields:
            return ListField(
                separator=self.list_fields[db_field.name],
                label=db_field.verbose_name[:1].upper() + db_field.verbose_name[1:],
                help_text=db_field.help_text,
                required=not db_field.blank,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
