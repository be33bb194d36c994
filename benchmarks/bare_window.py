"""The baseline for the cold-start benchmark: a bare PySide6 window, fullscreen,
that reports its first paint and quits."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


class Window(QWidget):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print("ATTRACT_READY", flush=True)
            QTimer.singleShot(0, app.quit)


app = QApplication(sys.argv[:1])
w = Window()
w.resize(1280, 900)
w.show()
app.exec()
