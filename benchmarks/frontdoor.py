"""Benchmark the front door (nginx in front of gunicorn) and print the figures as tables.

    .venv/bin/python benchmarks/frontdoor.py [--duration 10] [--rounds 3] [--soak 60] [--trials 20]
        [--parts abcde]

Part of ``make benchmark`` (``benchmarks/run.py`` calls :func:`run`). Starts what
``make serve-production`` runs (nginx with deploy/nginx/ rendered by ``frontdoor.nginx``,
gunicorn with gunicorn.conf.py and production settings, PostgreSQL, Redis) on a throw-away
database, then measures, with wrk over TLS:

a. the anonymous Peru overview through the front door against nginx serving the very same
   bytes from disk, at 16 and at 256 connections (targets take turns, median of the rounds);
b. Peru with a random query string on every request against the plain URL, both sent through
   the same kind of Lua script so wrk's own cost is the same on both sides;
c. publishes under load: wrk loads Peru while a poller reads it through nginx; each of the
   trials publishes a new text (the publish returns once its after-commit purge of the front
   door is done) and records when the poller first saw it and whether any request sent after
   the publish returned got the old page;
d. a mixed soak (home, index, Peru overview and process tab, /projects/, search, a PDF, the
   JSON download) at 64 connections, with the gunicorn workers' memory before and after;
e. the uncached render (gunicorn alone, every request renders: Django keeps no page copy).

Every figure is printed with the machine's load average when it was taken.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production import stack  # noqa: E402

PERU = "/implementation-agreements/peru/"
COPY = "/static/benchmark/peru.html"

SAME_PATH = """
request = function()
  return wrk.format(nil, wrk.path)
end
"""

RANDOM_QUERY = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?utm_source=" .. math.random(1, 1000000000) .. "-" .. counter)
end
"""

MIXED = """
paths = {{{paths}}}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
"""

PUBLISHER = """
import sys, time
from django.contrib.auth import get_user_model
from djangocms_versioning.models import Version
from agreements.models import Agreement
from agreements.services import page_add_text, page_content, page_publish

user = get_user_model().objects.get(username="admin")
page = Agreement.objects.get(slug="peru").page
for trial in range({trials}):
    time.sleep({gap})
    Version.objects.get_for_content(page_content(page)).copy(user)
    page_add_text(page=page, slot="intro", html=f"<p>Benchmark text {{trial}} {tag}</p>")
    page_publish(page=page, user=user)
    print("COMMITTED", trial, repr(time.time()), flush=True)
"""


def load():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def wrk(url, *, duration, connections, script=None, threads=2):
    """Run wrk; return a dict of its figures and the load average at the end."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
               "--timeout", "10s"]  # fmt: skip
    path = None
    if script:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(script)
            path = handle.name
        command += ["-s", path]
    try:
        output = subprocess.run(  # noqa: S603 - wrk on a loopback URL we built
            [*command, url], capture_output=True, text=True, check=True, timeout=duration + 120
        ).stdout
    finally:
        if path:
            os.unlink(path)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
        "load": load(),
    }


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def side_by_side(targets, *, rounds, duration, connections):
    """Targets take turns for ``rounds`` rounds; the median round of each is kept."""
    runs = {label: [] for label, *_ in targets}
    for _ in range(rounds):
        for label, url, script in targets:
            runs[label].append(wrk(url, duration=duration, connections=connections, script=script))
    kept = {}
    for label, measured in runs.items():
        ordered = sorted(measured, key=lambda m: m["rate"])
        median = ordered[len(ordered) // 2]
        kept[label] = {
            **median,
            "errors": sum(m["errors"] for m in measured),
            "rates": [round(m["rate"]) for m in measured],
            "p99_max": max(m["p99"] for m in measured),
        }
    return kept


def table(headers, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    print(flush=True)


def print_runs(title, results, reference=None):
    print(title)
    table(
        ["target", "req/s (median)", "rounds", "p50 ms", "p99 ms", "errors", "ratio", "load avg"],
        [
            (
                label,
                f"{r['rate']:,.0f}",
                "/".join(f"{x:,}" for x in r["rates"]),
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                r["errors"],
                f"{r['rate'] / results[reference]['rate']:.2f}x" if reference else "",
                r["load"],
            )
            for label, r in results.items()
        ],
    )


def gunicorn_worker_rss(server):
    """Resident memory (KB) of each gunicorn worker (children of the master)."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    sizes = {}
    for pid in children.read_text().split():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes[int(pid)] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
    return sizes


