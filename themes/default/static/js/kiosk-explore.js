/* xinghuo kiosk: the explore screens (partials/kiosk_explore.html). The home screen's
 * tiles open a collection's list, the statistics or the map; a list item opens the case
 * full screen (photos and videos swipe, a video plays in place). "Back" goes to the
 * screen before (from the home screen: the attract loop), "home" to the tiles; after the
 * idle time js/kiosk.js closes them all. All screens are in the page: no fetch, works
 * from file://. */
(function () {
  'use strict';
  var K = window.xinghuoKiosk;
  var box = document.querySelector('.kiosk-explore');
  if (!K || !box) { return; }
  var stack = [];
  var current = null;

  function stopMedia(el) {
    Array.prototype.forEach.call(el.querySelectorAll('video'), function (v) { v.pause(); });
  }

  function open(id, push) {
    var el = document.getElementById(id);
    if (!el || !el.classList.contains('screen')) { return; }
    if (id === 'k-home') { stack = []; } else if (current && push) { stack.push(current.id); }
    if (current) { current.hidden = true; stopMedia(current); }
    box.hidden = false;
    el.hidden = false;
    current = el;
    document.body.setAttribute('data-screen', id);
    el.scrollTop = 0;
    if (!K.isExploring()) { K.explore(true); } else { K.touch(); }
    var h = el.querySelector('h2');
    if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
  }

  function close() {
    if (current) { current.hidden = true; stopMedia(current); }
    current = null;
    stack = [];
    box.hidden = true;
    document.body.removeAttribute('data-screen');
  }

  function back() {
    if (stack.length) { open(stack.pop(), false); return; }
    close();
    K.explore(false);
  }

  document.addEventListener('click', function (e) {
    var t = e.target.closest && e.target.closest('[data-open]');
    if (t) { e.preventDefault(); e.stopPropagation(); open(t.getAttribute('data-open'), true); return; }
    if (e.target.closest && e.target.closest('.k-back')) { e.preventDefault(); back(); }
  });
  document.addEventListener('keydown', function (e) {
    if (current && e.key === 'Escape' && !e.defaultPrevented) { back(); }
  });
  /* Any touch or scroll on a screen is a visitor's: the idle time starts again. */
  ['pointerdown', 'wheel'].forEach(function (ev) {
    box.addEventListener(ev, function () { K.touch(); }, { passive: true });
  });
  box.addEventListener('scroll', function () { K.touch(); }, { passive: true, capture: true });
  /* A playing video keeps the kiosk awake. */
  var lastPlay = 0;
  box.addEventListener('timeupdate', function () {
    var now = Date.now();
    if (now - lastPlay > 5000) { lastPlay = now; K.touch(); }
  }, true);
  document.addEventListener('xinghuo-kiosk-idle', close);

  /* ---- a case's photos and videos: buttons and swipes ---- */
  Array.prototype.forEach.call(box.querySelectorAll('.k-media'), function (m) {
    var track = m.querySelector('.k-media-track');
    var items = m.querySelectorAll('.k-media-item');
    var count = m.querySelector('.k-media-count');
    var n = items.length;
    var at = 0;
    function go(i) {
      at = (i % n + n) % n;
      track.style.transform = 'translateX(' + (-100 * at) + '%)';
      Array.prototype.forEach.call(items, function (it, k) {
        it.inert = k !== at;
        if (k !== at) { stopMedia(it); }
      });
      if (count) { count.textContent = (at + 1) + ' / ' + n; }
    }
    var prev = m.querySelector('.k-media-prev');
    var next = m.querySelector('.k-media-next');
    if (prev) { prev.addEventListener('click', function () { go(at - 1); }); }
    if (next) { next.addEventListener('click', function () { go(at + 1); }); }
    var start = null;
    m.addEventListener('pointerdown', function (e) { start = { x: e.clientX, y: e.clientY }; });
    m.addEventListener('pointerup', function (e) {
      if (!start) { return; }
      var dx = e.clientX - start.x;
      var dy = e.clientY - start.y;
      start = null;
      if (n > 1 && Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) { go(dx < 0 ? at + 1 : at - 1); }
    });
    m.addEventListener('pointercancel', function () { start = null; });
    go(0);
  });
}());
