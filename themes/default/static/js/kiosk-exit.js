/* xinghuo kiosk: leaving it. `[kiosk] exit` decides (data-exit on <body>):
 * "long-press" (default) — the exit button works only when held for two seconds (a tap
 * shows how); "pin" — a tap opens a number pad and the configured PIN leaves;
 * "button" — one tap leaves. Leaving clears the session flag, so the normal site that
 * opens has no idle timer. Without JavaScript the button is a plain link. */
(function () {
  'use strict';
  var body = document.body;
  var a = document.querySelector('.kiosk-exit');
  if (!a) { return; }
  var mode = body.getAttribute('data-exit') || 'long-press';
  var HOLD_MS = 2000;

  function leave() {
    try { sessionStorage.removeItem('xinghuo-kiosk'); } catch (err) { /* storage blocked */ }
    window.location.href = a.href;
  }
  if (mode === 'button') {
    a.addEventListener('click', function () {
      try { sessionStorage.removeItem('xinghuo-kiosk'); } catch (err) { /* storage blocked */ }
    });
    return;
  }

  a.setAttribute('draggable', 'false');
  var hint = document.createElement('span');
  hint.className = 'kiosk-exit-hint';
  hint.setAttribute('role', 'status');
  a.parentNode.insertBefore(hint, a.nextSibling);
  var hintTimer = null;
  function say(text) {
    hint.textContent = text;
    hint.classList.add('is-shown');
    clearTimeout(hintTimer);
    hintTimer = setTimeout(function () { hint.classList.remove('is-shown'); hint.textContent = ''; }, 2500);
  }

  /* ---- PIN pad ---- */
  var pad = document.querySelector('.kiosk-pin');
  var typed = '';
  var shown = pad && pad.querySelector('.kiosk-pin-shown');
  function openPad() {
    if (!pad) { return; }
    typed = '';
    shown.textContent = '';
    pad.hidden = false;
    var first = pad.querySelector('button');
    if (first) { first.focus(); }
  }
  function closePad() { if (pad) { pad.hidden = true; a.focus(); } }
  if (pad) {
    var pin = body.getAttribute('data-pin') || '';
    pad.addEventListener('click', function (e) {
      e.stopPropagation();
      var b = e.target.closest('button');
      if (!b) { return; }
      if (b.classList.contains('kiosk-pin-cancel')) { closePad(); return; }
      if (b.classList.contains('kiosk-pin-clear')) { typed = ''; shown.textContent = ''; return; }
      typed += b.getAttribute('data-digit') || '';
      shown.textContent = typed.replace(/./g, '●');
      if (typed.length >= pin.length) {
        if (typed === pin) { leave(); return; }
        typed = '';
        shown.textContent = shown.getAttribute('data-wrong');
      }
    });
    pad.addEventListener('keydown', function (e) { if (e.key === 'Escape') { closePad(); } });
  }

  /* ---- long press ---- */
  var holdTimer = null;
  var held = false;
  function startHold() {
    if (holdTimer) { return; }
    held = false;
    a.classList.add('is-holding');
    holdTimer = setTimeout(function () {
      holdTimer = null;
      held = true;
      a.classList.remove('is-holding');
      leave();
    }, HOLD_MS);
  }
  function stopHold() {
    if (!holdTimer) { return; }
    clearTimeout(holdTimer);
    holdTimer = null;
    a.classList.remove('is-holding');
    say(a.getAttribute('data-hold') || '');
  }

  a.addEventListener('click', function (e) {
    e.preventDefault();
    e.stopPropagation();
    if (mode === 'pin') { openPad(); }
  });
  if (mode === 'pin') { return; }
  a.addEventListener('pointerdown', function (e) {
    if (e.button > 0) { return; }
    startHold();
  });
  ['pointerup', 'pointerleave', 'pointercancel'].forEach(function (ev) {
    a.addEventListener(ev, function () { if (!held) { stopHold(); } });
  });
  /* From a keyboard (staff with a keyboard behind the screen): hold Enter or Space. */
  a.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); if (!e.repeat) { startHold(); } }
  });
  a.addEventListener('keyup', function (e) {
    if (e.key === 'Enter' || e.key === ' ') { if (!held) { stopHold(); } }
  });
}());
