// The kiosk (issue 16) for browser-check.mjs, in the page it already opened:
// - kioskOverlaps: at 1920×1080, 1280×720, 3840×2160 and 1080×1920, on every slide, the
//   boxes of title, summary, facts, QR card and controls do not intersect and stay inside
//   the window (all slides are laid out at once; reduced motion keeps them in place);
// - kioskExit: a tap on "leave" stays, a 2.3 s press leaves (to the normal site);
// - kioskExplore: explore → home tiles → a list → a case (photos step) → back → list →
//   home; every visible control of the explore screens is at least 60 px;
// - kioskIdle: with ?idle=2 an open case returns to the attract loop, and a page opened
//   from the kiosk comes back to it.
const SIZES = [[1920, 1080], [1280, 720], [3840, 2160], [1080, 1920]];

export async function kioskOverlaps(page) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const out = { sizes: [], overlaps: [], outside: [] };
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    const r = await page.evaluate(() => {
      const box = (e) => { const b = e.getBoundingClientRect(); return { l: b.left, t: b.top, r: b.right, b: b.bottom }; };
      const vis = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0 && getComputedStyle(e).display !== 'none'; };
      const controls = Array.from(document.querySelectorAll('.kiosk-nav > *, .kiosk-tools > :not([hidden]):not(.kiosk-exit-hint), .kiosk-brand')).filter(vis)
        .map((e) => ({ name: 'controls:' + (e.className || e.tagName), ...box(e) }));
      const groups = { title: 'h1, h2', summary: '.slide-summary, .intro-lead, .member-quote, .member-role',
        facts: '.slide-facts, .member-honors, .kpis, .slide-chart-body figure, .intro-hint', qr: '.slide-qr',
        media: '.slide-media, .member-photo' };
      const overlaps = []; const outside = [];
      const W = window.innerWidth; const H = window.innerHeight;
      document.querySelectorAll('.slide').forEach((s, i) => {
        const items = [...controls];
        for (const [name, sel] of Object.entries(groups)) {
          s.querySelectorAll(sel).forEach((e) => { if (vis(e)) items.push({ name, ...box(e) }); });
        }
        for (const a of items) {
          if (a.l < -0.5 || a.t < -0.5 || a.r > W + 0.5 || a.b > H + 0.5) outside.push({ slide: i, ...a });
        }
        for (let x = 0; x < items.length; x++) {
          for (let y = x + 1; y < items.length; y++) {
            const a = items[x]; const b = items[y];
            if (a.name.startsWith('controls') && b.name.startsWith('controls')) continue;
            if (a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5) {
              overlaps.push({ slide: i, label: s.getAttribute('aria-label'), a: a.name, b: b.name });
            }
          }
        }
      });
      return { slides: document.querySelectorAll('.slide').length, overlaps, outside };
    });
    out.sizes.push({ width, height, slides: r.slides });
    for (const o of r.overlaps) out.overlaps.push({ size: `${width}x${height}`, ...o });
    for (const o of r.outside) out.outside.push({ size: `${width}x${height}`, ...o });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ reducedMotion: null });
  return out;
}

