/* xinghuo: a page opened from the kiosk (a case's full page, a map point) goes back to
 * the kiosk's attract loop after the kiosk's idle time without a touch, and shows a large
 * "back to the kiosk" button. js/kiosk.js sets the flag (this tab only, sessionStorage);
 * leaving the kiosk on purpose (js/kiosk-exit.js) clears it, so the normal site has no
 * idle timer. */
(function () {
  'use strict';
  var flag = null;
  try { flag = JSON.parse(sessionStorage.getItem('xinghuo-kiosk') || 'null'); } catch (err) { return; }
  if (!flag || typeof flag.url !== 'string' || !/^(https?|file):/.test(flag.url)) { return; }
  var back = document.createElement('a');
  back.className = 'kiosk-return';
  back.href = flag.url;
  back.textContent = flag.label || '⌂';
  back.style.cssText = 'position:fixed;z-index:60;right:24px;bottom:24px;min-width:64px;min-height:64px;' +
    'display:flex;align-items:center;justify-content:center;padding:0 28px;border-radius:999px;' +
    'background:#9f1a1d;color:#fff;font-size:24px;font-weight:700;text-decoration:none;' +
    'box-shadow:0 6px 20px rgb(60 0 0 / .35);border:3px solid #f2c45a;';
  document.body.appendChild(back);
  document.documentElement.classList.add('from-kiosk');
  var ms = Math.max(1, Number(flag.idle) || 90) * 1000;
  var timer = null;
  function reset() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.href = flag.url; }, ms);
  }
  ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'].forEach(function (ev) {
    document.addEventListener(ev, reset, { passive: true, capture: true });
  });
  reset();
}());
