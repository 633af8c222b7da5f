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
})();
