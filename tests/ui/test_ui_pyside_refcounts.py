"""PySide6 must not drop references to None (Python 3.11, where None is mortal).

PySide6 6.12.0 decrements None's reference count on every call of a method that returns
nothing; the process aborts ("Fatal Python error: none_dealloc") once the count reaches
zero, within about an hour of camera preview. This pins the fix (PySide6 6.11.3) down.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtWidgets import QLabel, QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_calls_keep_none_alive(qapp):
    label, first, second, timer = QLabel(), QWidget(), QWidget(), QTimer()
    calls = {
        "QLabel.setText": lambda: label.setText("x"),
        "QWidget.setVisible": lambda: label.setVisible(False),
        "QWidget.setTabOrder": lambda: QWidget.setTabOrder(first, second),
        "QTimer.start": lambda: timer.start(60000),
        "QLocale.setDefault": lambda: QLocale.setDefault(QLocale("zh_CN")),
        "QCoreApplication.processEvents": QCoreApplication.processEvents,
    }
    lost = {}
    for name, call in calls.items():
        before = sys.getrefcount(None)
        for _ in range(2000):
            call()
        lost[name] = before - sys.getrefcount(None)
    timer.stop()
    assert {name: n for name, n in lost.items() if n > 100} == {}, "references to None lost per 2000 calls"