def publish_trials(nginx, env, *, trials, gap=2.0, connections=16):
    """Publish ``trials`` times under wrk load; time when a poller through nginx sees each."""
    tag = f"t{time.time_ns()}"
    answers, errors, stop = [], [], threading.Event()

    def poll():
        while not stop.is_set():
            sent = time.time()
            try:
                status, _, body = nginx.get(PERU, timeout=30)
            except OSError as exc:
                errors.append(repr(exc))
                continue
            received = time.time()
            if status != 200:
                errors.append(status)
            found = re.findall(rb"Benchmark text (\d+) " + tag.encode(), body)
            answers.append((sent, received, max((int(n) for n in found), default=-1)))
            time.sleep(0.01)

    # wrk runs until the trials are over and is then stopped.
    loader = subprocess.Popen(  # noqa: S603 - wrk on a loopback URL we built
        [shutil.which("wrk") or "/usr/bin/wrk", "-t2", f"-c{connections}",
         f"-d{int(trials * (gap + 5) + 60)}s", nginx.url + PERU],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    pollers = [threading.Thread(target=poll, daemon=True) for _ in range(2)]
    for thread in pollers:
        thread.start()
    publisher = subprocess.Popen(  # noqa: S603 - manage.py with our own script
        [stack.PYTHON, "manage.py", "shell", "-c",
         PUBLISHER.format(trials=trials, gap=gap, tag=tag)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    commits = {}
    for line in publisher.stdout:
        if line.startswith("COMMITTED"):
            _, trial, at = line.split()
            commits[int(trial)] = float(at)
    publisher.wait(timeout=60)
    time.sleep(gap)
    loader.terminate()
    loader.wait(timeout=30)
    stop.set()
    for thread in pollers:
        thread.join(timeout=60)
    if publisher.returncode:
        raise RuntimeError(f"publisher failed: {publisher.stderr.read()[-3000:]}")
    rows = []
    for trial, committed in sorted(commits.items()):
        # The first answer showing this trial's text (or a later one), and stale answers:
        # requests sent after the publish (commit and purge) returned that show an older text.
        seen = [
            (received, sent)
            for sent, received, shown in answers
            if shown >= trial and sent >= committed
        ]
        first = min(seen)[0] - committed if seen else None
        first_sent = min(sent for _, sent in seen) - committed if seen else None
        stale = sum(1 for sent, _, shown in answers if sent > committed and shown < trial)
        rows.append((trial, first, stale, first_sent))
    return rows, errors, load(), len(answers)


def run(
    *,
    duration=10,
    rounds=3,
    soak=60,
    trials=20,
    workers=None,
    nginx_workers="auto",
    parts="abcde",
):
    """Measure the parts named in ``parts`` (letters of the module docstring), in order."""
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (Debian package wrk).")
    if not stack.nginx_available():
        sys.exit(f"nginx is needed at {stack.NGINX} (Debian package nginx).")
    work, database, prefix, env = stack.scratch_instance("bench_fd")
    server = nginx = None
    try:
        print("Front door: migrate, demo content, collectstatic ...", flush=True)
        stack.manage(env, "migrate", "--noinput")
        stack.manage(env, "load_demo_content")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        # The app purges the front door after each publish (frontdoor.purge).
        purge_port = stack.free_port()
        env["FRONTDOOR_PURGE_URLS"] = stack.purge_url(purge_port)
        server = stack.Gunicorn(
            env, workers=workers or (os.cpu_count() or 1) * 2 + 1, log_path=work / "gunicorn.log"
        ).wait_ready()
        static_root = Path(env["DJANGO_STATIC_ROOT"])
        log = work / "access.log"
        nginx = stack.Nginx(
            f"127.0.0.1:{server.port}",
            static_root=static_root,
            media_root=env["DJANGO_MEDIA_ROOT"],
            folder=work / "nginx",
            workers=nginx_workers,
            access_log=f"{log} carbonsite",
            purge_port=purge_port,
        ).wait_ready()
        status, _, html = nginx.get(PERU)
        assert status == 200
        (static_root / "benchmark").mkdir(exist_ok=True)
        (static_root / "benchmark" / "peru.html").write_bytes(html)
        _, _, copy = nginx.get(COPY)
        assert copy == html
        pdf = re.search(rb'href="(/[^"]+\.pdf)"', html) or re.search(
            rb'href="(/implementation-agreements/peru/documents/[^"]+)"', html
        )
        pdf = pdf.group(1).decode() if pdf else None
        print(
            f"nginx {nginx_workers} worker(s), gunicorn {server_workers(server)} sync workers, "
            f"{os.cpu_count()} CPUs, wrk over TLS (HTTP/1.1 keep-alive), {rounds} x {duration} s "
            f"per target, targets in turn. Load average at start: {load()}\n",
            flush=True,
        )

        # Warm up: every gunicorn worker imports and renders once, nginx opens its files.
        for url in (nginx.url + PERU, nginx.url + COPY, server.url + PERU):
            wrk(url, duration=3, connections=16)

        # (a) The page through the front door against the same bytes from disk.
        if "a" in parts:
            for connections in (16, 256):
                results = side_by_side(
                    [
                        ("Peru overview through the front door", nginx.url + PERU, None),
                        ("the same bytes as a file (same nginx)", nginx.url + COPY, None),
                    ],
                    rounds=rounds,
                    duration=duration,
                    connections=connections,
                )
                print_runs(
                    f"(a) {connections} connections (goal: >= 0.5x the file"
                    + ("; p99 < 50 ms, 0 errors)" if connections == 256 else ")"),
                    results,
                    reference="the same bytes as a file (same nginx)",
                )

        # (b) Random query strings against the plain URL, both through a Lua script.
        if "b" in parts:
            log.write_text("")
            results = side_by_side(
                [
                    ("Peru, plain URL (Lua script)", nginx.url + PERU, SAME_PATH),
                    ("Peru, random ?utm_source= (Lua script)", nginx.url + PERU, RANDOM_QUERY),
                    ("Peru, plain URL (no script)", nginx.url + PERU, None),
                ],
                rounds=rounds,
                duration=duration,
                connections=16,
            )
            print_runs(
                "(b) 16 connections (goal: random query strings lose <= 10%)",
                results,
                reference="Peru, plain URL (Lua script)",
            )
            statuses = cache_statuses(log)
            print(f"    cache status of every request in (b), from nginx's log: {statuses}\n")

        # (c) Publishes under load.
        if "c" in parts:
            rows, errors, load_after, polled = publish_trials(nginx, env, trials=trials)
            within = sum(1 for _, first, *_ in rows if first is not None and first <= 1.0)
            stale = sum(row[2] for row in rows)
            seen = [first for _, first, *_ in rows if first is not None]
            sent = [row[3] for row in rows if row[3] is not None]
            print(
                f"(c) {trials} publishes under wrk load (16 connections): new text seen within "
                f"1 s in {within} of {len(rows)}; first seen after {min(seen):.2f} to "
                f"{max(seen):.2f} s "
                f"(median {statistics.median(seen):.2f} s; the first request that got it was sent "
                f"{min(sent):.2f} to {max(sent):.2f} s after the publish returned); stale answers "
                f"to requests sent after a publish returned: {stale} of {polled} polls; "
                f"poll errors: {len(errors)}; "
                f"load average {load_after} (goal: 20 of 20, none stale)\n",
                flush=True,
            )

        # (d) The mixed soak.
        if "d" in parts:
            paths = ["/", "/implementation-agreements/", PERU,
                     PERU + "application-process/", "/projects/", "/search/?q=peru",
                     "/projects.json"] + ([pdf] if pdf else [])  # fmt: skip
            script = MIXED.format(paths=", ".join(f'"{p}"' for p in paths))
            before = gunicorn_worker_rss(server)
            log.write_text("")
            soaked = wrk(nginx.url + "/", duration=soak, connections=64, script=script)
            after = gunicorn_worker_rss(server)
            statuses = cache_statuses(log)
            print(
                f"(d) mixed soak, {soak} s at 64 connections over {len(paths)} addresses "
                f"({', '.join(paths)}):"
            )
            table(
                ["req/s", "requests", "p50 ms", "p99 ms", "errors", "vs 5 x 129 req/s", "load avg"],
                [(f"{soaked['rate']:,.0f}", f"{soaked['requests']:,}", f"{soaked['p50']:.1f}",
                  f"{soaked['p99']:.1f}", soaked["errors"], f"{soaked['rate'] / 645:.2f}x",
                  soaked["load"])],
            )  # fmt: skip
            print(f"    cache status: {statuses}")
            print(
                "    gunicorn worker RSS before/after (MB): "
                + ", ".join(
                    f"{before[pid] / 1024:.0f}/{after.get(pid, 0) / 1024:.0f}"
                    for pid in sorted(before)
                )
                + "\n",
                flush=True,
            )

        # (e) The uncached render: gunicorn alone, a new query string on every request.
        if "e" in parts:
            results = side_by_side(
                [("uncached render of Peru (gunicorn alone)", server.url + PERU, RANDOM_QUERY)],
                rounds=1,
                duration=duration,
                connections=16,
            )
            print_runs("(e) uncached render, 16 connections (see run.py for its queries)", results)
    finally:
        if nginx:
            nginx.stop()
        if server:
            server.stop()
        stack.flush_redis_prefix(prefix)
        stack.drop_database(database)
        shutil.rmtree(work, ignore_errors=True)


def server_workers(server):
    return len(gunicorn_worker_rss(server))


def cache_statuses(log):
    """Counts of nginx's $upstream_cache_status in the access log (last field but two)."""
    counts = {}
    for line in Path(log).read_text(errors="replace").splitlines():
        status = line.split(" cache=", 1)[1].split()[0] if " cache=" in line else "?"
        counts[status] = counts.get(status, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per target (median kept)")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the mixed soak")
    parser.add_argument("--trials", type=int, default=20, help="publishes under load")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--nginx-workers", default="auto")
    parser.add_argument(
        "--parts", default="abcde", help="which measurements to run, e.g. c for the publishes"
    )
    args = parser.parse_args()
    if not (stack.postgres_available() and stack.redis_available()):
        sys.exit("PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must be running.")
    run(
        duration=args.duration,
        rounds=args.rounds,
        soak=args.soak,
        trials=args.trials,
        workers=args.workers,
        nginx_workers=args.nginx_workers,
        parts=args.parts,
    )


if __name__ == "__main__":
    main()
