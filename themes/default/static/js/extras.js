/* xinghuo default theme: what a page offers besides reading, added once the page has
 * loaded (without this script the page works as before: a gallery photo opens as a
 * picture of its own, the print button stays hidden).
 *  - An image viewer (lightbox) for the photos of a page's text: galleries and figures.
 *    Captions, the arrow keys and swipes move between photos, Esc or the close button
 *    closes it; focus stays inside while it is open and goes back where it was after.
 *  - "Back to top" on long pages, once the reader has scrolled down.
 *  - The print button of case pages.
 * No network and no libraries: it works from file:// (a --relative build). The words
 * come from the page (partials/extras.html), in the site's language. */
(function () {
  'use strict';
  var doc = document;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  /* ---------- the image viewer ---------- */
  var template = doc.getElementById('lightbox-template');
  var items = [];
  // Gallery links open their photo; an image of the text not inside a link gets one.
  Array.prototype.forEach.call(doc.querySelectorAll('.prose img'), function (img) {
    var link = img.closest('a');
    if (link && !link.classList.contains('gallery-item')) { return; }
    if (!link) {
      link = doc.createElement('a');
      link.className = 'zoom-link';
      link.href = img.getAttribute('src');
      var outer = img.parentNode.tagName === 'PICTURE' ? img.parentNode : img;
      outer.parentNode.insertBefore(link, outer);
      link.appendChild(outer);
    }
    var figure = img.closest('figure');
    var caption = figure && figure.querySelector('figcaption');
    var alt = img.getAttribute('alt') || '';
    // A file name is no caption.
    var text = caption ? caption.textContent.trim() : (/\.(jpe?g|png|webp|gif)$/i.test(alt) ? '' : alt);
    items.push({
      link: link,
      src: link.getAttribute('href'),
      srcset: img.getAttribute('srcset') || '',
      alt: alt,
      caption: text
    });
  });

  var box = null;
  var view = null;
  var current = 0;
  var opener = null;
  var hidden = [];

  function build() {
    box = template.content.firstElementChild.cloneNode(true);
    view = doc.createElement('img');
    view.className = 'lightbox-image';
    view.setAttribute('sizes', '100vw');
    // No native image drag: it would swallow the swipe.
    view.draggable = false;
    box.querySelector('.lightbox-figure').insertBefore(view, box.querySelector('.lightbox-caption'));
    box.querySelector('.lightbox-close').addEventListener('click', close);
    box.querySelector('.lightbox-prev').addEventListener('click', function () { show(current - 1); });
    box.querySelector('.lightbox-next').addEventListener('click', function () { show(current + 1); });
    var startX = null;
    var startY = null;
    var swiped = false;
    // A click on the dark backdrop (not on the photo or a button) closes; the click
    // that ends a swipe does not.
    box.addEventListener('click', function (e) {
      if (swiped) { swiped = false; return; }
      if (e.target === box || e.target.classList.contains('lightbox-figure')) { close(); }
    });
    // Keys anywhere while open (a click on the photo leaves focus on the page).
    doc.addEventListener('keydown', function (e) { if (!box.hidden) { keys(e); } });
    box.addEventListener('pointerdown', function (e) { startX = e.clientX; startY = e.clientY; swiped = false; });
    box.addEventListener('pointerup', function (e) {
      if (startX === null) { return; }
      var dx = e.clientX - startX;
      var dy = e.clientY - startY;
      startX = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) {
        swiped = true;
        show(current + (dx < 0 ? 1 : -1));
      }
    });
    doc.body.appendChild(box);
  }

  function show(i) {
    var n = items.length;
    current = (i % n + n) % n;
    var it = items[current];
    view.removeAttribute('srcset');
    view.src = it.src;
    if (it.srcset) { view.setAttribute('srcset', it.srcset); }
    view.alt = it.alt;
    var cap = box.querySelector('.lightbox-caption');
    cap.textContent = it.caption;
    cap.hidden = !it.caption;
    box.querySelector('.lightbox-count').textContent = n > 1 ? (current + 1) + ' / ' + n : '';
    box.querySelector('.lightbox-prev').hidden = n < 2;
    box.querySelector('.lightbox-next').hidden = n < 2;
  }

  function open(i) {
    if (!box) { build(); }
    opener = doc.activeElement;
    // Everything else is out of reach (and of screen readers) while the viewer is open.
    hidden = Array.prototype.filter.call(doc.body.children, function (el) {
      return el !== box && !el.inert;
    });
    hidden.forEach(function (el) { el.inert = true; });
    doc.documentElement.classList.add('lightbox-open');
    box.hidden = false;
    show(i);
    box.querySelector('.lightbox-close').focus();
  }

  function close() {
    if (!box || box.hidden) { return; }
    box.hidden = true;
    hidden.forEach(function (el) { el.inert = false; });
    hidden = [];
    doc.documentElement.classList.remove('lightbox-open');
    if (opener && opener.focus) { opener.focus(); }
  }

  function keys(e) {
    if (e.key === 'Escape') { e.preventDefault(); close(); return; }
    if (e.key === 'ArrowRight') { e.preventDefault(); show(current + 1); return; }
    if (e.key === 'ArrowLeft') { e.preventDefault(); show(current - 1); return; }
    if (e.key === 'Tab') {
      // Focus stays inside: from the last button to the first and back.
      var f = Array.prototype.filter.call(box.querySelectorAll('button'), function (b) { return !b.hidden; });
      var first = f[0];
      var last = f[f.length - 1];
      if (e.shiftKey && doc.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && doc.activeElement === last) { e.preventDefault(); first.focus(); }
      else if (f.indexOf(doc.activeElement) < 0) { e.preventDefault(); first.focus(); }
    }
  }

  if (template && items.length) {
    items.forEach(function (it, i) {
      it.link.addEventListener('click', function (e) {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) { return; }
        e.preventDefault();
        open(i);
      });
    });
  }

  /* ---------- back to top ---------- */
  var top = doc.querySelector('.to-top');
  if (top) {
    var update = function () {
      var long = doc.documentElement.scrollHeight > window.innerHeight * 3;
      top.hidden = !(long && window.scrollY > window.innerHeight * 1.5);
    };
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    update();
    top.addEventListener('click', function (e) {
      e.preventDefault();
      window.scrollTo({ top: 0, behavior: reduceMotion ? 'auto' : 'smooth' });
      // From the keyboard, focus goes to the top too (the first link of the page).
      if (e.detail === 0) {
        var first = doc.querySelector('.skip, a[href]');
        if (first) { first.focus({ preventScroll: true }); }
      }
    });
  }

  /* ---------- print ---------- */
  Array.prototype.forEach.call(doc.querySelectorAll('.print-button'), function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
}());
