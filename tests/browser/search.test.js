// Unit tests of the book's CJK search (theme/search-cjk.js): its pure
// functions, and its ranking on the real search index of the built book.
// Run: cd tests/browser && node --test   (build the book first: cargo xtask build)

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync, existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import vm from 'node:vm';

const root = fileURLToPath(new URL('../../', import.meta.url));

// The script is a classic browser <script>: run it in this realm, where it
// finds no `document` and only sets globalThis.cjkSearch. (Not `import`:
// it is not a module; not a separate vm context: its arrays would then have
// another Array.prototype, which deepStrictEqual rejects.)
const scriptPath = path.join(root, 'theme/search-cjk.js');
vm.runInThisContext(readFileSync(scriptPath, 'utf8'), {filename: scriptPath});
const S = globalThis.cjkSearch;

// A section as mdBook stores it in its index.
function doc(url, title, body, chapter = title) {
    const breadcrumbs = chapter === title ? title + ' » ' + title : chapter + ' » ' + title;
    return S.makeDocument(url, {title, body, breadcrumbs});
}

const urls = (results) => results.map(r => r.doc.url);

test('parseQuery splits on any whitespace, lower-cases Latin, drops repeats', () => {
    assert.deepEqual(S.parseQuery('  Leaky   ReLU\t泄漏 '), ['leaky', 'relu', '泄漏']);
    assert.deepEqual(S.parseQuery('梯度消失\u3000ReLU relu'), ['梯度消失', 'relu']);
    assert.deepEqual(S.parseQuery('   '), []);
    // Full-width letters from a Chinese input method are the ASCII ones.
    assert.deepEqual(S.parseQuery('ＲｅＬＵ（x）'), ['relu(x)']);
});

test('normalise keeps every position, so teaser offsets stay valid', () => {
    const text = 'Σigmoid ＡＢＣ 双曲正切 İstanbul 𝐱';
    assert.equal(S.normalise(text).length, text.length);
    assert.equal(S.normalise('Sigmoid ΣΑ ＡＢＣ'), 'sigmoid σα abc');
});

test('a Chinese term is found anywhere inside a long sentence', () => {
    const d = doc('sigmoid.html#缺点', '缺点',
        '当输入的绝对值很大时，导数趋近于零，反向传播时逐层相乘，于是出现梯度消失，前面的层几乎学不到东西。');
    assert.equal(S.scoreDocument(d, ['梯度消失']), 1);
    assert.equal(S.scoreDocument(d, ['消失']), 1);
    assert.equal(S.scoreDocument(d, ['梯度爆炸']), 0);
});

test('English words and code names match case-insensitively', () => {
    const d = doc('sigmoid.html#实现', '用 Rust 实现',
        'def sigmoid_derivative(x): s = sigmoid(x) return s * (1 - s); pub fn leaky_relu(x: f64)');
    for (const q of ['sigmoid_derivative', 'SIGMOID_Derivative', 'leaky_relu', 'Rust', 'rust']) {
        assert.ok(S.scoreDocument(d, S.parseQuery(q)) > 0, q);
    }
    assert.equal(S.scoreDocument(d, S.parseQuery('tanh')), 0);
});

test('the glossary, references and conventions come after the chapters', () => {
    const docs = [
        doc('leaky_relu.html#定义', '定义', '带泄漏的修正线性单元。', 'Leaky ReLU 函数'),
        doc('glossary.html#激活函数', '泄漏', '泄漏 泄漏 泄漏 泄漏', '术语表'),
        doc('glossary.html#训练与优化', '训练与优化', '泄漏', '术语表'),
    ];
    assert.deepEqual(urls(S.rankDocuments(docs, S.parseQuery('泄漏'))),
        ['leaky_relu.html#定义', 'glossary.html#激活函数', 'glossary.html#训练与优化']);
});

test('all terms must match (AND), in title, breadcrumbs or body', () => {
    const docs = [
        doc('relu.html#缺点', '缺点', '负半轴的导数为零，可能出现神经元死亡。', 'ReLU 函数'),
        doc('sigmoid.html#缺点', '缺点', '两端饱和导致梯度消失。', 'Sigmoid 函数'),
    ];
    assert.deepEqual(urls(S.rankDocuments(docs, S.parseQuery('relu 神经元死亡'))), ['relu.html#缺点']);
    assert.deepEqual(urls(S.rankDocuments(docs, S.parseQuery('缺点'))),
        ['relu.html#缺点', 'sigmoid.html#缺点']);
    assert.deepEqual(S.rankDocuments(docs, S.parseQuery('relu 梯度消失')), []);
    assert.deepEqual(S.rankDocuments(docs, []), []);
});

test('a title match outranks body matches, even many of them', () => {
    const docs = [
        doc('a.html#x', '实现', 'leaky '.repeat(50)),
        doc('b.html#leaky', 'Leaky ReLU', '一个函数。'),
    ];
    const ranked = S.rankDocuments(docs, ['leaky']);
    assert.deepEqual(urls(ranked), ['b.html#leaky', 'a.html#x']);
    assert.equal(ranked[0].score, S.TITLE_WEIGHT + S.BREADCRUMB_WEIGHT);
    assert.equal(ranked[1].score, S.BODY_CAP);
});

