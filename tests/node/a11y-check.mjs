// The 适老化 toolbar in the browser, for browser-check.mjs (tests/it/browser.rs asserts on
// what these return): the choices persist across page loads and apply before the first
// paint, the toolbar works from the keyboard, read-aloud appears only where there is a
// voice for the page's language, large text never makes a page scroll sideways, the modes
// pass axe-core (high contrast also at 7:1, WCAG AAA), and quote marks keep clear of the
// text. Every check reuses the page or browser it is given: no extra Chromium.

const KEY = 'xinghuo-a11y';

// axe-core options: every default rule, plus target size (WCAG 2.2, off by default).
export const axeRules = { 'target-size': { enabled: true } };

// The rules whose outcome a mode can change (it changes only CSS): the rest gave the same
// answer in the page's own run, so the modes run only these, which keeps them quick.
const MODE_RULES = ['color-contrast', 'target-size', 'scrollable-region-focusable', 'link-in-text-block'];

async function axeRun(page, axeSource, rules) {
  await page.addScriptTag({ path: axeSource });
  return page.evaluate(async (rules) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'], preload: false, runOnly: { type: 'rule', values: rules } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, rules);
}

// Sets the <html> attributes the way the head script does, then measures the page width.
async function widthWith(page, attrs) {
  return page.evaluate((attrs) => {
    const r = document.documentElement;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null) r.removeAttribute(k); else r.setAttribute(k, v);
    }
    return { scrollWidth: r.scrollWidth, innerWidth: window.innerWidth };
  }, attrs);
}

// Where a quote's drawn mark ends and its first character starts (px from the quote's
// left edge), for every quote on the page (not those of a hidden kiosk screen).
async function quoteGaps(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('.quote, .member-quote')).filter((q) => !q.closest('[hidden]')).map((q) => {
    const box = q.getBoundingClientRect();
    const mark = getComputedStyle(q, '::before');
    const walker = document.createTreeWalker(q, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.data.trim()) node = walker.nextNode();
    if (!node) return null;
    const at = node.data.search(/\S/);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const ch = range.getBoundingClientRect();
    return { markEnd: parseFloat(mark.left) + parseFloat(mark.width), textStart: ch.left - box.left };
  }).filter(Boolean));
}

// In bigger-buttons mode: the controls and stand-alone links smaller than 44 × 44 px.
const TARGETS = '.mainnav a, .menu > summary, .crumbs a, .chip, .filter-group a, .pager a, .toc a, .year-jump a, ' +
  '.chart-index a, .footer a, .more a, .notfound-links a, .card-title a, .latest a, .tl-card h3 a, .prevnext a, ' +
  '.terms a, .button, .a11y button, .kiosk-tools a, .kiosk-tools button, .kiosk-nav button';
async function smallTargets(page) {
  return page.evaluate((sel) => Array.from(document.querySelectorAll(sel)).filter((el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!r.width || s.visibility === 'hidden' || el.closest('[inert], [hidden], .slide:not(.is-active)')) return false;
    return r.width < 43.5 || r.height < 43.5;
  }).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 20)}" ` +
    `${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`), TARGETS);
}

// One page with every mode: overflow at 1.5× and 2× (alone and with the other modes), axe
// in high contrast + bigger buttons (with the AAA contrast rule) and then also at 2×.
export async function modes(page, { axeSource, within, stage }) {
  const out = { overflow: [], axe: [], quotes: [], smallTargets: [] };
  await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ contrast: true, targets: true })), KEY);
  await page.reload({ waitUntil: 'load' });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const res = await within(60000, `${stage}: axe in high contrast at ${width} px`,
      axeRun(page, axeSource, [...MODE_RULES, 'color-contrast-enhanced']));
    for (const v of res) out.axe.push({ width, mode: 'contrast+targets', ...v });
    for (const t of await smallTargets(page)) out.smallTargets.push({ width, target: t });
    for (const text of ['1.5', '2']) {
      for (const others of [false, true]) {
        const w = await widthWith(page, {
          'data-a11y-text': text,
          'data-a11y-contrast': others ? '' : null,
          'data-a11y-targets': others ? '' : null,
        });
        out.overflow.push({ width, text, others, ...w });
      }
    }
    // Now at 2× with every mode on.
    const res2 = await within(60000, `${stage}: axe at 2× at ${width} px`, axeRun(page, axeSource, MODE_RULES));
    for (const v of res2) out.axe.push({ width, mode: 'text 2×+contrast+targets', ...v });
    for (const g of await quoteGaps(page)) out.quotes.push({ width, text: '2', ...g });
    await widthWith(page, { 'data-a11y-text': null });
    for (const g of await quoteGaps(page)) out.quotes.push({ width, text: '1', ...g });
  }
  await page.evaluate((key) => localStorage.removeItem(key), KEY);
  await page.setViewportSize({ width: 1280, height: 900 });
  return out;
}