export async function kioskExit(page, url) {
  const out = {};
  await page.goto(url, { waitUntil: 'load' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  const exit = page.locator('.kiosk-exit');
  await exit.click();
  await page.waitForTimeout(400);
  out.stayedAfterTap = page.url() === url;
  out.hint = await page.evaluate(() => (document.querySelector('.kiosk-exit-hint') || {}).textContent || '');
  const b = await exit.boundingBox();
  out.exitHeight = b ? b.height : 0;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(1000);
  out.stayedAfter1s = page.url() === url;
  await Promise.all([page.waitForURL((u) => u.href !== url, { timeout: 5000 }).catch(() => {}), page.waitForTimeout(1500)]);
  await page.mouse.up();
  out.leftAfterHold = page.url() !== url && !/kiosk\//.test(page.url());
  out.flagCleared = await page.evaluate(() => sessionStorage.getItem('xinghuo-kiosk') === null);
  out.returnButton = await page.evaluate(() => !!document.querySelector('.kiosk-return'));
  return out;
}

export async function kioskExplore(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  const screen = () => page.evaluate(() => {
    const s = Array.from(document.querySelectorAll('.kiosk-explore .screen')).find((e) => !e.hidden);
    return s ? s.id : (document.querySelector('.kiosk-explore').hidden ? 'attract' : 'none');
  });
  const small = () => page.evaluate(() => Array.from(document.querySelectorAll('.kiosk-explore button, .kiosk-explore a'))
    .filter((e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0 && !e.closest('figure.chart'); })
    .filter((e) => { const b = e.getBoundingClientRect(); return b.width < 60 || b.height < 60; })
    .map((e) => `${e.className || e.tagName}: ${Math.round(e.getBoundingClientRect().width)}×${Math.round(e.getBoundingClientRect().height)}`));
  const out = { steps: [], small: [] };
  await page.click('.kiosk-explore-open');
  out.steps.push(await screen());
  out.tiles = await page.locator('.k-tile').count();
  out.small.push(...await small());
  await page.click('.k-tile[data-open="k-list-stations"]');
  out.steps.push(await screen());
  out.small.push(...await small());
  await page.click('#k-list-stations .k-item >> nth=0');
  out.steps.push(await screen());
  out.small.push(...await small());
  const caseId = out.steps[2];
  out.photos = await page.locator(`#${caseId} .k-media-item`).count();
  if (out.photos > 1) {
    await page.click(`#${caseId} .k-media-next`);
    out.photoCount = await page.textContent(`#${caseId} .k-media-count`);
  }
  out.video = await page.locator(`#${caseId} video source`).count();
  out.backVisible = await page.isVisible('.k-back');
  out.homeVisible = await page.isVisible('.k-home-btn');
  await page.click('.k-back');
  out.steps.push(await screen());
  await page.click('.k-home-btn');
  out.steps.push(await screen());
  for (const id of ['k-stats', 'k-map']) {
    await page.click(`.k-tile[data-open="${id}"]`);
    out.steps.push(await screen());
    out.small.push(...await small());
    out[id] = await page.evaluate((sid) => document.querySelectorAll(`#${sid} svg`).length, id);
    await page.click('.k-back');
  }
  out.steps.push(await screen());
  await page.click('.k-back');
  out.steps.push(await screen());
  return out;
}

export async function kioskIdle(page, url) {
  const out = {};
  const idleUrl = url + (url.includes('?') ? '&' : '?') + 'idle=2';
  await page.goto(idleUrl, { waitUntil: 'load' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.click('.kiosk-explore-open');
  await page.click('.k-tile >> nth=0');
  await page.click('.screen-list:not([hidden]) .k-item >> nth=0');
  out.open = await page.evaluate(() => !document.querySelector('.kiosk-explore').hidden);
  await page.waitForTimeout(2600);
  out.backToAttract = await page.evaluate(() => document.querySelector('.kiosk-explore').hidden
    && !document.body.classList.contains('is-exploring') && !document.body.classList.contains('is-paused')
    && document.querySelector('.slide.is-active') === document.querySelector('.slide'));
  // A case's full page, opened from the kiosk, comes back after the idle time.
  await page.click('.kiosk-explore-open');
  await page.click('.k-tile >> nth=0');
  await page.click('.screen-list:not([hidden]) .k-item >> nth=0');
  await Promise.all([page.waitForNavigation(), page.click('.screen-case:not([hidden]) .k-read')]);
  out.opened = page.url();
  out.returnButton = await page.evaluate(() => { const b = document.querySelector('.kiosk-return'); return b ? b.getBoundingClientRect().height : 0; });
  await page.waitForURL(/kiosk\//, { timeout: 6000 }).catch(() => {});
  out.returned = /kiosk\//.test(page.url());
  return out;
}

// Screenshots of each kiosk screen at 1920×1080 (and the attract loop upright).
export async function kioskShots(page, url, file) {
  await page.goto(url, { waitUntil: 'load' });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  const shot = async (name) => { await page.waitForTimeout(700); await page.screenshot({ path: file(name) }); };
  const slides = await page.evaluate(() => Array.from(document.querySelectorAll('.slide')).map((s) => s.className));
  const textOnly = slides.findIndex((c) => c.includes('slide-case') && !c.includes('has-media'));
  const photo = slides.findIndex((c) => c.includes('has-media'));
  for (const [name, i] of [['slide-text', textOnly], ['slide-photo', photo]]) {
    await page.evaluate((n) => { for (let k = 0; k < n; k++) document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })); }, i);
    await shot(name);
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true })));
  }
  await page.click('.kiosk-explore-open'); await shot('home');
  await page.click('.k-tile >> nth=0'); await shot('list');
  await page.click('.screen-list:not([hidden]) .k-item >> nth=0'); await shot('case');
  for (const id of ['k-stats', 'k-map']) {
    await page.click('.k-home-btn');
    if (await page.locator(`.k-tile[data-open="${id}"]`).count()) { await page.click(`.k-tile[data-open="${id}"]`); await shot(id.slice(2)); }
  }
  await page.click('.k-home-btn'); await page.click('.k-back');
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.evaluate((n) => { for (let k = 0; k < n; k++) document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })); }, photo);
  await shot('portrait');
}
