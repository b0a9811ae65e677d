"""The command line's promises: every file it writes is where the flag says, in the format the
flag says, named on a line of its own; a path it cannot or must not write is one sentence on
stderr and status 2, before any work, with whatever was there left as it was."""

import os
import re
import shutil
import stat

import pytest

from negotiation import __version__
from negotiation._files import output_folder, output_path, write_file
from negotiation.cli import EXAMPLE_GAME, _parser, main
from negotiation.errors import OutputError
from negotiation.scenario import bundled
from negotiation.sensitivity import SCENARIO_OUTPUTS
from tests.conftest import oracle_file_equilibria

BASELINE = "us_dprk_2025_baseline"
SWEEP = ["sweep", BASELINE, "--parameter", "russia.backing", "--values", "0:1:3"]
MAP = ["map", BASELINE, "--x", "russia.backing", "--y", "russia.reliability", "--n", "3"]


def run(capsys, *argv):
    """``(status, stdout, stderr)`` of the command, run in this process."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *argv, words="cannot write"):
    status, out, err = run(capsys, *argv)
    assert status == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("negotiation: error: "), err
    assert words in err and "Traceback" not in err
    return err


# ------------------------------------------------------------------ the bad paths, every command
def _missing(tmp_path):
    return tmp_path / "no such folder" / "out.file"


def _folder(tmp_path):
    (tmp_path / "a folder").mkdir()
    return tmp_path / "a folder"


def _read_only_folder(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "out.file"


def _read_only_file(tmp_path):
    path = tmp_path / "read-only.file"
    path.write_text("keep me")
    path.chmod(0o444)
    return path


def _symlink(tmp_path):
    (tmp_path / "target.file").write_text("keep me")
    os.symlink(tmp_path / "target.file", tmp_path / "link.file")
    return tmp_path / "link.file"


def _fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    return tmp_path / "pipe"


BAD = {"missing folder": (_missing, "does not exist"), "folder": (_folder, "it is a folder"),
       "read-only folder": (_read_only_folder, "read-only"),
       "read-only file": (_read_only_file, "read-only"),
       "symbolic link": (_symlink, "symbolic link"), "FIFO": (_fifo, "not a regular file")}

COMMANDS = {
    "sweep --csv": lambda p: [*SWEEP, "--csv", p],
    "map --png": lambda p: [*MAP, "--png", p],
    "map --svg": lambda p: [*MAP, "--svg", p],
    "map --csv": lambda p: [*MAP, "--csv", p],
    "map --boundary": lambda p: [*MAP, "--boundary", p],
    "report -o": lambda p: ["report", BASELINE, "-o", p, "--no-progress"],
}


def _state(path):
    """What is at ``path`` (without following a link), to check that it is left alone."""
    if not os.path.lexists(path):
        return None
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(mode):
        return ("file", path.read_bytes(), stat.S_IMODE(mode))
    return (stat.S_IFMT(mode), sorted(os.listdir(path)) if stat.S_ISDIR(mode) else None)


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_that_cannot_be_written_is_one_sentence_and_status_2(tmp_path, capsys, command,
                                                                     bad):
    make, words = BAD[bad]
    path = make(tmp_path)
    before = _state(path)
    err = refused(capsys, *COMMANDS[command](path), words=words)
    assert str(path) in err
    assert _state(path) == before
    folder = path.parent if bad != "folder" else path
    if folder.exists():
        assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_report_never_replaces_its_own_scenario(tmp_path, capsys):
    source = tmp_path / "mine.yaml"
    shutil.copy(bundled()[BASELINE], source)
    before = source.read_bytes()
    err = refused(capsys, "report", source, "-o", source, words="input of this command")
    assert str(source) in err and source.read_bytes() == before
    # also through another name for the same file
    os.link(source, tmp_path / "same.yaml")
    refused(capsys, "report", source, "-o", tmp_path / "same.yaml", words="input")
    assert source.read_bytes() == before


@pytest.mark.parametrize("bad", ["file", "read-only"])
def test_demo_refuses_a_folder_it_cannot_use(tmp_path, capsys, bad):
    if bad == "file":
        target = tmp_path / "out"
        target.write_text("keep me")
        words = "not a folder"
    else:
        (tmp_path / "ro").mkdir()
        (tmp_path / "ro").chmod(0o555)
        target = tmp_path / "ro" / "out"
        words = "read-only"
    err = refused(capsys, "demo", "--output", target, words=words)
    assert str(target) in err
    if bad == "file":
        assert target.read_text() == "keep me"
    else:
        assert not target.exists()


# ------------------------------------------------------------------ what is written, and where
def test_map_writes_the_format_the_flag_names_whatever_the_suffix(tmp_path, capsys):
    svg, png = tmp_path / "out", tmp_path / "picture.svg"
    status, out, err = run(capsys, *MAP, "--svg", svg, "--png", png)
    assert status == 0, err
    assert b"<svg" in svg.read_bytes()[:2000]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"Wrote the map (SVG) to {svg}." in out.splitlines()
    assert f"Wrote the map (PNG) to {png}." in out.splitlines()


def test_every_csv_is_named_with_its_rows(tmp_path, capsys):
    table = tmp_path / "sweep.csv"
    status, out, _ = run(capsys, *SWEEP, "--csv", table)
    assert status == 0
    rows = len(table.read_text().splitlines()) - 1
    assert rows == 3
    assert out.splitlines() == [f"Wrote the table ({rows} rows, CSV) to {table}."]
    # with --json, stdout stays JSON and the line goes to stderr
    status, out, err = run(capsys, *SWEEP, "--csv", table, "--json")
    assert status == 0 and out.lstrip().startswith("[")
    assert err.splitlines() == [f"Wrote the table ({rows} rows, CSV) to {table}."]


def test_an_existing_file_is_replaced_whole(tmp_path, capsys):
    table = tmp_path / "sweep.csv"
    table.write_text("old\n" * 1000)
    assert run(capsys, *SWEEP, "--csv", table)[0] == 0
    assert table.read_text().startswith("russia.backing")
    assert stat.S_IMODE(table.stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path):
    path = tmp_path / "kept.txt"
    path.write_text("old")

    def fail(to):
        with open(to, "w") as handle:
            handle.write("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"^cannot write the table to .*kept.txt: no space"):
        write_file(path, fail, "the table")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
    with pytest.raises(KeyboardInterrupt):
        write_file(path, lambda to: (_ for _ in ()).throw(KeyboardInterrupt), "the table")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]


def test_output_helpers_accept_what_they_should(tmp_path):
    assert output_path(tmp_path / "new.csv", "x") == tmp_path / "new.csv"
    assert output_folder(tmp_path / "a" / "b", "x").is_dir()
    assert write_file(tmp_path / "t.txt", "é\n", "x").read_text(encoding="utf-8") == "é\n"
    assert write_file(tmp_path / "b.bin", b"\x00\x01", "x").read_bytes() == b"\x00\x01"


# ------------------------------------------------------------------ help, version, pointers
def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"negotiation {__version__}"


def _help(*argv):
    parser = _parser()
    for name in argv:
        parser = next(a for a in parser._actions if a.dest == "command").choices[name]
    return " ".join(parser.format_help().split())


@pytest.mark.parametrize("command", ["sweep", "map", "sensitivity"])
def test_help_lists_every_output_name(command):
    text = _help(command)
    for name in SCENARIO_OUTPUTS:
        assert re.search(rf"\b{name}\b", text), name


def test_help_explains_the_methods_and_the_game_files():
    text = _help("sensitivity")
    for words in ("tornado (default", "statics (derivatives", "sobol (variance",
                  "schedule (how the Nash deal can be kept"):
        assert words in text
    top = _help()
    assert ".nfg" in top and ".efg" in top
    assert "pure (all pure equilibria)" in _help("equilibria")


def test_solve_on_a_game_file_points_at_equilibria(capsys):
    err = refused(capsys, "solve", EXAMPLE_GAME, words="game file, not a scenario")
    assert f"negotiation equilibria {EXAMPLE_GAME}" in err


def test_method_pure_counts_pure_equilibria(capsys):
    status, out, _ = run(capsys, "equilibria", EXAMPLE_GAME, "--method", "pure")
    assert status == 0
    assert "3 extreme" not in out and "extreme" not in out
    count = int(re.search(r"^(\d+) pure equilibri", out, re.M)[1])
    assert count == len(oracle_file_equilibria(EXAMPLE_GAME, pure=True))  # pygambit enumpure
    status, out, _ = run(capsys, "equilibria", EXAMPLE_GAME)
    assert re.search(r"^\d+ extreme equilibri\w+ \(all of them\)", out, re.M)
