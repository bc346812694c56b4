/*
 * xinghuo site search: the search page. The engine (js/search-engine.js, loaded before
 * this file with the index search/index.js) finds and ranks the pages; this file reads
 * the query (the form, or ?q= when the page opens), shows the count and the first
 * results, and loads more on request. Works from file:// with no server.
 */
(function (global) {
  'use strict';

  /* Results shown at first, and added by each "more". */
  var SHOW = 10;
  var MORE = 20;

  function start() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('q');
    var status = document.getElementById('search-status');
    var results = document.getElementById('results');
    var help = document.getElementById('search-help');
    var S = global.XinghuoSearch;
    if (!form || !input || !status || !results || !S) return;
    var say = form.dataset;
    var engine = S.open(global.XINGHUO_SEARCH);

    // The site root: `/` or `/sub/`, or a relative path such as `../index.html`
    // written by `build --relative` (then every link names its index.html).
    var root = document.documentElement.getAttribute('data-root') || '/';
    var explicit = location.protocol === 'file:';
    if (/(^|\/)index\.html$/.test(root)) { root = root.slice(0, -'index.html'.length); explicit = true; }
    function href(url) {
      return root + url + (explicit && (url === '' || url.slice(-1) === '/') ? 'index.html' : '');
    }

    function item(d, parts) {
      var li = document.createElement('li');
      li.className = 'search-result';
      var meta = [d[2], d[3]].filter(Boolean).map(S.escapeHtml).join(' · ');
      li.innerHTML =
        (meta ? '<p class="search-result-meta">' + meta + '</p>' : '') +
        '<h2 class="search-result-title"><a href="' + S.escapeHtml(href(d[0])) + '">' +
        S.highlightTitle(d[1], parts) + '</a></h2>' +
        '<p class="search-result-snippet">' + S.snippet(d, parts) + '</p>';
      return li;
    }

    function unavailable() { status.textContent = say.unavailable || say.none; }

    /* When nothing matches: the tips, shorter queries that do find something (each
     * a link that searches for it), and the popular terms (links to their pages). */
    function offerHelp(q, mine) {
      if (!help) return;
      help.hidden = false;
      var names = Array.prototype.map.call(help.querySelectorAll('[data-term]'), function (a) {
        return a.getAttribute('data-term');
      });
      var box = help.querySelector('.search-shorter');
      var list = help.querySelector('.search-shorter-list');
      if (!box || !list) return;
      list.textContent = '';
      box.hidden = true;
      var tries = S.shorterQueries(q, names).map(function (c) {
        return engine.search(c).then(function (f) { return { q: c, n: f.hits.length }; },
          function () { return { q: c, n: 0 }; });
      });
      Promise.all(tries).then(function (all) {
        if (mine !== current) return;
        var found = all.filter(function (c) { return c.n > 0; }).slice(0, 5);
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
      });
    }

    var last = null;
    var current = 0;
    function run(updateUrl) {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      var mine = ++current;
      if (updateUrl) {
        try {
          var u = new URL(location.href);
          if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
          history.replaceState(null, '', u.href);
        } catch (e) { /* some browsers refuse history changes on file:// */ }
      }
      if (help) help.hidden = true;
      if (!q) { results.textContent = ''; status.textContent = ''; return; }
      if (!engine) { results.textContent = ''; unavailable(); return; }
      engine.search(q).then(function (found) {
        if (mine !== current) return;
        show(found.hits, found.parts, mine);
      }, function () { if (mine === current) { results.textContent = ''; unavailable(); } });
    }

    function show(hits, parts, mine) {
      results.textContent = '';
      status.textContent = hits.length ? (say.count || '{n}').replace('{n}', hits.length) : say.none;
      if (!hits.length) { offerHelp(input.value.trim(), mine); return; }
      var list = document.createElement('ol');
      list.className = 'search-results';
      results.appendChild(list);
      var shown = 0;
      function more(n, focus) {
        var next = hits.slice(shown, shown + n);
        return engine.docs(next.map(function (h) { return h.doc; })).then(function (docs) {
          if (mine !== current) return;
          var frag = document.createDocumentFragment();
          docs.forEach(function (d) { frag.appendChild(item(d, parts)); });
          var first = shown;
          list.appendChild(frag);
          shown += next.length;
          if (focus) {
            var a = list.children[first] && list.children[first].querySelector('a');
            if (a) a.focus();
          }
          if (shown < hits.length) {
            var b = document.createElement('button');
            b.type = 'button';
            b.className = 'search-more';
            b.textContent = (say.more || '…') + ' (' + (hits.length - shown) + ')';
            b.addEventListener('click', function () {
              b.disabled = true;
              more(MORE, true).then(function () { b.remove(); }, function () { b.disabled = false; });
            });
            results.appendChild(b);
          }
        }, function () { if (mine === current) unavailable(); });
      }
      more(SHOW, false);
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
