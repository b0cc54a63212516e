from django import template

from ..models import CollectionItem

register = template.Library()


@register.inclusion_tag("research/add_to_collection.html", takes_context=True)
def add_to_collection(context, article):
    """The article page's small form: which of my collections hold it, and add it to one (no script needed)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"signed_in": False, "article": article, "request": request}
    collections = list(user.collections.all())
    holding = {
        item.collection_id
        for item in CollectionItem.objects.filter(collection__owner=user, article=article).only(
            "collection_id"
        )
    }
    return {
        "signed_in": True,
        "article": article,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "holding": [c for c in collections if c.pk in holding],
        "others": [c for c in collections if c.pk not in holding],
    }