test('the page that mentions a term in more sections ranks first', () => {
    const docs = [
        doc('introduction.html#顺序', '顺序', 'ReLU 的神经元死亡问题。', '前言'),
        doc('relu.html#缺点', '缺点', '神经元死亡。', 'ReLU 函数'),
        doc('relu.html#小结', '小结', '注意神经元死亡。', 'ReLU 函数'),
    ];
    const ranked = S.rankDocuments(docs, ['神经元死亡']);
    assert.deepEqual(urls(ranked), ['relu.html#缺点', 'relu.html#小结', 'introduction.html#顺序']);
    assert.equal(ranked[0].score, 1 + S.SAME_PAGE_WEIGHT);
});

test('makeTeaser wraps every match in <em> and escapes the rest', () => {
    const body = 'if x < 0 && y > 0 { "梯度消失" } 然后又是梯度消失。';
    assert.equal(S.makeTeaser(body, ['梯度消失']),
        'if x &lt; 0 &amp;&amp; y &gt; 0 { &#34;<em>梯度消失</em>&#34; } 然后又是<em>梯度消失</em>。');
    // Case-insensitive, but the text keeps its case; overlapping terms merge.
    assert.equal(S.makeTeaser('Leaky ReLU', ['leaky relu', 'relu']), '<em>Leaky ReLU</em>');
    // HTML in a term is escaped too.
    assert.equal(S.makeTeaser('a <b> c', ['<b>']), 'a <em>&lt;b&gt;</em> c');
});

test('makeTeaser shows a window around the first match of a long text', () => {
    const body = '甲'.repeat(500) + '雅可比矩阵' + '乙'.repeat(500);
    const teaser = S.makeTeaser(body, ['雅可比']);
    assert.match(teaser, /^…甲+<em>雅可比<\/em>矩阵乙+…$/);
    assert.equal(teaser.replace(/<\/?em>|…/g, '').length, 100);
    assert.ok(teaser.indexOf('<em>') < 30, 'the match is near the start: ' + teaser);
    // No match in the body (only in the title): the start of the body.
    assert.equal(S.makeTeaser('短文本。', ['标题']), '短文本。');
});

test('result label and link', () => {
    const d = doc('sigmoid.html#定义', '定义', '……', 'Sigmoid 函数');
    assert.equal(S.resultLabel(d, ['sigmoid']), '<em>Sigmoid</em> 函数 › 定义');
    assert.equal(S.resultLabel(doc('tanh.html#t', 'Tanh', '…'), []), 'Tanh');
    assert.equal(S.resultHref(d, ['梯度消失', "it's"], '../'),
        '../sigmoid.html?highlight=%E6%A2%AF%E5%BA%A6%E6%B6%88%E5%A4%B1%20it%27s#定义');
    assert.equal(S.resultHref(S.makeDocument('index.html', {}), ['x']), 'index.html?highlight=x');
});

// ---- The real index of the built book ----

function loadBuiltBook() {
    const bookDir = path.join(root, 'book');
    const found = existsSync(bookDir)
        ? readdirSync(bookDir).filter(n => /^searchindex-[0-9a-f]+\.js$/.test(n))
        : [];
    assert.ok(found.length > 0,
        `no searchindex-*.js in ${bookDir}: build the book first with \`cargo xtask build\``);
    // Several after old builds: take the newest.
    const newest = found
        .map(n => path.join(bookDir, n))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    // The file is `window.search = Object.assign(window.search, JSON.parse('…'))`.
    const sandbox = {window: {search: {}}};
    vm.runInNewContext(readFileSync(newest, 'utf8'), sandbox, {filename: newest});
    return S.loadDocuments(sandbox.window.search);
}

test('real book: each term finds the chapter about it first', () => {
    const docs = loadBuiltBook();
    assert.ok(docs.length > 20, `only ${docs.length} sections in the index`);
    // [query, pages accepted, how many of the first results may hold one]
    const cases = [
        ['梯度消失', ['vanishing_gradients.html', 'sigmoid.html', 'tanh.html'], 1],
        ['神经元死亡', ['relu.html', 'leaky_relu.html', 'dying_relu.html'], 1],
        ['雅可比', ['softmax_in_depth.html', 'softmax.html'], 1],
        ['双曲正切', ['tanh.html'], 1],
        ['零中心', ['zero_centred.html', 'tanh.html', 'sigmoid.html'], 1],
        ['逻辑回归', ['sigmoid.html'], 1],
        ['交叉熵', ['softmax_in_depth.html', 'softmax.html'], 1],
        ['泄漏', ['leaky_relu.html'], 1],
        ['sigmoid_derivative', ['sigmoid.html'], 1],
        ['Leaky', ['leaky_relu.html'], 1],
        ['leaky_relu', ['leaky_relu.html'], 1],
    ];
    for (const [query, pages, top] of cases) {
        const ranked = S.rankDocuments(docs, S.parseQuery(query)).map(r => r.doc.page);
        assert.ok(ranked.slice(0, top).some(p => pages.includes(p)),
            `"${query}": expected ${pages.join(' or ')} in the first ${top}, got ${ranked.slice(0, 5).join(', ')}`);
    }
});
