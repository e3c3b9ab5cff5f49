"""How the API reads JSON bodies: with server/bounded_json.py instead of json.loads, so that no
body can make parsing itself fail. Two doors lead to a body: webargs, through the Blueprint every
resource's routes hang on (flask-smorest's documented way to change its parser is this class
attribute), and Flask's request.get_json() (a rate limit reads a batch's size before
validation), through the app's JSON provider."""
import flask_smorest
from flask.json.provider import DefaultJSONProvider
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from server import bounded_json


class BoundedJsonParser(FlaskParser):
    def _raw_load_json(self, req):
        if not is_json_request(req):
            return missing
        try:
            return bounded_json.loads(req.get_data(cache=True))
        except bounded_json.JsonLimitError as error:
            # Like "Invalid JSON body." (400): the body is refused before any field is read.
            abort(400, exc=error, messages={"json": {"body": [error.message]}})


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = BoundedJsonParser()


class BoundedJsonProvider(DefaultJSONProvider):
    """Flask's JSON, read within the limits; request.get_json(silent=True) takes JsonLimitError
    (a ValueError) for a body that is not JSON, as it does json.loads's own errors."""

    def loads(self, s, **kwargs):
        return bounded_json.loads(s)