// Screenshots at 2× text (the normal ones are taken by browser-check.mjs).
export async function largeShots(page, file, widths, settle, kiosk) {
  await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ text: '2' })), KEY);
  for (const width of widths) {
    await page.setViewportSize({ width, height: kiosk && width < 800 ? 844 : 900 });
    await page.reload({ waitUntil: 'load' });
    if (kiosk) await page.waitForTimeout(1200); else await settle(page);
    await page.screenshot({ path: file(width), fullPage: true });
  }
  await page.evaluate((key) => localStorage.removeItem(key), KEY);
}

// Records, when <body> first appears, what the head script put on <html>: the choice
// must be there before anything is painted.
const FIRST_PAINT = `(() => {
  const seen = () => { const r = document.documentElement; window.__a11yAtBody = {
    text: r.getAttribute('data-a11y-text'), contrast: r.hasAttribute('data-a11y-contrast') }; };
  new MutationObserver((_, o) => { if (document.body) { seen(); o.disconnect(); } })
    .observe(document, { childList: true, subtree: true });
})();`;

// The toolbar from a visitor's side, in a browser context of its own: open it with the
// keyboard, choose 2× and high contrast, go to another page (the choice is there before
// the first paint), close with Escape, reset.
export async function persistence(browser, base, from, to) {
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(FIRST_PAINT);
  const out = {};
  await page.goto(base + from, { waitUntil: 'load' });
  out.shown = await page.isVisible('.a11y-toggle');
  await page.focus('.a11y-toggle');
  await page.keyboard.press('Enter');
  out.openedByKey = await page.isVisible('#a11y-panel');
  await page.focus('[data-a11y-text="2"]');
  await page.keyboard.press('Enter');
  await page.focus('[data-a11y-switch="contrast"]');
  await page.keyboard.press('Space');
  out.focusVisible = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
  await page.goto(base + to, { waitUntil: 'load' });
  out.atFirstPaint = await page.evaluate(() => window.__a11yAtBody || null);
  out.after = await page.evaluate(() => ({
    rootFontPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
    pressed: Array.from(document.querySelectorAll('#a11y [aria-pressed="true"]')).map((b) => b.getAttribute('data-a11y-text') || b.getAttribute('data-a11y-switch')),
  }));
  await page.click('.a11y-toggle');
  await page.keyboard.press('Escape');
  out.escapeCloses = await page.evaluate(() => document.getElementById('a11y-panel').hidden
    && document.activeElement === document.querySelector('.a11y-toggle'));
  await page.click('.a11y-toggle');
  await page.click('.a11y-reset');
  await page.reload({ waitUntil: 'load' });
  out.afterReset = await page.evaluate(() => ({
    text: document.documentElement.getAttribute('data-a11y-text'),
    contrast: document.documentElement.hasAttribute('data-a11y-contrast'),
  }));
  await context.close();
  return out;
}

// A stand-in for the Web Speech API with the given voices, recording what is spoken.
const speech = (voices) => `(() => {
  const spoken = []; window.__spoken = spoken;
  class U { constructor(t) { this.text = t; } }
  const synth = { speaking: false, getVoices: () => ${JSON.stringify(voices)},
    speak(u) { spoken.push(u.text); setTimeout(() => u.onend && u.onend(), 0); },
    cancel() { spoken.push('<cancel>'); }, addEventListener() {} };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: U, configurable: true });
})();`;

// Read-aloud: shown with a Chinese voice and reads the page's heading first and its text;
// hidden with only an English voice, and where the browser has no speech at all.
export async function readAloud(browser, url) {
  const out = {};
  for (const [name, voices] of [['zh', [{ lang: 'en-US', name: 'E' }, { lang: 'zh-CN', name: 'Z' }]],
    ['en', [{ lang: 'en-US', name: 'E' }]], ['none', null]]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    if (voices) await page.addInitScript(speech(voices));
    else await page.addInitScript('Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });');
    await page.goto(url, { waitUntil: 'load' });
    await page.click('.a11y-toggle');
    const r = { shown: await page.isVisible('.a11y-read') };
    if (r.shown) {
      await page.click('.a11y-read');
      await page.waitForTimeout(300);
      r.h1 = await page.evaluate(() => document.querySelector('main h1').innerText.trim());
      r.spoken = await page.evaluate(() => window.__spoken.filter((t) => t !== '<cancel>'));
    }
    out[name] = r;
    await context.close();
  }
  return out;
}
