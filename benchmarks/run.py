"""Benchmark the production stack on loopback and print the figures as tables.

    .venv/bin/python benchmarks/run.py [--duration 5] [--rounds 3] [--connections 16] [--workers N]

Starts what ``make serve-production`` runs (gunicorn with gunicorn.conf.py, production
settings, PostgreSQL, Redis) against a throw-away database, then measures:

* requests/s and p50/p99 latency for the cached Peru overview, an uncached render (each
  request has a query string never seen before, so the CMS page cache misses) and a static
  file served by the same gunicorn through WhiteNoise;
* SQL queries to render the Peru overview, its eligibility and projects tabs, the agreements
  index and a search from a cold cache with 10, 100 and 1,000 agreements;
* bytes transferred for the overview: HTML, CSS and JS, raw and compressed.

The load generator is ``wrk`` (Debian package) when installed, else a bounded threaded
Python client. Everything binds to 127.0.0.1; every process and database made is removed.
Goals are printed beside the figures; nothing here fails a build.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production import stack  # noqa: E402

PERU = "/implementation-agreements/peru/"
INDEX = "/implementation-agreements/"
# Pages whose query count is also reported (cheap: one render each per size).
COUNTED = [
    ("Peru overview", PERU),
    ("eligibility tab", PERU + "eligibility/"),
    ("projects tab", PERU + "projects/"),
    ("index", INDEX),
    ("search ?q=peru", "/search/?q=peru"),
]

WRK_UNIQUE = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?uncached=" .. math.random(1, 1000000000) .. "-" .. counter)
end
"""

QUERY_COUNT_SCRIPT = r"""
import json
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from agreements.models import Agreement

target = {target}
existing = Agreement.objects.count()
Agreement.objects.bulk_create(
    Agreement(
        partner_country=f"Benchmark country {{n}}",
        slug=f"benchmark-country-{{n}}",
        partner_party=f"Government of benchmark country {{n}} (illustrative)",
        status="negotiating",
    )
    for n in range(existing, target)
)
client = Client(HTTP_HOST="127.0.0.1")
result = {{}}
for path in {paths!r}:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    result[path] = len(queries)
print("RESULT " + json.dumps(result))
"""


