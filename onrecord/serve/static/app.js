// onrecord serve: the one script (served from this host; the CSP allows no other).
// "/" moves the focus to the search box, as on most search sites.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  if (event.key === "/" && box && document.activeElement !== box &&
      !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
    event.preventDefault();
    box.focus();
  }
});
