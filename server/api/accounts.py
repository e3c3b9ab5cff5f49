"""/api/v1/accounts: create an account (its token), rotate the token, delete everything."""
from flask.views import MethodView

from server.api.json_body import Blueprint
from server.accounts import service as accounts
from server.lists import service as lists
from server.api.auth import current_account, documented, require_token
from server.api.context import get_redis
from server.api.schemas import AccountExportSchema, AccountSchema, TokenSchema
from server.api.security_headers import mark_private

blp = Blueprint("accounts", __name__, url_prefix="/api/v1/accounts",
                description="Accounts: one bearer token each, kept by the extension")
require_token(blp, public_endpoints=("accounts.Accounts",))


@blp.route("")
class Accounts(MethodView):
    @blp.response(201, TokenSchema)
    @documented(blp, authenticated=False)
    def post(self):
        """Create an account and return its token (shown this once)"""
        mark_private()
        return {"token": accounts.create_account(get_redis())}


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, AccountSchema)
    @documented(blp)
    def get(self):
        """The account the token belongs to"""
        return accounts.get_profile(get_redis(), current_account())

    @blp.response(204)
    @documented(blp)
    def delete(self):
        """Delete the account with every list and item in it; the token stops working"""
        accounts.delete_account(get_redis(), current_account())


@blp.route("/me/token")
class Token(MethodView):
    @blp.response(201, TokenSchema)
    @documented(blp)
    def post(self):
        """Replace the token: the new one is returned once, the old one stops working"""
        return {"token": accounts.rotate_token(get_redis(), current_account())}


@blp.route("/me/export")
class Export(MethodView):
    @blp.response(200, AccountExportSchema)
    @documented(blp)
    def get(self):
        """Everything the account holds: every list with every item, as PaperGist JSON"""
        redis, account = get_redis(), current_account()
        return {"format": "papergist-account", "version": 1, "lists": [
            {"list": entry["name"], "items": lists.items_with_papers(redis, account, entry["name"])}
            for entry in lists.all_lists(redis, account)]}
