"""Servers a test can freeze: a private PostgreSQL cluster and a moto S3 server process.

"Frozen" is SIGSTOP: the processes keep their sockets open and the kernel still accepts
connections, but nothing answers, which is how a hung server looks from the outside (unlike a
stopped one, which refuses at once).
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from . import stack


def pg_tool(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def postgres_tools_available():
    return bool(pg_tool("initdb") and pg_tool("pg_ctl"))


def _as_postgres_user():
    """initdb and the server refuse to run as root; then they run as the postgres OS user."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("postgres")


def _children(pid):
    children = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(Path(stat).parent.name))
    return children


class PrivateCluster:
    """A PostgreSQL cluster of this test's own, in a temporary folder, on a free port."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="carbonsite-pg-"))
        self.data = self.folder / "data"
        self.port = stack.free_port()
        self.user = _as_postgres_user()
        if self.user:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self._run(
            pg_tool("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self._run(
            pg_tool("pg_ctl"),
            "-D",
            self.data,
            "-l",
            self.folder / "server.log",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-w",
            "start",
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"
        self.stopped = []

    def _run(self, *command):
        command = [str(part) for part in command]
        if self.user:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def postmaster_pid(self):
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def freeze(self):
        """SIGSTOP the postmaster first (no new backends), then every process it started."""
        postmaster = self.postmaster_pid()
        os.kill(postmaster, signal.SIGSTOP)
        self.stopped = [postmaster]
        for child in _children(postmaster):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGSTOP)
                self.stopped.append(child)

    def thaw(self):
        for pid in reversed(self.stopped):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.stopped = []

    def copy_database(self, source_url, name):
        """Copy a database from another server into this cluster (pg_dump | pg_restore)."""
        subprocess.run(
            [pg_tool("createdb") or "createdb", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "postgres", name],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        dump = subprocess.Popen(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", source_url],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "-h", "127.0.0.1", "-p",
             str(self.port), "-U", "postgres", "-d", name],
            stdin=dump.stdout, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        dump.stdout.close()
        assert dump.wait(timeout=60) == 0
        return f"{self.url}/{name}"

    def stop(self):
        self.thaw()
        with contextlib.suppress(Exception):
            self._run(pg_tool("pg_ctl"), "-D", self.data, "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class MotoServer:
    """moto's S3 server as a process of its own, so it can be frozen."""

    def __init__(self):
        self.port = stack.free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(Path(stack.PYTHON).with_name("moto_server")), "-H", "127.0.0.1", "-p",
             str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if stack.http_get(self.endpoint + "/moto-api/", timeout=2)[0] < 500:
                    return
            time.sleep(0.2)
        raise RuntimeError("moto_server did not start")

    def freeze(self):
        os.killpg(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGCONT)
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)
