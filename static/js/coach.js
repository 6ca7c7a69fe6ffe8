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

  let shown = { text: null, units: null };  // the text the issues on screen are about

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

  // The server's spans count code points (Python string indices); JavaScript strings count
  // UTF-16 units, where an emoji is two. units[k] is the UTF-16 offset of code point k.
  function unitOffsets(text) {
    const units = [0];
    let at = 0;
    for (const ch of text) { at += ch.length; units.push(at); }
    return units;
  }

  // Every place an issue is about, as UTF-16 {at, end}, first to last.
  function places(text, issue) {
    const want = issue.text.toLowerCase();
    if (text === shown.text && issue.spans) {
      return issue.spans.map(function (span) {
        return { at: shown.units[span[0]], end: shown.units[span[1]] };
      }).filter(function (p) {
        return p.at !== undefined && p.end !== undefined && text.slice(p.at, p.end).toLowerCase() === want;
      });
    }
    const found = [];  // the caption changed since the check: look for the words themselves
    for (let at = text.indexOf(issue.text); at >= 0; at = text.indexOf(issue.text, at + issue.text.length)) {
      found.push({ at: at, end: at + issue.text.length });
    }
    return found;
  }

  // Underline each flagged span in a copy of the caption (built with text nodes only).
  function underline(text, issues) {
    preview.textContent = "";
    const spans = [];
    issues.forEach(function (issue, index) {
      if (issue.text.split(/\s+/).length > 4) return;
      places(text, issue).forEach(function (p) {
        spans.push({ at: p.at, end: p.end, index: index, kind: issue.kind });
      });
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
    shown = { text: text, units: unitOffsets(text) };
    underline(text, result.issues);
    list.textContent = "";
    result.issues.forEach(function (issue, index) {
      const li = document.createElement("li");
      li.dataset.kind = issue.kind;
      li.dataset.issue = index;
      const message = document.createElement("span");
      message.textContent = issue.message + " ";
      li.appendChild(message);
      if (issue.suggestion && issue.advice) {
        const hint = document.createElement("span");  // advice about a sentence, not words to paste
        hint.className = "coach-hint";
        hint.textContent = issue.suggestion;
        li.appendChild(hint);
      } else if (issue.suggestion) {
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

  // Replace every place the issue is about, from the last to the first so that the
  // offsets of the earlier ones stay true.
  function use(issue) {
    let value = caption.value;
    const spots = places(value, issue);
    if (!spots.length) return;
    spots.reverse().forEach(function (spot) {
      let at = spot.at;
      let suggestion = issue.suggestion;
      const word = value.slice(spot.at, spot.end);
      if (word[0] !== word[0].toLowerCase() && suggestion[0] === suggestion[0].toLowerCase()) {
        suggestion = suggestion[0].toUpperCase() + suggestion.slice(1);  // a sentence's first word
      }
      const article = suggestion.match(ARTICLE);
      const before = value.slice(0, at).match(/(\S+)\s+$/);
      if (article && before && before[1].toLowerCase() === article[1].toLowerCase()) {
        at -= before[0].length;
        suggestion = before[1] + suggestion.slice(article[1].length);
      }
      value = value.slice(0, at) + suggestion + value.slice(spot.end);
    });
    caption.value = value;
    caption.dispatchEvent(new Event("input", { bubbles: true }));  // autosave and a new check
    caption.focus();
  }

  caption.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  check();
})();
