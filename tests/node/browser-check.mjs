// Drives headless Chromium (playwright-core, the system's /usr/bin/chromium) over a
// built site for tests/it/browser.rs: loads each page, records console errors, page
// errors and failed requests, runs an axe-core audit, checks the kiosk, the image
// viewer and the other extras (extras-check.mjs), and writes screenshots.
// Usage: node browser-check.mjs CONFIG.json  → prints a JSON report.
//
// CONFIG: { "chromium": "/usr/bin/chromium", "root": "/abs/public", "mode": "http"|"file",
//           "pages": [{"name": "home", "path": "index.html"}, ...] (a page may have
//           "kiosk": true or "lightbox": true), "plainFile": "index.html" | null (opened
//           from file:// at the end: a plain build without its styles; "plainAlso": more
//           such pages whose width is checked),
//           "axe": true, "screenshots": "/abs/dir" | null, "widths": [390, 1280, 1920],
//           "a11y": {"modes": bool, "persistence": ["from.html", "to.html"], "read": "page.html",
//                    "largeShots": [390, 1280]} }   (the 适老化 toolbar: a11y-check.mjs)
import { readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { execSync } from 'node:child_process';
import { extname, join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { fileFor } from './static-path.mjs';
import { lightboxCheck, noticeShown, plainFileCheck } from './extras-check.mjs';
import * as a11y from './a11y-check.mjs';
import * as kiosk from './kiosk-check.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const axeSource = join(here, 'node_modules', 'axe-core', 'axe.min.js');

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon', '.xml': 'application/xml',
  '.mp4': 'video/mp4',
};

// A static file server for the output folder (http mode), like any web host.
function serve(root) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const found = fileFor(root, req.url);
      if (!found) { res.writeHead(403); res.end(); return; }
      const { path, file } = found;
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': types[extname(file).toLowerCase()] || 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        try { res.end(readFileSync(join(root, '404.html'))); } catch { res.end('not found'); }
      }
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// Every step is bounded: a page that never settles is reported, not waited for forever
// (page.evaluate has no timeout of its own).
// Either way the script exits with status 3, which tests/it/browser.rs reads as "hung".
let stage = 'start';
class Hang extends Error {}
function within(ms, what, promise) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Hang(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function settle(page) {
  // Scroll through the page so lazy images load, then wait for every image (at most 10 s:
  // an image that never loads is not waited for; a failed request is reported anyway).
  await within(15000, `${stage}: settle`, page.evaluate(async () => {
    const step = Math.max(200, window.innerHeight - 100);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
    window.scrollTo(0, 0);
    // An image that is not displayed (a hidden kiosk screen's) never loads: not waited for.
    const images = Promise.all(Array.from(document.images).map((img) => img.complete || !img.getClientRects().length ? null
      : new Promise((r) => { img.addEventListener('load', r); img.addEventListener('error', r); })));
    await Promise.race([images, new Promise((r) => setTimeout(r, 10000))]);
  }));
}

// Each page (and the start and the end) is bounded too, with the stage it was in.
let watchdog = null;
function arm() {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    process.stderr.write(`browser-check: no progress for 90 s, at ${stage}\n`);
    // Playwright starts Chromium in its own process group: stop each child's group.
    try {
      for (const pid of execSync(`pgrep -P ${process.pid}`).toString().split(/\s+/).filter(Boolean)) {
        try { process.kill(-Number(pid), 'SIGKILL'); } catch { process.kill(Number(pid), 'SIGKILL'); }
      }
    } catch { /* no children left */ }
    process.exit(3);
  }, 90000);
}
arm();

