import pytest
from hypothesis import given, settings, strategies as st

from server.errors import InvalidPaperIdError
from server.identifiers import PAPER_ID_PATTERN, VALUE_PATTERNS, from_url, identify, normalize_url, parse_id

ADDRESSES = [
    ("https://arxiv.org/abs/2401.01234", "arxiv:2401.01234", None),
    ("https://arxiv.org/abs/2401.01234v3", "arxiv:2401.01234", 3),
    ("http://arxiv.org/pdf/2401.01234", "arxiv:2401.01234", None),
    ("https://arxiv.org/pdf/2401.01234v2.pdf", "arxiv:2401.01234", 2),
    ("https://arxiv.org/pdf/2401.01234v2?download=1#page=3", "arxiv:2401.01234", 2),
    ("https://arxiv.org/html/2401.01234v1", "arxiv:2401.01234", 1),
    ("https://arxiv.org/html/2401.01234v1/#S3", "arxiv:2401.01234", 1),
    ("https://www.arxiv.org/abs/1706.03762", "arxiv:1706.03762", None),
    ("https://export.arxiv.org/abs/2401.01234", "arxiv:2401.01234", None),
    ("https://arxiv.org/abs/math/0502036", "arxiv:math/0502036", None),
    ("https://arxiv.org/pdf/math/0502036v2", "arxiv:math/0502036", 2),
    ("https://arxiv.org/abs/hep-th/9901001", "arxiv:hep-th/9901001", None),
    ("https://arxiv.org/abs/math.GT/0309136", "arxiv:math.GT/0309136", None),
    ("https://ar5iv.labs.arxiv.org/html/1706.03762", "arxiv:1706.03762", None),
    ("https://ar5iv.org/abs/1706.03762", "arxiv:1706.03762", None),
    ("https://www.alphaxiv.org/abs/2401.01234", "arxiv:2401.01234", None),
    ("https://alphaxiv.org/pdf/2401.01234v2", "arxiv:2401.01234", 2),
    ("https://huggingface.co/papers/2401.01234", "arxiv:2401.01234", None),
    ("https://huggingface.co/papers/2401.01234#community", "arxiv:2401.01234", None),
    ("https://doi.org/10.48550/arXiv.2401.01234", "arxiv:2401.01234", None),
    ("https://doi.org/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701", None),
    ("https://dx.doi.org/10.1038/NATURE14539", "doi:10.1038/nature14539", None),
    ("https://www.biorxiv.org/content/10.1101/2024.01.02.573921v2", "doi:10.1101/2024.01.02.573921", 2),
    ("https://www.biorxiv.org/content/10.1101/2024.01.02.573921v1.full.pdf", "doi:10.1101/2024.01.02.573921", 1),
    ("https://www.medrxiv.org/content/10.1101/2020.03.19.20039354v1.full", "doi:10.1101/2020.03.19.20039354", 1),
    ("https://openreview.net/forum?id=rJXMpikCZ", "openreview:rJXMpikCZ", None),
    ("https://openreview.net/pdf?id=rJXMpikCZ", "openreview:rJXMpikCZ", None),
    ("https://openreview.net/forum?id=rJXMpikCZ&noteId=abc", "openreview:rJXMpikCZ", None),
    ("https://aclanthology.org/2023.acl-long.1/", "acl:2023.acl-long.1", None),
    ("https://aclanthology.org/2023.acl-long.1.pdf", "acl:2023.acl-long.1", None),
    ("https://aclanthology.org/2023.acl-long.1.bib", "acl:2023.acl-long.1", None),
    ("https://aclanthology.org/P19-1001/", "acl:P19-1001", None),
    ("https://www.aclweb.org/anthology/P19-1001.pdf", "acl:P19-1001", None),
    ("https://pubmed.ncbi.nlm.nih.gov/31452104/", "pmid:31452104", None),
    ("https://www.ncbi.nlm.nih.gov/pubmed/31452104", "pmid:31452104", None),
    ("https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/"
     "204e3073870fae3d05bcbc2f6a8e263d9b72e776", "s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776", None),
    ("https://www.semanticscholar.org/paper/204E3073870FAE3D05BCBC2F6A8E263D9B72E776",
     "s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776", None),
]


@pytest.mark.parametrize("url, paper_id, version", ADDRESSES)
def test_every_address_form_maps_to_its_canonical_id(url, paper_id, version):
    ref = identify(url)
    assert (ref.paper_id, ref.version) == (paper_id, version)


