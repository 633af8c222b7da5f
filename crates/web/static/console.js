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
})();
