"""Swagger UI's scripts and styles for the page at /api/docs, served from an installed package.

flask-smorest renders the page itself but links its assets from a CDN by default, which leaves
the page blank offline or behind a strict proxy. flask-swagger-ui ships a current Swagger UI
build (its blueprint is not used: flask-smorest's page already reads our OpenAPI document).
"""
from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint

ASSETS_URL = "/api/docs/assets/"
blp = Blueprint("swagger_ui_assets", __name__,
                static_folder=str(Path(flask_swagger_ui.__file__).parent / "dist"),
                static_url_path=ASSETS_URL.rstrip("/"))
