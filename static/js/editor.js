// Editor enhancements: autosave, reorder (drag and keyboard), picture filter.
// Everything works without this file through plain forms; this makes it immediate.
(function () {
  "use strict";
  const statusEl = document.querySelector("[data-save-status]");
  let queue = Promise.resolve();
  let pending = 0;    // saves sent and not yet answered
  let edits = 0;      // changes made in the panel form ...
  let acked = 0;      // ... and how many of them the server has acknowledged
  let leaving = false;  // a plain form is being sent, or "reload and keep my text"

  function say(key, text, kind) {
    if (!statusEl) return;
    statusEl.textContent = text || statusEl.dataset["msg" + key] || "";
    statusEl.dataset.state = kind || "info";
  }

  function setVersion(version) {
    document.querySelectorAll("input[data-version]").forEach(function (input) {
      input.value = version;
    });
  }

  function currentVersion() {
    const input = document.querySelector("input[data-version]");
    return input ? input.value : "";
  }

  // Saves run one after another, each carrying the version the last one produced.
  function setPending(delta) {
    pending += delta;
    if (statusEl) statusEl.dataset.pending = String(pending);
  }

  function enqueue(url, data) {
    setPending(1);
    const run = queue.then(function () {
      data.set("version", currentVersion());
      return fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json" },
      }).then(function (response) {
        return response.json().catch(function () { return { ok: false }; })
          .then(function (body) { body.status = response.status; return body; });
      });
    }).finally(function () { setPending(-1); });
    queue = run.catch(function () {});
    return run;
  }

  // Leaving the page asks first only while something is not saved yet.
  const newCaption = document.querySelector("#new-caption");
  function unsaved() {
    return pending > 0 || edits > acked || Boolean(newCaption && newCaption.value.trim());
  }
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && unsaved()) { event.preventDefault(); event.returnValue = ""; }
  });

  // The message next to what was being saved, and "reload and keep my text".
  const form = document.querySelector("form[data-autosave]");
  const conflict = form && form.querySelector("[data-conflict-message]");
  const keepKey = form && form.dataset.keepKey;
  const KEPT = ["caption", "caption_2"];

  function keepText() {
    if (!keepKey) return;
    const texts = {};
    KEPT.forEach(function (name) { if (form.elements[name]) texts[name] = form.elements[name].value; });
    try { window.sessionStorage.setItem(keepKey, JSON.stringify(texts)); } catch (e) { /* full or off */ }
  }

  function forgetText() {
    try { window.sessionStorage.removeItem(keepKey); } catch (e) { /* off */ }
  }

  function keptText() {
    try { return JSON.parse(window.sessionStorage.getItem(keepKey) || "null"); } catch (e) { return null; }
  }

  function reloadKeepingText() {
    if (form) keepText();
    leaving = true;
    window.location.reload();
  }

  // Put the message just after the field the worker was changing (its counter, if any).
  function placeNear(box, field) {
    let anchor = field && (field.closest("[data-inspector]") || field);
    if (!anchor || !form.contains(anchor)) anchor = form.querySelector("[data-caption]");
    const counter = anchor.getAttribute("aria-describedby") &&
      document.getElementById(anchor.getAttribute("aria-describedby").split(" ")[0]);
    if (counter && counter.dataset.countTemplate) anchor = counter;
    anchor.after(box);
  }

  function showConflict(field, text, saved) {
    placeNear(conflict, field);
    conflict.querySelector("[data-conflict-text]").textContent = text;
    const savedLine = conflict.querySelector("[data-conflict-saved]");
    savedLine.hidden = saved === undefined;
    conflict.querySelector("[data-conflict-saved-text]").textContent = saved || "";
    conflict.querySelector("[data-action=reload-keep]").hidden = saved !== undefined;
    conflict.querySelector("[data-action=save-kept]").hidden = saved === undefined;
    conflict.querySelector("[data-action=use-saved]").hidden = saved === undefined;
    conflict.dataset.tone = saved === undefined ? "error" : "notice";
    conflict.hidden = false;
  }

  function hideConflict() {
    if (conflict) conflict.hidden = true;
  }

  function markUnsaved(field) {
    if (!field || !field.matches("textarea[name]")) return;
    field.dataset.unsaved = "true";
    field.dataset.edit = String(edits);
  }

  function acknowledge(upTo) {
    acked = Math.max(acked, upTo);
    form.querySelectorAll("[data-unsaved]").forEach(function (field) {
      if (Number(field.dataset.edit) <= upTo) delete field.dataset.unsaved;
    });
    if (acked >= edits) {
      forgetText();
      hideConflict();
      delete form.dataset.kept;
    }
  }

  // Autosave of the selected panel.
  if (form) {
    const button = form.querySelector("[data-save-button]");
    if (button) button.hidden = true;
    let timer = null;
    let retry = null;
    let lastField = null;
    let restoring = false;

    function save() {
      clearTimeout(timer);
      timer = null;
      if (form.dataset.conflict) { keepText(); return; }
      say("Saving", null, "busy");
      const upTo = edits;
      const data = new FormData(form);
      const shareBox = form.querySelector("[data-shared]");  // held: waits for who agreed
      if (!shareBox.checked || shareBox.dataset.held) data.delete("shared_with_network");
      enqueue(form.action, data).then(function (body) {
        if (body.ok) {
          setVersion(body.version);
          acknowledge(upTo);
          say("Saved", null, "ok");
          reflect(form, body);
        } else if (body.status === 409) {
          form.dataset.conflict = "true";
          keepText();
          say("Notsaved", null, "error");
          showConflict(lastField, (body.error || "") + " " + form.dataset.msgKeep);
        } else {
          say("", body.error, "error");
          form.dispatchEvent(new CustomEvent("save-refused", { detail: body }));
        }
      }).catch(function () {
        say("Offline", null, "error");
        clearTimeout(retry);
        retry = setTimeout(save, 5000);
      });
    }

    function changed(field) {
      edits += 1;
      lastField = field;
      markUnsaved(field);
      if (field && field.matches("textarea[name]")) keepText();
    }

    form.addEventListener("input", function (event) {
      changed(event.target);
      if (event.target.matches("textarea[name]")) {
        countCharacters(event.target);
        if (restoring) return;
        clearTimeout(timer);
        timer = setTimeout(save, 700);
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.matches("textarea")) return;
      changed(event.target);
      if (event.target.matches("[data-kind]")) showKind(event.target);
      // Composer fields belong to the scene; it saves them through "scene-change".
      if (!event.target.closest("[data-inspector]")) save();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save();
    });
    form.addEventListener("scene-change", function () {
      changed(form.querySelector("[data-inspector]"));
      save();
    });
    conflict.addEventListener("click", function (event) {
      if (event.target.closest("[data-action=reload-keep]")) reloadKeepingText();
      if (event.target.closest("[data-action=save-kept]")) save();
      if (event.target.closest("[data-action=use-saved]")) useSaved();
    });

    // "Keep the saved text": put back what the server has and forget the kept text.
    function useSaved() {
      restoring = true;
      KEPT.forEach(function (name) {
        const field = form.elements[name];
        if (field && field.dataset.savedValue !== undefined) {
          field.value = field.dataset.savedValue;
          delete field.dataset.savedValue;
          field.dispatchEvent(new Event("input", { bubbles: true }));  // count, coach
        }
      });
      restoring = false;
      acknowledge(edits);
      say("Saved", null, "ok");
      form.elements.caption.focus();
    }

    // Back after "reload and keep my text" (or any reload before a save was answered):
    // the kept text goes back into its field, marked as not saved, next to what is saved now.
    const kept = keptText();
    if (kept) {
      const caption = form.elements.caption;
      const saved = caption.value;
      const differs = KEPT.some(function (name) {
        return form.elements[name] && typeof kept[name] === "string" &&
          kept[name].trim() !== "" && kept[name] !== form.elements[name].value;
      });
      if (differs) {
        restoring = true;
        KEPT.forEach(function (name) {
          const field = form.elements[name];
          if (field && typeof kept[name] === "string" && kept[name] !== field.value) {
            field.dataset.savedValue = field.value;
            field.value = kept[name];
            field.dispatchEvent(new Event("input", { bubbles: true }));  // count, coach
          }
        });
        restoring = false;
        form.dataset.kept = "true";
        say("Unsaved", null, "unsaved");
        showConflict(caption, form.dataset.msgKept, saved);
      } else {
        forgetText();
      }
    }
  }

  function countCharacters(textarea) {
    const counter = document.getElementById(textarea.getAttribute("aria-describedby") || "");
    if (counter && counter.dataset.countTemplate) {
      counter.textContent = counter.dataset.countTemplate.replace("{n}", textarea.value.length);
    }
  }

  // "An empty frame": say under the choice that the picture is not printed.
  function showKind(select) {
    const hint = document.querySelector("[data-draw-hint]");
    if (hint) hint.hidden = select.value !== "draw";
  }

  // Mirror a saved caption and picture in the strip, and hand the drawn scene to the composer.
  function reflect(panelForm, body) {
    const id = panelForm.dataset.panelForm;
    const item = document.querySelector("li[data-panel-id='" + id + "']");
    const caption = panelForm.querySelector("[data-caption]").value;
    if (item) {
      const text = item.querySelector("[data-thumb-caption]");
      if (text) text.textContent = caption.length > 60 ? caption.slice(0, 57) + "..." : caption;
      const picture = item.querySelector("[data-thumb-picture]");
      if (picture && body.thumb) picture.innerHTML = body.thumb;
    }
    if (body.svg) {
      panelForm.dispatchEvent(new CustomEvent("scene-saved", { detail: body }));
    }
  }

  // Reordering: the up and down buttons, and drag and drop.
  const list = document.querySelector("ol[data-sortable]");
  const stripMessage = document.querySelector("[data-strip-message]");

  function renumber() {
    if (!list) return;
    list.querySelectorAll("li[data-panel-id]").forEach(function (li, index) {
      const number = li.querySelector(".thumb-number");
      if (number) number.textContent = index + 1;
    });
  }

  function orderSaved() {
    if (stripMessage) stripMessage.hidden = true;
    say("Moved", null, "ok");
  }

  // A refused reorder: tell why beside the strip, and show the order the server has.
  function orderRefused(body, focus) {
    say("Notsaved", null, "error");
    if (stripMessage) {
      const stale = body.status === 409;
      stripMessage.querySelector("[data-strip-text]").textContent =
        (body.error || stripMessage.dataset.msgRefused) + " " + stripMessage.dataset.msgBack;
      stripMessage.querySelector("[data-action=reload-keep]").hidden = !stale;
      stripMessage.hidden = false;
    }
    return fetch(window.location.pathname + window.location.search, {
      credentials: "same-origin", headers: { "Accept": "text/html" },
    }).then(function (response) { return response.text(); }).then(function (html) {
      const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("ol[data-sortable]");
      if (!fresh) return;
      const ids = Array.from(fresh.querySelectorAll("li[data-panel-id]"), function (li) { return li.dataset.panelId; });
      const mine = list.querySelectorAll("li[data-panel-id]");
      const same = ids.length === mine.length && ids.every(function (id) {
        return list.querySelector("li[data-panel-id='" + id + "']");
      });
      if (same) {
        ids.forEach(function (id) { list.appendChild(list.querySelector("li[data-panel-id='" + id + "']")); });
      } else {
        // Panels were added or deleted elsewhere: show the server's strip, keeping our version
        // so that nothing is saved over the other change before a reload.
        const version = currentVersion();
        list.innerHTML = fresh.innerHTML;
        list.querySelectorAll("input[data-version]").forEach(function (input) { input.value = version; });
      }
      renumber();
      if (focus && document.contains(focus)) focus.focus();
    }).catch(function () { /* the message already says it was not saved */ });
  }

  if (list) {
    list.addEventListener("submit", function (event) {
      const moveForm = event.target.closest("form[data-move]");
      if (!moveForm) return;
      event.preventDefault();
      const li = moveForm.closest("li");
      const up = moveForm.dataset.move === "up";
      const sibling = up ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) return;
      say("Saving", null, "busy");
      const button = moveForm.querySelector("button");
      enqueue(moveForm.action, new FormData(moveForm)).then(function (body) {
        if (!body.ok) { orderRefused(body, button); return; }
        setVersion(body.version);
        if (up) sibling.before(li); else sibling.after(li);
        renumber();
        button.focus();
        orderSaved();
      }).catch(function () { say("Offline", null, "error"); });
    });
  }

  if (stripMessage) {
    stripMessage.addEventListener("click", function (event) {
      if (event.target.closest("[data-action=reload-keep]")) reloadKeepingText();
    });
  }

  if (list && window.Sortable) {
    window.Sortable.create(list, {
      animation: 150,
      forceFallback: true,  // pointer events: the same on mouse, touch and pen
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        say("Saving", null, "busy");
        const data = new FormData();
        data.set("csrf_token", document.querySelector("input[name='csrf_token']").value);
        list.querySelectorAll("li[data-panel-id]").forEach(function (li) {
          data.append("panel", li.dataset.panelId);
        });
        enqueue(list.dataset.orderUrl, data).then(function (body) {
          if (!body.ok) { orderRefused(body, null); return; }
          setVersion(body.version);
          renumber();
          orderSaved();
        }).catch(function () { say("Offline", null, "error"); });
      },
    });
  }

  // Confirm before deleting; keep plain forms from being sent twice.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("form:not([data-autosave]):not([data-move]):not([data-form='print'])").forEach(function (plain) {
    plain.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      leaving = true;  // sending a form is leaving on purpose
      setTimeout(function () {
        plain.querySelectorAll("button[type='submit']").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // Moving the detail slider redraws the photo outline at once.
  const detail = document.querySelector("form[data-form='photo-detail'] [data-detail]");
  if (detail) {
    detail.form.querySelector("button[type=submit]").hidden = true;
    detail.addEventListener("change", function () { detail.form.requestSubmit(); });
  }

  // Filter the picture library by name or tag.
  const filter = document.querySelector("[data-library-filter]");
  if (filter) {
    const empty = document.querySelector("[data-library-empty]");
    filter.addEventListener("input", function () {
      const query = filter.value.trim().toLowerCase();
      let found = 0;
      document.querySelectorAll(".tile[data-names]").forEach(function (tile) {
        tile.hidden = query !== "" && tile.dataset.names.indexOf(query) === -1;
        if (!tile.hidden) found += 1;
      });
      // A heading without a picture under it says nothing: hide it with its grid.
      document.querySelectorAll(".library-groups .picture-grid").forEach(function (grid) {
        const heading = grid.previousElementSibling;
        const shown = Array.prototype.some.call(grid.querySelectorAll(".tile"), function (t) { return !t.hidden; });
        grid.hidden = query !== "" && !shown;
        if (heading && heading.matches("h3")) heading.hidden = grid.hidden;
      });
      if (empty) {
        empty.hidden = query === "" || found > 0;
        empty.querySelector("[data-library-empty-text]").textContent =
          empty.dataset.msg.replace("{query}", filter.value.trim());
      }
    });
    if (empty) {
      empty.addEventListener("click", function (event) {
        const pen = document.querySelector("[data-pen-mode=pen]");
        const photo = document.querySelector("#photo");
        if (event.target.closest("[data-action=use-pen]") && pen) { pen.click(); pen.focus(); }
        if (event.target.closest("[data-action=use-photo]") && photo) {
          photo.scrollIntoView({ block: "center" });
          photo.focus();
        }
      });
    }
  }
  // Tell tests (and CSS) that the page is enhanced.
  document.documentElement.dataset.enhanced = "editor";
})();
