// Every page of a built site at phone widths, in one headless Chromium with one reused
// tab: no page may scroll sideways (`scrollWidth <= innerWidth`) at 320, 360 and 390 px,
// with the root font at 100 % and at 200 %; every chart's text is drawn at least 12 CSS
// px tall and inside its chart. Used by tests/it/phones.rs (the demo) and by
// bench/phones.sh (a generated site of any size).
//
// Usage: node fit-check.mjs CONFIG.json → prints a JSON report, exit status 0; 1 on a
// harness error, 3 when the browser stops answering.
// CONFIG: { "chromium": "/usr/bin/chromium", "root": "/abs/public",
//           "widths": [320, 360, 390], "fonts": [100, 200],
//           "exclude": ["kiosk/index.html"], "chartWidths": [320, 360, 390],
//           "search": null | {"path": "search/index.html", "none": "a query that finds nothing"},
//           "station": null | {"path": "stations/…/index.html"},
//           "mode": "http" (default) | "file" (a `build --relative` output from file://),
//           "tabs": 2, "minChartText": 12, "fontDir": "/abs/fonts" | null, "images": false, "only": null | ["part of a path", …], "limit": null | N }
// Report: { pages, views, ms, overflow: [{page, width, font, scrollWidth, innerWidth,
//           culprits: [{selector, right, width}]}], charts: {pages, texts, smallest,
//           problems: [{page, width, chart, title, text, problem}]}, search, station }
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { execSync } from 'node:child_process';
import { extname, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { fileFor } from './static-path.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const widths = config.widths || [320, 360, 390];
const fonts = config.fonts || [100, 200];
const chartWidths = config.chartWidths || widths;
const minText = config.minChartText || 12;
const exclude = new Set(config.exclude || ['kiosk/index.html']);

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif',
};

function htmlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.filter((p) => !exclude.has(p));
}

function serve(root) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const found = fileFor(root, req.url);
      if (!found) { res.writeHead(403); res.end(); return; }
      const { path, file } = found;
      // Photos do not change a page's width (img { max-width: 100% }): none are sent,
      // which keeps a 1,000-page walk fast. Their boxes keep their width and height.
      if (!config.images && /\.(jpe?g|png|webp|gif|avif|mp4)$/i.test(file)) { res.writeHead(204); res.end(); return; }
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': types[extname(file).toLowerCase()] || 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404); res.end();
      }
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// A page that stops answering ends the run with status 3 (tests/it/phones.rs reads it).
let stage = 'start';
let watchdog = null;
function arm() {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    process.stderr.write(`fit-check: no progress for 60 s, at ${stage}\n`);
    try {
      for (const pid of execSync(`pgrep -P ${process.pid}`).toString().split(/\s+/).filter(Boolean)) {
        try { process.kill(-Number(pid), 'SIGKILL'); } catch { process.kill(Number(pid), 'SIGKILL'); }
      }
    } catch { /* no children left */ }
    process.exit(3);
  }, 60000);
}