def test_other_addresses_get_a_stable_url_id():
    a = identify("https://www.example.com/paper/42?utm_source=x&b=2&a=1#section")
    b = identify("http://example.com/paper/42/?a=1&b=2")
    assert a.paper_id == b.paper_id
    assert a.paper_id.startswith("url:") and len(a.paper_id) == len("url:") + 16
    assert identify("https://example.com/paper/43").paper_id != a.paper_id


def test_near_miss_ids_are_not_taken_for_arxiv():
    assert identify("https://arxiv.org/abs/2401.012345").paper_id.startswith("url:")
    assert identify("https://arxiv.org/list/cs.CL/recent").paper_id.startswith("url:")


def test_explicit_ids_win_over_the_address():
    ref = identify("https://example.com/some/landing/page", {"doi": "10.48550/arXiv.2401.01234v4"})
    assert (ref.paper_id, ref.version) == ("arxiv:2401.01234", 4)
    assert identify("https://arxiv.org/abs/2401.01234", {"pmid": "123"}).paper_id == "pmid:123"
    assert identify("https://arxiv.org/abs/2401.01234v2", {"arxiv": "2401.01234"}, version=5).version == 5


def test_explicit_arxiv_id_beats_explicit_doi():
    ref = identify("https://x.org", {"doi": "10.1145/1", "arxiv": "arXiv:1706.03762v7"})
    assert (ref.paper_id, ref.version) == ("arxiv:1706.03762", 7)


@pytest.mark.parametrize("text", ["arxiv:2401.01234v2", "ARXIV:2401.01234", "arxiv: 2401.01234 "])
def test_parse_id_accepts_what_users_type(text):
    assert parse_id(text).paper_id == "arxiv:2401.01234"


@pytest.mark.parametrize("text, fragment", [
    ("2401.01234", "scheme:value"),
    ("isbn:12345", "unknown id scheme"),
    ("arxiv:hello", "not an arXiv id"),
    ("doi:11.1/x", "not a DOI"),
    ("pmid:abc", "not a valid pmid"),
])
def test_bad_ids_are_refused_with_a_reason(text, fragment):
    with pytest.raises(InvalidPaperIdError, match=fragment):
        parse_id(text)


def test_a_bad_explicit_id_names_the_field():
    with pytest.raises(InvalidPaperIdError) as caught:
        identify("https://example.com", {"doi": "not-a-doi"})
    assert caught.value.details == {"ids": {"doi": [caught.value.message]}}


def test_normalize_url_drops_tracking_and_fragment():
    assert normalize_url("HTTP://WWW.Example.com:443/a/?utm_medium=m&q=1#x") == "https://example.com/a?q=1"


# One grammar (issue #14): ASCII digits, no invisible or unstorable characters, one set of lengths.

@pytest.mark.parametrize("text", [
    "arxiv:\u0661\u0667\u0660\u0666.\u0660\u0663\u0667\u0666\u0662",  # Arabic-Indic digits
    "arxiv:\uff11\uff17\uff10\uff16.\uff10\uff13\uff17\uff16\uff12",  # full-width digits
    "pmid:\u0661\u0662\u0663", "doi:10.\u0661\u0662\u0663\u0664/x", "acl:2023.acl-long.\u0661",
    "doi:10.1234/a\u200bb", "doi:10.1234/a\ud800", "doi:10.1234/a\x00", "doi:10.1234/a b",
    "doi:10.1234/" + "a" * 249, "arxiv:" + "1" * 65, "openreview:" + "a" * 300,
])
def test_ids_outside_the_grammar_are_refused(text):
    with pytest.raises(InvalidPaperIdError):
        parse_id(text)


@pytest.mark.parametrize("url", ["https://x.org/a\x00", "https://x.org/\ud800", "https://x.org/a\x85", "https://x.org/a b"])
def test_addresses_with_controls_spaces_or_surrogates_are_refused(url):
    with pytest.raises(InvalidPaperIdError, match="no spaces, controls or surrogates"):
        from_url(url)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(PAPER_ID_PATTERN, fullmatch=True))
def test_every_id_the_openapi_pattern_allows_parses(text):
    assert parse_id(text).paper_id.split(":")[0] == text.split(":")[0]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(VALUE_PATTERNS)).flatmap(
    lambda scheme: st.tuples(st.just(scheme), st.from_regex(VALUE_PATTERNS[scheme], fullmatch=True))))
def test_every_explicit_id_the_openapi_pattern_allows_parses(scheme_and_value):
    scheme, value = scheme_and_value
    parse_id(f"{scheme}:{value}")
