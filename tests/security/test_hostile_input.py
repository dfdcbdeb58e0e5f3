"""Hostile paths, query strings and form data never make the site answer 500.

Property-based: hypothesis generates the input, the Django test client sends it through the
whole middleware stack (no network), and any exception or 5xx fails the test.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.site_pages import PAGE_TEMPLATES

PAGES = [path for _name, path, _status in PAGE_TEMPLATES] + [
    "/implementation-agreements/peru/documents/main-text.pdf",
    "/implementation-agreements/peru/documents/annex-a.pdf",
    "/search/",
    "/admin/login/",
    "/static/css/site.css",
]
NASTY = [
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e/",
    "//evil.example/",
    "\\\\evil.example\\",
    "%ff%fe",
    "'; DROP TABLE agreements_agreement; --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "-1",
    "0",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "\u202e\u0000\ud7ff",
    "a" * 3000,
    "ü/é/中文/🙂",
    "\r\nSet-Cookie: injected=1",
]
QUERY_KEYS = ["q", "page", "status", "partner", "sort", "language", "edit", "preview", "next"]

settings_for_http = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=60,
)
hostile = st.one_of(st.sampled_from(NASTY), text)


def assert_no_server_error(response, request):
    if response.streaming:
        b"".join(response.streaming_content)  # closes the file the response was reading
    assert response.status_code < 500, f"{response.status_code} for {request!r}"
    assert "injected" not in str(response.cookies)


@pytest.mark.slow
@pytest.mark.django_db
@settings_for_http
@given(base=st.sampled_from(PAGES), tail=hostile, encode=st.booleans())
def test_hostile_paths(site, client, base, tail, encode):
    path = base + (quote(tail, safe="/") if encode else tail.replace("?", "").replace("#", ""))
    response = client.get(path)
    assert_no_server_error(response, path)


@pytest.mark.slow
@pytest.mark.django_db
@settings_for_http
@given(
    path=st.sampled_from(PAGES),
    query=st.dictionaries(st.one_of(st.sampled_from(QUERY_KEYS), text), hostile, max_size=4),
)
def test_hostile_query_strings(site, client, path, query):
    target = f"{path}?{urlencode(query)}"
    response = client.get(target)
    assert_no_server_error(response, target)


@pytest.mark.slow
@pytest.mark.django_db
@settings_for_http
@given(raw=st.one_of(st.sampled_from(NASTY), text))
def test_raw_undecoded_query_strings(site, client, raw):
    response = client.get("/", QUERY_STRING=raw.encode("utf-8", "surrogatepass").decode("latin-1"))
    assert_no_server_error(response, raw)


@pytest.mark.slow
@pytest.mark.django_db
@settings_for_http
@given(
    target=st.sampled_from(["/admin/login/?next=/admin/", "/cms_login/?next=/", "/search/"]),
    form=st.dictionaries(
        st.one_of(st.sampled_from(["username", "password", "q", "next", "otp_token"]), text),
        hostile,
        max_size=5,
    ),
)
def test_hostile_form_data(site, client, target, form):
    response = client.post(target, form)
    assert_no_server_error(response, (target, form))
    search = client.get("/search/", form)
    assert_no_server_error(search, form)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["/\x00", "/faq/%00/"])
def test_nul_characters_get_a_plain_400_with_the_security_headers(site, client, target):
    response = client.get(target)
    assert response.status_code == 400
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "/implementation-agreements/?status=open%00",
        "/?%00=1",
        "/projects/?agreement=peru%00",
        "/search/?q=annex%00",
    ],
)
def test_nul_characters_in_a_query_are_dropped_and_the_page_answers(site, client, target):
    response = client.get(target)
    assert response.status_code == 200
    assert "default-src 'none'" in response["Content-Security-Policy"]
