// Scene composer: add, move, resize, flip, label and dress the things in a panel's picture.
// The scene lives as JSON in the panel form's hidden "scene" field; the server draws it.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  const field = form && form.querySelector("[data-scene]");
  const stage = form && form.querySelector("[data-stage]");
  const inspector = form && form.querySelector("[data-inspector]");
  if (!field || !stage || !inspector) return;

  // The limits are the server's (scenes.py), handed over in data-* attributes.
  const limits = {
    items: Number(inspector.dataset.maxItems), bubbles: Number(inspector.dataset.maxBubbles),
    scaleMin: Number(inspector.dataset.scaleMin), scaleMax: Number(inspector.dataset.scaleMax),
  };
  const names = JSON.parse(inspector.dataset.names || "{}");
  const list = inspector.querySelector("[data-item-list]");
  const controls = inspector.querySelector("[data-item-controls]");
  let scene = JSON.parse(field.value || '{"place": null, "items": [], "bubbles": []}');
  let selected = null;  // {kind: "item" | "bubble", index: n}
  let textTimer = null;

  inspector.hidden = false;
  form.querySelector("[data-stage-help]").hidden = false;
  document.querySelectorAll("[data-add-bubble]").forEach(function (b) { b.hidden = false; });

  function commit(delay) {
    field.value = JSON.stringify(scene);
    clearTimeout(textTimer);
    const send = function () { form.dispatchEvent(new CustomEvent("scene-change")); };
    if (delay) textTimer = setTimeout(send, delay); else send();
  }

  // The pen (pen.js) adds and removes lines in the same scene and saves through commit().
  form.composer = { scene: function () { return scene; }, commit: function () { commit(); } };

  function current() {
    if (!selected) return null;
    return selected.kind === "item" ? scene.items[selected.index] : scene.bubbles[selected.index];
  }

  function describe(kind, thing) {
    if (kind === "bubble") {
      const word = thing.kind === "thought" ? inspector.dataset.msgThought : inspector.dataset.msgBubble;
      return word + (thing.text ? ": " + thing.text : "");
    }
    const name = names[thing.id] || thing.id;
    return thing.label ? thing.label + " (" + name + ")" : name;
  }

  function renderList() {
    list.innerHTML = "";
    [["item", scene.items], ["bubble", scene.bubbles]].forEach(function (pair) {
      pair[1].forEach(function (thing, index) {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = describe(pair[0], thing);
        button.dataset.select = pair[0] + ":" + index;
        const isSelected = selected && selected.kind === pair[0] && selected.index === index;
        button.setAttribute("aria-pressed", isSelected ? "true" : "false");
        li.appendChild(button);
        list.appendChild(li);
      });
    });
  }

  function highlight() {
    stage.querySelectorAll(".is-selected").forEach(function (g) { g.classList.remove("is-selected"); });
    if (!selected) return;
    const g = stage.querySelector("g[data-" + selected.kind + "='" + selected.index + "']");
    if (g) g.classList.add("is-selected");
  }

  function select(kind, index) {
    selected = kind === null ? null : { kind: kind, index: index };
    const thing = current();
    controls.hidden = !thing;
    if (thing) {
      controls.querySelector("[data-for=item]").hidden = kind !== "item";
      controls.querySelector("[data-for=bubble]").hidden = kind !== "bubble";
      if (kind === "item") fillItemFields(thing); else fillBubbleFields(thing);
    }
    renderList();
    highlight();
  }

  function fillItemFields(item) {
    controls.querySelector("[data-item-field=label]").value = item.label || "";
    controls.querySelector("[data-item-field=feeling]").value = item.feeling || "";
    const parts = controls.querySelector("[data-parts]");
    // A figure is its base part: "figure-adult" stands, "figure-adult-sitting" sits.
    const size = item.id.indexOf("figure-") === 0 ? item.id.split("-")[1] : null;
    const pose = controls.querySelector("[data-item-field=pose]");
    const option = size ? pose.querySelector('option[value="' + item.id + '"]') : null;
    const standing = !option || option.dataset.pose === "standing";
    controls.querySelector("[data-pose]").hidden = !size;
    pose.querySelectorAll("option").forEach(function (o) {
      const fits = o.dataset.fits === size;
      o.hidden = !fits;
      o.disabled = !fits;
    });
    if (size) pose.value = item.id;
    parts.hidden = !size;
    parts.querySelectorAll("[data-part-fits]").forEach(function (label) {
      label.hidden = !size || label.dataset.partFits.split(" ").indexOf(size) === -1 ||
        (label.dataset.partKind === "body" && !standing);
      const box = label.querySelector("input");
      box.checked = (item.parts || []).indexOf(box.dataset.itemPart) !== -1;
    });
  }

  function fillBubbleFields(bubble) {
    controls.querySelector("[data-bubble-field=text]").value = bubble.text || "";
  }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }
  function round(value) { return Math.round(value * 1000) / 1000; }
  function resize(scale, step) { return round(clamp(scale + step, limits.scaleMin, limits.scaleMax)); }

  function moveBy(dx, dy) {
    const thing = current();
    if (!thing) return;
    thing.x = round(clamp(thing.x + dx, 0, 1));
    thing.y = round(clamp(thing.y + dy, 0, 1));
    commit();
  }

  function act(action) {
    const thing = current();
    if (!thing) return;
    if (action === "bigger" && selected.kind === "item") thing.scale = resize(thing.scale, 0.1);
    if (action === "smaller" && selected.kind === "item") thing.scale = resize(thing.scale, -0.1);
    if (action === "flip") thing.flip = !thing.flip;
    if (action === "front") {
      const things = selected.kind === "item" ? scene.items : scene.bubbles;
      things.push(things.splice(selected.index, 1)[0]);
      selected.index = things.length - 1;
    }
    if (action === "remove") {
      (selected.kind === "item" ? scene.items : scene.bubbles).splice(selected.index, 1);
      selected = null;
      controls.hidden = true;
    }
    renderList();
    commit();
  }

  function full(message, max) {
    const status = document.querySelector("[data-save-status]");
    if (status) { status.textContent = message.replace("{max}", max); status.dataset.state = "error"; }
  }

  // Adding from the library: places become the background, everything else an item.
  document.querySelectorAll("[data-add-item]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const id = button.dataset.addItem;
      if (button.hasAttribute("data-place")) {
        scene.place = scene.place === id ? null : id;
      } else {
        if (scene.items.length >= limits.items) { full(inspector.dataset.msgFull, limits.items); return; }
        scene.items.push({ id: id, x: 0.5, y: 0.6, scale: resize(1, 0), flip: false, label: null, feeling: null, parts: [] });
        select("item", scene.items.length - 1);
      }
      renderList();
      commit();
    });
  });
  document.querySelectorAll("[data-add-bubble]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (scene.bubbles.length >= limits.bubbles) {
        full(inspector.dataset.msgFullBubbles, limits.bubbles);
        return;
      }
      scene.bubbles.push({ kind: button.dataset.addBubble, text: "", x: 0.5, y: 0.2, flip: false });
      select("bubble", scene.bubbles.length - 1);
      commit();
      controls.querySelector("[data-bubble-field=text]").focus();
    });
  });

  list.addEventListener("click", function (event) {
    const button = event.target.closest("[data-select]");
    if (!button) return;
    const parts = button.dataset.select.split(":");
    select(parts[0], Number(parts[1]));
    list.querySelector("[data-select='" + button.dataset.select + "']").focus();
  });
  controls.addEventListener("click", function (event) {
    const button = event.target.closest("[data-scene-action]");
    if (button) act(button.dataset.sceneAction);
  });
  controls.addEventListener("input", function (event) {
    const thing = current();
    if (!thing) return;
    const target = event.target;
    if (target.dataset.itemField === "label") { thing.label = target.value.trim() || null; commit(700); }
    if (target.dataset.bubbleField === "text") { thing.text = target.value; commit(700); }
    if (target.dataset.itemField || target.dataset.bubbleField) renderList();
  });
  controls.addEventListener("change", function (event) {
    const thing = current();
    if (!thing) return;
    const target = event.target;
    if (target.dataset.itemField === "feeling") { thing.feeling = target.value || null; commit(); }
    if (target.dataset.itemField === "pose" && target.value) {
      // a pose keeps the head parts; a wheelchair or stick belongs to the standing figure
      const chosen = target.options[target.selectedIndex];
      thing.id = target.value;
      if (chosen.dataset.pose !== "standing") {
        thing.parts = (thing.parts || []).filter(function (p) {
          const box = controls.querySelector('[data-item-part="' + p + '"]');
          return !box || box.closest("[data-part-kind]").dataset.partKind !== "body";
        });
      }
      fillItemFields(thing);
      renderList();
      commit();
    }
    if (target.dataset.itemPart) {
      const parts = (thing.parts || []).filter(function (p) { return p !== target.dataset.itemPart; });
      if (target.checked) parts.push(target.dataset.itemPart);
      thing.parts = parts;
      commit();
    }
  });

  // Keyboard: arrows move, + and - resize, F flips, Delete removes.
  function onKey(event) {
    if (!selected || event.target.matches("input, select, textarea")) return;
    const step = event.shiftKey ? 0.08 : 0.02;
    const keys = {
      ArrowLeft: function () { moveBy(-step, 0); }, ArrowRight: function () { moveBy(step, 0); },
      ArrowUp: function () { moveBy(0, -step); }, ArrowDown: function () { moveBy(0, step); },
      "+": function () { act("bigger"); }, "=": function () { act("bigger"); },
      "-": function () { act("smaller"); }, f: function () { act("flip"); }, F: function () { act("flip"); },
      Delete: function () { act("remove"); },
    };
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  }
  stage.addEventListener("keydown", onKey);
  list.addEventListener("keydown", onKey);

  // Pointer: drag to move, wheel to resize. The canvas size is the drawing's viewBox.
  function canvas() { return stage.querySelector("svg").viewBox.baseVal; }
  function toScene(event) {
    const svg = stage.querySelector("svg");
    const point = svg.createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    const p = point.matrixTransform(svg.getScreenCTM().inverse());
    return { x: p.x / canvas().width, y: p.y / canvas().height };
  }
  let drag = null;
  stage.addEventListener("pointerdown", function (event) {
    const g = event.target.closest("g[data-item], g[data-bubble]");
    if (!g) { select(null); return; }
    const kind = g.hasAttribute("data-item") ? "item" : "bubble";
    select(kind, Number(g.dataset[kind]));
    const start = toScene(event);
    drag = { g: g, start: start, x: current().x, y: current().y, base: g.getAttribute("transform") || "" };
    stage.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  stage.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const p = toScene(event);
    const thing = current();
    thing.x = round(clamp(drag.x + p.x - drag.start.x, 0, 1));
    thing.y = round(clamp(drag.y + p.y - drag.start.y, 0, 1));
    const dx = (thing.x - drag.x) * canvas().width, dy = (thing.y - drag.y) * canvas().height;
    drag.g.setAttribute("transform", "translate(" + dx + " " + dy + ") " + drag.base);
  });
  function endDrag() {
    if (!drag) return;
    const moved = current() && (current().x !== drag.x || current().y !== drag.y);
    drag = null;
    if (moved) commit();
  }
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointercancel", endDrag);
  stage.addEventListener("wheel", function (event) {
    if (!selected || selected.kind !== "item") return;
    event.preventDefault();
    act(event.deltaY < 0 ? "bigger" : "smaller");
  }, { passive: false });

  // The server drew the saved scene: show its SVG.
  form.addEventListener("scene-saved", function (event) {
    stage.innerHTML = event.detail.svg;
    highlight();
  });

  renderList();
})();
