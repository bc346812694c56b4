// The checks of the theme's extras (js/extras.js, partials/unstyled_notice.html) for
// browser-check.mjs: the image viewer, back to top and the print button on one page,
// the notice for a page without styles on every page, and a plain build opened from
// the disk. Each returns plain values for tests/browser.rs to assert on.

// Whether the notice for a missing stylesheet is visible (it must not be, with styles).
export async function noticeShown(page) {
  return page.evaluate(() => {
    const n = document.querySelector('.unstyled-notice');
    return n ? n.getClientRects().length > 0 : null;
  });
}

// Open the viewer from the first gallery photo, step with the keys, tab around, close.
export async function lightboxCheck(page) {
  const out = {};
  out.items = await page.evaluate(() => document.querySelectorAll('.gallery-item, .zoom-link').length);
  const first = page.locator('.gallery-item').first();
  await first.scrollIntoViewIfNeeded();
  await first.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const img = document.querySelector('.lightbox:not([hidden]) .lightbox-image');
    return img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 10000 });
  Object.assign(out, await page.evaluate(() => {
    const box = document.querySelector('.lightbox');
    const r = box.getBoundingClientRect();
    return {
      open: !box.hidden,
      role: box.getAttribute('role'),
      modal: box.getAttribute('aria-modal'),
      label: box.getAttribute('aria-label') || '',
      fills: r.width === window.innerWidth && r.height === window.innerHeight,
      focusInside: box.contains(document.activeElement),
      count: box.querySelector('.lightbox-count').textContent,
      mainInert: document.querySelector('main').inert === true,
      src: box.querySelector('.lightbox-image').currentSrc,
    };
  }));
  await page.keyboard.press('ArrowRight');
  out.afterRight = await page.evaluate(() => document.querySelector('.lightbox-count').textContent);
  await page.keyboard.press('ArrowLeft');
  out.afterLeft = await page.evaluate(() => document.querySelector('.lightbox-count').textContent);
  let trapped = true;
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    trapped = trapped && await page.evaluate(() => document.querySelector('.lightbox').contains(document.activeElement));
  }
  out.trapped = trapped;
  // A swipe to the left shows the next photo.
  const box = await page.locator('.lightbox').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.7, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, y, { steps: 4 });
  await page.mouse.up();
  out.afterSwipe = await page.evaluate(() => document.querySelector('.lightbox-count').textContent);
  await page.keyboard.press('Escape');
  Object.assign(out, await page.evaluate(() => ({
    closed: document.querySelector('.lightbox').hidden,
    focusBack: document.activeElement.classList.contains('gallery-item'),
    mainInertAfter: document.querySelector('main').inert === true,
  })));
  // Back to top appears once scrolled down a long page, and takes the reader up.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForTimeout(100);
  out.toTopShown = await page.evaluate(() => !document.querySelector('.to-top').hidden);
  await page.locator('.to-top').click();
  await page.waitForFunction(() => window.scrollY === 0, null, { timeout: 5000 }).catch(() => {});
  out.toTopScrolled = await page.evaluate(() => window.scrollY === 0);
  // The print button is shown and prints.
  out.printed = await page.evaluate(() => {
    let printed = false;
    window.print = () => { printed = true; };
    const b = document.querySelector('.print-button');
    if (!b || b.hidden) return false;
    b.click();
    return printed;
  });
  return out;
}

// A plain build (absolute links) opened from the disk: no stylesheet, so the notice
// shows first, the emblem keeps its size from the markup and no drawing outgrows the window.
export async function plainFileCheck(browser, url, also = []) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const out = await page.evaluate(() => {
    const n = document.querySelector('.unstyled-notice');
    // Pictures keep their own size (width and height in the markup); drawings (SVG:
    // the emblem, charts, QR codes, maps) stay within the window.
    const sizes = Array.from(document.querySelectorAll('svg')).map((e) => e.getBoundingClientRect());
    return {
      notice: !!n && n.getClientRects().length > 0 && n.getBoundingClientRect().top < 20,
      text: n ? n.textContent : '',
      widest: Math.max(0, ...sizes.map((r) => r.width)),
      emblem: document.querySelector('.emblem').getBoundingClientRect().width,
    };
  });
  // Nothing makes the page wider than a phone: a cover image that cannot load keeps
  // the box of its width attribute, a long address in the QR code's caption does not
  // wrap (partials/unstyled_fit.html). This page and `also` (a case page with its QR
  // code), at 390 and at 320 px.
  out.wider = [];
  for (const u of [url, ...also]) {
    if (u !== url) await page.goto(u, { waitUntil: 'load' });
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 844 });
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > width) out.wider.push(`${u.split('/').slice(-2).join('/')} at ${width} px: ${w}`);
    }
  }
  await context.close();
  return out;
}
