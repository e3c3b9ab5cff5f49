"""The one prefix under which every PaperGist key lives in Redis.

Each key family has one owner that builds its names from this prefix (a new layout gets a new
version): papers/store.py (papers, results, rendered documents), accounts/store.py (tokens,
profiles and the account namespace), lists/store.py (everything in an account's namespace
besides its profile, its digests and its imports and exports), lists/transfers.py (those imports
and exports, and the large uploads each machine's web processes are receiving), digests/store.py (a list's digest subscription and digests, in the account's namespace, and the
feed addresses, subscribers and generated secret), digests/trending.py (trending counts),
corpus/store.py (the related-papers corpus), api/rate_limits.py (the limiter's counters),
api/health.py (readiness's write probe). RQ keeps its own keys (rq:*).
"""

PREFIX = "papergist:v1"
