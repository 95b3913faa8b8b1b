"""Compiled Jinja templates kept between builds: in memory within a worker process, and on disk
in the project's cache folder so the next `planpub build` does not compile the theme again."""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Keeps compiled template code in memory, keyed by template name and source checksum."""

    def __init__(self, disk: BytecodeCache | None = None) -> None:
        self.code: dict[str, bytes] = {}
        self.disk = disk

    def load_bytecode(self, bucket: Bucket) -> None:
        stored = self.code.get(bucket.key)
        if stored is not None:
            bucket.bytecode_from_string(stored)
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self.code[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


_shared: dict[str, MemoryBytecodeCache] = {}


def shared_bytecode(directory: str | None) -> MemoryBytecodeCache:
    """One cache per folder per process (keys carry the template's checksum, so edits miss)."""
    key = directory or ""
    if key not in _shared:
        disk = None
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            disk = FileSystemBytecodeCache(directory)
        _shared[key] = MemoryBytecodeCache(disk)
    return _shared[key]


CACHE_ENV = "PLANPUB_CACHE_DIR"  # set by `planpub build` for its workers


def build_bytecode() -> MemoryBytecodeCache:
    """The cache for this build: on disk under PLANPUB_CACHE_DIR when planpub build set it."""
    folder = os.environ.get(CACHE_ENV)
    return shared_bytecode(str(Path(folder, "templates")) if folder else None)
