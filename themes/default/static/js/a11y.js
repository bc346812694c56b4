/* xinghuo 适老化 toolbar: larger text (1.5× and 2×), high contrast, bigger buttons and
 * reading the page aloud. The choices are kept in localStorage (also from file://, on a
 * USB stick) and applied before the first paint by js/a11y-init.js, loaded in the page's
 * head (templates/partials/a11y_head.html), which sets the same attributes on <html> as
 * apply() here. Without JavaScript the toolbar stays hidden. No libraries, no network. */
(function () {
  'use strict';
  var KEY = 'xinghuo-a11y';
  var root = document.documentElement;
  var box = document.getElementById('a11y');
  if (!box) { return; }
  var toggle = box.querySelector('.a11y-toggle');
  var panel = box.querySelector('.a11y-panel');
  var readBtn = box.querySelector('.a11y-read');
  var kiosk = document.body.classList.contains('kiosk');

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY) || '{}');
      return s && typeof s === 'object' ? s : {};
    } catch (e) {
      return {};
    }
  }
  function save(s) {
    try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode: this page only */ }
  }

  var state = load();

  function setAttr(name, on, value) {
    if (on) { root.setAttribute(name, value || ''); } else { root.removeAttribute(name); }
  }

  function apply() {
    var text = state.text === '1.5' || state.text === '2' ? state.text : '1';
    setAttr('data-a11y-text', text !== '1', text);
    setAttr('data-a11y-contrast', state.contrast === true);
    setAttr('data-a11y-targets', state.targets === true);
    Array.prototype.forEach.call(box.querySelectorAll('[data-a11y-text]'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-a11y-text') === text));
    });
    Array.prototype.forEach.call(box.querySelectorAll('[data-a11y-switch]'), function (b) {
      b.setAttribute('aria-pressed', String(state[b.getAttribute('data-a11y-switch')] === true));
    });
  }

  /* Tell the page (the kiosk holds its slide while it is read). */
  function signal(reading) {
    var e;
    try {
      e = new CustomEvent('xinghuo-a11y', { detail: { reading: reading } });
    } catch (err) {
      return;
    }
    document.dispatchEvent(e);
  }

  function open(on) {
    toggle.setAttribute('aria-expanded', String(on));
    panel.hidden = !on;
  }

  toggle.addEventListener('click', function () {
    open(panel.hidden);
    signal(speaking);
  });

  box.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button') : null;
    if (!b || b === toggle || b === readBtn) { return; }
    if (b.hasAttribute('data-a11y-text')) {
      state.text = b.getAttribute('data-a11y-text');
    } else if (b.hasAttribute('data-a11y-switch')) {
      var k = b.getAttribute('data-a11y-switch');
      state[k] = state[k] !== true;
    } else if (b.classList.contains('a11y-reset')) {
      state = {};
      stop();
    } else {
      return;
    }
    save(state);
    apply();
    signal(speaking);
  });

  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') { return; }
    if (speaking) { stop(); }
    if (!panel.hidden) {
      open(false);
      toggle.focus();
    }
  });

  /* Another tab or page changed the choices. */
  window.addEventListener('storage', function (e) {
    if (e.key === KEY) { state = load(); apply(); }
  });

  /* ---- reading aloud (Web Speech API), only where there is a voice for the page's language ---- */
  var synth = window.speechSynthesis;
  var lang = (root.getAttribute('lang') || 'zh-CN').toLowerCase();
  var primary = lang.split('-')[0];
  var voice = null;
  var speaking = false;
  var queue = [];
  var current = null;

  function pickVoice() {
    var best = null;
    var bestScore = 0;
    (synth.getVoices() || []).forEach(function (v) {
      var l = String(v.lang || '').replace(/_/g, '-').toLowerCase();
      var p = l.split('-')[0];
      var score = 0;
      if (l === lang) { score = 4; }
      else if (primary === 'zh' && (p === 'cmn' || /^zh-(hans|cn|sg|tw|hant-tw)/.test(l))) { score = 3; }
      else if (p === primary) { score = 2; }
      else if (primary === 'zh' && p === 'yue') { score = 1; }
      if (v.localService && score) { score += 0.5; }
      if (score > bestScore) { best = v; bestScore = score; }
    });
    return best;
  }

  function showRead() {
    voice = pickVoice();
    readBtn.hidden = !voice;
    if (!voice && speaking) { stop(); }
  }

  /* The page's main text, block by block: headings, paragraphs, list items, quotes and
     facts of <main> (in the kiosk: of the slide on screen), without navigation, forms,
     charts, QR codes and anything hidden. */
  var BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,blockquote,figcaption,th,td';
  var SKIP = 'nav,form,svg,script,style,noscript,[hidden],[aria-hidden="true"],.visually-hidden,' +
    '.a11y,.qr-card,.slide-qr,.chart-plot,.chart-data,.pager,.chips,.kiosk-dots';
  function blocks() {
    var scope = kiosk ? document.querySelector('.slide.is-active') : (document.querySelector('main') || document.body);
    if (!scope) { return []; }
    var out = [];
    Array.prototype.forEach.call(scope.querySelectorAll(BLOCKS), function (el) {
      if (el.closest(SKIP)) { return; }
      var outer = el.parentElement && el.parentElement.closest(BLOCKS);
      if (outer && scope.contains(outer)) { return; }
      if (!el.getClientRects().length) { return; }
      var text = (el.innerText || '').replace(/\s+/g, ' ').trim();
      if (!text) { return; }
      // Long paragraphs go sentence by sentence: browsers cut off long utterances.
      (text.match(/[^。！？；!?;]+[。！？；!?;”」』）)]*|[。！？；!?;]+/g) || [text]).forEach(function (s) {
        s = s.trim();
        if (s) { out.push({ el: el, text: s }); }
      });
    });
    return out;
  }

  function mark(el) {
    if (current === el) { return; }
    if (current) { current.classList.remove('a11y-speaking'); }
    current = el;
    if (!el) { return; }
    el.classList.add('a11y-speaking');
    var r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) {
      el.scrollIntoView({ block: 'center' });
    }
  }

  function next() {
    if (!speaking) { return; }
    var item = queue.shift();
    if (!item) { stop(); return; }
    mark(item.el);
    var u = new SpeechSynthesisUtterance(item.text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    u.onend = next;
    u.onerror = function () { stop(); };
    synth.speak(u);
  }

  function label() {
    readBtn.textContent = speaking ? box.getAttribute('data-stop') : box.getAttribute('data-read');
    readBtn.classList.toggle('is-speaking', speaking);
  }

  function start() {
    if (!voice) { return; }
    synth.cancel();
    queue = blocks();
    if (!queue.length) { return; }
    speaking = true;
    label();
    signal(true);
    next();
  }

  function stop() {
    var was = speaking;
    speaking = false;
    queue = [];
    if (synth) { synth.cancel(); }
    mark(null);
    if (readBtn) { label(); }
    if (was) { signal(false); }
  }

  if (synth && typeof window.SpeechSynthesisUtterance === 'function' && readBtn) {
    readBtn.addEventListener('click', function () {
      if (speaking) { stop(); } else { start(); }
    });
    showRead();
    if (synth.addEventListener) { synth.addEventListener('voiceschanged', showRead); }
    else { synth.onvoiceschanged = showRead; }
    window.addEventListener('pagehide', stop);
    document.addEventListener('xinghuo-slide', function () { if (speaking) { stop(); } });
  }

  apply();
  box.hidden = false;
}());
