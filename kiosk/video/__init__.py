"""远程视频's call engine (issue 20, docs/VIDEO.md): WebRTC with aiortc on its own asyncio thread, for the
video call service (`kiosk.services.video_call`).

- `kiosk.video.engine`: `CallEngine` (one call: signalling, the peer connection, reconnects, quality)
  and the `CallListener` it calls back on its own thread;
- `kiosk.video.tracks`: the camera and microphone as aiortc tracks, the test picture and tone, and what
  is done with the console's picture and voice;
- `kiosk.video.signalling`: the kiosk's WebSocket to the court for one call;
- `kiosk.video.quality`: round-trip time, loss and the good / fair / poor level (pure functions);
- `kiosk.video.media`: the camera and voice of a call as the configuration says (the service's).

No Qt in this package: the service marshals the engine's callbacks to the GUI thread. Importing the
package imports nothing heavy; aiortc and PyAV load with `kiosk.video.engine` and `kiosk.video.tracks`.
"""
