// The search page in headless Chromium, as a visitor uses it: for each query, a fresh
// tab opens `search/index.html?q=…` (over http:// from a small gzip-capable server, or
// from file:// on a `build --relative` output) and waits for the results; then it
// types the follow-up queries into the same tab, each once the results of the one
// before are on the screen (then.ms: from the submit to the count shown). Reports,
// per query, what the page showed, how long it took, and which index files it loaded
// and how many bytes.
// Used by tests/it/search_browser.rs (the demo, sharded) and bench/search/run.py
// (10,000 pages, side by side with Pagefind).
//
// Usage: node search-check.mjs CONFIG.json → prints a JSON report, exit status 0.
// CONFIG: { "chromium": "/usr/bin/chromium", "root": "/abs/public", "mode": "http" | "file",
//           "queries": [{ "q": "时间银行", "then": ["志愿", …] }],
//           "pagefind": false  (bench: run the same queries through /pagefind/ instead) }
// Report: { mode, results: [{ q, ms, status, hits, first: {title, href} | null,
//           help: {shown, suggestions: [..]}, files: [..], bytes, wire,
//           then: [{ q, ms, status, hits, files: [..] }] }] }
//   ms: from navigation start to the results (or "no results") shown;
//   files: index files loaded for the query (search/index.js, the engine, the shards);
//   bytes: their sizes as stored; wire: bytes the server sent for them (gzip), http only.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { fileFor } from './static-path.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const root = normalize(config.root);
const mode = config.mode || 'http';

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
};

// Bytes the server sent, by path, since the last reset: what a query cost on the wire
// (also for requests a Web Worker makes, which the page's resource timings miss).
let sent = [];

