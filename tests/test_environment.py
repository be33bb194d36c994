"""The environment check `make test` starts with (tests/environment.py): versions for failure
reports, the installed packages against the lock, the lock against pyproject.toml."""

from __future__ import annotations

import shutil

from tests import environment as env


def test_this_environment_is_exactly_the_lock():
    lock = env.expected_packages()
    assert {"pyside6-essentials", "numpy", "opencv-python-headless", "pytest", "pip", "setuptools",
            "onnxruntime", "rapidocr-onnxruntime"} <= set(lock)
    assert env.lock_differences(lock, env.installed()) == []
    assert env.pip_check() == []
    assert env.pyproject_unsatisfied() == []


def test_the_runtime_lock_is_the_production_set_and_every_lock_agrees_on_it():
    runtime, bundle, dev = (env.read_lock(env.LOCKS / f"{n}.txt") for n in ("runtime", "bundle", "dev"))
    assert "pytest" not in runtime and "pyinstaller" not in runtime and "pip-tools" not in runtime
    assert "pyinstaller" in bundle and "pytest" not in bundle
    for name, version in runtime.items():  # the bundle and the tests run what production runs
        assert bundle[name] == version and dev[name] == version, name


def test_differences_from_the_lock_are_named_both_ways():
    lock = {"numpy": "2.4.6", "pillow": "13.0.0", "segno": "1.6.6"}
    have = {"numpy": "2.4.7", "segno": "1.6.6", "leftover": "1.0", env.PROJECT: "0.1.0"}
    assert env.lock_differences(lock, have) == [
        "numpy 2.4.7 is installed, the lock says 2.4.6",
        "pillow==13.0.0 is locked but not installed",
        "leftover 1.0 is installed but not in the lock",
    ]


def test_a_requirement_the_lock_does_not_satisfy_is_found(tmp_path):
    locks = tmp_path / "requirements"
    shutil.copytree(env.LOCKS, locks)
    project = tmp_path / "pyproject.toml"
    text = env.ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8")
    project.write_text(text.replace('"numpy>=1.26"', '"numpy>=99"').replace('"pytest>=8",', '"pytest>=8",\n    "tomli-w>=1",'),
                       encoding="utf-8")
    problems = env.pyproject_unsatisfied(project, locks)
    assert any("numpy>=99" in p and "runtime.txt pins" in p for p in problems)
    assert "tomli-w>=1 is in pyproject.toml but not in dev.txt" in problems
    (locks / "bundle.txt").unlink()
    assert "bundle.txt is missing" in env.pyproject_unsatisfied(project, locks)


def test_the_lock_reader_reads_pip_compile_output(tmp_path):
    lock = tmp_path / "x.txt"
    lock.write_text("# header\nPySide6_Essentials==6.11.3 \\\n    --hash=sha256:ab\n    # via court-kiosk\n"
                    "numpy==2.4.6 ; python_version >= '3.11' \\\n    --hash=sha256:cd\n", encoding="utf-8")
    assert env.read_lock(lock) == {"pyside6-essentials": "6.11.3", "numpy": "2.4.6"}


def test_debian_versions_are_recorded_and_compared(tmp_path):
    recorded = env.read_debian_lock()
    assert {"tesseract-ocr", "tesseract-ocr-chi-sim", "espeak-ng", "fonts-noto-cjk", "python3.11"} <= set(recorded)
    assert env.debian_drift({"espeak-ng": ["1.0", "0.9"]}, {"espeak-ng": "0.9"}) == []
    assert env.debian_drift({"espeak-ng": ["1.0", "0.9"]}, {"espeak-ng": "2.0"}) == [
        "espeak-ng 2.0 (the suite was green with 1.0 or 0.9)"]
    assert env.debian_drift({"gone": ["1"]}, {}) == ["gone not installed (the suite was green with 1)"]
    record = tmp_path / "debian.txt"
    record.write_text("espeak-ng 0.1  # an older point release\ngone 1\n", encoding="utf-8")
    env.record_debian(["espeak-ng"], record)
    lines = env.read_debian_lock(record)
    assert lines["espeak-ng"] == [env.debian_versions(["espeak-ng"])["espeak-ng"], "0.1"]  # this machine's first
    assert "gone" not in lines and "tesseract-ocr-chi-sim" not in lines  # only what was asked (and linked)


def test_the_versions_a_failure_report_needs_are_printed():
    text = "\n".join(env.versions())
    for part in ("python 3.11", "qt 6.", "libtesseract", "tesseract command line", "traineddata", "chi_sim sha256:",
                 "numpy", "opencv-python-headless", "pillow", "vosk", "tesseract-ocr-chi-sim"):
        assert part in text, part