async function main() {
  const browser = await chromium.launch({
    executablePath: config.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars'],
  });
  let server = null;
  let base;
  if (config.mode === 'http') {
    server = await serve(config.root);
    base = `http://127.0.0.1:${server.address().port}/`;
  } else {
    base = pathToFileURL(config.root + '/').href;
  }
  const report = { base, pages: [] };
  for (const p of config.pages) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const entry = { name: p.name, url: base + p.path, console: [], pageErrors: [], failed: [], axe: [] };
    page.setDefaultTimeout(30000);
    stage = `${p.name} (${entry.url})`;
    arm();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') entry.console.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => entry.pageErrors.push(String(e)));
    page.on('requestfailed', (r) => {
      const why = r.failure() ? r.failure().errorText : 'failed';
      // A resize makes the browser drop a srcset candidate it no longer needs: not an error.
      if (why !== 'net::ERR_ABORTED') entry.failed.push(`${r.url()} (${why})`);
    });
    page.on('response', (r) => { if (r.status() >= 400) entry.failed.push(`${r.url()} (HTTP ${r.status()})`); });
    await page.goto(entry.url, { waitUntil: 'load' });
    await settle(page);
    entry.title = await page.title();
    // The kiosk plays on by itself (9 s a slide): where it starts is read at once.
    const kioskStart = p.kiosk ? await page.evaluate(() => Array.from(document.querySelectorAll('.slide')).findIndex((s) => s.classList.contains('is-active'))) : null;
    entry.noticeShown = await noticeShown(page);
    entry.mapHere = await page.evaluate(() => document.querySelectorAll('figure.chart-map a.map-point.is-here').length);
    if (p.lightbox) entry.lightbox = await within(30000, `${stage}: lightbox`, lightboxCheck(page));
    if (config.axe) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.addScriptTag({ path: axeSource });
        const res = await within(60000, `${stage}: axe at ${width} px`, page.evaluate(async (rules) => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { resultTypes: ['violations'], preload: false, rules });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
        }, a11y.axeRules));
        for (const v of res) entry.axe.push({ width, ...v });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    if (p.kiosk) {
      entry.kiosk = await within(15000, `${stage}: kiosk`, page.evaluate(async (start) => {
        const active = () => Array.from(document.querySelectorAll('.slide')).findIndex((s) => s.classList.contains('is-active'));
        const out = { slides: document.querySelectorAll('.slide').length, start };
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        out.afterRight = active();
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
        out.afterLeft = active();
        const d = document.documentElement;
        out.overflowX = d.scrollWidth > window.innerWidth;
        out.overflowY = d.scrollHeight > window.innerHeight;
        out.hiddenOthers = Array.from(document.querySelectorAll('.slide:not(.is-active)')).every((s) => s.getAttribute('aria-hidden') === 'true');
        return out;
      }, kioskStart));
      // ---- kiosk (issue 16): overlaps per slide and size; leaving; exploring; idle ----
      entry.kiosk.layout = await within(20000, `${stage}: kiosk overlaps`, kiosk.kioskOverlaps(page));
      const kctx = await browser.newContext({ deviceScaleFactor: 1 });
      const kpage = await kctx.newPage();
      kpage.on('pageerror', (e) => entry.pageErrors.push(String(e)));
      for (const f of ['kioskExit', 'kioskExplore', 'kioskIdle']) {
        arm();
        entry.kiosk[f] = await within(30000, `${stage}: ${f}`, kiosk[f](kpage, entry.url));
      }
      if (config.screenshots) {
        mkdirSync(config.screenshots, { recursive: true });
        await within(40000, `${stage}: kiosk screens`, kiosk.kioskShots(kpage, entry.url,
          (n) => join(config.screenshots, `${config.mode}-kiosk-1920-${n}.png`)));
      }
      await kctx.close();
      await page.setViewportSize({ width: 1280, height: 900 });
      // ---- end kiosk ----
    }
    // ---- map (issue 16): label boxes apart, tap targets, the card of a point ----
    if (p.map) {
      entry.map = {};
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        entry.map[width] = await within(15000, `${stage}: map at ${width} px`, page.evaluate(() => {
          const svg = Array.from(document.querySelectorAll('figure.chart-map svg')).find((s) => s.getBoundingClientRect().width > 0);
          const r = (e) => e.getBoundingClientRect();
          const boxes = Array.from(svg.querySelectorAll('text.map-label, g.map-num, text.map-area-name'))
            .filter((e) => !e.closest('.map-key')).map(r);
          const overlaps = [];
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]; const b = boxes[j];
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps.push([i, j]);
            }
          }
          const hits = Array.from(svg.querySelectorAll('.map-hit')).map((e) => Math.min(r(e).width, r(e).height));
          const rows = Array.from(document.querySelectorAll('table.units tbody th')).map((e) => r(e).width);
          return { points: svg.querySelectorAll('a.map-point').length, boxes: boxes.length, overlaps,
            minHit: Math.min(...hits), minNameWidth: Math.min(...rows) };
        }));
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.focus('figure.chart-map .chart-wide a.map-point');
      await page.keyboard.press('Enter');
      entry.map.card = await page.evaluate(() => {
        const c = document.querySelector('.map-card');
        return c ? { text: c.textContent, href: c.querySelector('a').getAttribute('href'),
          focused: document.activeElement === c.querySelector('a') } : null;
      });
      entry.map.stayed = page.url() === entry.url;
      await page.keyboard.press('Escape');
      entry.map.closed = await page.evaluate(() => !document.querySelector('.map-card'));
    }
    // ---- end map ----
    if (config.a11y && config.a11y.modes) {
      entry.a11y = await a11y.modes(page, { axeSource, within, stage });
    }
    if (config.screenshots) {
      mkdirSync(config.screenshots, { recursive: true });
      for (const width of config.widths || [390, 1280, 1920]) {
        const height = p.kiosk ? (width >= 1920 ? 1080 : width >= 1280 ? 800 : 844) : 900;
        await page.setViewportSize({ width, height });
        if (p.kiosk) {
          await page.reload({ waitUntil: 'load' });
          await page.waitForTimeout(1200);
        } else {
          await settle(page);
        }
        const file = join(config.screenshots, `${config.mode}-${p.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: !p.kiosk });
        if (p.kiosk && p.kioskSlides) {
          // Every slide of the kiosk, one screenshot each.
          const n = await page.evaluate(() => document.querySelectorAll('.slide').length);
          for (let i = 1; i < n; i++) {
            await page.keyboard.press('ArrowRight');
            await page.waitForTimeout(900);
            await page.screenshot({ path: join(config.screenshots, `${config.mode}-${p.name}-${width}-slide${i}.png`) });
          }
        }
      }
    }
    if (config.screenshots && config.a11y && config.a11y.largeShots) {
      await a11y.largeShots(page, (w) => join(config.screenshots, `${config.mode}-${p.name}-${w}-large.png`),
        config.a11y.largeShots, settle, p.kiosk);
    }
    report.pages.push(entry);
    await context.close();
  }
  if (config.plainFile) {
    stage = `plain build from file:// (${config.plainFile})`;
    arm();
    const also = (config.plainAlso || []).map((f) => pathToFileURL(join(config.root, f)).href);
    report.plainFile = await within(30000, stage,
      plainFileCheck(browser, pathToFileURL(join(config.root, config.plainFile)).href, also));
  }
  if (config.a11y && config.a11y.persistence) {
    stage = 'the 适老化 toolbar across pages';
    arm();
    report.a11yPersistence = await a11y.persistence(browser, base, ...config.a11y.persistence);
  }
  if (config.a11y && config.a11y.read) {
    stage = 'reading aloud';
    arm();
    report.a11yRead = await a11y.readAloud(browser, base + config.a11y.read);
  }
  stage = 'closing the browser';
  arm();
  await browser.close();
  if (server) server.close();
  clearTimeout(watchdog);
  process.stdout.write(JSON.stringify(report, null, 1));
}

main().catch((e) => { console.error(e && e.stack || String(e)); process.exit(e instanceof Hang ? 3 : 1); });
