from django.db import models


class CacheEntry(models.Model):
    """The table of Django's database cache, made by `migrate` like every other table.

    Production without Redis keeps its cache here, so every server process shares rate
    limits and cache versions (see config.cache). The layout is the one that Django's
    `createcachetable` would make.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "kzng_cache"
        verbose_name_plural = "cache entries"

    def __str__(self) -> str:
        return self.cache_key
