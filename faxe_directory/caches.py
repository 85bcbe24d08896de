"""A cache the gunicorn workers of one host share, in files: Django's file cache, with its clean-up
spread out.

The search results and the page parts kept per index generation (search/cache.py) are the same for
every reader. In each worker's own memory, every worker rendered each visitkort and profile once
per generation; in a folder they share, one worker renders it and the others read it (a read is
~0.1 ms: the files stay in the page cache). Set `CACHE_DIRECTORY` (systemd's `CacheDirectory=`
sets it; docs/deploy.md), or `REDIS_URL` for a cache shared by several hosts.

Django's FileBasedCache lists the whole folder before every write to see whether it is full:
~10 ms at 5,000 entries on a small server, paid by every search not found in the cache. Here one
write in `CULL_EVERY` does it, so the folder may hold up to about `CULL_EVERY` entries above
MAX_ENTRIES before a third of them is dropped.
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 50


class SharedFileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY) == 0:
            super()._cull()
