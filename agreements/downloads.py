"""How agreement data, and the data other apps hang off it, goes out as files: CSV and JSON.

The agreement downloads (``opendata``) and the register and eligibility downloads (``registry``)
share these, so every file has the same envelope, cache lifetime and spreadsheet safety.
"""

import csv

from django.http import HttpResponse, JsonResponse
from django.utils import timezone


def _csv_safe(value):
    """Defuse spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_safe("" if row[key] is None else row[key]) for key in header])
    return response


def json_response(request, *, title, source_path, key, rows):
    """The envelope every JSON download shares, so a reader can tell what a saved file is,
    when and where it came from, and how many rows it holds."""
    response = JsonResponse(
        {
            "title": title,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "source": request.build_absolute_uri(source_path),
            "count": len(rows),
            key: rows,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
