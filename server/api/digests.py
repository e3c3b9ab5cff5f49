"""Daily digests: a list's subscription, its Atom feed at a secret address, the signed links of
its emails, and what is trending on this server.

The subscription routes need the account's token like every list route; the feed, the signed
links and /api/v1/trending do not (a feed reader or a mail client has no token: the feed's
address and the link's signature are the credential, and trending is counts only).
"""
from flask import Response, request
from flask.views import MethodView
from server.api.json_body import Blueprint

from server.api.auth import current_account, documented, require_token
from server.api.context import get_redis, get_settings
from server.api.digest_schemas import DigestInputSchema, DigestStateSchema, LinkFormSchema, TrendingSchema
from server.api.lists import LIST_NAME
from server.api.security_headers import mark_private
from server.digests import atom, trending
from server.digests import service as digests
from server.digests.render import render

blp = Blueprint("digests", __name__, description="Daily digests of a list: subscription, Atom feed, "
                                                  "signed email links; trending papers")
require_token(blp, public_endpoints=("digests.Feed", "digests.DigestLink", "digests.Trending"))

DIGEST = "/api/v1/lists/<list_name>/digest"
# The link page's own policy: no scripts, its inline styles, a form posting back to itself.
LINK_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
HTML = {"text/html": {"schema": {"type": "string"}}}


def _settings():
    """Settings whose links point where this request came in, unless public_url says otherwise."""
    settings = get_settings()
    return settings if settings.public_url else settings.replace(public_url=request.url_root)


@blp.route(DIGEST, parameters=[LIST_NAME])
class Digest(MethodView):
    @blp.response(200, DigestStateSchema)
    @documented(blp, 404, 422)
    def get(self, list_name):
        """The list's daily digest subscription and its latest digest"""
        return digests.state(get_redis(), _settings(), current_account(), list_name)

    @blp.arguments(DigestInputSchema, required=False)
    @blp.response(200, DigestStateSchema, description="The subscription was changed")
    @blp.alt_response(201, schema=DigestStateSchema, description="The list was subscribed", success=True)
    @documented(blp, 404, 422)
    def put(self, body, list_name):
        """Subscribe the list to a daily digest (an Atom feed, and email with `email`), or change it

        The first digest holds the papers that join the corpus after this call, ranked against
        the list; fields left out keep their value (no body at all: the feed alone)."""
        state, created = digests.subscribe(get_redis(), _settings(), current_account(), list_name, body)
        return state, 201 if created else 200

    @blp.response(204)
    @documented(blp, 404, 422)
    def delete(self, list_name):
        """Unsubscribe: no more digests, and the feed's address stops working"""
        digests.unsubscribe(get_redis(), current_account(), list_name)


@blp.route(DIGEST + "/token", parameters=[LIST_NAME])
class DigestToken(MethodView):
    @blp.response(200, DigestStateSchema)
    @documented(blp, 404, 422)
    def post(self, list_name):
        """Give the feed a new secret address; the old one stops working at once"""
        return digests.rotate(get_redis(), _settings(), current_account(), list_name)


@blp.route("/feeds/<token>.atom", parameters=[{"in": "path", "name": "token", "schema": {"type": "string"},
                                               "description": "the feed's secret token"}])
class Feed(MethodView):
    @blp.doc(responses={"200": {"description": "The Atom feed", "content": {
        atom.MEDIA_TYPE: {"schema": {"type": "string"}}}}})
    @documented(blp, 404, authenticated=False)
    def get(self, token):
        """A list's digests as an Atom feed (the address is the credential)"""
        mark_private()
        redis, settings = get_redis(), _settings()
        account_id, list_name, subscription, days = digests.feed(redis, token)
        body = atom.feed(redis, settings, account_id, list_name, subscription, days, digests.feed_url(settings, token))
        return Response(body, mimetype=atom.MEDIA_TYPE)


@blp.route("/api/v1/digest-links/<signed>", parameters=[{"in": "path", "name": "signed", "schema": {"type": "string"},
                                                         "description": "a signed link from a digest"}])
class DigestLink(MethodView):
    @blp.doc(responses={"200": {"description": "A page asking to confirm, with a button", "content": HTML}})
    @documented(blp, 404, authenticated=False)
    def get(self, signed):
        """A digest email's link: a page with a button that does what it says (a mail scanner
        fetching the link changes nothing)"""
        link = digests.read_link(get_redis(), _settings(), signed)
        return _page(question=link["question"], button=link["button"])

    @blp.arguments(LinkFormSchema, location="form")
    @blp.doc(responses={"200": {"description": "Done", "content": HTML}})
    @documented(blp, 404, 422, authenticated=False)
    def post(self, _form, signed):
        """Save the paper, mark it not relevant, or stop the list's emails, as the link says

        A mail client's one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` here."""
        redis, settings = get_redis(), _settings()
        link = digests.read_link(redis, settings, signed)
        digests.act(redis, settings, link)
        return _page(done=link["done"])


@blp.route("/api/v1/trending")
class Trending(MethodView):
    @blp.response(200, TrendingSchema)
    @documented(blp, authenticated=False)
    def get(self):
        """The papers this server's readers opened and saved most in the last day (counts, never who)"""
        settings = get_settings()
        return {"hours": trending.WINDOW_HOURS, "min_clients": settings.trending_min_clients,
                "items": trending.trending(get_redis(), settings)}


def _page(**context) -> Response:
    mark_private()
    response = Response(render("link.html", **context), mimetype="text/html")
    response.headers["Content-Security-Policy"] = LINK_PAGE_POLICY
    return response
