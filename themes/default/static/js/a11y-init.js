/* xinghuo 适老化: the reader's choices (kept by js/a11y.js in localStorage), put on <html>
 * before the first paint. Loaded without defer or async in the head, before the style
 * sheets, so a page never shows at the normal size first; a file, not an inline script,
 * so it also runs under a Content-Security-Policy of script-src 'self'. */
try {
  (function (a, r) {
    if (a.text === '1.5' || a.text === '2') { r.setAttribute('data-a11y-text', a.text); }
    if (a.contrast === true) { r.setAttribute('data-a11y-contrast', ''); }
    if (a.targets === true) { r.setAttribute('data-a11y-targets', ''); }
  }(JSON.parse(localStorage.getItem('xinghuo-a11y') || '{}') || {}, document.documentElement));
} catch (e) { /* no storage (private mode, blocked): the normal page */ }
