// The people page: show only the details that fit the chosen figure (a baby has no beard).
(function () {
  "use strict";
  document.querySelectorAll("form[data-form^=person]").forEach(function (form) {
    const parts = form.querySelector("[data-person-parts]");
    if (!parts) return;
    function fit() {
      const chosen = form.querySelector("[data-figure]:checked");
      const figure = chosen ? chosen.value : "adult";
      parts.querySelectorAll("[data-part-fits]").forEach(function (label) {
        const fits = label.dataset.partFits.split(" ").indexOf(figure) !== -1;
        label.hidden = !fits;
        const box = label.querySelector("input");
        box.disabled = !fits;   // a detail that does not fit is not sent
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-figure]")) fit();
    });
    fit();
  });
})();
