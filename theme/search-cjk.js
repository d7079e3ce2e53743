'use strict';

/* global Mark, path_to_root, mdbook_something_else_has_focus */

// CJK-aware search for this book, replacing mdBook's searcher.js.
//
// Why: mdBook's search (elasticlunr) splits text into words on whitespace.
// Chinese has no spaces, so a whole sentence is one "word" and no Chinese
// term is ever found (mdBook issue 1081). The book is small (a few hundred
// heading sections), so a plain substring scan over the section texts that
// mdBook already stores in its search index is fast and finds everything.
//
// Matching: the query is split on whitespace into terms; a section matches
// when EVERY term occurs as a substring of its title, breadcrumbs or body
// (AND). Matching ignores Latin case and full-width/half-width differences.
//
// Score of a matching section, summed over the terms:
//   TITLE_WEIGHT       if the section title contains the term,
//   BREADCRUMB_WEIGHT  if the breadcrumbs ("chapter » section") contain it,
//   the number of occurrences in the body, at most BODY_CAP (so a code
//     listing that repeats a name 50 times cannot outrank the section
//     whose title is that name),
// plus SAME_PAGE_WEIGHT for every other matching section on the same page:
// the chapter ABOUT a term mentions it in many sections, while the preface
// mentions everything once. Ties keep the book's order.
//
// The reference pages at the back of the book (BACK_MATTER: the framework
// conventions, the glossary, the references) list nearly every term in one
// table, so they would outrank the chapter about a term; their sections come
// after every matching chapter section, best first among themselves.
//
// The pure functions (normalise, parseQuery, scoreDocument, rankDocuments,
// makeTeaser, ...) are exported as `globalThis.cjkSearch` (and as
// `module.exports` under CommonJS) so that Node tests can use them; the user
// interface below them only runs in a page that has mdBook's search bar.

