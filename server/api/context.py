"""What a view needs from the app it runs in, set up once by create_app()."""
import functools

from flask import current_app, request

from server.config import Settings


def get_redis():
    return current_app.extensions["redis"]


def get_settings() -> Settings:
    return current_app.config["SETTINGS"]


def get_recent_documents():
    return current_app.extensions["recent_documents"]


def body_limit(limit_of):
    """Lets one view read a body larger than the general limit (max_request_bytes):
    `limit_of(settings)` bytes, set before @blp.arguments reads the body."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request.max_content_length = limit_of(get_settings())
            return view(*args, **kwargs)
        return wrapper
    return decorate
