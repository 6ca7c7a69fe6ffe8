// Language coach: while the worker types a caption, show what a young child may not
// understand, underline it, and apply a suggestion with one click.
(function () {
  "use strict";
  const box = document.querySelector("[data-coach]");
  const caption = document.querySelector("textarea[data-caption]");
  if (!box || !caption) return;
  const preview = box.querySelector("[data-coach-preview]");
  const list = box.querySelector("[data-coach-issues]");
  const level = box.querySelector("[data-coach-level]");
  const token = document.querySelector("input[name='csrf_token']").value;
  let timer = null;
  let asked = 0;

  function check() {
    const text = caption.value;
    const data = new FormData();
    data.set("csrf_token", token);
    data.set("text", text);
    data.set("lang", box.dataset.lang);
    const ticket = ++asked;
    fetch(box.dataset.url, { method: "POST", body: data, credentials: "same-origin",
                             headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (result) { if (ticket === asked) show(text, result); })
      .catch(function () { /* the coach is a help, never a blocker */ });
  }

  // Underline each flagged span in a copy of the caption (built with text nodes only).
  function underline(text, issues) {
    preview.textContent = "";
    const spans = [];
    issues.forEach(function (issue, index) {
      const at = text.indexOf(issue.text);
      if (at >= 0 && issue.text.split(/\s+/).length <= 4) spans.push({ at: at, end: at + issue.text.length, index: index, kind: issue.kind });
    });
    spans.sort(function (a, b) { return a.at - b.at; });
    let pos = 0;
    spans.forEach(function (span) {
      if (span.at < pos) return;
      preview.appendChild(document.createTextNode(text.slice(pos, span.at)));
      const mark = document.createElement("mark");
      mark.className = "coach-mark coach-" + span.kind;
      mark.dataset.issue = span.index;
      mark.textContent = text.slice(span.at, span.end);
      preview.appendChild(mark);
      pos = span.end;
    });
    preview.appendChild(document.createTextNode(text.slice(pos)));
    preview.hidden = spans.length === 0;
  }

  function show(text, result) {
    underline(text, result.issues);
    list.textContent = "";
    result.issues.forEach(function (issue, index) {
      const li = document.createElement("li");
      li.dataset.kind = issue.kind;
      li.dataset.issue = index;
      const message = document.createElement("span");
      message.textContent = issue.message + " ";
      li.appendChild(message);
      if (issue.suggestion) {
        const apply = document.createElement("button");
        apply.type = "button";
        apply.dataset.apply = index;
        apply.textContent = box.dataset.msgUse + " " + issue.suggestion;
        apply.addEventListener("click", function () { use(issue); });
        li.appendChild(apply);
      }
      list.appendChild(li);
    });
    level.textContent = result.issues.length ? result.level : box.dataset.msgFine + " " + result.level;
    box.dataset.state = result.issues.length ? "issues" : "ok";
  }

  // "De jeugdrechter" + "de rechter die …" should read "De rechter die …", not "De de …".
  const ARTICLE = /^(de|het|een|the|a|an)\s/i;

  function use(issue) {
    let at = caption.value.indexOf(issue.text);
    if (at < 0) return;
    let suggestion = issue.suggestion;
    const article = suggestion.match(ARTICLE);
    const before = caption.value.slice(0, at).match(/(\S+)\s+$/);
    if (article && before && before[1].toLowerCase() === article[1].toLowerCase()) {
      at -= before[0].length;
      suggestion = before[1] + suggestion.slice(article[1].length);
    }
    const end = caption.value.indexOf(issue.text, at) + issue.text.length;
    caption.value = caption.value.slice(0, at) + suggestion + caption.value.slice(end);
    caption.dispatchEvent(new Event("input", { bubbles: true }));  // autosave and a new check
    caption.focus();
  }

  caption.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  check();
})();
