// Voices: record a page aloud with MediaRecorder and send it; without this file the
// recorder form's file input still works (progressive enhancement).
(function () {
  "use strict";
  if (!window.MediaRecorder || !navigator.mediaDevices) return;
  var LIMIT_MS = 60000;

  function setUp(form) {
    if (form.dataset.voiceReady) return;  // every recorder loads this file; set up once
    form.dataset.voiceReady = "1";
    var status = form.querySelector("[data-voice-status]");
    var file = form.querySelector("[data-voice-file]");
    var button = document.createElement("button");
    var recorder = null, chunks = [], blob = null, timer = null;
    button.type = "button";
    button.textContent = form.dataset.recordLabel || "●";
    button.setAttribute("aria-pressed", "false");
    file.parentNode.insertBefore(button, file);

    function stop() {
      if (recorder && recorder.state === "recording") recorder.stop();
      clearTimeout(timer);
    }
    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          blob = new Blob(chunks, { type: recorder.mimeType });
          button.setAttribute("aria-pressed", "false");
          status.textContent = form.dataset.readyText || "";
        };
        recorder.start();
        button.setAttribute("aria-pressed", "true");
        timer = setTimeout(stop, LIMIT_MS);
      }, function () { status.textContent = form.dataset.noMicText || ""; });
    });
    form.addEventListener("submit", function (event) {
      if (!blob) return;  // a chosen file goes the ordinary way
      event.preventDefault();
      var data = new FormData(form);
      var type = blob.type || "";
      data.set("audio", blob, type.indexOf("mp4") >= 0 ? "voice.m4a" : type.indexOf("ogg") >= 0 ? "voice.ogg" : "voice.webm");
      fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" },
                           credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (reply) {
          status.textContent = reply.ok ? (form.dataset.sentText || "✓") : reply.error;
          if (reply.ok) { blob = null; }
        });
    });
  }
  document.querySelectorAll("[data-voice-recorder]").forEach(setUp);
})();
