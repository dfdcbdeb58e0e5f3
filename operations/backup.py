"""Backup and restore of a whole site: the database and every file in the media storage.

A backup is a folder holding ``database.dump`` (``pg_dump`` custom format) or
``database.sqlite3``, ``media.tar`` (the files, read through the default storage, so S3 and a
local media folder are handled alike) and ``manifest.json`` (row counts per table and a SHA-256
per media file). Restore refuses a database that already has tables, checks every file against
the manifest and writes it back under the same name, so documents keep their stable URLs.

A backup holds password hashes and TOTP secrets: the folder is created 0700 and every file 0600.
The row counts come from the very snapshot the dump was taken from (PostgreSQL: a REPEATABLE READ
transaction exports its snapshot and ``pg_dump --snapshot`` dumps exactly that; SQLite: counted
in the copy), so they match the dump even while the site keeps writing.
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore could not be completed; the message says why in plain words."""


def storage_files(storage, path=""):
    """Every file name below ``path`` in ``storage``, recursively, in a stable order."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [f"{path}/{name}" if path else name for name in sorted(files)]
    for directory in sorted(directories):
        names += storage_files(storage, f"{path}/{directory}" if path else directory)
    return names


def table_row_counts():
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _private_file(path):
    """A new file only its owner may read or write (0600 whatever the umask)."""
    handle = open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")  # noqa: SIM115
    os.fchmod(handle.fileno(), 0o600)
    return handle


def _dump_postgresql(output):
    """``pg_dump`` of one exported snapshot, and the row counts of that same snapshot."""
    args, env, name = _pg_arguments()
    lifted = getattr(connection, "without_deadlines", contextlib.nullcontext)
    with transaction.atomic(), lifted(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_row_counts()
        # The snapshot stays valid while this transaction is open, i.e. until pg_dump is done.
        with _private_file(output / "database.dump") as dump:
            _run(
                [
                    "pg_dump",
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    name,
                ],
                env,
                stdout=dump,
            )
    return counts


def _dump_sqlite(output):
    connection.ensure_connection()
    _private_file(output / "database.sqlite3").close()
    target = sqlite3.connect(output / "database.sqlite3")
    try:
        with target:
            connection.connection.backup(target)
        counts = {}
        tables = target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        known = set(connection.introspection.table_names())
        for (table,) in tables:
            if table in known:
                quoted = connection.ops.quote_name(table)
                counts[table] = target.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    finally:
        target.close()
    return counts


def _pg_arguments():
    """Connection arguments and environment for pg_dump/pg_restore from Django's settings."""
    settings = connection.settings_dict
    args = ["--host", settings.get("HOST") or "127.0.0.1"]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env, settings["NAME"]


def _run(command, env=None, stdout=subprocess.PIPE):
    result = subprocess.run(  # noqa: S603
        command, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup(output: Path):
    """Write a backup of the database and the media into the new folder ``output``."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty; choose a new folder for the backup.")
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    output.chmod(0o700)
    vendor = connection.vendor
    if vendor == "postgresql":
        counts = _dump_postgresql(output)
    elif vendor == "sqlite":
        counts = _dump_sqlite(output)
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")

    files = {}
    with (
        _private_file(output / "media.tar") as media,
        tarfile.open(fileobj=media, mode="w") as archive,
    ):
        for name in storage_files(default_storage):
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
            files[name] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    manifest = {
        "format": FORMAT_VERSION,
        "created": datetime.now(UTC).isoformat(),
        "database": vendor,
        "rows": counts,
        "media": files,
    }
    with _private_file(output / "manifest.json") as handle:
        handle.write(json.dumps(manifest, indent=2, sort_keys=True).encode())
    return manifest


def restore(source: Path):
    """Restore the backup in ``source`` into this (empty) database and media storage."""
    source = Path(source)
    try:
        manifest = json.loads((source / "manifest.json").read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{source} holds no manifest.json; is it a backup folder?") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']} database; this site uses "
            f"{connection.vendor}."
        )
    if connection.introspection.table_names():
        raise BackupError("The target database already has tables; restore needs an empty one.")
    existing = storage_files(default_storage)
    if existing:
        raise BackupError(f"The media storage holds {len(existing)} files; it must be empty.")

    # Check the files before touching anything, so a damaged backup changes nothing.
    with tarfile.open(source / "media.tar", "r") as archive:
        contents = {}
        for member in archive.getmembers():
            if not member.isfile():
                continue
            data = archive.extractfile(member).read()
            if hashlib.sha256(data).hexdigest() != manifest["media"].get(member.name):
                raise BackupError(f"{member.name} does not match its checksum in the manifest.")
            contents[member.name] = data
    missing = set(manifest["media"]) - set(contents)
    if missing:
        raise BackupError(f"media.tar lacks {len(missing)} files listed in the manifest.")

    if connection.vendor == "postgresql":
        args, env, name = _pg_arguments()
        _run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                name,
                str(source / "database.dump"),
            ],
            env,
        )
    else:
        connection.close()
        shutil.copyfile(source / "database.sqlite3", connection.settings_dict["NAME"])

    for name, data in contents.items():
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore into empty storage.")
    return manifest
