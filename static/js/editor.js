// Editor enhancements: autosave, reorder (drag and keyboard), picture filter.
// Everything works without this file through plain forms; this makes it immediate.
(function () {
  "use strict";
  const statusEl = document.querySelector("[data-save-status]");
  let queue = Promise.resolve();
  let pending = 0;

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

  function handleFailure(body, form) {
    say("", body.error, "error");
    if (body.status === 409 && form) {
      form.dataset.conflict = "true";
    }
  }

  // Autosave of the selected panel.
  const form = document.querySelector("form[data-autosave]");
  if (form) {
    const button = form.querySelector("[data-save-button]");
    if (button) button.hidden = true;
    let timer = null;
    let retry = null;

    function save() {
      clearTimeout(timer);
      if (form.dataset.conflict) return;
      say("Saving", null, "busy");
      const data = new FormData(form);
      if (!form.querySelector("[data-shared]").checked) data.delete("shared_with_network");
      enqueue(form.action, data).then(function (body) {
        if (body.ok) {
          setVersion(body.version);
          say("Saved", null, "ok");
          reflect(form, body);
        } else {
          handleFailure(body, form);
        }
      }).catch(function () {
        say("Offline", null, "error");
        clearTimeout(retry);
        retry = setTimeout(save, 5000);
      });
    }

    form.addEventListener("input", function (event) {
      if (event.target.matches("textarea[name]")) {
        countCharacters(event.target);
        clearTimeout(timer);
        timer = setTimeout(save, 700);
      }
    });
    form.addEventListener("change", function (event) {
      // Composer fields belong to the scene; it saves them through "scene-change".
      if (event.target.closest("[data-inspector]")) return;
      if (!event.target.matches("textarea")) save();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save();
    });
    form.addEventListener("scene-change", save);
    window.addEventListener("beforeunload", function (event) {
      if (pending > 0 || timer) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  function countCharacters(textarea) {
    const counter = document.getElementById(textarea.getAttribute("aria-describedby") || "");
    if (counter && counter.dataset.countTemplate) {
      counter.textContent = counter.dataset.countTemplate.replace("{n}", textarea.value.length);
    }
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

  function renumber() {
    if (!list) return;
    list.querySelectorAll("li[data-panel-id]").forEach(function (li, index) {
      const number = li.querySelector(".thumb-number");
      if (number) number.textContent = index + 1;
    });
  }

  document.querySelectorAll("form[data-move]").forEach(function (moveForm) {
    moveForm.addEventListener("submit", function (event) {
      event.preventDefault();
      const li = moveForm.closest("li");
      const up = moveForm.dataset.move === "up";
      const sibling = up ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) return;
      say("Saving", null, "busy");
      enqueue(moveForm.action, new FormData(moveForm)).then(function (body) {
        if (!body.ok) { handleFailure(body, form); return; }
        setVersion(body.version);
        if (up) sibling.before(li); else sibling.after(li);
        renumber();
        moveForm.querySelector("button").focus();
        say("Moved", null, "ok");
      }).catch(function () { say("Offline", null, "error"); });
    });
  });

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
          if (!body.ok) { handleFailure(body, form); return; }
          setVersion(body.version);
          renumber();
          say("Moved", null, "ok");
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
    plain.addEventListener("submit", function () {
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
    filter.addEventListener("input", function () {
      const query = filter.value.trim().toLowerCase();
      document.querySelectorAll(".tile[data-names]").forEach(function (tile) {
        tile.hidden = query !== "" && tile.dataset.names.indexOf(query) === -1;
      });
    });
  }
  // Tell tests (and CSS) that the page is enhanced.
  document.documentElement.dataset.enhanced = "editor";
})();
