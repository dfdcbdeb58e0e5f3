"""The front door's query allow-list (deploy/nginx/carbonsite.conf.template) against the views.

nginx passes on, and keys its cache by, only the query parameters listed for a path in its
``map $uri $carbonsite_public_args``; everything else is dropped before Django sees it. A filter
added to a view but not to that map would silently do nothing behind nginx. These tests derive
what each public path reads from the views' own filter forms, record what the views actually
read from ``request.GET`` while rendering the demo site, and compare both with the rendered
nginx configuration.
"""

import re

import django.core.handlers.wsgi
import pytest
from django.http import QueryDict

from frontdoor.nginx import render
from registry.selectors import EligibilityFilterForm, ProjectFilterForm

pytestmark = pytest.mark.django_db

ANY = "the whole query string"
PAGINATED = {"page"}  # Django's Paginator.get_page(params.get("page"))
# Read by a view but not changing its answer, so nginx rightly drops them: the register's form
# also validates the page size for a download, which holds every row; Django's sitemap view
# reads ``p``, which only matters past 50,000 addresses (the site has a few hundred).
READ_BUT_UNUSED = {
    "/projects.csv": {"per_page"},
    "/projects.json": {"per_page"},
    "/sitemap.xml": {"p"},
}


def _form_fields(form_class, **kwargs):
    return set(form_class(QueryDict(), programmes=[], **kwargs).fields)


def expected_parameters():
    """Path -> the query parameters that change its answer, from the views' forms."""
    register = _form_fields(ProjectFilterForm, agreements=[])  # the agreement field is shown
    tab = _form_fields(ProjectFilterForm)  # an agreement's own projects tab: no agreement field
    eligibility = _form_fields(EligibilityFilterForm)
    # Downloads hold every matching row: no page and no page size.
    download = register - {"per_page"}
    return {
        "/": set(),
        "/implementation-agreements/": {"status"},  # agreement_tags.agreements_listing
        "/implementation-agreements/peru/": set(),
        "/implementation-agreements/peru/application-process/": set(),
        "/implementation-agreements/peru/eligibility/": eligibility,
        "/implementation-agreements/peru/eligibility.csv": eligibility,
        "/implementation-agreements/peru/projects/": tab | PAGINATED,
        "/projects/": register | PAGINATED,
        "/projects.csv": download,
        "/projects.json": download,
        "/search/": {"q"},  # sitesearch.views.search_page
        "/implementation-agreements.json": set(),
        "/implementation-agreements.csv": set(),
        "/feeds/updates.atom": set(),
        "/sitemap.xml": set(),
        # Spanish addresses (a translation, or the English content with a notice).
        "/es/": set(),
        "/es/implementation-agreements/": {"status"},
        "/es/implementation-agreements/peru/": set(),
        "/es/implementation-agreements/peru/eligibility/": eligibility,
        "/es/implementation-agreements/peru/projects/": tab | PAGINATED,
        "/es/search/": {"q"},
    }


#: Private pages (CSRF cookie, never kept): nginx passes them their whole query string.
FORM_PAGES = {
    "/contact/": {"topic", "agreement"},  # enquiries.views._initial
    "/alerts/subscribe/": {"agreement", "kinds"},  # alerts.views.subscribe
}


def nginx_allow_list(tmp_path):
    """``(matcher, parameters)`` per entry of the rendered map, in nginx's order of matching."""
    render(
        tmp_path,
        upstream="127.0.0.1:9",
        http_port=80,
        https_port=443,
        purge_port=8081,
        static_root=tmp_path,
        media_root=tmp_path,
        tls_cert=tmp_path / "unused.crt",
        tls_key=tmp_path / "unused.key",
    )
    conf = (tmp_path / "carbonsite.conf").read_text()
    variables = {}
    for variable, name, value in re.findall(
        r"map \$arg_(\w+)\s+\$carbonsite_q_(\w+)\s*\{[^}]*default \"([^\"]*)\"", conf
    ):
        assert name == variable and value == f"&{name}=$arg_{name}", (variable, name, value)
        variables[name] = name
    block = re.search(r"map \$uri \$carbonsite_public_args \{(.*?)\n\}", conf, re.S).group(1)
    exact, regexes = {}, []
    for pattern, value in re.findall(r'^\s*"([^"]+)"\s+"([^"]*)";', block, re.M):
        parameters = set(re.findall(r"\$carbonsite_q_(\w+)", value))
        assert parameters <= set(variables), f"undefined parameter variable in {value}"
        if pattern.startswith("~"):
            regexes.append((re.compile(pattern[1:]), parameters))
        else:
            exact[pattern] = parameters
    assert re.search(r"^\s*default \"\";", block, re.M), "other paths must take no parameter"
    # Prefix locations that neither rewrite $args nor cache: the whole query string passes.
    passing = [
        prefix
        for prefix, body in re.findall(r"^    location (/\S*) \{\n(.*?)^    \}", conf, re.S | re.M)
        if "set $args" not in body and "proxy_cache " not in body and "carbonsite-proxy" in body
    ]

    def allowed(path):
        if any(path.startswith(prefix) for prefix in passing):
            return ANY
        # nginx's map: an exact string first, then the regular expressions in order.
        if path in exact:
            return exact[path]
        for regex, parameters in regexes:
            if regex.search(path):
                return parameters
        return set()

    return allowed


def test_the_nginx_allow_list_is_what_the_views_filter_on(tmp_path):
    allowed = nginx_allow_list(tmp_path)
    wrong = {
        path: {"nginx": sorted(allowed(path)), "views": sorted(expected)}
        for path, expected in expected_parameters().items()
        if allowed(path) != expected
    }
    assert not wrong, f"deploy/nginx/carbonsite.conf.template's allow-list differs: {wrong}"
    dropped = [path for path in FORM_PAGES if allowed(path) != ANY]
    assert not dropped, f"nginx drops the query string of these private form pages: {dropped}"


class RecordingQueryDict(QueryDict):
    """A ``request.GET`` that notes every parameter name looked up (copies note too)."""

    read = set()

    def __getitem__(self, key):
        RecordingQueryDict.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        RecordingQueryDict.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        RecordingQueryDict.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        RecordingQueryDict.read.add(key)
        return super().__contains__(key)


def test_views_read_no_parameter_the_front_door_would_drop(demo_site, client, monkeypatch):
    """A view that starts reading a new parameter fails here until the lists above know it."""
    monkeypatch.setattr(django.core.handlers.wsgi, "QueryDict", RecordingQueryDict)

    def reads(path):
        RecordingQueryDict.read = set()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
        return RecordingQueryDict.read

    # What the middlewares read on every request (the CMS toolbar's editor switches, which
    # nginx passes on to editors only): a plain page without filters.
    everywhere = reads("/implementation-agreements/peru/")
    assert everywhere, "the recording saw nothing: is request.GET still built by WSGIRequest?"
    unknown = {}
    for path, expected in [*expected_parameters().items(), *FORM_PAGES.items()]:
        extra = reads(path) - everywhere - expected - READ_BUT_UNUSED.get(path, set())
        if extra:
            unknown[path] = sorted(extra)
    assert not unknown, f"views read parameters nginx would drop: {unknown}"
    # The recording does see a view's own reads.
    assert {"q"} <= reads("/search/") - everywhere
