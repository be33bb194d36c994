"""A recording that stands in for a document camera: an A4 page with text lines on a
desk, moving a little. Used by the benchmarks and tests (and handy for a demo of the
`opencv` backend: `devices.camera.source = "<path>.avi"`)."""

from __future__ import annotations


def page_video(path: str, frames: int = 60, size: tuple[int, int] = (1920, 1080), fps: int = 15) -> str:
    import cv2
    import numpy as np

    width, height = size
    page_w, page_h = height * 640 // 1080, height * 905 // 1080
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    try:
        for i in range(frames):
            frame = np.full((height, width, 3), (40, 50, 60), np.uint8)
            x, y = (width - page_w) // 2 + (i % 20), (height - page_h) // 2 + (i % 10)
            cv2.rectangle(frame, (x, y), (x + page_w, y + page_h), (245, 245, 240), -1)
            for line in range(20):
                ly = y + page_h * (120 + line * 36) // 905
                cv2.line(frame, (x + page_w // 10, ly), (x + page_w * 9 // 10, ly), (60, 60, 60), 3)
            writer.write(frame)
    finally:
        writer.release()
    return path
