// Time search queries against a built index, as the search page runs them (rank every
// match, then build the snippets of the first 50), in Node.
//   node bench/search/query.js PUBLIC_DIR [SEARCH_JS]
// Prints JSON: index bytes, load (parse) time, median and max query time over 20 queries.
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const pub = process.argv[2];
const searchJs = process.argv[3] || path.join(pub, 'js', 'search.js');
const indexFile = path.join(pub, 'search', 'index.js');
const bytes = fs.statSync(indexFile).size;

const t0 = performance.now();
global.window = global;
require(path.resolve(indexFile));
const loadMs = performance.now() - t0;
const S = require(path.resolve(searchJs));
const t1 = performance.now();
const searcher = S.createSearcher(window.XINGHUO_SEARCH);
const setupMs = performance.now() - t1;

// 12 fixed queries (words of the demo and of bench/gen_corpus.py, one character, Latin,
// mixed), then 8 taken from page texts so a corpus of any vocabulary gets real hits.
const queries = ['时间银行', '党建引领', '志愿服务', '社区治理', '运河文化', '新就业群体',
  '党', 'volunteer', 'open data', '2024年', '一老一小 结对帮扶', 'commun'];
const docs = searcher.docs;
for (let k = 0; queries.length < 20; k++) {
  const d = docs[Math.floor((k * 7919) % docs.length)];
  const text = Array.from(d[6] || d[1]);
  const len = 2 + (k % 4);
  const at = Math.floor(text.length / 3);
  const q = text.slice(at, at + len).join('');
  if (S.queryTokens(q).length) queries.push(q);
  if (k > 1000) break;
}

function run(q) {
  const terms = searcher.terms(q);
  const hits = searcher.search(q);
  let html = 0;
  for (const h of hits.slice(0, 50)) {
    const d = docs[h.doc];
    html += S.highlightTitle(d[1], terms).length + S.snippet(d, terms).length;
  }
  return { hits: hits.length, html };
}

run('预热 warm up'); // JIT warm-up, not counted
const times = [];
const rows = [];
for (const q of queries) {
  const a = performance.now();
  const r = run(q);
  const ms = performance.now() - a;
  times.push(ms);
  rows.push({ q, hits: r.hits, ms: +ms.toFixed(2) });
}
const sorted = [...times].sort((a, b) => a - b);
const median = (sorted[9] + sorted[10]) / 2;
console.log(JSON.stringify({
  index_bytes: bytes,
  docs: docs.length,
  tokens: window.XINGHUO_SEARCH.tokens.length,
  load_ms: +loadMs.toFixed(1),
  setup_ms: +setupMs.toFixed(1),
  median_ms: +median.toFixed(2),
  max_ms: +sorted[sorted.length - 1].toFixed(2),
  queries: rows,
}, null, 1));
