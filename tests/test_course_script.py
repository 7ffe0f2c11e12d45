"""Tests of course.py, the learner's entry point: usage, errors, set-up output, lab as root."""

import importlib.util
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)


def _pyproject():  # read as text: tomllib is Python 3.11+, the course supports 3.10
    return (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_unknown_command_is_named_with_a_short_usage_on_stderr(capsys):
    assert course.main(["nonsense"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "unknown command 'nonsense'" in err
    assert "usage:" in err and len(err.splitlines()) <= 5


def test_help_goes_to_stdout_and_says_where_extra_arguments_go(capsys):
    assert course.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "jupyter lab" in out and "--allow-root" in out
    for name in course.COMMANDS:
        assert f"course.py {name}" in out


def test_lab_adds_allow_root_only_for_root_and_only_once():
    as_root = course.lab_command("py", ["--port", "8890"], is_root=True)
    assert as_root[-1] == "--allow-root" and as_root[-3:-1] == ["--port", "8890"]
    assert course.lab_command("py", ["--allow-root"], is_root=True).count("--allow-root") == 1
    assert "--allow-root" not in course.lab_command("py", [], is_root=False)


def test_tests_run_on_every_core_with_whole_files_per_worker():
    assert course.parallel_options([], cpus=2) == ["-n", "2", "--dist", "loadfile"]
    assert course.parallel_options([], cpus=16)[:2] == ["-n", "4"]  # at most 4 kernels at once
    assert course.parallel_options([], cpus=1) == []
    for own in (["-n", "0"], ["-n3"], ["--numprocesses=2"], ["-p", "no:xdist"], ["--dist", "no"]):
        assert course.parallel_options(own, cpus=8) == [], own


def test_skip_reasons_are_shown_by_default():
    addopts = re.search(r'^addopts = "(.*)"$', _pyproject(), re.M).group(1)
    assert "-rs" in addopts.split()


def test_supported_pythons_agree_with_pyproject():
    requires = re.search(r'^requires-python = "(.*)"$', _pyproject(), re.M).group(1)
    low, high = course.SUPPORTED
    assert requires == f">={low[0]}.{low[1]},<{high[0]}.{high[1] + 1}"
    assert high >= (3, 13), "TensorFlow ships wheels for Python 3.13"


def _fake_pip(tmp_path, exit_code):
    """An executable that prints what pip and setuptools print for `-e .`."""
    script = tmp_path / "python"
    script.write_text(
        "#!/bin/sh\n"
        "echo 'Collecting numpy>=1.26'\n"
        "echo 'Collecting tensorflow>=2.16'\n"
        "echo '  Editable installation.' >&2\n"
        "echo '  Please be careful with folders in your working directory' >&2\n"
        "echo 'Installing collected packages: numpy, tensorflow'\n"
        f"exit {exit_code}\n")
    script.chmod(0o755)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="the fake pip is a shell script")
def test_setup_shows_progress_and_keeps_setuptools_banner_in_the_log(tmp_path, capsys):
    log = tmp_path / "pip.log"
    course.pip_install(_fake_pip(tmp_path, 0), "requirements.txt", log)
    out, err = capsys.readouterr()
    assert "installing 2 packages" in out and "done" in out
    assert "careful" not in out + err and "Editable" not in out + err
    assert "Please be careful" in log.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="the fake pip is a shell script")
def test_failed_setup_shows_the_end_of_pips_output(tmp_path, capsys):
    log = tmp_path / "pip.log"
    with pytest.raises(SystemExit, match=re.escape(str(log))):
        course.pip_install(_fake_pip(tmp_path, 1), "requirements.txt", log)
    assert "Installing collected packages" in capsys.readouterr().err


def test_student_command_refuses_a_malformed_repository(capsys):
    assert course.main(["student", "out", "--repository", "not a slug"]) == 2
    assert "OWNER/NAME" in capsys.readouterr().err
