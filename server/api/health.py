"""Liveness (the process answers) and readiness (Redis answers and a worker is listening)."""
from flask.views import MethodView
from flask_smorest import Blueprint
from rq import Worker

from server.api.schemas import HealthSchema
from server.api.context import get_redis

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
        redis = get_redis()
        redis.ping()
        workers = Worker.count(connection=redis)
        if workers == 0:
            return {"status": "no worker is running", "redis": "ok", "workers": 0}, 503
        return {"status": "ok", "redis": "ok", "workers": workers}
