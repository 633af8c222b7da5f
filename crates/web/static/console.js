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
  // Interview links are meant to be copied: select the whole link on focus.
  document.querySelectorAll("input.link-box").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