// Text is gzipped as a web host would; Pagefind's own files are gzip already.
function serve() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const found = fileFor(root, req.url);
      if (!found) { res.writeHead(403); res.end(); return; }
      const { path, file } = found;
      let body;
      try { body = readFileSync(file); } catch { res.writeHead(404); res.end(); return; }
      const type = types[extname(file)];
      const headers = { 'Content-Type': type || 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (type && /gzip/.test(req.headers['accept-encoding'] || '')) {
        body = gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = body.length;
      sent.push({ path, wire: body.length });
      res.writeHead(200, headers);
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// Installed before any page script: notes when the status line or results first change.
const WATCH = `(() => {
  window.__shown = null;
  const note = () => {
    const s = document.getElementById('search-status');
    if (window.__shown === null && s && s.textContent.trim()) window.__shown = performance.now();
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

async function pageState(page) {
  return page.evaluate(() => {
    const status = document.getElementById('search-status');
    const items = document.querySelectorAll('#results .search-result');
    const a = items[0] && items[0].querySelector('.search-result-title a');
    const help = document.getElementById('search-help');
    const S = window.XinghuoSearch;
    return {
      status: status ? status.textContent.trim() : null,
      hits: items.length,
      first: a ? { title: a.innerHTML, href: a.getAttribute('href') } : null,
      help: {
        shown: !!help && !help.hidden,
        suggestions: help ? Array.from(help.querySelectorAll('.search-suggestion')).map((s) => s.firstChild.textContent) : [],
      },
      loaded: S && S.loaded ? S.loaded.slice() : [],
    };
  });
}

function storedSize(rel) {
  try { return statSync(join(root, rel)).size; } catch { return 0; }
}

// The index's own files a search page loads; sizes as stored.
function indexFiles(loaded) {
  return ['search/index.js', 'js/search-engine.js'].concat(loaded.map((f) => 'search/' + f));
}

function wireOf(match) {
  return sent.filter((e) => new RegExp(match).test(e.path));
}

async function waitShown(page, ms) {
  await page.waitForFunction(() => window.__shown !== null, null, { timeout: ms });
}

async function xinghuo(context, base, item) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  await page.goto(base + '?q=' + encodeURIComponent(item.q));
  await waitShown(page, 20000);
  // Let the first result's text arrive (documents load after the hit list), and when
  // nothing matched, the shorter queries (each one searched before it is offered).
  await page.waitForTimeout(50);
  await page.waitForFunction(() => {
    const h = document.getElementById('search-help');
    const box = h && h.querySelector('.search-shorter');
    return !h || h.hidden || !box || !box.hidden;
  }, null, { timeout: 3000 }).catch(() => {});
  const shownAt = await page.evaluate(() => window.__shown);
  const state = await pageState(page);
  const out = { q: item.q, ms: Math.round(shownAt), ...state, errors };
  out.files = indexFiles(state.loaded);
  out.bytes = out.files.reduce((n, f) => n + storedSize(f), 0);
  if (mode === 'http') out.wire = wireOf('^/search/.*\\.js$|search-engine\\.js').reduce((n, e) => n + e.wire, 0);
  delete out.loaded;
  out.then = [];
  for (const q of item.then || []) {
    const before = state.loaded.length;
    const r = await page.evaluate(async (q) => {
      const input = document.getElementById('q');
      const status = document.getElementById('search-status');
      status.textContent = '';
      // Noted by a MutationObserver (a microtask right after the status changes):
      // polling with timers would add their clamping (4 ms) and tasks of its own.
      let shown = 0;
      const seen = new Promise((resolve) => {
        new MutationObserver((_, o) => {
          if (!shown && status.textContent.trim()) { shown = performance.now(); o.disconnect(); resolve(); }
        }).observe(status, { subtree: true, childList: true, characterData: true });
      });
      const t0 = performance.now();
      input.value = q;
      document.getElementById('search-form').requestSubmit();
      await seen;
      return shown - t0;
    }, q);
    // The next query is typed once these results are on the screen (their texts
    // come from document shards loaded after the count is shown), as a visitor would.
    await page.waitForFunction(() => {
      const n = document.querySelectorAll('#results .search-result').length;
      return n > 0 || !/\d/.test(document.getElementById('search-status').textContent);
    }, null, { timeout: 10000 }).catch(() => {});
    await page.waitForTimeout(30);
    const s = await pageState(page);
    out.then.push({ q, ms: Math.round(r * 10) / 10, status: s.status, hits: s.hits,
      first: s.first, files: s.loaded.slice(before).map((f) => 'search/' + f) });
    state.loaded = s.loaded;
  }
  await page.close();
  return out;
}

// Pagefind's own API over HTTP: the search, then the data of the first ten results
// (what its default UI shows), and the bytes its files took.
async function pagefind(context, base, item) {
  const page = await context.newPage();
  await page.goto(base);
  const r = await page.evaluate(async (q) => {
    const t0 = performance.now();
    const pf = await import('/pagefind/pagefind.js');
    await pf.init();
    const found = await pf.search(q);
    const data = await Promise.all(found.results.slice(0, 10).map((x) => x.data()));
    return { ms: performance.now() - t0, hits: found.results.length, first: data[0] ? data[0].url : null };
  }, item.q);
  await page.close();
  const w = wireOf('^/pagefind/');
  const bytes = w.reduce((n, e) => n + storedSize(e.path.slice(1)), 0);
  return { q: item.q, ms: Math.round(r.ms), hits: r.hits, first: r.first ? { href: r.first } : null,
    files: w.map((e) => e.path.slice(1)), wire: w.reduce((n, e) => n + e.wire, 0), bytes };
}

const browser = await chromium.launch({
  executablePath: config.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
});
let server = null;
let base;
if (mode === 'http') {
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}/search/index.html`;
} else {
  base = pathToFileURL(join(root, 'search', 'index.html')).href;
}
const results = [];
try {
  for (const item of config.queries) {
    const context = await browser.newContext();
    sent = [];
    await context.addInitScript(WATCH);
    results.push(config.pagefind ? await pagefind(context, base, item) : await xinghuo(context, base, item));
    await context.close();
  }
} finally {
  await browser.close();
  if (server) server.close();
}
console.log(JSON.stringify({ mode, results }));
