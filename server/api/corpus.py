"""/api/v1/corpus: where the corpus that related papers come from stands (its harvest)."""
from flask.views import MethodView

from server.api.json_body import Blueprint
from server.api.auth import documented
from server.api.context import get_redis
from server.api.schemas import CorpusStatusSchema
from server.corpus.bootstrap import status

blp = Blueprint("corpus", __name__, url_prefix="/api/v1/corpus",
                description="The corpus related papers come from, and its harvest from arXiv")


@blp.route("")
class Corpus(MethodView):
    @blp.response(200, CorpusStatusSchema)
    @documented(blp, authenticated=False)
    def get(self):
        """The corpus and its harvest: the first one's progress, then the daily one's

        On first run the workers harvest recent arXiv listings (by default the last 30 days of
        the `cs` set); papers are searchable by their words as each page arrives and by meaning
        once their vectors are in (`vectors` of `papers`)."""
        return status(get_redis())
