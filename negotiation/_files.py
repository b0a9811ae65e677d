"""Reading a file the user named, with a bound on its size and nothing but a regular file.

A named file may be anything: a FIFO (reading it would wait for ever), a device such as
``/dev/zero`` (it never ends), a directory, a file of gigabytes.  :func:`read_bounded`
opens it without blocking, checks on the open handle that it is a regular file, and reads
at most ``limit`` bytes, so every reader of the library has a stated bound on its input.
"""

import os
import stat


def read_bounded(path, limit, error, what="file", name=None):
    """The text (UTF-8) of the regular file at ``path``, at most ``limit`` bytes.

    Raises ``error`` (an exception class) with one sentence naming the file (``name``,
    default ``path``) when it
    cannot be read, is not a regular file, is larger than ``limit`` or is not UTF-8.
    """
    name = name or str(path)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as reason:
        raise error(f"{name}: cannot read the file ({reason.strerror})") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name}: not a regular file; a {what} must be a regular file")
        if info.st_size > limit:
            raise error(f"{name}: the file is {size_text(info.st_size)}, but a {what} may be "
                        f"at most {size_text(limit)}; it was not read")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as reason:
        raise error(f"{name}: cannot read the file ({reason.strerror})") from None
    finally:
        os.close(handle)
    if total > limit:  # it grew since fstat
        raise error(f"{name}: the file is larger than {size_text(limit)}, the most a {what} "
                    "may be; it was not read")
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as reason:
        raise error(f"{name}: the file is not UTF-8 text (byte {reason.start})") from None


def size_text(n):
    """A byte count as short text: ``"1.0 MB"``, ``"20.5 kB"``, ``"12 bytes"``."""
    if n >= 100_000:
        return f"{n / 1e6:.1f} MB"
    return f"{n / 1e3:.1f} kB" if n >= 1000 else f"{n} bytes"
