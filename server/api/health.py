"""Liveness (the process answers) and readiness (Redis answers and a live worker listens)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server.api.context import get_redis, get_settings
from server.api.schemas import HealthSchema
from server.jobs.queues import live_worker_count, silence_limit_seconds

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
    @blp.alt_response(503, schema=HealthSchema, description="Redis unreachable or no worker alive")
    def get(self):
        """Redis answers and at least one worker is alive"""
        redis, settings = get_redis(), get_settings()
        redis.ping()
        workers = live_worker_count(redis, settings)
        if workers == 0:
            silent = silence_limit_seconds(settings)
            return {"status": f"no worker alive: none has reported in the last {silent} s",
                    "redis": "ok", "workers": 0}, 503
        return {"status": "ok", "redis": "ok", "workers": workers}