(function () {
    const TITLE_WEIGHT = 10;
    const BREADCRUMB_WEIGHT = 5;
    const BODY_CAP = 5;
    const SAME_PAGE_WEIGHT = 1;
    const BACK_MATTER = new Set(['conventions.html', 'glossary.html', 'references.html']);
    const TEASER_LENGTH = 100; // characters shown; a Chinese character is about a word
    const TEASER_BEFORE = 20; // characters shown before the first match

    // Lower-cases Latin (and other cased) letters and turns full-width ASCII
    // forms typed with a Chinese input method (ｓｉｇｍｏｉｄ, （）) into ASCII.
    // One UTF-16 unit in, one out: a position found in the normalised text is
    // the same position in the original text, which makeTeaser relies on.
    function normalise(text) {
        return String(text)
            .replace(/[\uFF01-\uFF5E]/g, c => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
            // A-Z and the accented Latin, Greek and Cyrillic letters.
            .replace(/[A-Z\u00C0-\u1FFF]/g, c => {
                const lower = c.toLowerCase();
                return lower.length === c.length ? lower : c;
            });
    }

    // "  Leaky   ReLU 泄漏 " -> ["leaky", "relu", "泄漏"]: whitespace
    // (including the ideographic space U+3000) separates terms; repeats dropped.
    function parseQuery(query) {
        const terms = normalise(query).split(/\s+/).filter(t => t !== '');
        return [...new Set(terms)];
    }

    // Start positions of the non-overlapping occurrences of `term` in `text`
    // (both already normalised).
    function findAll(text, term) {
        const positions = [];
        for (let i = text.indexOf(term); i !== -1; i = text.indexOf(term, i + term.length)) {
            positions.push(i);
        }
        return positions;
    }

    function countMatches(text, term) {
        return findAll(text, term).length;
    }

    // Section text as stored in mdBook's search index, plus normalised copies
    // made once here instead of on every keystroke.
    function makeDocument(url, stored) {
        const doc = {
            url,
            page: url.split('#')[0],
            title: stored.title || '',
            breadcrumbs: stored.breadcrumbs || '',
            body: stored.body || '',
        };
        doc.norm = {
            title: normalise(doc.title),
            breadcrumbs: normalise(doc.breadcrumbs),
            body: normalise(doc.body),
        };
        return doc;
    }

    // `searchData` is what book/searchindex-*.js puts into `window.search`:
    // `doc_urls[i]` is the URL of section i, whose texts are in the elasticlunr
    // index's documentStore (the only part of that index we use).
    function loadDocuments(searchData) {
        const stored = searchData.index.documentStore.docs;
        return searchData.doc_urls.map((url, i) => makeDocument(url, stored[i] || {}));
    }

    // The section's own score (see the top of the file), or 0 when a term is
    // missing from it.
    function scoreDocument(doc, terms) {
        let score = 0;
        for (const term of terms) {
            const inTitle = doc.norm.title.includes(term);
            const inCrumbs = doc.norm.breadcrumbs.includes(term);
            const inBody = countMatches(doc.norm.body, term);
            if (!inTitle && !inCrumbs && inBody === 0) {
                return 0;
            }
            score += (inTitle ? TITLE_WEIGHT : 0) + (inCrumbs ? BREADCRUMB_WEIGHT : 0)
                + Math.min(inBody, BODY_CAP);
        }
        return score;
    }

    // Matching sections, best first, as [{doc, score}].
    function rankDocuments(docs, terms) {
        if (terms.length === 0) {
            return [];
        }
        const results = [];
        const matchesPerPage = new Map();
        docs.forEach((doc, order) => {
            const score = scoreDocument(doc, terms);
            if (score > 0) {
                results.push({doc, score, order});
                matchesPerPage.set(doc.page, (matchesPerPage.get(doc.page) || 0) + 1);
            }
        });
        for (const r of results) {
            r.score += SAME_PAGE_WEIGHT * (matchesPerPage.get(r.doc.page) - 1);
        }
        const back = (r) => (BACK_MATTER.has(r.doc.page) ? 1 : 0);
        results.sort((a, b) => back(a) - back(b) || b.score - a.score || a.order - b.order);
        return results.map(({doc, score}) => ({doc, score}));
    }

    function escapeHTML(text) {
        const MAP = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\'': '&#39;'};
        return String(text).replace(/[&<>'"]/g, c => MAP[c]);
    }

    // [start, end) ranges of every occurrence of any term, sorted, with
    // overlapping ranges merged (terms "relu" and "leaky relu" may overlap).
    function matchRanges(text, terms) {
        const norm = normalise(text);
        const ranges = [];
        for (const term of terms) {
            for (const start of findAll(norm, term)) {
                ranges.push([start, start + term.length]);
            }
        }
        ranges.sort((a, b) => a[0] - b[0]);
        const merged = [];
        for (const [start, end] of ranges) {
            const last = merged[merged.length - 1];
            if (last && start <= last[1]) {
                last[1] = Math.max(last[1], end);
            } else {
                merged.push([start, end]);
            }
        }
        return merged;
    }

    // HTML of text[from, to) with the matches wrapped in <em>, the rest escaped.
    function highlight(text, terms, from = 0, to = text.length) {
        let html = '';
        let pos = from;
        for (const [start, end] of matchRanges(text, terms)) {
            const s = Math.max(start, from);
            const e = Math.min(end, to);
            if (s >= e) {
                continue;
            }
            html += escapeHTML(text.slice(pos, s)) + '<em>' + escapeHTML(text.slice(s, e)) + '</em>';
            pos = e;
        }
        return html + escapeHTML(text.slice(pos, to));
    }

    // A window of about `length` characters of `body`, starting a little
    // before the first match, with every match in it wrapped in <em>.
    function makeTeaser(body, terms, length = TEASER_LENGTH) {
        const ranges = matchRanges(body, terms);
        const first = ranges.length > 0 ? ranges[0][0] : 0;
        const start = Math.max(0, Math.min(first - TEASER_BEFORE, body.length - length));
        const end = Math.min(body.length, start + length);
        return (start > 0 ? '…' : '') + highlight(body, terms, start, end)
            + (end < body.length ? '…' : '');
    }

    // "Sigmoid 函数 » 定义" -> "Sigmoid 函数 › 定义"; a chapter's first section
    // has the chapter's name twice, shown once.
    function resultLabel(doc, terms) {
        const parts = doc.breadcrumbs.split(' » ').filter((p, i, all) => p !== all[i - 1]);
        return parts.map(p => highlight(p, terms)).join(' › ');
    }

    // Link to a result: the ?highlight= parameter goes between the page and
    // the #anchor, as mdBook does.
    function resultHref(doc, terms, root = '') {
        const [page, anchor] = doc.url.split('#');
        // encodeURIComponent leaves ' alone, and the href is in single-quote-free
        // double quotes, but encode it anyway as mdBook does.
        const marks = encodeURIComponent(terms.join(' ')).replace(/'/g, '%27');
        return root + page + '?highlight=' + marks + (anchor ? '#' + anchor : '');
    }

    const api = {
        TITLE_WEIGHT, BREADCRUMB_WEIGHT, BODY_CAP, SAME_PAGE_WEIGHT,
        normalise, parseQuery, countMatches, makeDocument, loadDocuments,
        scoreDocument, rankDocuments, escapeHTML, makeTeaser, resultLabel, resultHref,
    };
    globalThis.cjkSearch = api;
    if (typeof module === 'object' && module.exports) {
        module.exports = api;
    }

    if (typeof document === 'undefined' || !document.getElementById('mdbook-searchbar')) {
        return; // Node, or search disabled in book.toml
    }

    // ---- User interface: mirrors mdBook 0.5.4's searcher.js ----

    const wrapper = document.getElementById('mdbook-search-wrapper');
    const barOuter = document.getElementById('mdbook-searchbar-outer');
    const bar = document.getElementById('mdbook-searchbar');
    const results = document.getElementById('mdbook-searchresults');
    const resultsOuter = document.getElementById('mdbook-searchresults-outer');
    const resultsHeader = document.getElementById('mdbook-searchresults-header');
    const toggle = document.getElementById('mdbook-search-toggle');
    const marker = new Mark(document.getElementById('mdbook-content'));
    const MARK_OPTIONS = {
        exclude: ['text'], // SVG text does not render inside <mark>
        separateWordSearch: false, // a term is a phrase, not words to split
    };

    let docs = null; // null until the search index has loaded
    let limit = 30;
    let shownQuery = '';

    // book.js asks this so that its own shortcuts (← →) leave the search bar alone.
    window.search = window.search || {};
    window.search.hasFocus = hasFocus;

    function hasFocus() {
        return bar === document.activeElement;
    }

    // mdBook's searchindex-*.js is big, so it is loaded the first time the
    // search bar opens; it fills in window.search.
    function loadIndex() {
        if (document.getElementById('mdbook-search-index')) {
            return;
        }
        barOuter.classList.add('searching');
        const script = document.createElement('script');
        script.id = 'mdbook-search-index';
        script.src = window.path_to_searchindex_js;
        script.onload = () => {
            docs = loadDocuments(window.search);
            limit = (window.search.results_options || {}).limit_results || limit;
            barOuter.classList.remove('searching');
            bar.focus();
            shownQuery = '';
            search(bar.value.trim());
        };
        script.onerror = () => console.error('Failed to load ' + script.src);
        document.head.append(script);
    }

    function showSearch(yes) {
        if (yes) {
            loadIndex();
        } else {
            for (const li of results.children) {
                li.classList.remove('focus');
            }
        }
        wrapper.classList.toggle('hidden', !yes);
        toggle.setAttribute('aria-expanded', String(yes));
    }

    function search(query) {
        bar.classList.toggle('active', query !== '');
        if (query === '') {
            shownQuery = '';
            resultsOuter.classList.add('hidden');
            results.replaceChildren();
            return;
        }
        if (docs === null || query === shownQuery) {
            return; // search() runs again when the index has loaded
        }
        shownQuery = query;
        const terms = parseQuery(query);
        const found = rankDocuments(docs, terms);
        resultsHeader.innerText = found.length === 0
            ? '没有找到与“' + query + '”相关的结果。'
            : '找到 ' + found.length + ' 个与“' + query + '”相关的结果'
                + (found.length > limit ? '，显示前 ' + limit + ' 个' : '') + '：';
        results.replaceChildren(...found.slice(0, limit).map(({doc}, i) => {
            const li = document.createElement('li');
            li.innerHTML = '<a href="' + escapeHTML(resultHref(doc, terms, path_to_root))
                + '" aria-details="mdbook-teaser_' + i + '">' + resultLabel(doc, terms) + '</a>'
                + '<span class="teaser" id="mdbook-teaser_' + i + '" aria-label="Search Result Teaser">'
                + makeTeaser(doc.body, terms) + '</span>';
            return li;
        }));
        resultsOuter.classList.remove('hidden');
    }

    // Keeps ?search= in the address bar, so a search can be bookmarked and the
    // back button leaves it. The first search of a page pushes a history entry,
    // later keystrokes replace it.
    function setUrl(query, action) {
        const url = new URL(window.location.href);
        const firstSearch = !url.searchParams.has('search');
        url.searchParams.delete('highlight');
        if (query !== '' || action === 'push_if_new_search_else_replace') {
            url.searchParams.set('search', query);
            url.hash = '';
        } else {
            url.searchParams.delete('search');
        }
        if (action === 'push' || (action === 'push_if_new_search_else_replace' && firstSearch)) {
            history.pushState({}, document.title, url.href);
        } else {
            history.replaceState({}, document.title, url.href);
        }
    }

    function onInput() {
        const query = bar.value.trim();
        search(query);
        setUrl(query, 'push_if_new_search_else_replace');
        marker.unmark();
    }

    // On load and on back/forward: ?search= opens the search, ?highlight=
    // marks the terms on the page (a click on a mark removes the marks).
    function fromUrl() {
        const params = new URLSearchParams(window.location.search);
        const query = params.get('search') || '';
        showSearch(query !== '');
        if (query !== '') {
            bar.value = query;
            onInput();
        }
        const marks = parseQuery(params.get('highlight') || '');
        if (marks.length > 0) {
            // One call per term: with separateWordSearch off, mark.js takes the
            // term as it is, and CJK needs no word boundaries.
            for (const term of marks) {
                marker.mark(term, MARK_OPTIONS);
            }
            const hide = () => {
                for (const m of document.querySelectorAll('mark')) {
                    m.classList.add('fade-out');
                }
                window.setTimeout(() => marker.unmark(), 300);
                setUrl('', 'replace'); // or in-page links would mark again
            };
            for (const m of document.querySelectorAll('mark')) {
                m.addEventListener('click', hide);
            }
        }
    }

    // Moves the keyboard "focus" (a CSS class, as in mdBook: real focus makes
    // the browser scroll) through the results.
    function moveFocus(from, to) {
        from.classList.remove('focus');
        if (to) {
            to.classList.add('focus');
        } else {
            bar.select();
        }
    }

    function unfocusBar() {
        // Focusing a throwaway input is the reliable way to blur (from mdBook).
        const tmp = document.createElement('input');
        tmp.setAttribute('style', 'position: absolute; opacity: 0;');
        toggle.appendChild(tmp);
        tmp.focus();
        tmp.remove();
    }

    function onKeyDown(e) {
        if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey
            || e.target.type === 'textarea' || e.target.type === 'text'
            || (!hasFocus() && mdbook_something_else_has_focus(e))) {
            return;
        }
        const focused = results.querySelector('li.focus');
        if (e.key === 'Escape') {
            e.preventDefault();
            bar.classList.remove('active');
            setUrl('', bar.value.trim() !== '' ? 'push' : 'replace');
            if (hasFocus()) {
                unfocusBar();
            }
            showSearch(false);
            marker.unmark();
        } else if (!hasFocus() && (e.key === 's' || e.key === '/')) {
            e.preventDefault();
            showSearch(true);
            window.scrollTo(0, 0);
            bar.select();
        } else if (hasFocus() && (e.key === 'ArrowDown' || e.key === 'Enter')) {
            e.preventDefault();
            const first = results.firstElementChild;
            if (first) {
                unfocusBar();
                first.classList.add('focus');
                if (e.key === 'Enter') {
                    window.location.assign(first.querySelector('a'));
                }
            }
        } else if (!hasFocus() && focused && ['ArrowDown', 'ArrowUp', 'Enter'].includes(e.key)) {
            e.preventDefault();
            if (e.key === 'ArrowDown') {
                if (focused.nextElementSibling) {
                    moveFocus(focused, focused.nextElementSibling);
                }
            } else if (e.key === 'ArrowUp') {
                moveFocus(focused, focused.previousElementSibling);
            } else {
                window.location.assign(focused.querySelector('a'));
            }
        }
    }

    toggle.addEventListener('click', () => {
        const opening = wrapper.classList.contains('hidden');
        showSearch(opening);
        if (opening) {
            window.scrollTo(0, 0);
            bar.select();
        }
    });
    // `input`, not mdBook's `keyup`: while a Chinese input method is composing,
    // the bar holds pinyin; search when the characters are committed.
    bar.addEventListener('input', e => {
        if (!e.isComposing) {
            onInput();
        }
    });
    bar.addEventListener('compositionend', onInput);
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('submit', e => e.preventDefault()); // Enter must not reload
    window.addEventListener('popstate', fromUrl);
    fromUrl();
})();
