"""Document cameras: Protocol, frame and errors (backends in submodules)."""

from drivers.camera.base import CameraError, CameraUnavailable, DocumentCamera, Frame

__all__ = ["CameraError", "CameraUnavailable", "DocumentCamera", "Frame"]
