"""Document cameras: the frame, the Protocol and errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability


@dataclass(frozen=True)
class Frame:
    """One captured image, PNG encoded (it may show personal documents: never log it)."""

    width: int
    height: int
    png: bytes

    def __repr__(self) -> str:
        return f"Frame({self.width}x{self.height}, {len(self.png)} bytes PNG)"


class CameraError(DeviceError):
    """Base class of the document camera's errors."""


class CameraUnavailable(CameraError, DeviceUnavailable):
    """The camera is unplugged or cannot be opened."""


@runtime_checkable
class DocumentCamera(Protocol):
    def capture(self) -> Frame:
        """Grab one frame (raises CameraUnavailable / CameraError)."""
        ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...
