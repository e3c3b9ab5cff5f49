"""The web process: gunicorn serving the app factory (what the Procfile's `web` runs)."""
import os
import sys

from server.config import load_settings


def add_arguments(parser):
    parser.add_argument("--bind", help="host:port to listen on (default: HOST:PORT from the environment)")


def main(args):
    settings = load_settings()
    bind = args.bind or f"{settings.host}:{settings.port}"
    os.execvp(sys.executable, [
        sys.executable, "-m", "gunicorn",
        "--bind", bind,
        "--workers", str(settings.web_workers),
        "--threads", str(settings.web_threads),
        "--timeout", str(settings.web_timeout_seconds),
        "--graceful-timeout", "10",
        # Several web processes may run on one machine; a shared control socket would clash.
        "--no-control-socket",
        "server.app:create_app()",
    ])
