"""Application services the UI talks to. They hold no widgets; results reach the
GUI thread as Qt signals (QtCore only)."""
