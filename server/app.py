"""The application factory: the one place where the web app is assembled."""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from server.api import register_api
from server.api.rate_limits import init_rate_limits
from server.api.security_headers import init_security_headers
from server.config import Settings, load_settings
from server.api.document_cache import RecentDocuments
from server.redis_connection import connect

# The extension calls the API from its own origin; anything else must be configured. flask-cors
# matches a pattern with re.match, which anchors only the start: without \Z, an origin such as
# chrome-extension://<32 letters>.evil.example would pass.
EXTENSION_ORIGINS = [r"chrome-extension://[a-p]{32}\Z", r"moz-extension://[0-9a-f-]{36}\Z"]


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    # Werkzeug answers "//" in a path with an HTML redirect (308) to the merged path; no paper id
    # starts with "/", so such a path is a plain JSON 404 like any other that matches no route.
    app.url_map.merge_slashes = False
    app.config.from_mapping(
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
    )
    app.extensions["redis"] = connect(settings)
    app.extensions["recent_documents"] = RecentDocuments(settings.document_memory_seconds)
    if settings.trusted_proxies:
        # Behind a load balancer the client's address is in X-Forwarded-For (for rate limits).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)
    CORS(app, resources={r"/api/*": {"origins": EXTENSION_ORIGINS + list(settings.cors_origins)}},
         expose_headers=["ETag", "Retry-After", "Location"])
    app.extensions["rate_limiter"] = init_rate_limits(app, settings)
    init_security_headers(app)
    register_api(app)
    return app

