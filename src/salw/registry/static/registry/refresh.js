// Reloads an import's progress page every two seconds while the import runs (no inline script:
// the Content-Security-Policy forbids it). The page also has a plain "Refresh" link.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var marker = document.querySelector("[data-refresh-seconds]");
  if (marker) {
    var seconds = parseInt(marker.getAttribute("data-refresh-seconds"), 10) || 2;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
});
