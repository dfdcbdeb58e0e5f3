"""The search page: any query, however odd, gets an ordinary page."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .backends import MAX_QUERY_LENGTH, normalise_query, query_terms, search

RESULT_LIMIT = 50


@require_safe
def search_page(request):
    raw = request.GET.get("q", "")
    query = normalise_query(raw)
    searched = bool(query_terms(query))
    results = search(query, limit=RESULT_LIMIT, language=get_language()) if searched else []
    response = render(
        request,
        "sitesearch/search.html",
        {
            "query": query,
            "searched": searched,
            "blank": not query,
            "results": results,
            "limit": RESULT_LIMIT,
            "max_length": MAX_QUERY_LENGTH,
        },
    )
    if not request.user.is_authenticated:
        response["Cache-Control"] = "public, max-age=60"
    return response
