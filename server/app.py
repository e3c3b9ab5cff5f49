"""The application factory: the one place where the web app is assembled."""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from server.api import register_api
from server.config import Settings, load_settings
from server.redis_connection import connect

# The extension calls the API from its own origin; anything else must be configured.
EXTENSION_ORIGINS = [r"chrome-extension://[a-p]{32}", r"moz-extension://[0-9a-f-]{36}"]


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.from_mapping(
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
    )
    app.extensions["redis"] = connect(settings.redis_url)
    CORS(app, resources={r"/api/*": {"origins": EXTENSION_ORIGINS + list(settings.cors_origins)}},
         expose_headers=["ETag", "Retry-After"])
    register_api(app)
    return app

