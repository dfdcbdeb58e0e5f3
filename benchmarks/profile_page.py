"""Profile one request path inside a production-settings process, without HTTP in the way.

    .venv/bin/python benchmarks/profile_page.py [--path /implementation-agreements/peru/]
        [--requests 2000] [--uncached] [--cprofile]

Builds a throw-away copy of the demo site on the local PostgreSQL and Redis (as
``benchmarks/run.py`` does), calls the WSGI application directly ``--requests`` times for
``--path`` (the first call warms the cache) and prints a pyinstrument call tree, or the top of
a cProfile listing. Used to find where the time of a cached page goes (docs/performance.md).
"""

import argparse
import io
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production import stack  # noqa: E402


def environ(path, counter=None):
    query = f"uncached={counter}" if counter is not None else ""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def call(app, env):
    status = []
    body = app(env, lambda s, h, exc_info=None: status.append(s))
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return status[0]


def compare_static(app, args):
    """CPU time per request of the page and of a static file, in turns, best of five runs."""
    import re

    html = b"".join(app(environ(args.path), lambda *a: None))
    static = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1).decode()
    best = {args.path: [], static: []}
    for _ in range(5):
        for path in best:
            requests = [environ(path) for _ in range(args.requests)]
            started = time.process_time()
            for request in requests:
                call(app, request)
            best[path].append((time.process_time() - started) / args.requests * 1e6)
    for path, times in best.items():
        print(f"{path}: {min(times):.0f} us CPU per request (best of 5 x {args.requests})")
    page, css = (min(times) for times in best.values())
    print(f"page/static CPU ratio: {page / css:.2f} (a rate ratio of about {css / page:.2f}x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default="/implementation-agreements/peru/")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--uncached", action="store_true", help="a new query string each time")
    parser.add_argument(
        "--without-fast-path",
        action="store_true",
        help="leave CachedPageMiddleware out, to see what the CMS's own cache hit costs",
    )
    parser.add_argument(
        "--compare-static",
        action="store_true",
        help="no profiler: time --path against a static file, CPU time per request of each",
    )
    parser.add_argument("--cprofile", action="store_true", help="cProfile instead of pyinstrument")
    args = parser.parse_args()

    work, database, prefix, env = stack.scratch_instance("profile")
    try:
        stack.manage(env, "migrate", "--noinput")
        stack.manage(env, "load_demo_content")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        os.environ.update(env)
        import django
        from django.conf import settings

        django.setup()
        if args.without_fast_path:
            settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "CachedPage" not in m]
        from django.core.wsgi import get_wsgi_application

        app = get_wsgi_application()
        print("warm-up:", call(app, environ(args.path)), call(app, environ(args.path)))
        requests = [environ(args.path, n if args.uncached else None) for n in range(args.requests)]
        if args.compare_static:
            compare_static(app, args)
        elif args.cprofile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for request in requests:
                call(app, request)
            profiler.disable()
            elapsed = time.perf_counter() - started
            order = os.environ.get("PROFILE_SORT", "cumulative")  # or tottime
            pstats.Stats(profiler).sort_stats(order).print_stats(35)
        else:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            started = time.perf_counter()
            profiler.start()
            for request in requests:
                call(app, request)
            profiler.stop()
            elapsed = time.perf_counter() - started
            print(profiler.output_text(unicode=False, color=False, show_all=False))
        if not args.compare_static:
            each = elapsed / args.requests * 1e6
            print(f"{args.requests} requests in {elapsed:.2f} s: {each:.0f} us each")
    finally:
        stack.flush_redis_prefix(prefix)
        stack.drop_database(database)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