// In the page: the width check, with every <details> open. When the page is wider than the window, name the
// elements that reach past its right edge (and are not inside a box that clips or
// scrolls): the outermost such element of each branch, widest first.
function measureWidth(font) {
  document.documentElement.style.fontSize = font === 100 ? '' : `${font}%`;
  // Opened, as a visitor may open them: the menu, a chart's data table.
  for (const det of document.querySelectorAll('details')) det.open = true;
  const d = document.documentElement;
  const inner = window.innerWidth;
  const out = { scrollWidth: d.scrollWidth, innerWidth: inner, culprits: [] };
  if (d.scrollWidth <= inner) return out;
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 5; e = e.parentElement) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${e.id}`); break; }
      const cls = Array.from(e.classList).slice(0, 2).map((c) => `.${c}`).join('');
      s += cls;
      const sib = e.parentElement ? Array.from(e.parentElement.children).filter((c) => c.localName === e.localName) : [];
      if (sib.length > 1 && !cls) s += `:nth-of-type(${sib.indexOf(e) + 1})`;
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  // An absolutely positioned element escapes every clipping box that is not positioned
  // (such as a visually hidden label inside a scrolling row); a fixed one escapes all.
  const clips = (el) => {
    const pos = getComputedStyle(el).position;
    if (pos === 'fixed') return false;
    let absolute = pos === 'absolute';
    for (let e = el.parentElement; e && e !== d; e = e.parentElement) {
      const st = getComputedStyle(e);
      const positioned = st.position !== 'static';
      if (st.overflowX !== 'visible' && (!absolute || positioned)) return true;
      if (positioned) absolute = st.position === 'absolute';
      if (st.position === 'fixed') return false;
    }
    return false;
  };
  const over = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    if (r.right > inner + 0.5 && !clips(el)) over.add(el);
  }
  for (const el of over) {
    if (el.parentElement && over.has(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    out.culprits.push({ selector: selector(el), right: Math.round(r.right), width: Math.round(r.width) });
  }
  out.culprits.sort((a, b) => b.right - a.right);
  out.culprits = out.culprits.slice(0, 5);
  return out;
}

// In the page: every visible chart's text, its drawn size (font size times the SVG's
// scale) and whether its box lies inside the SVG's box.
function measureCharts(min) {
  const res = { texts: 0, smallest: Infinity, problems: [] };
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(svg).display === 'none') continue;
    const figure = svg.closest('figure');
    const title = (figure.querySelector('figcaption') || {}).textContent || '';
    const n = Array.from(document.querySelectorAll('figure.chart')).indexOf(figure) + 1;
    const fbox = figure.getBoundingClientRect();
    if (box.right > Math.min(window.innerWidth, fbox.right) + 0.5) res.problems.push({ chart: `figure.chart (#${n})`, title, text: '', problem: `the chart is ${Math.round(box.width)} px wide and reaches ${Math.round(box.right)} px, past its figure (${Math.round(fbox.right)} px) or the window: cut or scrolled` });
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const ctm = t.getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      const r = t.getBoundingClientRect();
      res.texts++;
      res.smallest = Math.min(res.smallest, size);
      const where = { chart: `figure.chart (#${n})`, title, text: t.textContent.trim().slice(0, 40) };
      if (size < min - 0.05) res.problems.push({ ...where, problem: `${size.toFixed(1)} px text` });
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        res.problems.push({ ...where, problem: `cut: text ${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)}, svg ${Math.round(box.left)}–${Math.round(box.right)} × ${Math.round(box.top)}–${Math.round(box.bottom)}` });
      }
    }
  }
  return res;
}

