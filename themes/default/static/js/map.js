// Maps (/units/, the map shortcode): a tap, a click or Enter on a point shows the
// place's card (name, kind, link) next to it instead of leaving the page at once.
// No server, no network: works from file:// too. Without JavaScript the points are
// plain links.
(function () {
  "use strict";
  var card = null;
  var opener = null;

  function close() {
    if (card) {
      card.remove();
      card = null;
    }
    if (opener) {
      opener.focus();
      opener = null;
    }
  }

  function show(a) {
    var fig = a.closest("figure.chart-map");
    if (!fig) return;
    if (card) card.remove();
    opener = a;
    var href = a.getAttribute("href") || (a.href && a.href.baseVal) || "#";
    card = document.createElement("div");
    card.className = "map-card";
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-label", a.getAttribute("data-name") || "");
    var name = document.createElement("p");
    name.className = "map-card-name";
    name.textContent = a.getAttribute("data-name") || "";
    var kind = document.createElement("p");
    kind.className = "map-card-kind";
    kind.textContent = a.getAttribute("data-kind") || "";
    var link = document.createElement("a");
    link.className = "map-card-link";
    link.href = href;
    link.textContent = fig.getAttribute("data-open") || "→";
    var x = document.createElement("button");
    x.type = "button";
    x.className = "map-card-close";
    x.setAttribute("aria-label", fig.getAttribute("data-close") || "×");
    x.textContent = "×";
    x.addEventListener("click", close);
    card.append(x, name, kind, link);
    fig.appendChild(card);
    // Next to the marker, kept inside the figure.
    var m = (a.querySelector(".marker") || a).getBoundingClientRect();
    var f = fig.getBoundingClientRect();
    var left = m.left + m.width / 2 - f.left + 14;
    var top = m.top + m.height / 2 - f.top + 14;
    var w = card.offsetWidth;
    if (left + w > f.width) left = Math.max(0, m.left - f.left - w - 14);
    card.style.left = left + "px";
    card.style.top = top + "px";
    link.focus();
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("figure.chart-map a.map-point");
    if (a) {
      e.preventDefault();
      show(a);
    } else if (card && !card.contains(e.target)) {
      close();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && card) close();
  });

  // On a station's own page its point is marked: "you are here" (a unit's point links to
  // its row on /units/, with a #: those are never "here").
  var here = location.href.split("#")[0].replace(/index\.html$/, "");
  Array.prototype.forEach.call(document.querySelectorAll("figure.chart-map a.map-point"), function (a) {
    var href = a.getAttribute("href") || (a.href && a.href.baseVal) || "";
    var abs = new URL(href, location.href).href.split("#")[0].replace(/index\.html$/, "");
    if (href.indexOf("#") < 0 && abs === here) {
      a.classList.add("is-here");
      a.setAttribute("aria-current", "page");
    }
  });
})();
