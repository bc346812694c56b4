/* xinghuo kiosk: an exhibition-hall slideshow. Slides advance on their own; a visitor
 * steers with swipes, taps, the arrow keys or the buttons, and after a minute without
 * a touch the kiosk returns to its first slide and plays again. No network, no
 * libraries: it works from file:// on a USB stick. */
(function () {
  'use strict';
  var body = document.body;
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var n = slides.length;
  if (!n) { return; }
  document.documentElement.classList.add('kiosk-js');
  /* A slide with more text than the screen (large text) scrolls: it takes focus, so the
     keyboard scrolls it too (only the slide on screen: the others are inert). */
  slides.forEach(function (s) { s.tabIndex = 0; });

  var interval = (parseInt(body.getAttribute('data-interval'), 10) || 9) * 1000;
  var idleMs = (parseInt(body.getAttribute('data-idle'), 10) || 60) * 1000;
  var lang = body.getAttribute('data-lang') || document.documentElement.lang || 'zh-CN';
  var dotsBox = document.querySelector('.kiosk-dots');
  var progress = document.querySelector('.kiosk-progress span');
  var current = 0;
  var autoTimer = null;
  var idleTimer = null;
  var playing = true;

  var dots = slides.map(function (s, i) {
    var li = document.createElement('li');
    var b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-label', (i + 1) + ' / ' + n + ' · ' + (s.getAttribute('aria-label') || ''));
    b.addEventListener('click', function (e) { e.stopPropagation(); user(); show(i); });
    li.appendChild(b);
    if (dotsBox) { dotsBox.appendChild(li); }
    return b;
  });

  function show(i) {
    current = (i % n + n) % n;
    slides.forEach(function (s, k) {
      var on = k === current;
      s.classList.toggle('is-active', on);
      s.classList.toggle('is-before', k < current);
      if (on) { s.removeAttribute('aria-hidden'); s.inert = false; }
      else { s.setAttribute('aria-hidden', 'true'); s.inert = true; }
    });
    dots.forEach(function (d, k) {
      if (k === current) { d.setAttribute('aria-current', 'step'); }
      else { d.removeAttribute('aria-current'); }
    });
    restartProgress();
    try { document.dispatchEvent(new CustomEvent('xinghuo-slide')); } catch (err) { /* old browser */ }
  }

  function restartProgress() {
    if (!progress) { return; }
    progress.style.transition = 'none';
    progress.style.width = '0';
    if (!playing) { return; }
    void progress.offsetWidth; // restart the transition
    progress.style.transition = 'width ' + interval + 'ms linear';
    progress.style.width = '100%';
  }

  function schedule() {
    clearTimeout(autoTimer);
    if (playing) {
      autoTimer = setTimeout(function () { show(current + 1); schedule(); }, interval);
    }
  }

  /* A visitor took over: stop playing; after a minute idle, start again from slide 1. */
  function user() {
    playing = false;
    body.classList.add('is-paused');
    clearTimeout(autoTimer);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      playing = true;
      body.classList.remove('is-paused');
      show(0);
      schedule();
    }, idleMs);
  }

  function next() { user(); show(current + 1); }
  function prev() { user(); show(current - 1); }

  var nextBtn = document.querySelector('.kiosk-next');
  var prevBtn = document.querySelector('.kiosk-prev');
  if (nextBtn) { nextBtn.addEventListener('click', function (e) { e.stopPropagation(); next(); }); }
  if (prevBtn) { prevBtn.addEventListener('click', function (e) { e.stopPropagation(); prev(); }); }

  document.addEventListener('keydown', function (e) {
    var k = e.key;
    var onControl = e.target && e.target.closest && e.target.closest('button, a');
    if ((k === ' ' || k === 'Enter') && onControl) { user(); return; }
    if (k === 'ArrowRight' || k === 'PageDown' || k === ' ' || k === 'Enter') { e.preventDefault(); next(); }
    else if (k === 'ArrowLeft' || k === 'PageUp') { e.preventDefault(); prev(); }
    else if (k === 'Home') { e.preventDefault(); user(); show(0); }
    else if (k === 'End') { e.preventDefault(); user(); show(n - 1); }
    else { user(); }
  });

  /* Swipe left/right, or tap: the left third goes back, the rest goes on. */
  var stage = document.querySelector('.kiosk-stage') || body;
  var start = null;
  stage.addEventListener('pointerdown', function (e) {
    start = { x: e.clientX, y: e.clientY, t: Date.now() };
  });
  stage.addEventListener('pointerup', function (e) {
    if (!start) { return; }
    var dx = e.clientX - start.x;
    var dy = e.clientY - start.y;
    start = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) {
      if (dx < 0) { next(); } else { prev(); }
    } else if (Math.abs(dx) < 12 && Math.abs(dy) < 12) {
      if (e.clientX < window.innerWidth / 3) { prev(); } else { next(); }
    } else {
      user();
    }
  });
  stage.addEventListener('pointercancel', function () { start = null; });
  document.addEventListener('contextmenu', function (e) { e.preventDefault(); });

  /* The 适老化 toolbar (js/a11y.js): using it is a visitor's touch; while it reads a
     slide aloud the kiosk stays on that slide (it stops reading when the slide changes). */
  document.addEventListener('xinghuo-a11y', function (e) {
    user();
    if (e.detail && e.detail.reading) { clearTimeout(idleTimer); }
  });

  /* Hide the mouse pointer when it rests. */
  var cursorTimer = null;
  document.addEventListener('pointermove', function () {
    body.classList.remove('hide-cursor');
    clearTimeout(cursorTimer);
    cursorTimer = setTimeout(function () { body.classList.add('hide-cursor'); }, 3000);
  });

  /* Full screen, where the browser allows it. */
  var fs = document.querySelector('.kiosk-fullscreen');
  var root = document.documentElement;
  if (fs && root.requestFullscreen) {
    fs.hidden = false;
    fs.addEventListener('click', function (e) {
      e.stopPropagation();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else { root.requestFullscreen().catch(function () {}); }
    });
  }

  /* The clock in the top bar. */
  var clock = document.querySelector('.kiosk-clock');
  function tick() {
    if (!clock) { return; }
    try {
      clock.textContent = new Date().toLocaleString(lang, {
        month: 'long', day: 'numeric', weekday: 'long', hour: '2-digit', minute: '2-digit'
      });
    } catch (err) {
      clock.textContent = '';
    }
  }
  tick();
  setInterval(tick, 15000);

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) { clearTimeout(autoTimer); } else if (playing) { schedule(); }
  });

  show(0);
  schedule();
}());
