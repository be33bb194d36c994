"""Call quality from WebRTC statistics: the round-trip time and the share of packets lost, and a level
(good / fair / poor) the screen shows as bars and the console sees in the kiosk's ``quality`` frames.

Pure functions over the stats objects aiortc's ``RTCPeerConnection.getStats()`` returns (anything with
``type`` and the W3C names as attributes: ``roundTripTime``, ``fractionLost``, ``packetsLost``,
``packetsReceived``), so they are tested without a call.

Where the figures come from, best first:

1. ``remote-inbound-rtp``: what the console reports (RTCP receiver reports) about the media the kiosk
   sends: ``roundTripTime`` (seconds) and ``fractionLost``. aiortc passes RTCP's 8-bit fixed-point
   fraction on unchanged (0..255 for 0..1), a browser a float 0..1: both are read (`fraction`).
2. ``inbound-rtp``: what the kiosk receives: ``packetsLost`` against ``packetsReceived``, the change
   since the previous sample (`LossCounter`), when no receiver report has come yet. It gives no RTT.

Thresholds (`level`), for a face-to-face conversation at 640x480 / 15 fps:

- **good**: RTT < 300 ms and loss < 2 %. ITU-T G.114 keeps a conversation natural below 150 ms one
  way (300 ms there and back); up to 2 % loss VP8's retransmissions (NACK) and Opus's concealment hide.
- **fair**: RTT < 600 ms and loss < 8 %. Talk still works with some waiting for the other side, the
  picture shows artefacts and short freezes.
- **poor**: worse than fair. People talk over each other, the picture freezes; the screen suggests
  the counter.

An unknown RTT (no report yet) is judged by loss alone; nothing known at all is "good" (no reason yet
to worry the litigant).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

GOOD, FAIR, POOR = "good", "fair", "poor"
LEVELS = (GOOD, FAIR, POOR)

GOOD_RTT_MS = 300.0
FAIR_RTT_MS = 600.0
GOOD_LOSS = 0.02
FAIR_LOSS = 0.08
#: How often the engine measures and sends a ``quality`` frame.
INTERVAL_SECONDS = 2.0


def level(rtt_ms: float | None, loss: float | None) -> str:
    """good, fair or poor (thresholds above); a missing figure does not count against the call."""
    rtt = 0.0 if rtt_ms is None else rtt_ms
    lost = 0.0 if loss is None else loss
    if rtt < GOOD_RTT_MS and lost < GOOD_LOSS:
        return GOOD
    if rtt < FAIR_RTT_MS and lost < FAIR_LOSS:
        return FAIR
    return POOR


def fraction(value: float | int | None) -> float | None:
    """A ``fractionLost`` as 0..1: RTCP's 8-bit fixed point (aiortc: an int 0..255) or already a
    fraction (a browser: a float 0..1)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return min(255, max(0, value)) / 256.0
    return min(1.0, max(0.0, float(value)))


@dataclass
class LossCounter:
    """Packets lost and received so far, from ``inbound-rtp``: `update` gives the share lost since the
    last update (None when no packet arrived in between)."""

    lost: int = 0
    received: int = 0

    def update(self, lost: int, received: int) -> float | None:
        d_lost, d_received = max(0, lost - self.lost), max(0, received - self.received)
        self.lost, self.received = lost, received
        expected = d_lost + d_received
        return d_lost / expected if expected else None


@dataclass(frozen=True)
class Sample:
    rtt_ms: float | None
    loss: float | None
    level: str

    def frame(self) -> dict | None:
        """The ``quality`` signalling frame (docs/VIDEO.md), or None while the RTT or the loss is
        unknown (the court takes numbers only)."""
        if self.rtt_ms is None or self.loss is None:
            return None
        return {"type": "quality", "rtt_ms": round(self.rtt_ms, 1), "loss": round(self.loss, 4),
                "level": self.level}


def measure(stats: Iterable, counter: LossCounter | None = None) -> Sample:
    """A `Sample` from one ``getStats()`` report (its values, or the report itself: a dict of them).
    RTT: the highest ``remote-inbound-rtp.roundTripTime`` (audio and video each report one); loss: the
    highest ``fractionLost`` there, else the ``inbound-rtp`` counts through ``counter``."""
    values = stats.values() if hasattr(stats, "values") else stats
    rtts, fractions = [], []
    lost = received = 0
    inbound = False
    for item in values:
        kind = getattr(item, "type", None)
        if kind == "remote-inbound-rtp":
            rtt = getattr(item, "roundTripTime", None)
            if rtt is not None:
                rtts.append(float(rtt) * 1000.0)
            lost_fraction = fraction(getattr(item, "fractionLost", None))
            if lost_fraction is not None:
                fractions.append(lost_fraction)
        elif kind == "inbound-rtp":
            inbound = True
            lost += max(0, int(getattr(item, "packetsLost", 0) or 0))
            received += int(getattr(item, "packetsReceived", 0) or 0)
    rtt_ms = max(rtts) if rtts else None
    loss = max(fractions) if fractions else None
    if inbound and counter is not None:
        counted = counter.update(lost, received)
        if loss is None:
            loss = counted
    return Sample(rtt_ms, loss, level(rtt_ms, loss))
