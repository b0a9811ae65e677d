"""The files a user names: read with a bound, written whole.

Reading: a named file may be anything — a FIFO (reading it would wait for ever), a device
such as ``/dev/zero`` (it never ends), a directory, a file of gigabytes.
:func:`read_bounded` opens it without blocking, checks on the open handle that it is a
regular file, and reads at most ``limit`` bytes, so every reader of the library has a
stated bound on its input.

Writing: :func:`output_path` refuses, in one sentence, a path whose folder is missing or
read-only, a path that is a folder, a symbolic link, a FIFO or another special file, a
read-only file, and a path that is one of the command's own input files (so that a result
never replaces what it was computed from, and a link or a pipe is never silently turned
into a file).  :func:`write_file` writes through a temporary file in the same folder and
renames it over the target, so a reader never sees half a file and a failure leaves the
old one as it was.
"""

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError


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



def output_path(path, what, inputs=()):
    """``path`` as a :class:`~pathlib.Path`, once it is safe to write ``what`` there.

    Parameters
    ----------
    path : str or os.PathLike
        Where the file goes; its folder must exist.
    what : str
        What is written, for the message (``"the report"``, ``"the table"``).
    inputs : iterable of str or os.PathLike
        Files the result is computed from; writing over one of them is refused.

    Raises
    ------
    OutputError
        Naming the path and what is wrong with it.
    """
    path = Path(path)
    where = f"cannot write {what} to {path}"
    if path.is_symlink():
        raise OutputError(f"{where}: it is a symbolic link; name the file itself or a new one")
    if path.is_dir():
        raise OutputError(f"{where}: it is a folder; name a file in it")
    if path.exists():
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise OutputError(f"{where}: it is not a regular file (a pipe, a device or a "
                              "socket)")
        if any(_same_file(path, source) for source in inputs if source is not None):
            raise OutputError(f"{where}: it is an input of this command; name another file")
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise OutputError(f"{where}: the file is read-only")
    folder = path.parent
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"{where}: the folder {folder} {reason}")
    if _read_only(folder):
        raise OutputError(f"{where}: the folder {folder} is read-only")
    return path


def output_folder(path, what):
    """The folder ``path``, created with its parents if missing, once files can go there."""
    path = Path(path)
    where = f"cannot write {what} to {path}"
    if path.exists() and not path.is_dir():
        raise OutputError(f"{where}: it is a file, not a folder")
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"{where}: {existing} is a file, not a folder")
    if _read_only(existing):
        raise OutputError(f"{where}: the folder {existing} is read-only")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{where}: {_reason(error)}") from None
    return path


def _read_only(folder):
    """No one may write in ``folder`` (no write bit: refused even to root), or we may not."""
    return not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK)


def write_file(path, content, what, inputs=()):
    """Write ``content`` to ``path`` whole (checked first by :func:`output_path`).

    ``content`` is ``bytes``, ``str`` (UTF-8) or a function that writes the file at the
    path it is given (``frame.to_csv``, ``figure.savefig`` with an explicit format).
    Returns the path.
    """
    path = output_path(path, what, inputs)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                         dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write {what} to {path}: {_reason(error)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, str):
                content = content.encode("utf-8")
            if isinstance(content, bytes):
                handle.write(content)
        if callable(content):
            content(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"cannot write {what} to {path}: {_reason(error)}") from None
    except BaseException:
        _remove(temporary)
        raise
    return path


def _same_file(path, source):
    try:
        return os.path.samefile(path, source)
    except OSError:
        return False


def _reason(error):
    return (error.strerror or str(error)).lower() if isinstance(error, OSError) else str(error)


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
