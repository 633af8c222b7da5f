// Small progressive enhancements for the HR console. Every page works without it;
// inline handlers are not allowed by the Content-Security-Policy, so they live here.
(function () {
  "use strict";
  // Forms that change something irreversible ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
  // A colleague's name under the comment box puts "@name " where the cursor is.
  document.querySelectorAll("button[data-mention]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var box = btn.form && btn.form.querySelector("textarea[name=body]");
      if (!box) return;
      var text = "@" + btn.getAttribute("data-mention") + " ";
      var at = box.selectionStart == null ? box.value.length : box.selectionStart;
      box.value = box.value.slice(0, at) + text + box.value.slice(box.selectionEnd == null ? at : box.selectionEnd);
      box.focus();
      box.selectionStart = box.selectionEnd = at + text.length;
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });
  // Report: evidence and transcript segments of a recorded answer jump its player to
  // where they were said (seconds on the recording's own timeline).
  function seek(el) {
    var player = document.getElementById(el.getAttribute("data-player"));
    var at = parseFloat(el.getAttribute("data-seek"));
    if (!player || isNaN(at)) return;
    player.currentTime = at;
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () {});
  }
  document.querySelectorAll("[data-seek]").forEach(function (el) {
    el.addEventListener("click", function () { seek(el); });
    el.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); seek(el); }
    });
  });
  // Interview links are meant to be copied: select the whole link on focus.
  document.querySelectorAll("input.link-box").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
  // Kanban board: drag a card to another column with the mouse, a pen or a finger
  // (pointer events, so it works on touch screens too); the drop submits the same move
  // form the card's own "move to" control posts without script.
  var moveForm = document.getElementById("board-move");
  if (moveForm) {
    var dragged = null, startX = 0, startY = 0, moved = false, target = null, placeholder = null;
    var columnAt = function (x, y) {
      var el = document.elementFromPoint(x, y);
      return el ? el.closest(".board-col.droppable") : null;
    };
    document.querySelectorAll(".board-card[data-draggable]").forEach(function (card) {
      card.addEventListener("pointerdown", function (e) {
        if (e.button !== 0 || e.target.closest("a, input, select, button, label")) return;
        dragged = card; startX = e.clientX; startY = e.clientY; moved = false;
        card.setPointerCapture(e.pointerId);
      });
      card.addEventListener("pointermove", function (e) {
        if (dragged !== card) return;
        if (!moved && Math.abs(e.clientX - startX) + Math.abs(e.clientY - startY) < 6) return;
        if (!moved) {
          // A placeholder keeps the card's room, so nothing on the page shifts under the
          // finger while the card itself floats.
          placeholder = document.createElement("div");
          placeholder.className = "board-placeholder";
          placeholder.style.height = card.offsetHeight + "px";
          card.parentNode.insertBefore(placeholder, card);
        }
        moved = true;
        card.classList.add("dragging");
        card.style.left = (e.clientX - 20) + "px";
        card.style.top = (e.clientY - 10) + "px";
        var col = columnAt(e.clientX, e.clientY);
        if (col !== target) {
          if (target) target.classList.remove("drop-target");
          target = col;
          if (target) target.classList.add("drop-target");
        }
      });
      var end = function (e) {
        if (dragged !== card) return;
        var col = moved ? columnAt(e.clientX, e.clientY) : null;
        card.classList.remove("dragging");
        card.style.left = card.style.top = "";
        if (placeholder) { placeholder.remove(); placeholder = null; }
        if (target) target.classList.remove("drop-target");
        dragged = null; target = null;
        if (col && col.getAttribute("data-stage") !== card.getAttribute("data-stage")) {
          moveForm.elements.application.value = card.getAttribute("data-app");
          moveForm.elements.expected_stage.value = card.getAttribute("data-stage");
          moveForm.elements.to.value = col.getAttribute("data-stage");
          moveForm.submit();
        }
      };
      card.addEventListener("pointerup", end);
      card.addEventListener("pointercancel", end);
    });
  }
  // Candidate page: a field read from the resume shows where in the text it came from,
  // opening the folded text first.
  document.querySelectorAll("a.read-link").forEach(function (a) {
    a.addEventListener("click", function () {
      var text = document.getElementById("resume-text");
      if (text) text.open = true;
    });
  });
  // Resumes tab: each chosen file is uploaded on its own, so every row shows its progress
  // and its result (a ZIP gives a row per resume inside) while the others go on.
  var upload = document.getElementById("resume-upload");
  if (upload && window.fetch && window.FormData) {
    upload.addEventListener("submit", function (e) {
      var input = upload.querySelector("input[type=file]");
      if (!input.files || !input.files.length) return;
      e.preventDefault();
      var card = document.getElementById("resume-results-card");
      var body = document.querySelector("#resume-results tbody");
      var say = function (k) { return upload.getAttribute("data-" + k); };
      var csrf = upload.elements.csrf.value;
      var files = Array.prototype.slice.call(input.files);
      var button = upload.querySelector("button[type=submit]");
      button.disabled = true;
      card.hidden = false;
      var rows = files.map(function (f) {
        var tr = document.createElement("tr");
        var name = document.createElement("td");
        name.textContent = f.name;
        var state = document.createElement("td");
        state.textContent = say("waiting");
        tr.appendChild(name);
        tr.appendChild(state);
        body.appendChild(tr);
        return tr;
      });
      var show = function (tr, r) {
        var row = document.createElement("tr");
        row.className = r.ok ? "ok" : "bad";
        var name = document.createElement("td");
        name.textContent = r.file;
        var result = document.createElement("td");
        if (r.ok) {
          var a = document.createElement("a");
          a.href = "/applications/" + r.application_id;
          a.textContent = r.name;
          result.appendChild(a);
          result.appendChild(document.createTextNode(" · " + (r.created ? say("created") : say("existing")) + " · "));
          var verdict = document.createElement(r.screened ? "strong" : "span");
          verdict.textContent = !r.screened ? say("no-rule") : r.passed ? say("passed") : say("failed");
          result.appendChild(verdict);
          if (r.reasons.length) {
            var ul = document.createElement("ul");
            ul.className = "small";
            r.reasons.forEach(function (why) {
              var li = document.createElement("li");
              li.textContent = why;
              ul.appendChild(li);
            });
            result.appendChild(ul);
          }
        } else {
          var err = document.createElement("span");
          err.className = "error";
          err.textContent = r.error;
          result.appendChild(err);
        }
        row.appendChild(name);
        row.appendChild(result);
        tr.parentNode.insertBefore(row, tr);
      };
      var next = function (i) {
        if (i >= files.length) {
          button.disabled = false;
          upload.reset();
          return;
        }
        var tr = rows[i];
        tr.lastChild.textContent = say("reading");
        var data = new FormData();
        data.append("csrf", csrf);
        data.append("files", files[i], files[i].name);
        fetch(upload.action, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (resp) { if (!resp.ok) throw new Error(String(resp.status)); return resp.json(); })
          .then(function (results) {
            results.forEach(function (r) { show(tr, r); });
            tr.remove();
          })
          .catch(function () {
            tr.className = "bad";
            tr.lastChild.textContent = say("failed-request");
          })
          .then(function () { next(i + 1); });
      };
      next(0);
    });
  }
})();