def wrk(url, *, duration, connections, threads, unique=False):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    script = None
    if unique:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(WRK_UNIQUE)
        script.close()
        command += ["-s", script.name]
    output = subprocess.run(  # noqa: S603 - wrk on a loopback URL we built
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    if script:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _wrk_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
    p99 = _wrk_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def _wrk_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def python_load(url, *, duration, connections, unique=False, max_requests=20000):
    """A bounded threaded client: stops at ``duration`` seconds or ``max_requests``."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker(number):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        count = 0
        while time.monotonic() < deadline and len(latencies) < max_requests:
            count += 1
            path = parts.path + (f"?uncached={number}-{count}-{time.time_ns()}" if unique else "")
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status >= 400:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, quantiles[49], quantiles[98], errors[0]


def fetch(url, encoding="gzip"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.headers, response.read()


def transfer_sizes(base):
    """Raw and compressed bytes of the overview's HTML and the CSS and JS it links."""
    _, html = fetch(base + PERU, encoding="identity")
    rows = [("HTML " + PERU, len(html), len(gzip.compress(html, 6)), "gzip (by a proxy)")]
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    for asset in dict.fromkeys(a.decode() for a in assets):
        _, raw = fetch(base + asset, encoding="identity")
        best = ("identity", len(raw))
        for encoding in ("br", "gzip"):
            headers, body = fetch(base + asset, encoding=encoding)
            if headers.get("Content-Encoding") == encoding and len(body) < best[1]:
                best = (encoding, len(body))
        rows.append((asset, len(raw), best[1], f"{best[0]} (WhiteNoise)"))
    return rows


def query_counts(env):
    counts = {}
    for total in (10, 100, 1000):
        # Each size gets its own copy of the site, so the figures do not depend on order.
        name = stack.database_name("bench_q")
        stack.create_database(name, template=env["_TEMPLATE_DB"])
        try:
            run_env = {**env, "DATABASE_URL": stack.database_url(name), "REDIS_URL": ""}
            script = QUERY_COUNT_SCRIPT.format(target=total, paths=[p for _, p in COUNTED])
            result = stack.manage(run_env, "shell", "-c", script, check=False)
            if result.returncode:
                raise RuntimeError(f"counting queries failed: {result.stderr[-3000:]}")
            output = result.stdout
            line = next(ln for ln in output.splitlines() if ln.startswith("RESULT "))
            counts[total] = json.loads(line.removeprefix("RESULT "))
        finally:
            stack.drop_database(name)
    return counts


def table(headers, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per load run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per target (median kept)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument(
        "--no-frontdoor", action="store_true", help="skip the nginx part (benchmarks/frontdoor.py)"
    )
    args = parser.parse_args()
    if not (stack.postgres_available() and stack.redis_available()):
        sys.exit("PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must be running.")
    use_wrk = shutil.which("wrk") and not args.python_client

    work, database, prefix, env = stack.scratch_instance("bench")
    server = None
    try:
        print("Preparing: migrate, demo content, collectstatic ...", flush=True)
        stack.manage(env, "migrate", "--noinput")
        stack.manage(env, "load_demo_content")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        workers = args.workers or (os.cpu_count() or 1) * 2 + 1
        server = stack.Gunicorn(env, workers=workers, log_path=work / "gunicorn.log")
        server.wait_ready()
        _, html = fetch(server.url + PERU, encoding="identity")
        css = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1).decode()
        for _ in range(3):
            fetch(server.url + PERU)  # warm the page cache and every worker

        targets = [
            ("cached Peru overview", server.url + PERU, False),
            ("uncached render (Peru)", server.url + PERU, True),
            (f"static file {css}", server.url + css, False),
        ]
        client = "wrk" if use_wrk else "threaded Python client"
        print(
            f"Load: {client}, {args.connections} connections, {args.rounds} x {args.duration} s "
            "per target (median), "
            f"gunicorn {workers} sync workers, {os.cpu_count()} CPUs\n"
        )
        # Targets take turns for --rounds rounds and the median of each is kept, so a burst of
        # load from elsewhere on the machine does not land on one target only.
        runs = {label: [] for label, _, _ in targets}
        for _ in range(args.rounds):
            for label, url, unique in targets:
                if use_wrk:
                    measured = wrk(
                        url,
                        duration=args.duration,
                        connections=args.connections,
                        threads=2,
                        unique=unique,
                    )
                else:
                    measured = python_load(
                        url, duration=args.duration, connections=args.connections, unique=unique
                    )
                runs[label].append(measured)
        results = []
        for label, measured in runs.items():
            rate, p50, p99 = (statistics.median(m[i] for m in measured) for i in range(3))
            results.append((label, rate, p50, p99, sum(m[3] for m in measured)))
        static_rate = results[-1][1]
        table(
            ["target", "req/s", "p50 ms", "p99 ms", "errors", "vs static"],
            [
                (
                    label,
                    f"{rate:,.0f}",
                    f"{p50:.1f}",
                    f"{p99:.1f}",
                    err,
                    f"{rate / static_rate:.2f}x",
                )
                for label, rate, p50, p99, err in results
            ],
        )
        print("Goal: cached page at least 0.80x the static file.\n")

        sizes = transfer_sizes(server.url)
        table(
            ["resource", "raw bytes", "compressed", "encoding"],
            [(name, f"{raw:,}", f"{packed:,}", how) for name, raw, packed, how in sizes],
        )
        total = sum(packed for _, _, packed, _ in sizes)
        print(f"Overview total compressed: {total:,} bytes (goal: at most 61,440)\n")

        server.stop()
        server = None
        env["_TEMPLATE_DB"] = database
        counts = query_counts(env)
        table(
            ["agreements", *(f"{label} (cold)" for label, _ in COUNTED)],
            [(total, *(c[path] for _, path in COUNTED)) for total, c in counts.items()],
        )
        print("Goal: constant in the number of agreements, at most 20 for an uncached overview.")
    finally:
        if server:
            server.stop()
        stack.flush_redis_prefix(prefix)
        stack.drop_database(database)
        shutil.rmtree(work, ignore_errors=True)
    if use_wrk and not args.no_frontdoor and stack.nginx_available():
        from benchmarks import frontdoor

        print("\n== The front door (benchmarks/frontdoor.py)\n", flush=True)
        frontdoor.run(duration=max(args.duration, 10), rounds=args.rounds, workers=args.workers)


if __name__ == "__main__":
    main()
