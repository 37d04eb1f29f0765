"""Cameras: capture thread, face capture, document capture, QR reading (OpenCV, headless build).

What callers use:

- backends (via ``devices.registry``): ``simulated`` (:class:`~devices.camera.simulated.SimulatedCamera`,
  plays a folder, fault injection) and ``opencv`` (:class:`~devices.camera.opencv_camera.OpenCvCamera`:
  device index, ``/dev/videoN``, video file or image folder). Both are
  :class:`~devices.camera.capture.CaptureCamera`: ``start()``, ``stop()``, ``latest_frame()`` (BGR array
  for the UI bridge to turn into a texture), ``wait_frame(after, timeout)``, status events.
- :func:`devices.camera.face_capture.capture_face` → JPEG bytes in memory, with
  :class:`~devices.camera.events.CaptureHint` events while it waits (``hints`` has the wording).
- :func:`devices.camera.document.find_page` / :func:`~devices.camera.document.flatten_page`;
  :func:`devices.camera.document_capture.capture_page` (auto-capture when steady);
  :func:`devices.camera.material.assemble_material` (PDF + JPEGs under a size budget).
- :class:`devices.camera.qr.CodeWatcher` publishes :class:`~devices.camera.events.CodeRead`.
"""
