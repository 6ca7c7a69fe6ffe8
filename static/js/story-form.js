// New story: the title follows the child's name until the worker types a title of their own.
(function () {
  "use strict";
  const form = document.querySelector("form[data-form=story]");
  const title = form && form.querySelector("[data-title]");
  const name = form && form.querySelector("#child_name");
  const language = form && form.querySelector("#language");
  if (!title || !name) return;
  let own = title.value.trim() !== "";   // a title that is already there is the worker's
  function suggested() {
    const pattern = title.dataset["pattern" + (language.value === "en" ? "En" : "Nl")];
    return name.value.trim() ? pattern.replace("{name}", name.value.trim()) : "";
  }
  function follow() { if (!own) title.value = suggested(); }
  title.addEventListener("input", function () { own = title.value.trim() !== "" && title.value !== suggested(); });
  name.addEventListener("input", follow);
  language.addEventListener("change", follow);
})();
