"""Ranked search with highlighted snippets, on PostgreSQL and on SQLite.

PostgreSQL: full-text search. Title and body are weighted ``A`` and ``B`` tsvectors with the
English configuration (stemming, stop words); the visitor's words go through
``websearch_to_tsquery``, which accepts any input (quotes for phrases, ``or``, ``-word``) without
syntax errors; ``ts_rank`` orders results and ``ts_headline`` cuts the snippet. A GIN index on the
same expression is created by migration 0003 on PostgreSQL only.

SQLite: an FTS5 virtual table (``sitesearch_fts``, external content over ``SearchEntry``, kept
in step by triggers; migration 0002) with the Porter stemmer. The visitor's words are reduced to
letters and digits and each word or quoted phrase is passed as a quoted FTS5 string, so no input
can form FTS5 syntax. ``bm25`` with the title weighted ten times the body ranks results, and
``snippet()`` cuts the excerpt. If this SQLite build lacks FTS5, a plain LIKE search scores
title hits above body hits instead.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
START, STOP = "\ue000", "\ue001"
CONFIG = "english"
# PostgreSQL's text-search configuration for each language's rows. Spanish rows and queries also
# lose their accents (``unaccent``, migration 0004), so "autorizacion" finds "autorización".
CONFIGS = {"en": "english", "es": "spanish"}
FOLD_ACCENTS = {"es"}
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
_CHUNK = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass
class Result:
    entry: SearchEntry
    snippet: str
    score: float


def normalise_query(raw):
    """What is left of the visitor's query once control characters and excess length go."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    text = text.replace(START, " ").replace(STOP, " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_terms(query):
    """Quoted phrases and single words, each a list of word tokens, at most MAX_TERMS."""
    terms = []
    for phrase in _PHRASE.findall(query):
        words = _WORD.findall(phrase)
        if words:
            terms.append(words)
    # A hyphenated or apostrophised word ("stand-in") is searched as a phrase of its parts.
    for chunk in _CHUNK.findall(_PHRASE.sub(" ", query)):
        words = _WORD.findall(chunk)
        if words:
            terms.append(words)
    return terms[:MAX_TERMS]


def highlight(text):
    """Escape ``text`` and turn the highlight markers into <mark> elements."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags are added


def fold_accents(text):
    """``text`` without accents: "autorización" becomes "autorizacion" (ñ becomes n too, as
    PostgreSQL's ``unaccent`` and SQLite's ``remove_diacritics`` do)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search(raw_query, limit=50, language="en"):
    """Entries in ``language`` matching the visitor's query, best first."""
    query = normalise_query(raw_query)
    if not query_terms(query):
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit, language)
    if connection.vendor == "sqlite":
        try:
            return _search_sqlite_fts(query, limit, language)
        except DatabaseError:
            pass
    return _search_like(query, limit, language)


def search_vector(language="en"):
    from django.contrib.postgres.search import SearchVector

    config = CONFIGS.get(language, CONFIG)
    if language in FOLD_ACCENTS:
        title, body = Func(F("title"), function="unaccent"), Func(F("body"), function="unaccent")
    else:
        title, body = "title", "body"
    return SearchVector(title, weight="A", config=config) + SearchVector(
        body, weight="B", config=config
    )


def _search_postgresql(query, limit, language="en"):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    config = CONFIGS.get(language, CONFIG)
    folded = fold_accents(query) if language in FOLD_ACCENTS else query
    search_query = SearchQuery(folded, search_type="websearch", config=config)
    rows = (
        SearchEntry.objects.filter(language=language)
        .annotate(document=search_vector(language))
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .annotate(
            headline=SearchHeadline(
                Func(F("body"), function="unaccent") if language in FOLD_ACCENTS else "body",
                search_query,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-rank", "title")[:limit]
    )
    return [Result(entry=row, snippet=highlight(row.headline), score=row.rank) for row in rows]


def _fts_expression(terms):
    return " ".join('"' + " ".join(words) + '"' for words in terms)


def _search_sqlite_fts(query, limit, language="en"):
    # The FTS5 table folds accents itself (tokenize ... remove_diacritics 2).
    match = _fts_expression(query_terms(query))
    sql = (
        "SELECT sitesearch_fts.rowid, bm25(sitesearch_fts, 10.0, 1.0) AS score, "
        "snippet(sitesearch_fts, 1, %s, %s, ' … ', 32) "
        "FROM sitesearch_fts JOIN sitesearch_searchentry entry ON entry.id = sitesearch_fts.rowid "
        "WHERE sitesearch_fts MATCH %s AND entry.language = %s ORDER BY score LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [START, STOP, match, language, limit])
        hits = cursor.fetchall()
    entries = SearchEntry.objects.in_bulk([rowid for rowid, _, _ in hits])
    results = []
    for rowid, score, snippet in hits:
        entry = entries.get(rowid)
        if entry is not None:
            results.append(Result(entry=entry, snippet=highlight(snippet or ""), score=-score))
    return results


def _search_like(query, limit, language="en"):
    """Fallback without FTS5: every term must appear; title hits count five times body hits."""
    terms = [" ".join(words) for words in query_terms(query)]
    condition = Q()
    score = Value(0)
    for term in terms:
        condition &= Q(title__icontains=term) | Q(body__icontains=term)
        score = (
            score
            + Case(When(title__icontains=term, then=5), default=0, output_field=IntegerField())
            + Case(When(body__icontains=term, then=1), default=0, output_field=IntegerField())
        )
    rows = (
        SearchEntry.objects.filter(condition, language=language)
        .annotate(score=score)
        .order_by("-score", "title")
    )[:limit]
    return [
        Result(entry=row, snippet=_like_snippet(row.body, terms), score=row.score) for row in rows
    ]


def _like_snippet(body, terms, width=120):
    lower = body.lower()
    positions = [lower.find(term.lower()) for term in terms if term and term.lower() in lower]
    if not positions:
        return highlight(body[: width * 2])
    start = max(0, min(positions) - width)
    excerpt = body[start : start + width * 2]
    for term in sorted(terms, key=len, reverse=True):
        excerpt = re.sub(re.escape(term), lambda m: START + m.group(0) + STOP, excerpt, flags=re.I)
    return highlight(("… " if start else "") + excerpt + " …")
