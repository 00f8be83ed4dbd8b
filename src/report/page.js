
(function () {
  'use strict';
  // Data layout: see the Rust side (src/report/html.rs). Text from the data
  // only ever reaches the page as text nodes, never as HTML.
  var $ = function (id) { return document.getElementById(id); };
  var parse = function (id) { var e = $(id); return e ? JSON.parse(e.textContent) : null; };
  var D = parse('wc-data');
  if (!D) return;
  var docs = D.docs, pairs = D.pairs, S = D.strings, OUT = D.outlets;
  var REL = D.relations, VERD = D.verdicts, ROLES = D.roles;
  var PAGE = 100, CLUSTER_PAGE = 50;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c != null) parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function pct(bp) { return Math.round(bp / 100) + '%'; }
  function dec(bp) { return (bp / 10000).toFixed(2); }
  function fmt(n) { return n.toLocaleString('en-US'); }
  function outlet(d) { var o = docs[d][1]; return o < 0 ? '' : OUT[o]; }
  function title(d) { return docs[d][4] || docs[d][0]; }
  // Only web links become links: a `javascript:` URL in the data stays text.
  function webUrl(u) { return /^https?:\/\//i.test(u) ? u : ''; }
  function link(d, cls) {
    var u = webUrl(docs[d][3]);
    var a = el(u ? 'a' : 'span', cls, title(d));
    if (u) { a.href = u; a.target = '_blank'; a.rel = 'noopener noreferrer'; }
    return a;
  }
  function relBadge(r) { return el('span', 'r r' + r, REL[r][1]); }
  function verdictBadge(v, n) {
    var b = el('span', 'v ' + VERD[v][0], (n != null ? n + ' ' : '') + VERD[v][1]);
    b.title = VERD[v][2];
    return b;
  }
  function docBlock(d) {
    var box = el('div', 'doc');
    add(box, link(d, 'title'),
      el('div', 'sub', [outlet(d) || 'outlet not given', docs[d][2].slice(0, 10) || 'date not given', docs[d][0]].join(' · ')));
    box.lastChild.title = docs[d][2] ? 'published ' + docs[d][2] : '';
    return box;
  }
  function isCopy(p) { return p[2] <= 1; }
  function sourceText(p) {
    if (!isCopy(p)) return '—';
    if (p[9] === 0) {
      // Siblings: both copied a third article, which the evidence names.
      var ev = S[p[13]];
      return ev.indexOf('both copy ') === 0 ? 'siblings: ' + ev.split(',')[0] : 'unknown';
    }
    var d = p[9] === 1 ? p[0] : p[1], o = outlet(d);
    return (p[9] === 1 ? 'A' : 'B') + (o ? ' · ' + o : '');
  }
  function creditText(p) {
    if (!isCopy(p)) return '—';
    var ag = S[p[10]].split(';').join(', ');
    return ['no', 'yes', 'unknown'][p[11]] + (ag ? ' (' + ag + ')' : '');
  }

  // Pagers: each table has one above and one below.
  function pager(name, total, page, size, go) {
    var last = Math.max(0, Math.ceil(total / size) - 1);
    var boxes = document.querySelectorAll('.pager[data-for="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      box.textContent = '';
      if (total <= size) continue;
      var mk = function (label, to, off) {
        var b = el('button', null, label);
        b.type = 'button';
        b.disabled = off;
        b.addEventListener('click', function () { go(to); });
        return b;
      };
      add(box, mk('« First', 0, page === 0), mk('‹ Previous', page - 1, page === 0),
        el('span', null, 'rows ' + fmt(page * size + 1) + '–' + fmt(Math.min(total, (page + 1) * size)) + ' of ' + fmt(total)),
        mk('Next ›', page + 1, page >= last), mk('Last »', last, page >= last));
    }
  }

  // Sorting: every table sorts its whole array, ties in data order.
  function sortIndexes(list, key, dir) {
    var keyed = list.map(function (i) { return [key(i), i]; });
    keyed.sort(function (x, y) { return (x[0] < y[0] ? -dir : x[0] > y[0] ? dir : 0) || x[1] - y[1]; });
    return keyed.map(function (x) { return x[1]; });
  }
  function lower(s) { return s.toLowerCase(); }
  function wireHeaders(table, state, numeric, apply) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th) {
      th.tabIndex = 0;
      var go = function () {
        var key = th.dataset.key;
        // Numbers sort largest first on the first click, text A to Z.
        var first = numeric.indexOf(key) >= 0 ? -1 : 1;
        state.dir = state.sort === key ? -state.dir : first;
        state.sort = key;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', state.dir === 1 ? 'ascending' : 'descending');
        apply();
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    });
  }

  // ---- Pairs ----
  var ptable = $('pair-table'), ptbody = ptable.tBodies[0];
  var ps = { sort: null, dir: 1, q: '', rel: '', verdict: '', page: 0, open: {} };
  var pview = [];
  var hay = null;
  function docHay(d) { var x = docs[d]; return [x[0], x[4], outlet(d), x[3], x[2]].join('\u0001'); }
  // Search text of every pair, built on the first search.
  function haystack() {
    if (hay) return hay;
    hay = pairs.map(function (p) {
      return [REL[p[2]][0], REL[p[2]][1], docHay(p[0]), docHay(p[1]), S[p[10]]].join('\u0001').toLowerCase();
    });
    return hay;
  }
  var PAIR_KEYS = {
    relation: function (i) { return pairs[i][2]; },
    a: function (i) { return lower(title(pairs[i][0])); },
    b: function (i) { return lower(title(pairs[i][1])); },
    a_share: function (i) { return pairs[i][3]; },
    b_share: function (i) { return pairs[i][4]; },
    passages: function (i) { return pairs[i][5]; },
    verdicts: function (i) { var p = pairs[i]; return p[6] * 1e8 + p[7] * 1e4 + p[8]; },
    source: function (i) { return sourceText(pairs[i]); },
    credit: function (i) { return creditText(pairs[i]); }
  };
  function applyPairs() {
    var terms = ps.q.toLowerCase().split(/\s+/).filter(Boolean);
    var h = terms.length ? haystack() : null;
    var rel = ps.rel === '' ? -1 : +ps.rel, v = ps.verdict === '' ? -1 : +ps.verdict;
    pview = [];
    for (var i = 0; i < pairs.length; i++) {
      var p = pairs[i];
      if (rel >= 0 && p[2] !== rel) continue;
      if (v >= 0 && p[6 + v] === 0) continue;
      if (h && !terms.every(function (t) { return h[i].indexOf(t) >= 0; })) continue;
      pview.push(i);
    }
    if (ps.sort) pview = sortIndexes(pview, PAIR_KEYS[ps.sort], ps.dir);
    ps.page = 0;
    renderPairs();
  }
  function pairRow(i) {
    var p = pairs[i], tr = el('tr', 'row');
    tr.dataset.i = i;
    var open = !!ps.open[i];
    if (open) tr.classList.add('open');
    var t = el('button', 'toggle', open ? '▾' : '▸');
    t.type = 'button';
    t.setAttribute('aria-expanded', open);
    t.setAttribute('aria-label', 'show passages');
    var c0 = add(el('td', 'rel'), t, relBadge(p[2]));
    c0.title = S[p[12]];
    var verd = el('td');
    for (var v = 0; v < 3; v++) if (p[6 + v] > 0) add(verd, verdictBadge(v, p[6 + v]), ' ');
    var src = el('td', 'src', sourceText(p));
    src.title = isCopy(p) ? S[p[13]] : 'no copied text, so no source';
    add(tr, c0, add(el('td'), docBlock(p[0])), add(el('td'), docBlock(p[1])),
      el('td', 'num', pct(p[3])), el('td', 'num', pct(p[4])), el('td', 'num', String(p[5])),
      verd, src, el('td', null, creditText(p)));
    return tr;
  }
  function renderPairs() {
    ptbody.textContent = '';
    var start = ps.page * PAGE, frag = document.createDocumentFragment();
    pview.slice(start, start + PAGE).forEach(function (i) {
      frag.appendChild(pairRow(i));
      if (ps.open[i]) frag.appendChild(detailRow(i));
    });
    ptbody.appendChild(frag);
    $('shown').textContent = fmt(pview.length) + ' of ' + fmt(pairs.length) + ' pairs';
    pager('pairs', pview.length, ps.page, PAGE, function (n) { ps.page = n; renderPairs(); ptable.scrollIntoView(); });
  }
  ptbody.addEventListener('click', function (e) {
    if (e.target.closest('a')) return;
    var tr = e.target.closest('tr.row');
    if (tr) toggle(tr);
  });
  function toggle(tr) {
    var i = +tr.dataset.i, btn = tr.querySelector('.toggle');
    if (ps.open[i]) {
      delete ps.open[i];
      if (tr.nextSibling && tr.nextSibling.classList.contains('detail-row')) tr.parentNode.removeChild(tr.nextSibling);
    } else {
      ps.open[i] = true;
      tr.parentNode.insertBefore(detailRow(i), tr.nextSibling);
    }
    tr.classList.toggle('open', !!ps.open[i]);
    btn.textContent = ps.open[i] ? '▾' : '▸';
    btn.setAttribute('aria-expanded', !!ps.open[i]);
  }

  // Passages: one block per D.pairChunk pairs, their texts in segment
  // blocks; each block is gzip in base64, unpacked by the browser the first
  // time an opened pair needs it.
  var unpacked = {};
  function unpack(id) {
    if (!unpacked[id]) {
      unpacked[id] = new Promise(function (done) {
        var e = $(id);
        if (!e) return done([]);
        var bin = atob(e.textContent.trim()), bytes = new Uint8Array(bin.length);
        for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        done(new Response(stream).text().then(JSON.parse));
      });
    }
    return unpacked[id];
  }
  function segChunk(g) {
    var lo = 0, hi = D.segStarts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (D.segStarts[mid] <= g) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // The passages of pair i with their segment texts.
  function passagesOf(i) {
    var c = Math.floor(i / D.pairChunk);
    return unpack('wc-p-' + c).then(function (chunk) {
      var list = chunk[i - c * D.pairChunk] || [], need = {};
      list.forEach(function (x) { need[segChunk(x[8])] = 1; need[segChunk(x[11])] = 1; });
      return Promise.all(Object.keys(need).map(function (n) {
        return unpack('wc-t-' + n).then(function (texts) { return [+n, texts]; });
      })).then(function (got) {
        var texts = {};
        got.forEach(function (g) { texts[g[0]] = g[1]; });
        var seg = function (g) { var n = segChunk(g); return (texts[n] || [])[g - D.segStarts[n]] || ''; };
        return { list: list, seg: seg };
      });
    });
  }
  function marked(text, marks) {
    var p = el('p'), at = 0;
    for (var k = 0; k + 1 < marks.length; k += 2) {
      var s = marks[k], e = marks[k + 1];
      if (s < at || e < s) continue;
      add(p, text.slice(at, s), el('mark', null, text.slice(s, e)));
      at = e;
    }
    add(p, text.slice(at));
    return p;
  }
  function card(side, d) {
    var x = docs[d], c = el('div', 'card');
    add(c, add(el('h4'), side + ': ', link(d)),
      el('p', 'sub', [outlet(d) || 'outlet not given', x[2] || 'date not given', 'id ' + x[0]].join(' · ')));
    if (x[3]) add(c, el('p', 'sub', x[3]));
    add(c, el('p', 'sub', 'reused share ' + pct(x[5]) + ' · credits: ' + (S[x[6]] || 'none found') + ' · in ' + x[7] + ' pair' + (x[7] === 1 ? '' : 's')));
    return c;
  }
  function detailRow(i) {
    var p = pairs[i], tr = el('tr', 'detail-row'), td = el('td', 'detail');
    td.colSpan = 9;
    add(td, add(el('div', 'cards'), card('A', p[0]), card('B', p[1])));
    var facts = el('div', 'facts');
    add(facts, add(el('p'), el('strong', null, 'Relation: '), relBadge(p[2]), ' — ' + S[p[12]] + '. ' + REL[p[2]][2] + '.'));
    if (isCopy(p)) {
      add(facts, add(el('p'), el('strong', null, 'Likely source: '), sourceText(p) + ' — ' + S[p[13]] + '. ',
        el('strong', null, 'Agencies: '), (S[p[10]] || 'none named') + '. ',
        el('strong', null, 'Reusing side credits the agency: '), ['no', 'yes', 'unknown'][p[11]] + '.'));
    }
    add(facts, el('p', 'sub', 'document Jaccard ' + dec(p[15]) + ' · SimHash distance ' + p[16] +
      (p[17] >= 0 ? ' · story cosine ' + dec(p[17]) : '') + ' · longest passage ' + fmt(p[14]) + ' bytes'));
    td.appendChild(facts);
    var holder = add(el('div', 'passages'), el('p', 'note', 'Unpacking the passages…'));
    td.appendChild(holder);
    tr.ready = passagesOf(i).then(function (got) {
      var list = got.list, seg = got.seg;
      holder.textContent = '';
      if (!list.length) add(holder, el('p', 'note', 'Similar as whole documents (shingles or SimHash); no sentence-level passage.'));
      list.forEach(function (x) {
        var box = el('div', 'passage ' + VERD[x[0]][0]);
        add(box, add(el('div', 'head'), verdictBadge(x[0]), ' score ' + dec(x[1]) + ' · ' + x[2] + ' sentence' +
          (x[2] === 1 ? '' : 's') + ' · span similarity ' + dec(x[3])));
        add(box, add(el('div', 'side'), el('h5', null, 'A · ' + docs[p[0]][0] + ' · bytes ' + x[4] + '–' + x[5]),
          marked(seg(x[8]).slice(x[9], x[10]), x[14])));
        add(box, add(el('div', 'side'), el('h5', null, 'B · ' + docs[p[1]][0] + ' · bytes ' + x[6] + '–' + x[7]),
          marked(seg(x[11]).slice(x[12], x[13]), x[15])));
        holder.appendChild(box);
      });
    }).catch(function () {
      holder.textContent = '';
      add(holder, el('p', 'warn', 'This browser cannot unpack the passages (it lacks DecompressionStream); ' +
        'passages.csv beside this page holds them.'));
    });
    tr.appendChild(td);
    return tr;
  }
  // Show the pairs of one document in the pair table.
  function showPairsOf(d) {
    var q = $('q');
    q.value = docs[d][0];
    $('rel-filter').value = '';
    $('verdict-filter').value = '';
    ps.q = q.value; ps.rel = ''; ps.verdict = '';
    applyPairs();
    $('pairs').scrollIntoView();
  }

  wireHeaders(ptable, ps, ['a_share', 'b_share', 'passages', 'verdicts'], applyPairs);
  $('q').addEventListener('input', function () { ps.q = this.value; applyPairs(); });
  $('rel-filter').addEventListener('change', function () { ps.rel = this.value; applyPairs(); });
  $('verdict-filter').addEventListener('change', function () { ps.verdict = this.value; applyPairs(); });
  Array.prototype.forEach.call(document.querySelectorAll('.rel-stat'), function (box) {
    box.tabIndex = 0;
    box.setAttribute('role', 'button');
    var go = function () { $('rel-filter').value = box.dataset.rel; ps.rel = box.dataset.rel; applyPairs(); $('pairs').scrollIntoView(); };
    box.addEventListener('click', go);
    box.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
  });

  // ---- Clusters ----
  var clist = $('cluster-list'), cpage = 0;
  function roleText(r) { var s = el('span', null, ROLES[r][1]); s.title = ROLES[r][0] + ': ' + ROLES[r][2]; return s; }
  function pairsButton(d) {
    var b = el('button', 'linkish', docs[d][7] + ' pair' + (docs[d][7] === 1 ? '' : 's'));
    b.type = 'button';
    b.addEventListener('click', function () { showPairsOf(d); });
    return b;
  }
  function clusterBox(c) {
    var m = c[1], box = el('details', 'cluster'), lead = -1, outs = {}, dates = [];
    // Headed by the title of its first source, else of its first member.
    for (var k = 0; k < m.length; k += 2) {
      if (lead < 0 && m[k + 1] === 0) lead = m[k];
      outs[outlet(m[k])] = 1;
      if (docs[m[k]][2]) dates.push(docs[m[k]][2]);
    }
    if (lead < 0) lead = m[0];
    dates.sort();
    var n = m.length / 2, no = Object.keys(outs).length;
    var sum = add(el('summary'), el('strong', null, 'Cluster ' + c[0]), ' · ' + n + ' articles · ' + no + ' outlet' + (no === 1 ? '' : 's') +
      (dates.length ? ' · ' + dates[0].slice(0, 10) + ' to ' + dates[dates.length - 1].slice(0, 10) : '') + ' · ', el('em', null, title(lead)));
    box.appendChild(sum);
    box.addEventListener('toggle', function () {
      if (!box.open || box.querySelector('table')) return;
      var t = el('table'), head = add(el('tr'), el('th', null, 'Role'), el('th', null, 'Article'), el('th', null, 'Outlet'),
        el('th', null, 'Published'), el('th', null, 'Id'), el('th', 'num', 'Pairs'));
      head.cells[0].title = 'what the article did in the cluster; hover a role for its meaning';
      add(t, add(el('thead'), head));
      var body = el('tbody');
      for (var k = 0; k < m.length; k += 2) {
        var d = m[k];
        add(body, add(el('tr'), add(el('td'), roleText(m[k + 1])), add(el('td'), link(d)), el('td', null, outlet(d)),
          el('td', null, docs[d][2]), el('td', 'sub', docs[d][0]), add(el('td', 'num'), pairsButton(d))));
      }
      box.appendChild(add(t, body));
    });
    return box;
  }
  function renderClusters() {
    if (!clist) return;
    clist.textContent = '';
    var frag = document.createDocumentFragment();
    D.clusters.slice(cpage * CLUSTER_PAGE, (cpage + 1) * CLUSTER_PAGE).forEach(function (c) { frag.appendChild(clusterBox(c)); });
    clist.appendChild(frag);
    pager('clusters', D.clusters.length, cpage, CLUSTER_PAGE, function (n) { cpage = n; renderClusters(); clist.scrollIntoView(); });
  }

  // ---- Documents ----
  var dtable = $('document-table'), dtbody = dtable.tBodies[0];
  var ds = { sort: null, dir: 1, q: '', page: 0 };
  var dview = [], dhay = null;
  var DOC_KEYS = {
    title: function (d) { return lower(docs[d][4]); },
    outlet: function (d) { return lower(outlet(d)); },
    published: function (d) { return docs[d][2]; },
    id: function (d) { return docs[d][0]; },
    reused: function (d) { return docs[d][5]; },
    pairs: function (d) { return docs[d][7]; },
    credits: function (d) { return S[docs[d][6]]; }
  };
  function applyDocs() {
    var terms = ds.q.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length && !dhay) dhay = docs.map(function (x, d) { return docHay(d).toLowerCase(); });
    dview = [];
    for (var d = 0; d < docs.length; d++) {
      if (terms.length && !terms.every(function (t) { return dhay[d].indexOf(t) >= 0; })) continue;
      dview.push(d);
    }
    if (ds.sort) dview = sortIndexes(dview, DOC_KEYS[ds.sort], ds.dir);
    ds.page = 0;
    renderDocs();
  }
  function renderDocs() {
    dtbody.textContent = '';
    var frag = document.createDocumentFragment();
    dview.slice(ds.page * PAGE, (ds.page + 1) * PAGE).forEach(function (d) {
      var x = docs[d];
      add(frag, add(el('tr'), add(el('td'), link(d)), el('td', null, outlet(d)), el('td', null, x[2]), el('td', 'sub', x[0]),
        el('td', 'num', pct(x[5])), add(el('td', 'num'), x[7] ? pairsButton(d) : '0'), el('td', 'sub', S[x[6]])));
    });
    dtbody.appendChild(frag);
    $('doc-shown').textContent = fmt(dview.length) + ' of ' + fmt(docs.length) + ' documents';
    pager('docs', dview.length, ds.page, PAGE, function (n) { ds.page = n; renderDocs(); dtable.scrollIntoView(); });
  }
  wireHeaders(dtable, ds, ['reused', 'pairs'], applyDocs);
  $('dq').addEventListener('input', function () { ds.q = this.value; applyDocs(); });
  var skipped = $('skipped');
  if (skipped) skipped.addEventListener('toggle', function () {
    var ul = $('skipped-list');
    if (!skipped.open || ul.childNodes.length) return;
    D.skipped.slice(0, 1000).forEach(function (s) { add(ul, el('li', null, (s[0] || '(no id)') + ': ' + s[1] + ' (' + s[2] + ')')); });
    if (D.skipped.length > 1000) add(ul, el('li', null, 'documents.csv lists all ' + fmt(D.skipped.length) + '.'));
  });

  applyPairs();
  renderClusters();
  applyDocs();
  var scriptDone = performance.now();

  // #selftest:QUERY[&open=A_ID,B_ID] — sort, search, filter and open a
  // pair over the full data, and report, for the browser tests.
  var m = /^#selftest:(.*)$/.exec(location.hash);
  if (!m) return;
  window.addEventListener('load', function () {
    var nav = performance.getEntriesByType('navigation')[0] || {};
    var result = {
      load_ms: Math.round(nav.loadEventStart || 0),
      dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd || 0),
      script_done_ms: Math.round(scriptDone),
      dom_elements: document.getElementsByTagName('*').length,
      pairs: pairs.length,
      documents: docs.length,
      clusters: D.clusters.length,
      rows_rendered: ptbody.rows.length
    };
    var parts = m[1].split('&open=');
    var query = decodeURIComponent(parts[0]);
    var click = function (table, key) { table.querySelector('th[data-key="' + key + '"]').click(); };
    var first = pview[0];
    result.first_row_title_shown = ptbody.rows.length > 0 && ptbody.rows[0].textContent.indexOf(title(pairs[first][0])) >= 0 &&
      ptbody.rows[0].textContent.indexOf(outlet(pairs[first][0])) >= 0;
    result.first_relation = REL[pairs[first] ? pairs[first][2] : 0][0];
    // Sort by A share, largest first, over every pair.
    click(ptable, 'a_share');
    var th = ptable.querySelector('th[data-key="a_share"]');
    result.sort_state = th.getAttribute('aria-sort');
    result.sorted_descending = pview.length === pairs.length && pview.every(function (i, k) { return k === 0 || pairs[pview[k - 1]][3] >= pairs[i][3]; });
    result.top_a_shares = pview.slice(0, 5).map(function (i) { return pairs[i][3] / 10000; });
    var shown = Array.prototype.map.call(ptbody.rows, function (r) { return parseFloat(r.cells[3].textContent); });
    result.page_sorted = shown.every(function (v, k) { return k === 0 || shown[k - 1] >= v; });
    click(ptable, 'a');
    result.sorted_a_ascending = pview.every(function (i, k) { return k === 0 || PAIR_KEYS.a(pview[k - 1]) <= PAIR_KEYS.a(i); });
    // Search over every pair.
    var q = $('q');
    q.value = query;
    q.dispatchEvent(new Event('input'));
    result.filter_matches = pview.length;
    result.filter_rows = ptbody.rows.length;
    q.value = '';
    q.dispatchEvent(new Event('input'));
    var vf = $('verdict-filter');
    vf.value = '2';
    vf.dispatchEvent(new Event('change'));
    result.reworded_matches = pview.length;
    vf.value = '';
    vf.dispatchEvent(new Event('change'));
    var rf = $('rel-filter');
    rf.value = '0';
    rf.dispatchEvent(new Event('change'));
    result.reprint_matches = pview.length;
    rf.value = '';
    rf.dispatchEvent(new Event('change'));
    result.done = false;
    var out = $('selftest-result');
    var write = function () { out.textContent = JSON.stringify(result); out.hidden = false; };
    // The timings and the sort and search results are written now; what
    // needs unpacking follows when it is done.
    write();
    var opened = Promise.resolve();
    if (parts[1]) {
      var ids = parts[1].split(',').map(decodeURIComponent);
      q.value = ids[0] + ' ' + ids[1];
      q.dispatchEvent(new Event('input'));
      var row = Array.prototype.find.call(ptbody.rows, function (r) {
        var p = pairs[+r.dataset.i];
        return docs[p[0]][0] === ids[0] && docs[p[1]][0] === ids[1];
      });
      if (row) {
        row.click();
        var detail = row.nextSibling;
        opened = detail.ready.then(function () {
          result.opened_passages = detail.querySelectorAll('.passage').length;
          result.opened_marks = Array.prototype.map.call(detail.querySelectorAll('mark'), function (x) { return x.textContent; });
          var side = detail.querySelector('.side p');
          result.opened_text = side ? side.textContent.slice(0, 200) : '';
        });
      }
    }
    // Every block unpacks, and together they hold every passage and text.
    var np = Math.ceil(pairs.length / D.pairChunk), blocks = [];
    for (var c = 0; c < np; c++) blocks.push(unpack('wc-p-' + c));
    var nt = D.segments ? D.segStarts.length : 0, tblocks = [];
    for (var t = 0; t < nt; t++) tblocks.push(unpack('wc-t-' + t));
    opened.then(function () { return Promise.all([Promise.all(blocks), Promise.all(tblocks)]); }).then(function (all) {
      result.unpacked_passages = all[0].reduce(function (n, chunk) { return n + chunk.reduce(function (m, l) { return m + l.length; }, 0); }, 0);
      result.unpacked_segments = all[1].reduce(function (n, texts) { return n + texts.length; }, 0);
      result.passages = D.passages;
      result.segments = D.segments;
      result.dom_elements_after = document.getElementsByTagName('*').length;
      result.done = true;
      write();
    }, function (err) { result.error = String(err); write(); });
  });
})();
