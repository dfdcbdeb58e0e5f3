"""Machine-readable views: agreement data, the update feed, robots.txt and the sitemap."""

from cms.sitemaps import CMSSitemap
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from agreements.downloads import csv_response, json_response
from agreements.models import Agreement
from agreements.selectors import public_agreements

from .selectors import agreement_record, agreements_with_details, feed_items

INDEX_PATH = "/implementation-agreements/"

AGREEMENT_CSV_FIELDS = [
    "partner_country",
    "slug",
    "title",
    "url",
    "status",
    "negotiations_concluded_on",
    "signed_on",
    "signed_place",
    "entered_into_force_on",
    "application_status",
    "application_status_since",
    "eligibility_list_published",
    "eligibility_list_version_date",
    "authorised_projects",
    "illustrative_projects",
    "document_count",
    "document_urls",
    "summary",
]


def _records(request):
    return [agreement_record(a, request.build_absolute_uri) for a in agreements_with_details()]


@require_safe
def agreements_json(request):
    return json_response(
        request,
        title="Singapore's Article 6 Implementation Agreements",
        source_path=INDEX_PATH,
        key="agreements",
        rows=_records(request),
    )


@require_safe
def agreements_csv(request):
    rows = []
    for record in _records(request):
        row = dict(record)
        urls = [d["url"] for d in record["documents"] if d["url"]]
        row["document_count"] = len(record["documents"])
        row["document_urls"] = " ".join(urls)
        rows.append(row)
    return csv_response("implementation-agreements.csv", AGREEMENT_CSV_FIELDS, rows)


class UpdatesFeed(Feed):
    """Agreements signed, calls opened, lists published and documents added or replaced."""

    feed_type = Atom1Feed
    title = "Carbon Markets Cooperation: updates"
    subtitle = (
        "New and changed facts about Singapore's Article 6 Implementation Agreements: "
        "signings, application calls, eligibility lists and signed documents."
    )
    author_name = "Carbon Markets Cooperation"
    link = INDEX_PATH

    def feed_url(self):
        return reverse("opendata:feed")

    def get_object(self, request, *args, **kwargs):
        # Entry ids are tag URIs (RFC 4151) on this host, stable across renders.
        return f"tag:{request.get_host().split(':')[0]},2023:"

    def items(self, tag_prefix):
        return feed_items(tag_prefix=tag_prefix)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.category]

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('opendata:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them, permanently,
    to the site's icon at its static (hashed, long-cached) address."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


class PublicPagesSitemap(CMSSitemap):
    """The CMS's published pages, less the sections of agreements a visitor may not see (a page
    published on its own while the agreement's data is not answers 404)."""

    def items(self):
        hidden = Agreement.objects.exclude(pk__in=public_agreements().values("pk")).filter(
            page__isnull=False
        )
        hidden_pages = hidden.values("page_id")
        return (
            super()
            .items()
            .exclude(page_id__in=hidden_pages)
            .exclude(page__parent_id__in=hidden_pages)
        )


class DataSitemap(Sitemap):
    """Site-wide pages that are views rather than CMS pages."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["registry:projects"]

    def location(self, item):
        return reverse(item)
