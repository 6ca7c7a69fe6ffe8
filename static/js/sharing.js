// The editor's sharing box: who in the network may see this page.
// Showing a page to more people waits for "who agreed"; showing it to fewer saves at once.
// A refused widening puts the control back and says why next to it (editor.js saves).
(function () {
  "use strict";
  const box = document.querySelector("[data-sharing]");
  if (!box) return;
  const form = box.closest("form");
  const shared = box.querySelector("[data-shared]");
  const consent = box.querySelector("[data-consent]");
  const audience = box.querySelector("[data-audience]");
  const message = box.querySelector("[data-share-message]");
  let widened = null;  // the control whose widening was sent last

  function say(control, text) {
    (control.closest("label") || control).after(message);
    message.textContent = text || "";
    message.hidden = !text;
  }

  function mode() {
    const checked = box.querySelector("[data-audience-choice]:checked");
    return checked ? checked.value : "all";
  }

  function isShared() {
    return shared.checked && !shared.dataset.held;
  }

  // Everyone invited: people invited for every shared page see it (ticked, fixed);
  // people invited for chosen pages, and everyone in "only the people I tick", by choice.
  function showPeople() {
    audience.hidden = !shared.checked;
    box.querySelectorAll("[data-person]").forEach(function (person) {
      const fixed = mode() === "all" && person.dataset.pagesOnly !== "1";
      if (!shared.checked) person.dataset.chosen = "";
      person.disabled = fixed;
      person.checked = fixed || person.dataset.chosen === "1";
    });
  }

  function widens(control) {
    if (control === shared) return shared.checked;
    if (!isShared()) return false;
    if (control.matches("[data-audience-choice]")) return control.value === "all";
    return control.matches("[data-person]") && control.checked;
  }

  function putBack(control) {
    if (control === shared) {
      shared.checked = false;
      delete shared.dataset.held;
    } else if (control.matches("[data-audience-choice]")) {
      box.querySelector("[data-audience-choice][value=chosen]").checked = true;
    } else {
      control.dataset.chosen = "";
    }
    showPeople();
  }

  // After the save has taken the form's values, the agreement is used up: the next
  // widening asks again.
  function forgetAgreement() {
    setTimeout(function () { consent.value = ""; }, 0);
  }

  // Capture: runs before editor.js's autosave listener on the form, so a widening
  // without an agreement is never sent.
  form.addEventListener("change", function (event) {
    const control = event.target;
    if (!box.contains(control)) return;
    if (control === consent) {
      if (shared.dataset.held && consent.value) {
        delete shared.dataset.held;
        widened = shared;
        say(shared, "");
        forgetAgreement();
      }
      return;
    }
    if (control.matches("[data-person]")) control.dataset.chosen = control.checked ? "1" : "";
    if (control === shared && !shared.checked) delete shared.dataset.held;
    showPeople();
    if (!widens(control)) { say(control, ""); return; }
    if (consent.value) {
      widened = control;
      say(control, "");
      forgetAgreement();
      return;
    }
    if (control === shared) {
      shared.dataset.held = "true";  // editor.js leaves a held share out of the save
      say(shared, box.dataset.msgHeld);
    } else {
      event.stopImmediatePropagation();
      putBack(control);
      say(control, box.dataset.msgConsent);
    }
    consent.focus();
  }, true);

  // The server refused (no agreement, as it checks too): put the control back, say why
  // next to it, and save the rest of the form without it.
  form.addEventListener("save-refused", function (event) {
    if (!widened || (event.detail || {}).code !== "consent_needed") return;
    const control = widened;
    widened = null;
    putBack(control);
    const now = control.matches("[data-audience-choice]") ?
      box.querySelector("[data-audience-choice][value=chosen]") : control;
    now.dispatchEvent(new Event("change", { bubbles: true }));
    say(control, event.detail.error);
  });

  showPeople();
})();
