"""Render the nginx configuration in deploy/nginx/ for one machine.

    python -m frontdoor.nginx OUT_DIR --upstream 127.0.0.1:8000 --https-port 8443 ...

writes ``nginx.conf`` (a whole configuration for running nginx as an ordinary user:
``nginx -p OUT_DIR -c OUT_DIR/nginx.conf``), ``carbonsite.conf`` (the ``http{}`` part a
production nginx includes) and ``carbonsite-proxy.conf``, and makes a self-signed certificate
with openssl when none is given. Only ``${CARBONSITE_...}`` placeholders are replaced; an
unknown one is an error, so a template and this renderer cannot drift apart silently.
Standard library only: it runs before Django is configured.
"""

import argparse
import grp
import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
PLACEHOLDER = re.compile(r"\$\{(CARBONSITE_[A-Z_]+)\}")
#: Where Debian's libnginx-mod-http-cache-purge installs ngx_cache_purge.
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
FILES = ("nginx.conf", "carbonsite.conf", "carbonsite-proxy.conf")


def render_text(text, values):
    def replace(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{name} has no value")
        return str(values[name])

    return PLACEHOLDER.sub(replace, text)


def self_signed_certificate(folder, host="localhost"):
    """A throw-away certificate for local runs (never for a real site)."""
    cert, key = folder / "selfsigned.crt", folder / "selfsigned.key"
    if not cert.exists() or not key.exists():
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                shutil.which("openssl") or "/usr/bin/openssl",
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1",
                "-keyout", str(key), "-out", str(cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        key.chmod(0o600)
    return cert, key


def render(
    out_dir,
    *,
    upstream,
    http_port,
    https_port,
    static_root,
    media_root,
    server_name="localhost 127.0.0.1",
    listen_host="127.0.0.1",
    tls_cert=None,
    tls_key=None,
    workers=1,
    access_log="off",
    purge_port,
    purge_listen_host="127.0.0.1",
    purge_allow=(),
    purge_module=PURGE_MODULE,
):
    """Write the three files into ``out_dir`` and return the path of nginx.conf.

    The purge server listens on ``purge_listen_host:purge_port`` and accepts purges from
    loopback and the ``purge_allow`` addresses (the app nodes) only.
    """
    out_dir = Path(out_dir).resolve()
    for folder in (out_dir, out_dir / "cache", out_dir / "run"):
        folder.mkdir(parents=True, exist_ok=True)
    if not tls_cert:
        tls_cert, tls_key = self_signed_certificate(out_dir)
    values = {
        "CARBONSITE_UPSTREAM": upstream,
        "CARBONSITE_HTTP_LISTEN": f"{listen_host}:{http_port}",
        "CARBONSITE_HTTPS_LISTEN": f"{listen_host}:{https_port}",
        "CARBONSITE_HTTPS_PORT_SUFFIX": "" if int(https_port) == 443 else f":{https_port}",
        "CARBONSITE_SERVER_NAME": server_name,
        "CARBONSITE_TLS_CERT": tls_cert,
        "CARBONSITE_TLS_KEY": tls_key,
        "CARBONSITE_STATIC_ROOT": Path(static_root).resolve(),
        "CARBONSITE_MEDIA_ROOT": Path(media_root).resolve(),
        "CARBONSITE_CACHE_DIR": out_dir / "cache",
        "CARBONSITE_RUN_DIR": out_dir / "run",
        "CARBONSITE_CONF_DIR": out_dir,
        "CARBONSITE_NGINX_WORKERS": workers,
        "CARBONSITE_ACCESS_LOG": access_log,
        "CARBONSITE_PURGE_LISTEN": f"{purge_listen_host}:{purge_port}",
        "CARBONSITE_PURGE_ALLOW": "\n".join(
            f"    allow {address};" for address in ("127.0.0.1", "::1", *purge_allow)
        ),
        "CARBONSITE_PURGE_MODULE": purge_module,
        "CARBONSITE_NGINX_USER": f"{pwd.getpwuid(os.getuid()).pw_name} "
        f"{grp.getgrgid(os.getgid()).gr_name}",
    }
    for name in FILES:
        text = (TEMPLATES / f"{name}.template").read_text()
        (out_dir / name).write_text(render_text(text, values))
    return out_dir / "nginx.conf"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--upstream", required=True, help="gunicorn's host:port")
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--https-port", type=int, required=True)
    parser.add_argument("--static-root", required=True)
    parser.add_argument("--media-root", required=True)
    parser.add_argument("--server-name", default="localhost 127.0.0.1")
    parser.add_argument("--listen-host", default="127.0.0.1")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument(
        "--workers", default="auto", help="nginx worker processes (default: one per CPU)"
    )
    parser.add_argument("--access-log", default="off")
    parser.add_argument(
        "--purge-port", type=int, required=True, help="the purge server's port (private)"
    )
    parser.add_argument("--purge-listen-host", default="127.0.0.1")
    parser.add_argument(
        "--purge-allow",
        action="append",
        default=[],
        help="an address or CIDR range (an app node) allowed to purge, besides loopback",
    )
    parser.add_argument("--purge-module", default=PURGE_MODULE)
    args = parser.parse_args(argv)
    conf = render(**{key: value for key, value in vars(args).items()})
    print(conf)


if __name__ == "__main__":
    main()
