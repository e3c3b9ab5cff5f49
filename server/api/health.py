"""Liveness (the process answers) and readiness (Redis takes writes and a live worker listens)."""
from flask.views import MethodView
from redis.exceptions import ResponseError

from server.api.json_body import Blueprint
from server.api.context import get_redis, get_settings
from server.api.schemas import HealthSchema
from server.corpus.bootstrap import status as corpus_status
from server.jobs.state import live_worker_count, silence_limit_seconds
from server.keys import PREFIX

# Written by every readiness check: a Redis that answers PING may still refuse writes (a full disk:
# MISCONF after a failed snapshot or append-only write; a replica: READONLY; maxmemory: OOM), and
# a service that cannot write cannot take a single paper or save. One short-lived key, this
# module's own family.
PROBE_KEY = f"{PREFIX}:health:write-probe"
PROBE_TTL_SECONDS = 60

blp = Blueprint("health", __name__, description="Health checks for load balancers")


@blp.route("/healthz")
class Liveness(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """The web process is alive (touches nothing else)"""
        return {"status": "ok"}


@blp.route("/readyz")
class Readiness(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema,
                      description="Redis unreachable or refusing writes (full disk), or no worker alive")
    def get(self):
        """Redis takes writes and at least one worker is alive

        The body also says where the corpus harvest stands; a corpus still loading is ready:
        papers get related lists from what is there, and say so."""
        redis, settings = get_redis(), get_settings()
        try:
            # Redis also answers PING with MISCONF while it refuses writes, so one write tells all.
            redis.set(PROBE_KEY, "1", ex=PROBE_TTL_SECONDS)
        except ResponseError as error:
            return {"status": f"Redis refuses writes: {error}", "redis": "refusing writes"}, 503
        workers = live_worker_count(redis, settings)
        harvest = corpus_status(redis)
        corpus = {name: harvest.get(name) for name in ("state", "papers", "expected", "vectors")}
        if workers == 0:
            silent = silence_limit_seconds(settings)
            return {"status": f"no worker alive: none has reported in the last {silent} s",
                    "redis": "ok", "workers": 0, "corpus": corpus}, 503
        return {"status": "ok", "redis": "ok", "workers": workers, "corpus": corpus}
