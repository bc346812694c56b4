/* xinghuo kiosk: an exhibition-hall slideshow (the attract loop). Slides advance on
 * their own; a visitor steers with swipes, taps, the arrow keys or the buttons, or opens
 * the explore screens (js/kiosk-explore.js); after `[kiosk] idle` seconds without a
 * touch the kiosk returns to its first slide and plays again. Pages opened from the
 * kiosk come back too (js/kiosk-return.js reads the session flag set here). No network,
 * no libraries: it works from file:// on a USB stick. Leaving it: js/kiosk-exit.js. */
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
  var idleMs = (parseInt(body.getAttribute('data-idle'), 10) || 90) * 1000;
  /* `?idle=N` (seconds) overrides the setting: to try the return quickly, and for tests. */
  var idleParam = /[?&]idle=(\d+)/.exec(location.search);
  if (idleParam) { idleMs = Math.max(1, parseInt(idleParam[1], 10)) * 1000; }
  var exploring = false;
  var stageEl = document.querySelector('.kiosk-stage');
  var navEl = document.querySelector('.kiosk-nav');
  /* Pages opened from here (a case's full page, a map point) return after the idle time. */
  try {
    sessionStorage.setItem('xinghuo-kiosk', JSON.stringify({
      url: location.href.split('#')[0], idle: idleMs / 1000,
      label: body.getAttribute('data-return') || ''
    }));
  } catch (err) { /* storage blocked: opened pages simply stay */ }
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

  /* A visitor took over: stop playing; after the idle time, close whatever screen is
     open and start again from slide 1. */
  function user() {
    playing = false;
    body.classList.add('is-paused');
    clearTimeout(autoTimer);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      try { document.dispatchEvent(new CustomEvent('xinghuo-kiosk-idle')); } catch (err) { /* old browser */ }
      setExploring(false);
      play(0);
    }, idleMs);
  }

  function play(i) {
    playing = true;
    body.classList.remove('is-paused');
    show(i);
    schedule();
  }

  /* The explore screens cover the attract loop: its slides and controls are inert. */
  function setExploring(on) {
    exploring = on;
    body.classList.toggle('is-exploring', on);
    [stageEl, navEl].forEach(function (el) {
      if (!el) { return; }
      el.inert = on;
      if (on) { el.setAttribute('aria-hidden', 'true'); } else { el.removeAttribute('aria-hidden'); }
    });
  }

  window.xinghuoKiosk = {
    /* A touch on an explore screen. */
    touch: function () { user(); },
    /* Explore screens open (true) or closed (false: the attract loop plays again). */
    explore: function (on) {
      setExploring(on);
      if (on) { user(); } else { clearTimeout(idleTimer); play(current); }
    },
    isExploring: function () { return exploring; }
  };

  function next() { user(); show(current + 1); }
  function prev() { user(); show(current - 1); }

  var nextBtn = document.querySelector('.kiosk-next');
  var prevBtn = document.querySelector('.kiosk-prev');
  if (nextBtn) { nextBtn.addEventListener('click', function (e) { e.stopPropagation(); next(); }); }
  if (prevBtn) { prevBtn.addEventListener('click', function (e) { e.stopPropagation(); prev(); }); }

  document.addEventListener('keydown', function (e) {
    var k = e.key;
    if (exploring) { user(); return; }
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
