/*
 * xinghuo site search, in the browser. The index is search/index.js, loaded by a plain
 * <script> before this file (so it works from file:// with no server), which sets
 * window.XINGHUO_SEARCH. Tokenizing and ranking mirror src/search/tokenizer.rs and
 * src/search/index.rs; the tests compare the two.
 *
 * Also usable from Node (module.exports) for the tests and bench/search.sh.
 */
(function (global) {
  'use strict';

  var FORMAT = 1;
  var MAX_WORD = 40;
  var PREFIX_LIMIT = 50;
  var SHOW = 50;
  var CJK = /^[\u3005-\u3007\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]$/u;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;

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

  /* Every token of text as the index holds them (repeats included). */
  function indexTokens(text) {
    var out = [];
    runs(text, function (run, cjk) {
      if (cjk) {
        for (var i = 0; i < run.length; i++) {
          out.push(run[i]);
          if (i + 1 < run.length) out.push(run[i] + run[i + 1]);
        }
      } else if (run.length <= MAX_WORD) {
        out.push(run.join(''));
      }
    });
    return out;
  }

  /* The distinct tokens of a query, in order. */
  function queryTokens(query) {
    var out = [];
    function push(t) { if (out.indexOf(t) < 0) out.push(t); }
    runs(query, function (run, cjk) {
      if (cjk && run.length > 1) {
        for (var i = 0; i + 1 < run.length; i++) push(run[i] + run[i + 1]);
      } else if (run.length <= MAX_WORD) {
        push(run.join(''));
      }
    });
    return out;
  }

  /* Query tokens with whether each is matched as a prefix: only the last one, when it
   * is a Latin word or number still being typed. */
  function queryTerms(query) {
    var tokens = queryTokens(query);
    var chars = Array.from(query);
    var lastCh = chars.length ? fold(chars[chars.length - 1]) : '';
    var typing = lastCh !== '' && isWord(lastCh);
    return tokens.map(function (t, i) {
      var prefix = typing && i === tokens.length - 1 && !Array.from(t).some(isCjk);
      return { t: t, prefix: prefix };
    });
  }

  function createSearcher(index) {
    if (!index || index.v !== FORMAT) return null;
    var tokens = index.tokens;
    var postings = index.postings;
    var docs = index.docs;
    var titleCache = new Map();

    /* First position whose token is >= t (JavaScript compares UTF-16 code units, as
     * the index was sorted). */
    function lowerBound(t) {
      var lo = 0, hi = tokens.length;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (tokens[mid] < t) lo = mid + 1; else hi = mid;
      }
      return lo;
    }

    function expand(t, prefix) {
      var i = lowerBound(t);
      if (!prefix) return i < tokens.length && tokens[i] === t ? [i] : [];
      var out = [];
      while (i < tokens.length && out.length < PREFIX_LIMIT && tokens[i].startsWith(t)) out.push(i++);
      return out;
    }

    function titleTokens(d) {
      var s = titleCache.get(d);
      if (!s) { s = indexTokens(docs[d][1]); titleCache.set(d, s); }
      return s;
    }

    function search(query) {
      var terms = queryTerms(query);
      var n = terms.length;
      if (!n) return [];
      var matched = new Map();
      var tf = new Map();
      terms.forEach(function (term) {
        var seen = new Map();
        expand(term.t, term.prefix).forEach(function (k) {
          var p = postings[k];
          var d = 0;
          for (var j = 0; j < p.length; j += 2) {
            d += p[j];
            seen.set(d, (seen.get(d) || 0) + p[j + 1]);
          }
        });
        seen.forEach(function (f, d) {
          matched.set(d, (matched.get(d) || 0) + 1);
          tf.set(d, (tf.get(d) || 0) + f);
        });
      });
      var hits = [];
      matched.forEach(function (m, d) {
        if (m * 2 < n) return;
        var tt = titleTokens(d);
        var inTitle = 0;
        terms.forEach(function (term) {
          var ok = term.prefix
            ? tt.some(function (x) { return x.startsWith(term.t); })
            : tt.indexOf(term.t) >= 0;
          if (ok) inTitle++;
        });
        hits.push({ doc: d, titleAll: inTitle === n, matched: m, inTitle: inTitle, tf: tf.get(d) });
      });
      hits.sort(function (a, b) {
        return (b.titleAll - a.titleAll) || (b.matched - a.matched) ||
          (b.inTitle - a.inTitle) || (b.tf - a.tf) || (a.doc - b.doc);
      });
      return hits;
    }

    return { search: search, docs: docs, terms: queryTerms };
  }

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

  /* Where the terms occur in text: [start, end, term number], in order. A Latin word
   * must stand alone (a prefix only at its start), as in the tokenizer. */
  function occurrences(text, terms) {
    var f = foldText(text);
    var occ = [];
    terms.forEach(function (term, k) {
      var latin = !Array.from(term.t).some(isCjk);
      var from = 0;
      while (occ.length < 500) {
        var i = f.indexOf(term.t, from);
        if (i < 0) break;
        var end = i + term.t.length;
        from = i + 1;
        if (latin) {
          var before = i > 0 ? f[i - 1] : '';
          var after = end < f.length ? f[end] : '';
          if ((before && isWord(before)) || (!term.prefix && after && isWord(after))) continue;
          if (term.prefix) while (end < f.length && isWord(f[end])) end++;
        }
        occ.push([i, end, k]);
      }
    });
    occ.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return occ;
  }

  /* text[from, to) escaped, with the occurrences inside it marked (overlapping and
   * touching ones merged: the bigrams 时间 间银 银行 mark 时间银行 once). */
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
  function snippet(doc, terms, width) {
    width = width || 110;
    var fields = [doc[6], doc[4], doc[5]];
    var best = null;
    fields.forEach(function (text) {
      if (!text) return;
      var occ = occurrences(text, terms);
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

  function highlightTitle(title, terms) {
    return marked(title, occurrences(title, terms), 0, title.length);
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
    fold: fold, indexTokens: indexTokens, queryTokens: queryTokens, queryTerms: queryTerms,
    createSearcher: createSearcher, snippet: snippet, highlightTitle: highlightTitle,
    escapeHtml: escapeHtml, shorterQueries: shorterQueries
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  global.XinghuoSearch = api;

  /* ---------- the page ---------- */

  function start() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('q');
    var status = document.getElementById('search-status');
    var results = document.getElementById('results');
    var help = document.getElementById('search-help');
    if (!form || !input || !status || !results) return;
    var say = form.dataset;
    var searcher = createSearcher(global.XINGHUO_SEARCH);

    // The site root: `/` or `/sub/`, or a relative path such as `../index.html`
    // written by `build --relative` (then every link names its index.html).
    var root = document.documentElement.getAttribute('data-root') || '/';
    var explicit = location.protocol === 'file:';
    if (/(^|\/)index\.html$/.test(root)) { root = root.slice(0, -'index.html'.length); explicit = true; }
    function href(url) {
      return root + url + (explicit && (url === '' || url.slice(-1) === '/') ? 'index.html' : '');
    }

    function item(hit, terms) {
      var d = searcher.docs[hit.doc];
      var li = document.createElement('li');
      li.className = 'search-result';
      var meta = [d[2], d[3]].filter(Boolean).map(escapeHtml).join(' · ');
      li.innerHTML =
        (meta ? '<p class="search-result-meta">' + meta + '</p>' : '') +
        '<h2 class="search-result-title"><a href="' + escapeHtml(href(d[0])) + '">' +
        highlightTitle(d[1], terms) + '</a></h2>' +
        '<p class="search-result-snippet">' + snippet(d, terms) + '</p>';
      return li;
    }

    /* When nothing matches: the tips, shorter queries that do find something (each
     * a link that searches for it), and the popular terms (links to their pages). */
    function offerHelp(q) {
      if (!help) return;
      help.hidden = !q;
      if (!q) return;
      var names = Array.prototype.map.call(help.querySelectorAll('[data-term]'), function (a) {
        return a.getAttribute('data-term');
      });
      var box = help.querySelector('.search-shorter');
      var list = help.querySelector('.search-shorter-list');
      if (!box || !list) return;
      list.textContent = '';
      var found = shorterQueries(q, names).map(function (c) {
        return { q: c, n: searcher ? searcher.search(c).length : 0 };
      }).filter(function (c) { return c.n > 0; }).slice(0, 5);
      found.forEach(function (c, i) {
        if (i) list.appendChild(document.createTextNode(' '));
        var a = document.createElement('a');
        a.className = 'search-suggestion';
        a.href = '?q=' + encodeURIComponent(c.q);
        a.textContent = c.q;
        var n = document.createElement('span');
        n.className = 'count';
        n.textContent = ' ' + (say.count || '{n}').replace('{n}', c.n);
        a.appendChild(n);
        a.addEventListener('click', function (e) {
          e.preventDefault();
          input.value = c.q;
          run(true);
          input.focus();
        });
        list.appendChild(a);
      });
      box.hidden = !found.length;
    }

    var last = null;
    function run(updateUrl) {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      results.textContent = '';
      if (updateUrl) {
        try {
          var u = new URL(location.href);
          if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
          history.replaceState(null, '', u.href);
        } catch (e) { /* some browsers refuse history changes on file:// */ }
      }
      if (help) help.hidden = true;
      if (!q) { status.textContent = ''; return; }
      if (!searcher) { status.textContent = say.unavailable || say.none; return; }
      var terms = searcher.terms(q);
      var hits = searcher.search(q);
      status.textContent = hits.length ? (say.count || '{n}').replace('{n}', hits.length) : say.none;
      if (!hits.length) { offerHelp(q); return; }
      var list = document.createElement('ol');
      list.className = 'search-results';
      results.appendChild(list);
      var shown = 0;
      function more(n) {
        var frag = document.createDocumentFragment();
        hits.slice(shown, shown + n).forEach(function (h) { frag.appendChild(item(h, terms)); });
        list.appendChild(frag);
        shown = Math.min(hits.length, shown + n);
        if (shown < hits.length) {
          var b = document.createElement('button');
          b.type = 'button';
          b.className = 'search-more';
          b.textContent = (say.more || '…') + ' (' + hits.length + ')';
          b.addEventListener('click', function () {
            b.remove();
            var first = shown;
            more(hits.length);
            var a = list.children[first] && list.children[first].querySelector('a');
            if (a) a.focus();
          });
          results.appendChild(b);
        }
      }
      more(SHOW);
    }

    var timer = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 150);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run(true);
    });

    var q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; run(false); }
  }

  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(typeof window !== 'undefined' ? window : globalThis);
