"""Re-tagging stored articles with the gazetteer (after curation) and keeping Mention rows in step."""

from .models import Article, Entity, Mention


def retag_articles(ids, tagger, progress=lambda it: it):
    """Replace the mentions of these articles by what `tagger` finds now; returns how many changed."""
    entity_ids = dict(Entity.objects.values_list("key", "pk"))
    changed = 0
    for start in progress(range(0, len(ids), 200)):
        batch = Article.objects.filter(pk__in=ids[start : start + 200]).only("pk", "title", "body")
        for article in batch:
            found = {
                entity_ids[h.key]: h.mentions
                for h in tagger.tag(article.title + "\n\n" + article.body)
                if h.key in entity_ids
            }
            current = dict(Mention.objects.filter(article=article).values_list("entity_id", "count"))
            if found == current:
                continue
            changed += 1
            Mention.objects.filter(article=article).delete()
            Mention.objects.bulk_create(
                [Mention(article=article, entity_id=eid, count=n) for eid, n in found.items()]
            )
            # bulk_create sends no signals: touch the article so the index follows.
            article.save(update_fields=["modified"])
    return changed
