// The interpreter's page saves each translation as they go: on leaving its field, or Save.
(function () {
  "use strict";
  document.querySelectorAll("form[data-form=translate]").forEach(function (form) {
    const field = form.querySelector("[data-translation]");
    const was = form.querySelector("[data-was]");
    const status = form.querySelector("[data-translate-status]");
    function save() {
      if (field.value.trim() === was.value.trim()) return;
      const data = new FormData(form);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json().then(function (b) { b.status = r.status; return b; }); })
        .then(function (body) {
          if (body.ok) {
            was.value = field.value.trim();
            status.textContent = status.dataset.msgSaved;
          } else {
            status.textContent = body.error || status.dataset.msgError;
          }
        })
        .catch(function () { status.textContent = status.dataset.msgError; });
    }
    field.addEventListener("blur", save);
    form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
  });
})();
