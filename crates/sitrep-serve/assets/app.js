// sitrep serve: the only script of the pages (no inline code is allowed).
// It brings a highlighted sentence into the middle of the screen and gives
// it keyboard focus; everything else works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var hl = document.getElementById("hl");
  if (hl) {
    hl.scrollIntoView({ block: "center" });
    hl.focus({ preventScroll: true });
  }
});