// The CJK fonts in `config.fontDir` (the repository's fonts/, the report's Noto Sans and
// Serif SC), added to the system's for this browser only: Chinese text then has the
// widths of a real phone's fonts, not of missing-glyph boxes.
let fontDir = null;
function fontEnv() {
  if (!config.fontDir) return process.env;
  const dir = mkdtempSync(join(tmpdir(), 'fit-fonts-'));
  fontDir = dir;
  const conf = join(dir, 'fonts.conf');
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n<dir>${config.fontDir}</dir>\n<cachedir>${dir}</cachedir>\n</fontconfig>\n`);
  return { ...process.env, FONTCONFIG_FILE: conf };
}

// The search page on a 390 px phone: its box (text size, height, width), then a query
// that finds nothing (the help: tips, shorter queries that find something, popular
// terms), then a click on the first shorter query.
async function searchPage(page, base, cfg) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}${cfg.path}?q=${encodeURIComponent(cfg.none)}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
  // Shorter queries are offered once each has been searched (the index may load shards).
  await page.waitForFunction(() => !document.querySelector('#search-help .search-shorter').hidden, null, { timeout: 3000 }).catch(() => {});
  const out = await page.evaluate(() => {
    const q = document.getElementById('q');
    const r = q.getBoundingClientRect();
    const form = document.getElementById('search-form').getBoundingClientRect();
    const main = document.querySelector('main').getBoundingClientRect();
    const help = document.getElementById('search-help');
    return {
      fontSize: parseFloat(getComputedStyle(q).fontSize),
      height: r.height,
      buttonHeight: document.querySelector('#search-form button').getBoundingClientRect().height,
      formWidth: form.width,
      mainWidth: main.width,
      status: document.getElementById('search-status').textContent,
      helpShown: !!help && !help.hidden && help.getBoundingClientRect().height > 0,
      popular: Array.from(document.querySelectorAll('#search-help .chip')).map((a) => a.getAttribute('href')),
      shorter: Array.from(document.querySelectorAll('#search-help .search-suggestion')).map((a) => a.firstChild.textContent),
      results: document.querySelectorAll('.search-result').length,
    };
  });
  if (out.shorter.length) {
    await page.click('#search-help .search-suggestion');
    await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 0, null, { timeout: 5000 }).catch(() => {});
    out.afterClick = await page.evaluate(() => ({
      query: document.getElementById('q').value,
      results: document.querySelectorAll('.search-result').length,
      helpHidden: document.getElementById('search-help').hidden,
      url: location.search,
    }));
  }
  return out;
}

// A station page at 390 px and at 1280 px: where its facts stand against the text, and
// the link of its address.
async function stationPage(page, base, cfg) {
  const at = async (width) => {
    await page.setViewportSize({ width, height: 900 });
    return page.evaluate(() => {
      const f = document.querySelector('.facts').getBoundingClientRect();
      const p = document.querySelector('.prose').getBoundingClientRect();
      return { factsTop: f.top, factsLeft: f.left, proseTop: p.top, proseRight: p.right };
    });
  };
  await page.goto(base + cfg.path, { waitUntil: 'load' });
  const phone = await at(390);
  const wide = await at(1280);
  const mapLink = await page.evaluate(() => {
    const a = document.querySelector('.facts a.map-link');
    return a ? { href: a.href, text: a.textContent } : null;
  });
  return { phone, wide, mapLink };
}

async function main() {
  const started = Date.now();
  arm();
  const root = normalize(config.root);
  let files = htmlFiles(root);
  if (config.only) files = files.filter((f) => config.only.some((o) => f.includes(o)));
  if (config.limit) files = files.slice(0, config.limit);
  // "mode": "file" walks a `build --relative` output from file://, as from a USB stick.
  const server = config.mode === 'file' ? null : await serve(root);
  const base = server ? `http://127.0.0.1:${server.address().port}/` : pathToFileURL(root + sep).href;
  const browser = await chromium.launch({
    executablePath: config.chromium,
    env: fontEnv(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars'],
  });
  const context = await browser.newContext({ viewport: { width: widths[0], height: 800 }, deviceScaleFactor: 1 });
  // The measuring functions, in every page the tab opens.
  await context.addInitScript(`window.xinghuoFit = { measureWidth: ${measureWidth}, measureCharts: ${measureCharts} };`);
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const report = { pages: files.length, views: 0, ms: 0, overflow: [], charts: { pages: 0, texts: 0, smallest: null, problems: [] } };
  let smallest = Infinity;
  // A few tabs walk the pages side by side (most of a page's time is waiting).
  const queue = files.slice();
  const walkOne = async (tab, file) => {
    stage = file;
    arm();
    await tab.setViewportSize({ width: widths[0], height: 800 });
    // `load`: the style sheets are in (before them an image is its full 1,200 px).
    await tab.goto(base + file, { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready.then(() => true));
    let chartsHere = false;
    for (const width of widths) {
      await tab.setViewportSize({ width, height: 800 });
      // One call per width: each root font size, then the charts at 100 %.
      const [views, c] = await tab.evaluate(([fonts, charts, min]) => {
        const fit = window.xinghuoFit;
        const v = fonts.map((f) => [f, fit.measureWidth(f)]);
        fit.measureWidth(100);
        return [v, charts ? fit.measureCharts(min) : { texts: 0 }];
      }, [fonts, chartWidths.includes(width), minText]);
      for (const [font, m] of views) {
        report.views++;
        if (m.scrollWidth > m.innerWidth) report.overflow.push({ page: file, width, font, ...m });
      }
      if (c.texts) {
        chartsHere = true;
        report.charts.texts += c.texts;
        smallest = Math.min(smallest, c.smallest);
        for (const p of c.problems) report.charts.problems.push({ page: file, width, ...p });
      }
    }
    if (chartsHere) report.charts.pages++;
  };
  const tabs = [page];
  for (let k = 1; k < (config.tabs || 2); k++) {
    const t = await context.newPage();
    t.setDefaultTimeout(30000);
    tabs.push(t);
  }
  await Promise.all(tabs.map(async (tab) => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await walkOne(tab, file);
  }));
  const order = (a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : a.width - b.width || (a.font || 0) - (b.font || 0));
  report.overflow.sort(order);
  report.charts.problems.sort(order);
  report.charts.smallest = Number.isFinite(smallest) ? Math.round(smallest * 10) / 10 : null;
  if (config.search) {
    stage = 'the search page';
    arm();
    report.search = await searchPage(page, base, config.search);
  }
  if (config.station) {
    stage = 'a station page';
    arm();
    report.station = await stationPage(page, base, config.station);
  }
  stage = 'closing the browser';
  await browser.close();
  if (server) server.close();
  if (fontDir) rmSync(fontDir, { recursive: true, force: true });
  clearTimeout(watchdog);
  report.ms = Date.now() - started;
  process.stdout.write(JSON.stringify(report, null, 1));
}

main().catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
