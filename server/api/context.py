"""What a view needs from the app it runs in, set up once by create_app()."""
from flask import current_app

from server.config import Settings


def get_redis():
    return current_app.extensions["redis"]


def get_settings() -> Settings:
    return current_app.config["SETTINGS"]


def get_recent_documents():
    return current_app.extensions["recent_documents"]
