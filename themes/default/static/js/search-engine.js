/*
 * xinghuo site search engine, in the browser. The index is search/index.js, loaded
 * by a plain <script> before this file, which sets window.XINGHUO_SEARCH: a small
 * site's whole index, or a large site's manifest; then this engine loads the shards a
 * query needs as more <script> tags (search/t/3.js calls XINGHUO_SEARCH.add(...)), so
 * it works from file:// with no server as well as over HTTP. Parsing a query and
 * ranking mirror src/search/tokenizer.rs and src/search/query.rs, and the file
 * formats src/search/index.rs; tests/search.rs compares the two.
 *
 * Used by the search page (js/search.js); also loads in Node (module.exports) for the
 * tests and bench/search/.
 */
(function (global) {
  'use strict';

  var FORMAT = 3;
  var MAX_WORD = 40;
  var MIN_PREFIX = 2;
  var BUCKET_BITS = 12;
  var CJK = /^[\u3005-\u3007\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]$/u;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT = new Uint8Array(128);
  for (var k = 0; k < 64; k++) DIGIT[DIGITS.charCodeAt(k)] = k;
  /* Page length classes (src/search/index.rs LENGTHS). */
  var LENGTHS = [8];
  while (LENGTHS.length < 64) {
    var l = LENGTHS[LENGTHS.length - 1];
    LENGTHS.push(l + Math.max(1, Math.floor(l / 4)));
  }

  /* ---------- the query ---------- */

  /* Full-width ASCII to ASCII, ideographic space to space, lower case when that keeps
   * the length (so folded text keeps the positions of the original). */
  function fold(ch) {
    var c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xFF01 && c <= 0xFF5E) ch = String.fromCharCode(c - 0xFEE0);
    else if (c === 0x3000) ch = ' ';
    var l = ch.toLowerCase();
    return l.length === ch.length ? l : ch;
  }

  function isCjk(ch) { return CJK.test(ch); }
  function isWord(ch) { return !isCjk(ch) && WORD.test(ch); }

  /* Maximal runs of CJK characters and of word characters of folded text. */
  function runs(text, f) {
    var run = [];
    var runCjk = false;
    for (var ch of text) {
      ch = fold(ch);
      var cjk = isCjk(ch);
      var word = !cjk && isWord(ch);
      if (!(cjk || word) || (run.length && cjk !== runCjk)) {
        if (run.length) { f(run, runCjk); run = []; }
      }
      if (cjk || word) { run.push(ch); runCjk = cjk; }
    }
    if (run.length) f(run, runCjk);
  }

  /* The distinct parts of a query: {text, cjk, prefix}. A CJK run is found as a
   * substring, a word as a whole word; the last word, while still being typed, also as
   * the beginning of longer words. */
  function queryParts(query) {
    var out = [];
    runs(query, function (run, cjk) {
      if (!cjk && run.length > MAX_WORD) return;
      var text = run.join('');
      if (!out.some(function (p) { return p.text === text; })) out.push({ text: text, cjk: cjk, prefix: false });
    });
    var chars = Array.from(query);
    var typing = chars.length > 0 && isWord(fold(chars[chars.length - 1]));
    var last = out[out.length - 1];
    if (last) last.prefix = typing && !last.cjk && Array.from(last.text).length >= MIN_PREFIX;
    return out;
  }

  /* ---------- the index ---------- */

  /* Call f with each number of s (src/search/index.rs varint). */
  function eachVarint(s, f) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d < 32) { f(n * 32 + d); n = 0; } else n = n * 32 + d - 32;
    }
  }

  function varints(s) {
    var out = [];
    eachVarint(s, function (n) { out.push(n); });
    return out;
  }

  /* The bucket of a gram by its first three characters (src/search/index.rs bucket). */
  function bucket(first3) {
    var h = 0x811C9DC5;
    for (var i = 0; i < first3.length; i++) h = Math.imul(h ^ first3.charCodeAt(i), 0x01000193) >>> 0;
    return h >>> (32 - BUCKET_BITS);
  }

  /* A grouped key string (src/search/index.rs group_keys) as the fourth characters
   * of the keys, and for every first three the range of its keys. */
  function ungroup(s) {
    var tails = [];
    var heads = new Map();
    s.split(',').forEach(function (g) {
      var chars = Array.from(g);
      heads.set(chars.slice(0, 3).join(''), [tails.length, tails.length + chars.length - 3]);
      for (var i = 3; i < chars.length; i++) tails.push(chars[i]);
    });
    return { tails: tails, heads: heads };
  }

  /* First position in sorted keys whose key is >= k (JavaScript compares UTF-16 code
   * units, as the index was sorted). */
  function lowerBound(keys, k) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (keys[mid] < k) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* The pages that hold a part: occurrences and whether the title holds it, in typed
   * arrays over every page (a query matching most pages of a large site touches each
   * page once per key: a Map was most of the time of such a query), and the pages in
   * the order they were found. */
  function Found(n) {
    this.occ = new Int32Array(n);
    this.mark = new Uint8Array(n); // 0: not found, 1: found, 2: found in the title
    this.docs = [];
  }
  Found.prototype.add = function (doc, occ, title) {
    if (!this.mark[doc]) { this.mark[doc] = 1; this.docs.push(doc); }
    this.occ[doc] += occ;
    if (title) this.mark[doc] = 2;
  };

  /* Postings `doc gap, value` into found (no list of the numbers first). */
  function addPostings(found, s) {
    var doc = 0, gap = true;
    eachVarint(s, function (n) {
      if (gap) doc += n; else found.add(doc, n >>> 1, (n & 1) === 1);
      gap = !gap;
    });
  }

  /* A gram's postings and positions (src/search/index.rs): doc → window starts
   * (position of the bigram − 1) × 2 + title bit. */
  function starts(post, positions) {
    var pv = varints(positions);
    var v = varints(post);
    var out = new Map();
    var doc = 0, i = 0;
    for (var j = 0; j + 1 < v.length; j += 2) {
      doc += v[j];
      var title = (v[j + 1] & 1) === 1 ? pv[i++] : 0;
      var n = Math.floor(v[j + 1] / 2);
      var at = 0;
      var list = [];
      for (var k = 0; k < n; k++) {
        at += pv[i++];
        list.push((at - 1) * 2 + (k < title ? 1 : 0));
      }
      out.set(doc, list);
    }
    return out;
  }

  /* The engine over a manifest. `run(kind, n)` loads one shard script and resolves
   * once it has run (it calls manifest.add). Every method returns a Promise. */
  function createEngine(manifest, run) {
    if (!manifest || manifest.v !== FORMAT) return null;
    var inline = manifest.data || null;
    var cache = {};
    var pending = {};
    manifest.add = function (kind, n, payload) {
      var key = kind + n;
      if (pending[key]) { pending[key](payload); delete pending[key]; }
    };

    function decode(kind, payload) {
      if (kind === 't') return { keys: payload[0], posts: payload[1] };
      if (kind === 'd') return payload;
      var g = ungroup(payload[0]);
      return { tails: g.tails, heads: g.heads, posts: payload[1] };
    }

    function shard(kind, n) {
      var key = kind + n;
      if (cache[key]) return cache[key];
      var p = inline ? Promise.resolve(inline[kind][n]) : new Promise(function (resolve, reject) {
        pending[key] = resolve;
        run(kind, n).then(function () {
          if (pending[key]) { delete pending[key]; reject(new Error('search shard ' + key + ' is not valid')); }
        }, function (e) { delete pending[key]; reject(e); });
      });
      cache[key] = p.then(function (payload) { return decode(kind, payload); });
      cache[key].catch(function () { delete cache[key]; });
      return cache[key];
    }

    /* Postings of the term `key`, or of every term it begins. */
    function terms(key, prefix) {
      var bounds = manifest.t;
      var first = 0, hi = bounds.length;
      while (first < hi) {
        var mid = (first + hi) >>> 1;
        if (bounds[mid] <= key) first = mid + 1; else hi = mid;
      }
      var last = first;
      if (prefix) while (last < bounds.length && bounds[last].startsWith(key)) last++;
      var wanted = [];
      for (var i = first; i <= last; i++) wanted.push(shard('t', i));
      return Promise.all(wanted).then(function (shards) {
        var out = [];
        shards.forEach(function (s) {
          for (var j = lowerBound(s.keys, key); j < s.keys.length; j++) {
            if (s.keys[j] === key || (prefix && s.keys[j].startsWith(key))) out.push(s.posts[j]);
            else break;
          }
        });
        return out;
      });
    }

    /* [fourth character, postings] of the grams that begin with `head` (three
     * characters; only the one whose fourth is `tail` when it is given), from the
     * gram ('c') or the position ('p') files. */
    function grams(head, kind, tail) {
      var bits = kind === 'p' ? manifest.pb : manifest.cb;
      // A hot gram (on most pages) is alone in a file after the bucket files; when
      // the one gram `head + tail` is wanted and it is hot, that file is enough.
      // The other grams of a hot head are together in a file after the hot grams'.
      var hot = manifest.h || [];
      var files = [];
      hot.forEach(function (k, i) {
        if (k.slice(0, head.length) === head && (!tail || k.slice(head.length) === tail)) {
          files.push((1 << bits) + i);
        }
      });
      if (!tail || !files.length) {
        var j = (manifest.hh || []).indexOf(head);
        files.push(j >= 0 ? (1 << bits) + hot.length + j : bucket(head) >>> (BUCKET_BITS - bits));
      }
      return Promise.all(files.map(function (f) { return shard(kind, f); })).then(function (shards) {
        var out = [];
        shards.forEach(function (s) {
          var r = s.heads.get(head);
          for (var j = r ? r[0] : 0; r && j < r[1]; j++) out.push([s.tails[j], s.posts[j]]);
        });
        return out;
      });
    }

    /* Five characters or more: grams four characters apart (and one at the end), at
     * the right distances by their positions. */
    function long(q) {
      var offsets = [];
      for (var o = 0; o + 4 <= q.length; o += 4) offsets.push(o);
      if (offsets[offsets.length - 1] !== q.length - 4) offsets.push(q.length - 4);
      return Promise.all(offsets.map(function (o) {
        var head = q[o + 1] + q[o + 2] + q[o + 3];
        var find = function (found) { return found.filter(function (f) { return f[0] === q[o]; })[0]; };
        return Promise.all([grams(head, 'c', q[o]), grams(head, 'p', q[o])]).then(function (both) {
          var c = find(both[0]), p = find(both[1]);
          return c && p ? starts(c[1], p[1]) : new Map();
        });
      })).then(function (windows) {
        var found = new Found(manifest.n);
        windows[0].forEach(function (first, doc) {
          var sets = windows.map(function (w) {
            var s = new Set();
            (w.get(doc) || []).forEach(function (v) { s.add(v >> 1); });
            return s;
          });
          var tf = 0, title = false;
          first.forEach(function (v) {
            var s = v >> 1;
            if (offsets.every(function (o, i) { return sets[i].has(s + o); })) {
              tf++;
              title = title || (v & 1) === 1;
            }
          });
          if (tf) found.add(doc, tf, title);
        });
        return found;
      });
    }

    /* The pages that hold one part: doc → [occurrences, in title]. */
    function part(p) {
      var q = Array.from(p.text);
      var found = new Found(manifest.n);
      if (!p.cjk || q.length <= 2) {
        // One character: its own key when it is hot (it holds every occurrence),
        // else every key it begins.
        var hot = (manifest.hc || []).indexOf(p.text) >= 0;
        return terms(p.text, p.prefix || (p.cjk && q.length === 1 && !hot)).then(function (posts) {
          posts.forEach(function (s) { addPostings(found, s); });
          return found;
        });
      }
      if (q.length <= 4) {
        // abc: every gram `ab c ?`; abcd: the gram `bc d a`.
        var head = q.length === 3 ? p.text : q[1] + q[2] + q[3];
        var tail = q.length === 3 ? null : q[0];
        return grams(head, 'c', tail).then(function (gs) {
          gs.forEach(function (g) {
            if (tail === null || g[0] === tail) addPostings(found, g[1]);
          });
          return found;
        });
      }
      return long(q);
    }

    function lengthOf(doc) { return LENGTHS[DIGIT[manifest.len.charCodeAt(doc)]]; }

    /* Ranked hits of a query: {parts, hits: [{doc, titleAll, inTitle, tf}]}. */
    function search(query) {
      var parts = queryParts(query);
      if (!parts.length) return Promise.resolve({ parts: parts, hits: [] });
      return Promise.all(parts.map(part)).then(function (found) {
        var hits = [];
        found[0].docs.forEach(function (doc) {
          var inTitle = 0, tf = 0;
          for (var i = 0; i < found.length; i++) {
            var m = found[i].mark[doc];
            if (!m) return;
            tf += found[i].occ[doc];
            if (m === 2) inTitle++;
          }
          hits.push({ doc: doc, titleAll: inTitle === parts.length, inTitle: inTitle, tf: tf, len: lengthOf(doc) });
        });
        hits.sort(function (a, b) {
          return (b.titleAll - a.titleAll) || (b.inTitle - a.inTitle) ||
            (b.tf * a.len - a.tf * b.len) || (a.doc - b.doc);
        });
        return { parts: parts, hits: hits };
      });
    }

    /* What the pages show: [url, title, section, date, summary, meta, text] each. */
    function docs(numbers) {
      var g = manifest.g;
      return Promise.all(numbers.map(function (d) {
        return shard('d', Math.floor(d / g)).then(function (s) { return s[d % g]; });
      }));
    }

    return { search: search, docs: docs, size: manifest.n };
  }

  /* The engine in a page: shards are scripts beside search/index.js; over HTTP their
   * URLs carry this build's id, so a cache never mixes two builds. */
  /* The shard files this page has loaded (search/t/3.js is 't/3.js'), in order: how
   * much a query cost, for the tests and bench/search/ (over file:// the browser keeps
   * no resource timings). */
  var loaded = [];

  function open(manifest) {
    if (typeof document === 'undefined') return null;
    var tag = null;
    document.querySelectorAll('script[src]').forEach(function (s) {
      if (/(^|\/)search\/index\.js(\?|$)/.test(s.getAttribute('src'))) tag = s;
    });
    var base = tag ? tag.src.replace(/index\.js(\?.*)?$/, '') : 'search/';
    var version = location.protocol === 'file:' || !manifest || !manifest.id ? '' : '?v=' + manifest.id;
    return createEngine(manifest, function (kind, n) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = base + kind + '/' + n + '.js' + version;
        s.onload = function () { loaded.push(kind + '/' + n + '.js'); s.remove(); resolve(); };
        s.onerror = function () { s.remove(); reject(new Error('cannot load ' + s.src)); };
        document.head.appendChild(s);
      });
    });
  }

  /* ---------- results: snippets and marks ---------- */

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  /* Fold a string code unit by code unit, keeping its length. */
  function foldText(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      out += (c >= 0xD800 && c <= 0xDFFF) ? s[i] : fold(s[i]);
    }
    return out;
  }

  /* Where the parts occur in text: [start, end, part number], in order. A word must
   * stand alone (a prefix only at its start), as in the tokenizer. */
  function occurrences(text, parts) {
    var f = foldText(text);
    var occ = [];
    parts.forEach(function (part, k) {
      var from = 0;
      while (occ.length < 500) {
        var i = f.indexOf(part.text, from);
        if (i < 0) break;
        var end = i + part.text.length;
        from = i + 1;
        if (!part.cjk) {
          var before = i > 0 ? f[i - 1] : '';
          var after = end < f.length ? f[end] : '';
          if ((before && isWord(before)) || (!part.prefix && after && isWord(after))) continue;
          if (part.prefix) while (end < f.length && isWord(f[end])) end++;
        }
        occ.push([i, end, k]);
      }
    });
    occ.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return occ;
  }

  /* text[from, to) escaped, with the occurrences inside it marked (overlapping and
   * touching ones merged). */
  function marked(text, occ, from, to) {
    var out = '';
    var pos = from;
    var cur = null;
    function flush() {
      if (!cur) return;
      out += escapeHtml(text.slice(pos, cur[0])) + '<mark>' + escapeHtml(text.slice(cur[0], cur[1])) + '</mark>';
      pos = cur[1];
      cur = null;
    }
    occ.forEach(function (o) {
      var s = Math.max(o[0], from), e = Math.min(o[1], to);
      if (s >= e) return;
      if (cur && s <= cur[1]) { cur[1] = Math.max(cur[1], e); return; }
      flush();
      cur = [s, e];
    });
    flush();
    return out + escapeHtml(text.slice(pos, to));
  }

  /* A snippet of about `width` characters around the densest cluster of matches in the
   * body, summary or other fields, as HTML. */
  function snippet(doc, parts, width) {
    width = width || 110;
    var fields = [doc[6], doc[4], doc[5]];
    var best = null;
    fields.forEach(function (text) {
      if (!text) return;
      var occ = occurrences(text, parts);
      for (var a = 0; a < occ.length; a++) {
        var kinds = {};
        var count = 0;
        for (var b = a; b < occ.length && occ[b][0] < occ[a][0] + width * 0.6; b++) {
          if (!kinds[occ[b][2]]) { kinds[occ[b][2]] = true; count++; }
        }
        if (!best || count > best.count) best = { text: text, occ: occ, at: occ[a][0], count: count };
      }
    });
    if (!best) {
      var s = doc[4] || doc[6] || '';
      return escapeHtml(s.length > width ? s.slice(0, width) + '…' : s);
    }
    var t = best.text;
    // Start at the beginning of the sentence when it is near, else a little before.
    var from = Math.max(0, best.at - Math.floor(width / 4));
    for (var k = best.at - 1; k >= Math.max(0, best.at - Math.floor(width / 2)); k--) {
      if ('。！？；!?;\n'.indexOf(t[k]) >= 0) { from = k + 1; break; }
      if (k === 0) from = 0;
    }
    while (from < best.at && /\s/.test(t[from])) from++;
    var to = Math.min(t.length, from + width);
    from = Math.max(0, Math.min(from, to - width));
    // Do not cut a surrogate pair in half.
    if (from > 0 && /[\uDC00-\uDFFF]/.test(t[from])) from--;
    if (to < t.length && /[\uDC00-\uDFFF]/.test(t[to])) to++;
    return (from > 0 ? '…' : '') + marked(t, best.occ, from, to) + (to < t.length ? '…' : '');
  }

  function highlightTitle(title, parts) {
    return marked(title, occurrences(title, parts), 0, title.length);
  }

  /* Shorter queries to offer when `query` finds nothing, most likely first: the
   * site's term names (tags) that occur in it, its words when it has several, and of
   * a Chinese run of three or more characters its first and last two characters
   * ("量子计算机" → "量子", "算机"). The page keeps those that find something. */
  function shorterQueries(query, names) {
    var q = query.trim();
    var out = [];
    function add(s) {
      s = s.trim();
      if (s && s !== q && out.indexOf(s) < 0) out.push(s);
    }
    var folded = foldText(q);
    (names || []).forEach(function (n) {
      if (n && folded.indexOf(foldText(n)) >= 0) add(n);
    });
    var parts = [];
    runs(q, function (run, cjk) { parts.push({ chars: run, cjk: cjk }); });
    if (parts.length > 1) parts.forEach(function (p) { add(p.chars.join('')); });
    parts.forEach(function (p) {
      if (p.cjk && p.chars.length >= 3) {
        add(p.chars.slice(0, 2).join(''));
        add(p.chars.slice(-2).join(''));
      }
    });
    return out;
  }

  var api = {
    fold: fold, queryParts: queryParts, createEngine: createEngine, open: open,
    varints: varints, bucket: bucket, lengths: LENGTHS,
    snippet: snippet, highlightTitle: highlightTitle, escapeHtml: escapeHtml,
    shorterQueries: shorterQueries, loaded: loaded
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  global.XinghuoSearch = api;
})(typeof window !== 'undefined' ? window : globalThis);
