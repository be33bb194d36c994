// The video console (远程视频坐席, docs/VIDEO.md): the waiting calls, answering one over WebRTC, showing a
// document, recording with the litigant's consent, hanging up. Plain JavaScript, no external resources.
//
// The court relays the signalling over the console's WebSocket (its session cookie). The kiosk (aiortc)
// makes the offer with every candidate in it; this page answers once its own ICE gathering is complete
// (no trickle). A new offer with a higher attempt (the kiosk's peer connection failed) replaces the peer
// connection. Every value shown is set as text (never as HTML). The only URLs built here are the
// console's own paths; the only value in any of them is a call id (a random UUID).
"use strict";

(() => {
  const PATHS = Object.freeze({
    config: "/console/video/config",
    bookings: "/console/video/bookings",
    socket: "/console/video/ws",
    recording: (callId) => "/console/video/recordings/" + encodeURIComponent(callId),
  });
  const KINDS = { staff: "呼叫工作人员", judgment_qa: "判后答疑", visit: "远程接访" };
  const ENDED = {
    kiosk: "当事人已挂断 The litigant hung up",
    console: "通话已结束 Call ended",
    network: "网络中断，通话已结束 The connection was lost",
    court: "通话已由法院结束 Ended by the court",
  };
  const ICE_GATHERING_TIMEOUT_MS = 8000;
  const UPLOAD_PIECE_BYTES = 512 * 1024;
  const $ = (id) => document.getElementById(id);

  const view = { state: "list", callId: null, attempt: 0, call: null };
  let config = { ice_servers: [], recording: false };
  let bookingsShown = null;  // how many bookings the list shows (null: not loaded yet)
  let socket = null;
  let reconnectDelay = 500;
  let calls = [];
  let listReceivedAt = performance.now();
  let pc = null;
  let localMediaPromise = null;
  let localStream = null;
  let remoteStream = null;
  let recorder = null;
  let recordingsUploaded = 0;

  // ------------------------------------------------------------------ signalling

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = new WebSocket(scheme + location.host + PATHS.socket);
    socket = ws;
    ws.onopen = () => { reconnectDelay = 500; };
    ws.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && typeof frame.type === "string") handle(frame);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setTimeout(reconnect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 10000);
    };
  }

  async function reconnect() {
    try {
      const response = await fetch(PATHS.config, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) { location.reload(); return; }  // the session ended: sign in again
    } catch (e) { /* the court is unreachable: try again */ }
    connect();
  }

  function handle(frame) {
    switch (frame.type) {
      case "calls": onCalls(frame.calls || []); break;
      case "offer": if (frame.call_id === view.callId && frame.attempt > view.attempt) answerOffer(frame); break;
      case "quality": if (frame.call_id === view.callId) showQuality(frame); break;
      case "recording": if (frame.call_id === view.callId) onRecording(frame.state); break;
      case "bye": if (frame.call_id === view.callId) endCall(frame.reason); break;
      case "error": onError(frame); break;
      default: break;
    }
  }

  function onCalls(list) {
    calls = list;
    listReceivedAt = performance.now();
    if (view.callId) {
      view.call = calls.find((call) => call.call_id === view.callId) || view.call;
      showCallInfo();
    }
    renderList();
    renderControls();
  }

  function onError(frame) {
    notice(frame.detail || "操作被拒绝 Refused");
    if (frame.refused === "take" && frame.call_id === view.callId) resetToList();
  }

  // --------------------------------------------------------------------- the list

  function waitingText(call) {
    const seconds = Math.max(0, Math.round((call.waiting_seconds || 0) + (performance.now() - listReceivedAt) / 1000));
    const minutes = Math.floor(seconds / 60);
    return minutes + ":" + String(seconds % 60).padStart(2, "0");
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function renderList() {
    const body = $("calls");
    body.replaceChildren();
    const waiting = calls.filter((call) => call.state === "waiting");
    for (const call of waiting) {
      const row = document.createElement("tr");
      row.dataset.callId = call.call_id;
      cell(row, String(call.position || ""));
      const kind = cell(row, KINDS[call.kind] || call.kind);
      if (call.green_channel) {
        const badge = document.createElement("span");
        badge.className = "green";
        badge.textContent = " 绿色通道";
        kind.appendChild(badge);
      }
      cell(row, call.hall);
      cell(row, waitingText(call), "waiting");
      const caseText = call.kind === "judgment_qa"
        ? (call.case_number || "未填写") + (call.judge ? "（承办法官 " + call.judge + "）" : "") : "";
      cell(row, caseText, "case");
      cell(row, call.recording_consent ? "同意 Yes" : "不同意 No", "consent");
      const action = document.createElement("td");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "primary take";
      button.textContent = "接听 Answer";
      button.disabled = view.state !== "list";
      button.addEventListener("click", () => take(call.call_id));
      action.appendChild(button);
      row.appendChild(action);
      body.appendChild(row);
    }
    $("empty").hidden = waiting.length > 0;
  }

  function tickWaiting() {
    for (const row of $("calls").children) {
      const call = calls.find((c) => c.call_id === row.dataset.callId);
      const td = row.querySelector(".waiting");
      if (call && td) td.textContent = waitingText(call);
    }
  }

  // --------------------------------------------------------------------- the call

  function setState(state) {
    view.state = state;
    const labels = { taking: "等待终端 Waiting for the kiosk", connecting: "连接中 Connecting", in_call: "通话中 In call" };
    $("call-state").textContent = labels[state] || "";
    renderControls();
    renderList();
  }

  function take(callId) {
    if (view.state !== "list") return;
    view.callId = callId;
    view.attempt = 0;
    view.call = calls.find((call) => call.call_id === callId) || null;
    $("call").hidden = false;
    $("quality").textContent = "";
    showCallInfo();
    setState("taking");
    send({ type: "take", call_id: callId });
    localMedia();  // camera and microphone while the kiosk makes its offer
  }

  function showCallInfo() {
    const call = view.call;
    if (!call) return;
    let text = (KINDS[call.kind] || call.kind) + " · " + call.hall;
    if (call.kind === "judgment_qa" && call.case_number) text += " · " + call.case_number;
    text += call.recording_consent ? " · 当事人同意录像" : " · 当事人未同意录像";
    $("call-info").textContent = text;
  }

  function localMedia() {
    if (!localMediaPromise) {
      localMediaPromise = navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then((stream) => {
        localStream = stream;
        $("local").srcObject = stream;
        return stream;
      }, () => {
        notice("无法打开摄像头或麦克风 No camera or microphone: the litigant will not see or hear you");
        return null;
      });
    }
    return localMediaPromise;
  }

  function iceGatheringComplete(peer) {
    if (peer.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => { if (peer.iceGatheringState === "complete") done(); };
      const timer = setTimeout(() => done(), ICE_GATHERING_TIMEOUT_MS);
      function done() {
        clearTimeout(timer);
        peer.removeEventListener("icegatheringstatechange", check);
        resolve();
      }
      peer.addEventListener("icegatheringstatechange", check);
    });
  }

  async function answerOffer(frame) {
    const callId = frame.call_id;
    const attempt = frame.attempt;
    view.attempt = attempt;
    stopRecorder();
    closePeer();
    setState("connecting");
    const stream = await localMedia();
    if (view.callId !== callId || view.attempt !== attempt) return;  // superseded meanwhile
    const peer = new RTCPeerConnection({ iceServers: config.ice_servers || [] });
    pc = peer;
    remoteStream = new MediaStream();
    peer.ontrack = (event) => {
      remoteStream.addTrack(event.track);
      $("remote").srcObject = remoteStream;
    };
    peer.onconnectionstatechange = () => {
      if (peer !== pc) return;
      if (peer.connectionState === "connected") setState("in_call");
      if (peer.connectionState === "failed") notice("媒体连接中断，等待终端重新连接 Media lost: waiting for the kiosk");
    };
    try {
      await peer.setRemoteDescription({ type: "offer", sdp: frame.sdp });
      if (stream) for (const track of stream.getTracks()) peer.addTrack(track, stream);
      await peer.setLocalDescription(await peer.createAnswer());
      await iceGatheringComplete(peer);
    } catch (e) {
      notice("无法应答终端的呼叫 Cannot answer the kiosk's offer");
      return;
    }
    if (peer !== pc) return;
    send({ type: "answer", call_id: callId, sdp: peer.localDescription.sdp, attempt: attempt });
  }

  function closePeer() {
    if (pc) {
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.close();
    }
    pc = null;
    $("remote").srcObject = null;
  }

  function endCall(reason) {
    stopRecorder();
    closePeer();
    if (localStream) for (const track of localStream.getTracks()) track.stop();
    localStream = null;
    localMediaPromise = null;
    $("local").srcObject = null;
    if (reason) notice(ENDED[reason] || ENDED.console);
    resetToList();
  }

  function resetToList() {
    view.callId = null;
    view.call = null;
    view.attempt = 0;
    $("call").hidden = true;
    setState("list");
  }

  function hangUp() {
    if (!view.callId) return;
    send({ type: "bye", call_id: view.callId, reason: "hangup" });
    endCall("console");
  }

  function showQuality(frame) {
    const levels = { good: "良好 good", fair: "一般 fair", poor: "较差 poor" };
    $("quality").textContent = "终端网络 Kiosk network: " + (levels[frame.level] || frame.level)
      + " · " + Math.round(frame.rtt_ms) + " ms";
  }

  // ------------------------------------------------------------------- recording

  function renderControls() {
    const button = $("record");
    const allowed = Boolean(config.recording && view.call && view.call.recording_allowed);
    button.disabled = !(allowed && view.state === "in_call");
    button.textContent = recorder ? "停止录像 Stop recording" : "录像 Record";
    button.title = allowed ? "" : "当事人未同意录像或本院未开启录像 No consent, or recording is off";
  }

  function toggleRecording() {
    if (!view.callId) return;
    send({ type: "recording", call_id: view.callId, state: recorder ? "stopped" : "started" });
  }

  function onRecording(state) {
    if (state === "started") startRecorder();
    else stopRecorder();
    renderControls();
  }

  function startRecorder() {
    if (recorder || !remoteStream) return;
    const type = MediaRecorder.isTypeSupported("video/webm;codecs=vp8,opus") ? "video/webm;codecs=vp8,opus" : "video/webm";
    const callId = view.callId;
    const chunks = [];
    const rec = new MediaRecorder(remoteStream, { mimeType: type });
    rec.ondataavailable = (event) => { if (event.data && event.data.size) chunks.push(event.data); };
    rec.onstop = () => upload(callId, new Blob(chunks, { type: "video/webm" }));
    rec.start(1000);
    recorder = rec;
  }

  function stopRecorder() {
    const rec = recorder;
    recorder = null;
    if (rec && rec.state !== "inactive") rec.stop();
  }

  async function upload(callId, blob) {
    let offset = 0;
    while (offset < blob.size) {
      let response;
      try {
        response = await fetch(PATHS.recording(callId), {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "video/webm", "Upload-Offset": String(offset) },
          body: blob.slice(offset, offset + UPLOAD_PIECE_BYTES),
        });
      } catch (e) { response = null; }
      if (!response || !response.ok) { notice("录像上传失败 The recording could not be saved"); return; }
      offset = (await response.json()).offset;
    }
    recordingsUploaded += 1;
    notice("录像已保存 Recording saved");
  }

  // ------------------------------------------------------------------ the page

  function notice(text) {
    const element = $("notice");
    element.textContent = text;
    element.hidden = !text;
  }

  async function stats() {
    const result = { framesDecoded: 0, audioSamplesReceived: 0, framesSent: 0, packetsSent: 0 };
    if (!pc) return result;
    const report = await pc.getStats();
    report.forEach((entry) => {
      if (entry.type === "inbound-rtp" && entry.kind === "video") result.framesDecoded += entry.framesDecoded || 0;
      if (entry.type === "inbound-rtp" && entry.kind === "audio") {
        result.audioSamplesReceived += entry.totalSamplesReceived || 0;
      }
      if (entry.type === "outbound-rtp") {
        if (entry.kind === "video") result.framesSent += entry.framesSent || 0;
        result.packetsSent += entry.packetsSent || 0;
      }
    });
    return result;
  }

  window.videoConsole = Object.freeze({
    get state() { return view.state; },
    get callId() { return view.callId; },
    get recordingsUploaded() { return recordingsUploaded; },
    get bookings() { return bookingsShown; },
    stats: stats,
  });

  async function start() {
    $("hangup").addEventListener("click", hangUp);
    $("record").addEventListener("click", toggleRecording);
    $("document-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (!view.callId) return;
      send({ type: "show_document", call_id: view.callId, title: $("doc-title").value.trim(),
             document_id: $("doc-id").value.trim() });
      notice("已出示文书 Document shown");
      $("document-form").reset();
    });
    setInterval(tickWaiting, 1000);
    loadBookings();
    setInterval(loadBookings, 30000);
    try {
      const response = await fetch(PATHS.config, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) { location.reload(); return; }
      if (response.ok) config = await response.json();
    } catch (e) { /* connect() retries; the defaults: no ICE servers, no recording */ }
    renderList();
    connect();
  }

  // The 判后答疑 sessions booked with this judge (kiosks book them when the judge is not online).
  async function loadBookings() {
    let answer;
    try {
      const response = await fetch(PATHS.bookings, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      answer = await response.json();
    } catch (e) { return; }
    const body = $("bookings");
    body.replaceChildren();
    for (const booking of answer.items || []) {
      const row = document.createElement("tr");
      const at = new Date(booking.slot);
      for (const value of [at.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", weekday: "short",
                                                        month: "numeric", day: "numeric", hour: "2-digit",
                                                        minute: "2-digit" }),
                           booking.case_number, String(booking.minutes)]) {
        const td = document.createElement("td");
        td.textContent = value;
        row.appendChild(td);
      }
      body.appendChild(row);
    }
    $("no-bookings").hidden = (answer.items || []).length > 0;
    bookingsShown = (answer.items || []).length;
  }

  start();
})();
