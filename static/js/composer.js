// Scene composer: add, move, resize, flip, label and dress the things in a panel's picture.
// The scene lives as JSON in the panel form's hidden "scene" field; the server draws it.
// Items are handled by x, y, scale and flip only, and keep every other key they carry
// (a story's person is {"cast": id, ...} with no id or label of its own).
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  const field = form && form.querySelector("[data-scene]");
  const stage = form && form.querySelector("[data-stage]");
  const inspector = form && form.querySelector("[data-inspector]");
  if (!field || !stage || !inspector) return;

  // The limits and the geometry are the server's (scenes.py), handed over in data-* attributes.
  const data = inspector.dataset;
  const limits = {
    items: Number(inspector.dataset.maxItems), bubbles: Number(inspector.dataset.maxBubbles),
    scaleMin: Number(inspector.dataset.scaleMin), scaleMax: Number(inspector.dataset.scaleMax),
  };
  if (!stage.querySelector("svg")) return;
  const canvas = stage.querySelector("svg").viewBox.baseVal;  // scenes.WIDTH, HEIGHT
  const W = canvas.width, H = canvas.height;
  const UNITS = Number(data.itemUnits);  // an item's side at scale 1 (scenes.ITEM_UNITS)
  const GROUND = Number(data.ground) * H;  // where feet stand (scenes.GROUND)
  const FEET = Number(data.feet);     // from an item's centre down to its feet, in sides
  const SVGNS = "http://www.w3.org/2000/svg";
  const names = JSON.parse(data.names || "{}");
  const list = inspector.querySelector("[data-item-list]");
  const controls = inspector.querySelector("[data-item-controls]");
  const rowButton = inspector.querySelector("[data-scene-action=row]");
  const outsideNote = inspector.querySelector("[data-outside-note]");
  let scene = JSON.parse(field.value || '{"place": null, "items": [], "bubbles": []}');
  let selected = null;  // {kind: "item" | "bubble", index: n}
  let textTimer = null;

  inspector.hidden = false;
  form.querySelector("[data-stage-help]").hidden = false;
  document.querySelectorAll("[data-add-bubble]").forEach(function (b) { b.hidden = false; });
  // The stage keeps the focus; the selected thing is its active descendant.
  stage.setAttribute("role", "group");

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

  function castName(id) {
    const button = document.querySelector('[data-add-cast="' + id + '"]');
    const title = button && button.querySelector("svg title");
    return (button && button.dataset.castName) || (title && title.textContent) || id;
  }

  function describe(kind, thing) {
    if (kind === "bubble") {
      const word = thing.kind === "thought" ? data.msgThought : data.msgBubble;
      return word + (thing.text ? ": " + thing.text : "");
    }
    if (thing.cast !== undefined) return castName(thing.cast);
    const name = names[thing.id] || thing.id;
    return thing.label ? thing.label + " (" + name + ")" : name;
  }

  // --- geometry, in canvas units, as scenes.draw places things ---------------------------
  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }
  function round(value) { return Math.round(value * 1000) / 1000; }
  function half(item) { return Math.min(item.scale * UNITS / 2, W / 2, H / 2); }
  function centre(item) {  // scenes._anchor: the whole square stays inside the panel
    const h = half(item);
    return { x: clamp(item.x * W, h, W - h), y: clamp(item.y * H, h, H - h) };
  }
  function pullIn(item) {
    const c = centre(item);
    item.x = round(c.x / W);
    item.y = round(c.y / H);
  }
  function onGround(item) {
    item.y = round((GROUND - FEET * 2 * half(item)) / H);
    pullIn(item);
  }
  function transformOf(item) {
    const c = centre(item);
    return "translate(" + c.x + " " + c.y + ") scale(" + item.scale * UNITS / 200 + ")" +
      (item.flip ? " scale(-1 1)" : "");
  }
  // What a picture really covers of its square, about: room to leave between things.
  function body(item) {
    const c = centre(item), side = 2 * half(item);
    return { x: c.x, y: c.y, w: 0.6 * side, h: 0.9 * side };
  }
  function apart(a, b) {
    return Math.max(Math.abs(a.x - b.x) - (a.w + b.w) / 2, Math.abs(a.y - b.y) - (a.h + b.h) / 2);
  }

  // A new thing stands on the ground where it is farthest from everything already there;
  // when even that spot is taken, it comes a little smaller (down to 0.6) until it fits,
  // and in a full picture it stays small where it overlaps least.
  function landInFreeSpace(item) {
    const others = scene.items.filter(function (o) { return o !== item; });
    item.x = 0.5;
    onGround(item);
    if (!others.length) return;
    const start = item.scale;
    for (let scale = start; scale > Math.max(0.6, limits.scaleMin) - 0.01; scale -= 0.1) {
      item.scale = round(scale);
      onGround(item);
      if (bestSpot(item, others) >= 0) return;
    }
  }
  // Move the item along the ground to the spot with most room; return that room.
  function bestSpot(item, others) {
    const h = half(item), spots = [];
    for (let i = 0; i <= 20; i++) spots.push(h + (W - 2 * h) * i / 20);
    spots.sort(function (a, b) { return Math.abs(a - W / 2) - Math.abs(b - W / 2) || a - b; });
    let best = W / 2, bestRoom = -Infinity;
    spots.forEach(function (x) {
      const here = body(Object.assign({}, item, { x: x / W }));
      const room = Math.min.apply(null, others.map(function (o) { return apart(here, body(o)); }));
      if (room > bestRoom + 0.5) { best = x; bestRoom = room; }
    });
    item.x = round(best / W);
    return bestRoom;
  }

  // Everything on the ground, left to right as now, with equal room between, sizes kept.
  function arrangeInARow() {
    const items = scene.items.map(function (item, index) { return { item: item, index: index }; });
    items.sort(function (a, b) { return a.item.x - b.item.x || a.index - b.index; });
    const widths = items.map(function (e) { return body(e.item).w; });
    const total = widths.reduce(function (a, b) { return a + b; }, 0);
    const gap = (W - total) / (items.length + 1);
    let left = gap;
    items.forEach(function (e, i) {
      e.item.x = (left + widths[i] / 2) / W;
      left += widths[i] + gap;
      onGround(e.item);
    });
  }

  // --- the list, the highlight, the handles ------------------------------------------------
  function renderList() {
    const hadFocus = list.contains(document.activeElement);
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
    rowButton.hidden = scene.items.length < 2;
    if (hadFocus) focusList();
  }

  // Rebuilding the list must not drop the focus to the page (arrows would scroll it).
  function focusList() {
    const key = selected ? selected.kind + ":" + selected.index : null;
    const button = (key && list.querySelector("[data-select='" + key + "']")) ||
      list.querySelector("[data-select]");
    (button || list).focus({ preventScroll: true });
  }

  function svg() { return stage.querySelector("svg"); }

  function highlight() {
    const root = svg();
    if (!root) return;
    root.setAttribute("role", "group");
    root.querySelectorAll("[data-handles]").forEach(function (g) { g.remove(); });
    root.querySelectorAll("g[data-item], g[data-bubble]").forEach(function (g) {
      const kind = g.hasAttribute("data-item") ? "item" : "bubble";
      const thing = (kind === "item" ? scene.items : scene.bubbles)[Number(g.dataset[kind])];
      g.id = "scene-" + kind + "-" + g.dataset[kind];
      g.setAttribute("role", "img");
      if (thing) g.setAttribute("aria-label", describe(kind, thing));
      g.classList.toggle("is-selected", Boolean(selected && selected.kind === kind &&
                                                selected.index === Number(g.dataset[kind])));
    });
    const g = selected && root.querySelector("#scene-" + selected.kind + "-" + selected.index);
    if (g) stage.setAttribute("aria-activedescendant", g.id);
    else stage.removeAttribute("aria-activedescendant");
    if (selected && selected.kind === "item" && current()) root.appendChild(handles(current()));
    markOutside(root);
  }

  function shape(name, attributes) {
    const element = document.createElementNS(SVGNS, name);
    Object.keys(attributes).forEach(function (k) { element.setAttribute(k, attributes[k]); });
    return element;
  }

  // A frame round the selected thing, a corner to resize it and a corner to flip it.
  function handles(item) {
    const c = centre(item), h = half(item), r = 11;
    const group = shape("g", { "data-handles": "", "aria-hidden": "true" });
    group.appendChild(shape("rect", { x: c.x - h + 1, y: c.y - h + 1, width: 2 * h - 2,
      height: 2 * h - 2, class: "handle-frame" }));
    [["resize", c.x + h - r - 2, c.y + h - r - 2, "M-5 -5 L5 5 M1 5 L5 5 L5 1 M-5 -1 L-5 -5 L-1 -5"],
     ["flip", c.x - h + r + 2, c.y - h + r + 2, "M-6 0 L6 0 M-3 -3 L-6 0 L-3 3 M3 -3 L6 0 L3 3"],
    ].forEach(function (spec) {
      const handle = shape("g", { "data-handle": spec[0], class: "handle",
        transform: "translate(" + spec[1] + " " + spec[2] + ")" });
      const title = shape("title", {});
      title.textContent = spec[0] === "resize" ? data.msgResize : data.msgFlip;
      handle.appendChild(title);
      handle.appendChild(shape("circle", { r: r + 7, class: "handle-reach" }));  // a finger's size
      handle.appendChild(shape("circle", { r: r }));
      handle.appendChild(shape("path", { d: spec[3] }));
      group.appendChild(handle);
    });
    return group;
  }

  // A thing whose drawing still leaves the panel is marked, and the inspector says so.
  function markOutside(root) {
    const frame = root.getBoundingClientRect();
    const slack = 3 * frame.width / W;
    let selectedOutside = false;
    root.querySelectorAll("g[data-item]").forEach(function (g) {
      const box = g.getBoundingClientRect();
      const out = frame.width > 0 && (box.left < frame.left - slack || box.top < frame.top - slack ||
        box.right > frame.right + slack || box.bottom > frame.bottom + slack);
      g.classList.toggle("is-outside", out);
      if (out && selected && selected.kind === "item" && selected.index === Number(g.dataset.item)) {
        selectedOutside = true;
      }
    });
    outsideNote.hidden = !selectedOutside;
  }

  function select(kind, index) {
    selected = kind === null ? null : { kind: kind, index: index };
    const thing = current();
    if (!thing) selected = null;
    controls.hidden = !thing;
    if (thing) {
      controls.querySelector("[data-for=item]").hidden = kind !== "item";
      controls.querySelector("[data-for=bubble]").hidden = kind !== "bubble";
      controls.querySelectorAll("[data-items-only]").forEach(function (b) { b.hidden = kind !== "item"; });
      if (kind === "item") fillItemFields(thing); else fillBubbleFields(thing);
    }
    renderList();
    highlight();
  }

  function fillItemFields(item) {
    // A person of the story has the name and looks given once: only the feeling is per picture.
    const person = item.cast !== undefined;
    controls.querySelectorAll("[data-figure-only]").forEach(function (e) { e.hidden = person; });
    controls.querySelector("[data-item-field=label]").value = item.label || "";
    controls.querySelector("[data-item-field=feeling]").value = item.feeling || "";
    const parts = controls.querySelector("[data-parts]");
    // A figure is its base part: "figure-adult" stands, "figure-adult-sitting" sits. A person
    // of the story takes their figure from the cast and keeps the pose by name.
    const tile = person ? document.querySelector('[data-add-cast="' + item.cast + '"]') : null;
    const size = person ? (tile && tile.dataset.castFigure) || null :
      (String(item.id).indexOf("figure-") === 0 ? item.id.split("-")[1] : null);
    const pose = controls.querySelector("[data-item-field=pose]");
    const option = !size ? null : person
      ? pose.querySelector('option[data-fits="' + size + '"][data-pose="' + (item.pose || "standing") + '"]')
      : pose.querySelector('option[value="' + item.id + '"]');
    const standing = !option || option.dataset.pose === "standing";
    controls.querySelector("[data-pose]").hidden = !size;
    pose.querySelectorAll("option").forEach(function (o) {
      const fits = o.dataset.fits === size;
      o.hidden = !fits;
      o.disabled = !fits;
    });
    if (option) pose.value = option.value;
    const change = controls.querySelector("[data-change-person]");
    if (change) {
      change.hidden = !person;
      if (person) change.href = change.dataset.base + "#person-" + item.cast;
    }
    if (person) { parts.hidden = true; return; }   // their looks are changed for every page
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

  function resize(scale, step) { return round(clamp(scale + step, limits.scaleMin, limits.scaleMax)); }

  function moveBy(dx, dy) {
    const thing = current();
    if (!thing) return;
    thing.x = round(clamp(thing.x + dx, 0, 1));
    thing.y = round(clamp(thing.y + dy, 0, 1));
    if (selected.kind === "item") { pullIn(thing); preview(thing); }
    commit();
  }

  // Show a change at once; the server's drawing (and the names laid out anew) follows the save.
  function preview(item) {
    const g = svg().querySelector("#scene-item-" + selected.index);
    if (g) g.setAttribute("transform", transformOf(item));
  }

  function act(action) {
    const thing = current();
    if (action === "row") { arrangeInARow(); renderList(); commit(); highlight(); return; }
    if (!thing) return;
    const isItem = selected.kind === "item";
    if (action === "bigger" && isItem) thing.scale = resize(thing.scale, 0.1);
    if (action === "smaller" && isItem) thing.scale = resize(thing.scale, -0.1);
    if ((action === "bigger" || action === "smaller") && isItem) pullIn(thing);
    if (action === "ground" && isItem) onGround(thing);
    if (action === "flip") thing.flip = !thing.flip;
    if (isItem && ["bigger", "smaller", "ground", "flip"].indexOf(action) !== -1) preview(thing);
    if (action === "front") {
      const things = isItem ? scene.items : scene.bubbles;
      things.push(things.splice(selected.index, 1)[0]);
      selected.index = things.length - 1;
    }
    if (action === "remove") { removeSelected(); return; }
    renderList();
    commit();
    highlight();
  }

  // After removing, the next thing (or the one before) is selected, and the focus follows.
  function removeSelected() {
    const things = selected.kind === "item" ? scene.items : scene.bubbles;
    const kind = selected.kind, inStage = stage.contains(document.activeElement) ||
      document.activeElement === stage;
    things.splice(selected.index, 1);
    const next = Math.min(selected.index, things.length - 1);
    select(next >= 0 ? kind : null, next);
    commit();
    if (inStage) stage.focus({ preventScroll: true }); else focusList();
  }

  function full(message, max) {
    const status = document.querySelector("[data-save-status]");
    if (status) { status.textContent = message.replace("{max}", max); status.dataset.state = "error"; }
  }

  function addItem(item) {
    if (scene.items.length >= limits.items) { full(data.msgFull, limits.items); return; }
    scene.items.push(item);
    landInFreeSpace(item);
    select("item", scene.items.length - 1);
    commit();
  }

  // Adding from the library: places become the background, everything else an item.
  document.querySelectorAll("[data-add-item]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const id = button.dataset.addItem;
      if (button.hasAttribute("data-place")) {
        scene.place = scene.place === id ? null : id;
        renderList();
        commit();
        return;
      }
      addItem({ id: id, x: 0.5, y: 0.6, scale: resize(1, 0), flip: false, label: null, feeling: null, parts: [] });
    });
  });
  // The people of the story (cast.py): placed as they are, with a pose and a feeling.
  document.querySelectorAll("[data-add-cast]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      addItem({ cast: button.dataset.addCast, x: 0.5, y: 0.6, scale: resize(1, 0), flip: false,
                pose: "standing", feeling: null });
    });
  });
  document.querySelectorAll("[data-add-bubble]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (scene.bubbles.length >= limits.bubbles) {
        full(data.msgFullBubbles, limits.bubbles);
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
    focusList();
  });
  inspector.addEventListener("click", function (event) {
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
      if (thing.cast !== undefined) {   // a person keeps who they are; only the pose changes
        thing.pose = chosen.dataset.pose;
        fillItemFields(thing);
        commit();
        return;
      }
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

  // Keyboard: arrows move (Shift: further), + and - resize, F flips, G puts it on the ground,
  // Delete removes, Escape lets go. The focus stays where it was, so arrows never scroll.
  function onKey(event) {
    // On the list, a key is for the thing whose button has the focus.
    const chosen = event.target.closest && event.target.closest("[data-select]");
    if (chosen && event.key !== "Escape" && event.key !== "Tab") {
      const parts = chosen.dataset.select.split(":");
      if (!selected || selected.kind !== parts[0] || selected.index !== Number(parts[1])) {
        select(parts[0], Number(parts[1]));
      }
    }
    if (!selected || event.target.matches("input, select, textarea")) return;
    const step = event.shiftKey ? 0.1 : 0.02;
    const keys = {
      ArrowLeft: function () { moveBy(-step, 0); }, ArrowRight: function () { moveBy(step, 0); },
      ArrowUp: function () { moveBy(0, -step); }, ArrowDown: function () { moveBy(0, step); },
      "+": function () { act("bigger"); }, "=": function () { act("bigger"); },
      "-": function () { act("smaller"); }, f: function () { act("flip"); }, F: function () { act("flip"); },
      g: function () { act("ground"); }, G: function () { act("ground"); },
      Delete: function () { act("remove"); },
      Escape: function () {
        const away = controls.contains(document.activeElement);
        select(null);
        if (away) stage.focus({ preventScroll: true });
      },
    };
    if (keys[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      keys[event.key]();
      if (event.key.indexOf("Arrow") === 0) highlight();
    }
  }
  stage.addEventListener("keydown", onKey);
  list.addEventListener("keydown", onKey);
  inspector.querySelectorAll(".control-row").forEach(function (row) {
    row.addEventListener("keydown", onKey);
  });

  // Pointer: drag to move, a corner handle to resize, the other to flip, wheel to resize.
  function toCanvas(event) {
    const root = svg();
    const point = root.createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    const p = point.matrixTransform(root.getScreenCTM().inverse());
    return { x: p.x, y: p.y };
  }
  // Everything under the pointer, top first; a name stands for its item.
  function thingsAt(event) {
    const found = [];
    document.elementsFromPoint(event.clientX, event.clientY).forEach(function (element) {
      if (!stage.contains(element)) return;
      const g = element.closest("g[data-item], g[data-bubble], g[data-label]");
      if (!g) return;
      const kind = g.hasAttribute("data-bubble") ? "bubble" : "item";
      const index = Number(kind === "bubble" ? g.dataset.bubble :
        (g.hasAttribute("data-item") ? g.dataset.item : g.dataset.label));
      if (!found.some(function (f) { return f.kind === kind && f.index === index; })) {
        found.push({ kind: kind, index: index });
      }
    });
    return found;
  }

  let drag = null, lastPress = null, waitingSvg = null;
  stage.addEventListener("pointerdown", function (event) {
    if (event.button > 0) return;
    stage.focus({ preventScroll: true });
    const handle = event.target.closest("[data-handle]");
    if (handle && current()) {
      event.preventDefault();
      if (handle.dataset.handle === "flip") { act("flip"); return; }
      startDrag(event, "resize");
      return;
    }
    const under = thingsAt(event);
    if (!under.length) { select(null); lastPress = null; return; }
    // A second press on the same spot reaches the thing underneath the selected one.
    let pick = under[0];
    const same = lastPress && Math.hypot(event.clientX - lastPress.x, event.clientY - lastPress.y) < 5;
    const at = selected ? under.findIndex(function (f) {
      return f.kind === selected.kind && f.index === selected.index; }) : -1;
    if (same && at !== -1) pick = under[(at + 1) % under.length];
    lastPress = { x: event.clientX, y: event.clientY };
    select(pick.kind, pick.index);
    startDrag(event, "move");
    event.preventDefault();
  });

  function startDrag(event, mode) {
    const thing = current(), start = toCanvas(event);
    const c = selected.kind === "item" ? centre(thing) : { x: thing.x * W, y: thing.y * H };
    drag = { mode: mode, start: start, x: thing.x, y: thing.y, scale: thing.scale, moved: false,
             reach: Math.max(8, Math.hypot(start.x - c.x, start.y - c.y)), centre: c,
             g: svg().querySelector("#scene-" + selected.kind + "-" + selected.index),
             label: svg().querySelector("g[data-label='" + selected.index + "']"),
             base: null };
    if (drag.g) drag.base = drag.g.getAttribute("transform") || "";
    try { stage.setPointerCapture(event.pointerId); } catch (e) { /* pointer already gone */ }
  }

  stage.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const p = toCanvas(event), thing = current(), isItem = selected.kind === "item";
    if (drag.mode === "resize") {
      const reach = Math.hypot(p.x - drag.centre.x, p.y - drag.centre.y);
      thing.scale = round(clamp(drag.scale * reach / drag.reach, limits.scaleMin, limits.scaleMax));
    } else {
      thing.x = round(clamp(drag.x + (p.x - drag.start.x) / W, 0, 1));
      thing.y = round(clamp(drag.y + (p.y - drag.start.y) / H, 0, 1));
    }
    if (isItem) pullIn(thing);
    drag.moved = drag.moved || thing.x !== drag.x || thing.y !== drag.y || thing.scale !== drag.scale;
    if (drag.moved) lastPress = null;
    if (!drag.g) return;
    if (isItem) {
      drag.g.setAttribute("transform", transformOf(thing));
      const old = svg().querySelector("[data-handles]");
      if (old) old.replaceWith(handles(thing));
    } else {
      drag.g.setAttribute("transform", "translate(" + (thing.x - drag.x) * W + " " +
        (thing.y - drag.y) * H + ") " + drag.base);
    }
    // The name follows a move; after a resize the server lays the names out again.
    if (drag.label && isItem) {
      const from = { x: drag.x, y: drag.y, scale: drag.scale }, to = centre(thing), was = centre(from);
      drag.label.setAttribute("transform", drag.mode === "move" ?
        "translate(" + (to.x - was.x) + " " + (to.y - was.y) + ")" : "");
      drag.label.style.opacity = drag.mode === "move" ? "" : "0.3";
    }
  });
  function endDrag() {
    if (!drag) return;
    const moved = drag.moved;
    drag = null;
    if (waitingSvg !== null) { showSvg(waitingSvg); waitingSvg = null; }
    if (moved) { commit(); highlight(); }
  }
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointercancel", endDrag);
  stage.addEventListener("wheel", function (event) {
    if (!selected || selected.kind !== "item") return;
    event.preventDefault();
    act(event.deltaY < 0 ? "bigger" : "smaller");
  }, { passive: false });

  // The server drew the saved scene: show its SVG (after a drag, not in the middle of one).
  function showSvg(markup) {
    stage.innerHTML = markup;
    highlight();
  }
  form.addEventListener("scene-saved", function (event) {
    if (drag) waitingSvg = event.detail.svg; else showSvg(event.detail.svg);
  });

  renderList();
  highlight();
})();
