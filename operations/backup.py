"""Backup and restore of a whole site: the database and every file in the media storage.

A backup is a folder holding ``database.dump`` (``pg_dump`` custom format) or
``database.sqlite3``, ``media.tar`` (the files, read through the default storage, so S3 and a
local media folder are handled alike) and ``manifest.json`` (row counts per table and a SHA-256
per media file). Restore refuses a database that already has tables, checks every file against
the manifest and writes it back under the same name, so documents keep their stable URLs.
"""

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
from django.db import connection

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


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup(output: Path):
    """Write a backup of the database and the media into the new folder ``output``."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty; choose a new folder for the backup.")
    output.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        args, env, name = _pg_arguments()
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(output / "database.dump"),
                name,
            ],
            env,
        )
    elif vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output / "database.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")

    files = {}
    with tarfile.open(output / "media.tar", "w") as archive:
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
        "rows": table_row_counts(),
        "media": files,
    }
    (output / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
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
