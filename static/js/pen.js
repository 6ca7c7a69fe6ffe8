// Pen: draw lines in a panel's picture with a mouse, finger or stylus, erase a line by tapping
// it, undo. Lines go into the scene's "strokes" ([[x, y], ...] as fractions of the panel, and
// a width in canvas units) and are saved by the composer's autosave. What is shown while
// drawing is only a preview: the server smooths and draws the lines for the panel and print.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  const tools = form && form.querySelector("[data-pen-tools]");
  const stage = form && form.querySelector("[data-stage]");
  const composer = form && form.composer;
  if (!tools || !stage || !composer) return;

  const SVGNS = "http://www.w3.org/2000/svg";
  const maxStrokes = Number(tools.dataset.maxStrokes);
  const maxPoints = Number(tools.dataset.maxPoints);
  const minWidth = Number(tools.dataset.minWidth);   // what the print never goes below
  const TOLERANCE = 0.6;    // canvas units, as the server simplifies (strokes.SIMPLIFY_UNITS)
  const ERASE_REACH = 12;   // canvas units: how near a tap must be to a line to erase it
  let mode = null;          // "pen" | "erase" | null
  let width = Number(tools.querySelector("[data-pen-width][aria-pressed=true]").dataset.penWidth);
  let drawing = null;       // {points: [[x, y] in canvas units], path: SVGPathElement, id}
  const undo = [];          // {add: stroke} or {erase: stroke, index}

  tools.hidden = false;

  function scene() {
    const s = composer.scene();
    if (!Array.isArray(s.strokes)) s.strokes = [];
    return s;
  }
  function svg() { return stage.querySelector("svg"); }
  function box() { return svg().viewBox.baseVal; }
  function toCanvas(event) {
    const point = svg().createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    const p = point.matrixTransform(svg().getScreenCTM().inverse());
    return [Math.min(box().width, Math.max(0, p.x)), Math.min(box().height, Math.max(0, p.y))];
  }
  function say(message, max) {
    const status = document.querySelector("[data-save-status]");
    if (status) { status.textContent = message.replace("{max}", max); status.dataset.state = "error"; }
  }

  function setMode(next) {
    mode = mode === next ? null : next;
    tools.querySelectorAll("[data-pen-mode]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.penMode === mode ? "true" : "false");
    });
    stage.classList.toggle("is-drawing", mode === "pen");
    stage.classList.toggle("is-erasing", mode === "erase");
  }
  function refreshUndo() { tools.querySelector("[data-pen-undo]").disabled = undo.length === 0; }

  // Ramer-Douglas-Peucker, the same as the server's (canvas units).
  function simplify(points) {
    if (points.length < 3) return points.slice();
    const keep = points.map(function () { return false; });
    keep[0] = keep[points.length - 1] = true;
    const stack = [[0, points.length - 1]];
    while (stack.length) {
      const range = stack.pop(), first = range[0], last = range[1];
      const a = points[first], b = points[last];
      const dx = b[0] - a[0], dy = b[1] - a[1], length = Math.hypot(dx, dy);
      let worst = -1, index = -1;
      for (let i = first + 1; i < last; i++) {
        const p = points[i];
        const d = length === 0 ? Math.hypot(p[0] - a[0], p[1] - a[1])
          : Math.abs(dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / length;
        if (d > worst) { worst = d; index = i; }
      }
      if (worst > TOLERANCE) { keep[index] = true; stack.push([first, index], [index, last]); }
    }
    return points.filter(function (p, i) { return keep[i]; });
  }

  // A smooth preview: quadratic curves through the midpoints, round caps and joins.
  function previewPath(points) {
    const f = function (n) { return n.toFixed(1); };
    if (points.length === 1) return "M" + f(points[0][0]) + " " + f(points[0][1]) + "l0 0";
    let d = "M" + f(points[0][0]) + " " + f(points[0][1]);
    for (let i = 1; i < points.length - 1; i++) {
      const p = points[i], q = points[i + 1];
      d += "Q" + f(p[0]) + " " + f(p[1]) + " " + f((p[0] + q[0]) / 2) + " " + f((p[1] + q[1]) / 2);
    }
    const last = points[points.length - 1];
    return d + "L" + f(last[0]) + " " + f(last[1]);
  }

  function startLine(event) {
    if (scene().strokes.length >= maxStrokes) { say(tools.dataset.msgFull, maxStrokes); return; }
    const path = document.createElementNS(SVGNS, "path");
    path.setAttribute("class", "pen-live");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "#000");
    path.setAttribute("stroke-linecap", "round");
    path.setAttribute("stroke-linejoin", "round");
    path.setAttribute("stroke-width", String(Math.max(width, minWidth)));
    svg().appendChild(path);
    drawing = { points: [toCanvas(event)], path: path, id: event.pointerId };
    path.setAttribute("d", previewPath(drawing.points));
  }

  function extendLine(event) {
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    (events.length ? events : [event]).forEach(function (e) {
      const p = toCanvas(e), last = drawing.points[drawing.points.length - 1];
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= 0.5) drawing.points.push(p);
    });
    if (drawing.points.length >= maxPoints) {   // a very long line goes on as the next one
      const tail = drawing.points[drawing.points.length - 1];
      finishLine(false);
      if (scene().strokes.length < maxStrokes) {
        startLine(event);
        drawing.points = [tail];
      }
      return;
    }
    drawing.path.setAttribute("d", previewPath(drawing.points));
  }

  function finishLine(save) {
    if (!drawing) return;
    const w = box().width, h = box().height;
    const points = simplify(drawing.points).slice(0, maxPoints).map(function (p) {
      return [Math.round(p[0] / w * 10000) / 10000, Math.round(p[1] / h * 10000) / 10000];
    });
    const stroke = { points: points, width: width };
    scene().strokes.push(stroke);
    undo.push({ add: stroke });
    drawing.path.setAttribute("d", previewPath(simplify(drawing.points)));
    drawing.path.classList.add("pen-pending");   // until the server's drawing replaces it
    drawing = null;
    refreshUndo();
    if (save !== false) composer.commit();
  }

  function distanceToStroke(p, stroke) {
    const w = box().width, h = box().height;
    let best = Infinity;
    const pts = stroke.points.map(function (q) { return [q[0] * w, q[1] * h]; });
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i], b = pts[Math.min(i + 1, pts.length - 1)];
      const dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
      const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
    }
    return best - Math.max(stroke.width, minWidth) / 2;
  }

  function eraseAt(event) {
    const p = toCanvas(event), strokes = scene().strokes;
    let index = -1, best = ERASE_REACH;
    const hit = event.target.closest && event.target.closest("path[data-stroke]");
    if (hit) index = Number(hit.dataset.stroke);
    else {
      strokes.forEach(function (stroke, i) {
        const d = distanceToStroke(p, stroke);
        if (d <= best) { best = d; index = i; }
      });
    }
    if (index < 0 || index >= strokes.length) return;
    const removed = strokes.splice(index, 1)[0];
    undo.push({ erase: removed, index: index });
    const drawn = svg().querySelector("path[data-stroke='" + index + "']");
    if (drawn) drawn.remove();
    svg().querySelectorAll("path[data-stroke]").forEach(function (path) {
      if (Number(path.dataset.stroke) > index) path.dataset.stroke = Number(path.dataset.stroke) - 1;
    });
    refreshUndo();
    composer.commit();
  }

  function undoLast() {
    const step = undo.pop();
    if (!step) return;
    const strokes = scene().strokes;
    if (step.add) {
      const at = strokes.lastIndexOf(step.add);
      if (at !== -1) strokes.splice(at, 1);
    } else {
      strokes.splice(Math.min(step.index, strokes.length), 0, step.erase);
    }
    refreshUndo();
    composer.commit();
  }

  // Capture: while the pen or eraser is on, the composer's dragging and selecting wait.
  stage.addEventListener("pointerdown", function (event) {
    if (!mode || event.button > 0) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    if (mode === "erase") { eraseAt(event); return; }
    if (drawing) return;   // a second finger does not start a second line
    try { stage.setPointerCapture(event.pointerId); } catch (e) { /* pointer already gone */ }
    startLine(event);
  }, true);
  stage.addEventListener("pointermove", function (event) {
    if (!mode) return;
    event.stopImmediatePropagation();
    if (drawing && event.pointerId === drawing.id) extendLine(event);
  }, true);
  function end(event) {
    if (!mode) return;
    event.stopImmediatePropagation();
    if (drawing && event.pointerId === drawing.id) finishLine();
  }
  stage.addEventListener("pointerup", end, true);
  stage.addEventListener("pointercancel", end, true);

  tools.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.penMode) setMode(button.dataset.penMode);
    if (button.dataset.penWidth) {
      width = Number(button.dataset.penWidth);
      tools.querySelectorAll("[data-pen-width]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      if (!mode) setMode("pen");
    }
    if (button.hasAttribute("data-pen-undo")) undoLast();
  });
  stage.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z" && undo.length) {
      event.preventDefault();
      undoLast();
    }
    if (event.key === "Escape" && mode) setMode(mode);
  });

  // The server's drawing replaced the picture: keep a line that is being drawn on top of it.
  form.addEventListener("scene-saved", function () {
    if (drawing) svg().appendChild(drawing.path);
  });
  refreshUndo();
})();
