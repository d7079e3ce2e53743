// The built book, tested in the distribution's headless Chromium.
//
// Run with `cargo xtask browser-test` (which builds the book and the PDF first
// and sets BOOK_DIR, CHROMIUM and CHROMIUM_FLAGS). Every page is loaded from a
// local server with the network cut off: any request that would leave this
// machine is aborted and reported.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const BOOK = resolve(process.env.BOOK_DIR ?? "../../book");
const ROOT = resolve(BOOK, "..");
const OUTPUT = resolve("output");
// How Chromium is started is decided in one place, xtask/src/chromium.rs,
// which the PDF uses too; `cargo xtask browser-test` passes its flags here.
const CHROMIUM_FLAGS = (() => {
  const json = process.env.CHROMIUM_FLAGS;
  if (!json) throw new Error("CHROMIUM_FLAGS is not set: run the browser tests with `cargo xtask browser-test`");
  const flags = JSON.parse(json);
  if (!Array.isArray(flags) || !flags.every((flag) => typeof flag === "string")) {
    throw new Error(`CHROMIUM_FLAGS must be a JSON array of strings, not ${json}`);
  }
  return flags;
})();
const THEMES = ["light", "rust", "coal", "navy", "ayu"];

// The chapters, in the order of src/SUMMARY.md: [title, page].
const CHAPTERS = [...readFileSync(join(ROOT, "src", "SUMMARY.md"), "utf8").matchAll(/\[([^\]]+)\]\(([^)]+)\.md\)/g)].map(
  ([, title, path]) => [title, `${path}.html`],
);

// The chapters about one function (parts 1-3) are full of formulas.
const FUNCTION_CHAPTER = /^(sigmoid|tanh|relu|leaky_relu|softmax|prelu|rrelu|elu|selu|relu6|softplus|gelu|silu|mish|hardsigmoid|softsign|softmax_in_depth)\.html$/;

// Chinese (and English) terms a reader may search for, and the chapter that
// must come first for each.
const SEARCHES = [
  ["梯度消失", ["vanishing_gradients.html", "sigmoid.html", "tanh.html"]],
  ["神经元死亡", ["relu.html", "leaky_relu.html", "dying_relu.html"]],
  ["雅可比", ["softmax_in_depth.html", "softmax.html"]],
  ["双曲正切", ["tanh.html"]],
  ["逻辑回归", ["sigmoid.html"]],
  ["交叉熵", ["softmax_in_depth.html", "softmax.html"]],
  ["负斜率", ["leaky_relu.html", "relu.html", "prelu.html"]],
  ["稀疏", ["relu.html"]],
  ["sigmoid_derivative", ["sigmoid.html"]],
  ["Leaky", ["leaky_relu.html"]],
];

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".json": "application/json", ".txt": "text/plain", ".pdf": "application/pdf" };

let server;
let origin;
let browser;

before(async () => {
  assert.ok(existsSync(join(BOOK, "index.html")), `no built book in ${BOOK}: run \`cargo xtask build\` first`);
  mkdirSync(OUTPUT, { recursive: true });
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    let file = normalize(join(BOOK, path));
    if (file.startsWith(BOOK) && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(BOOK) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/// A page whose every request is watched: external ones are aborted.
async function open(path, { theme } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    problems.push(`external request: ${url}`);
    return route.abort();
  });
  if (theme) {
    await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
  }
  const page = await context.newPage();
  page.on("requestfailed", (r) => {
    if (r.url().startsWith(origin)) problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  await page.goto(`${origin}/${path}`, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  return { page, context, problems };
}

describe("every page, offline", () => {
  const pages = ["index.html", ...CHAPTERS.map(([, page]) => page), "print.html"];
  for (const path of pages) {
    test(path, async () => {
      const { page, context, problems } = await open(path);
      try {
        const report = await page.evaluate(() => {
          const main = document.querySelector("main");
          const images = [...main.querySelectorAll("img")].map((img) => ({ src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0 }));
          // Text outside code: no TeX may be left unrendered.
          const prose = main.cloneNode(true);
          prose.querySelectorAll("pre, code, math, annotation").forEach((e) => e.remove());
          const text = prose.textContent;
          return {
            images,
            rawTex: [...text.matchAll(/\$[^$\n]{1,80}\$|\\(frac|sigma|tanh|mathrm|sum|left|right)\b/g)].map((m) => m[0]).slice(0, 5),
            katexErrors: main.querySelectorAll(".katex-error").length,
            math: main.querySelectorAll("math").length,
          };
        });
        assert.deepEqual(problems, [], `requests on ${path}`);
        assert.deepEqual(report.images.filter((i) => !i.ok), [], `images that did not load on ${path}`);
        assert.deepEqual(report.rawTex, [], `raw TeX visible on ${path}`);
        assert.equal(report.katexErrors, 0, `KaTeX errors on ${path}`);
        if (FUNCTION_CHAPTER.test(path)) assert.ok(report.math > 5, `${path} should show rendered formulas`);
      } finally {
        await context.close();
      }
    });
  }
});

test("every table fits the printed page", async () => {
  // mdBook wraps each table in a box that scrolls sideways; on paper a table
  // wider than the page would lose its right-hand columns. Lay print.html out
  // as print media at the width of the A4 text block (210 mm − 2 × 17 mm).
  const { page, context, problems } = await open("print.html");
  try {
    await page.setViewportSize({ width: Math.floor((176 / 25.4) * 96), height: 1200 });
    await page.emulateMedia({ media: "print" });
    const overflowing = await page.$$eval("table", (tables) =>
      tables
        .filter((t) => t.getBoundingClientRect().right > document.querySelector("main").getBoundingClientRect().right + 1)
        .map((t) => t.querySelector("th")?.textContent ?? "?"),
    );
    assert.deepEqual(overflowing, [], "tables wider than the printed page (first header cell shown)");
    assert.ok((await page.$$("table")).length >= 2);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the sidebar reaches every chapter, in order", async () => {
  const { page, context, problems } = await open("index.html");
  try {
    const links = await page.$$eval("#mdbook-sidebar a[href$='.html']", (as) => as.map((a) => [a.textContent.trim(), new URL(a.href).pathname.slice(1)]));
    const pages = links.map(([, href]) => href);
    for (const [title, page] of CHAPTERS) {
      assert.ok(pages.includes(page), `sidebar has no link to ${page} (${title}); it has ${pages.join(", ")}`);
    }
    const order = CHAPTERS.map(([, page]) => pages.indexOf(page));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), "sidebar order differs from SUMMARY.md");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

describe("search finds Chinese words", () => {
  for (const [term, expected] of SEARCHES) {
    test(term, async () => {
      const { page, context, problems } = await open(`index.html?search=${encodeURIComponent(term)}`);
      try {
        const first = page.locator("#mdbook-searchresults li a").first();
        await first.waitFor({ timeout: 10_000 });
        const href = new URL(await first.getAttribute("href"), origin).pathname.slice(1);
        assert.ok(expected.includes(href), `first result for ${term} is ${href}, expected ${expected.join(" or ")}`);
        const teaser = await page.locator("#mdbook-searchresults li").first().innerHTML();
        assert.match(teaser, /<em>/, `the teaser for ${term} highlights the match`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe("figures stay legible in every theme", () => {
  for (const theme of THEMES) {
    test(theme, async () => {
      const { page, context, problems } = await open("sigmoid.html", { theme });
      try {
        assert.ok(await page.evaluate((t) => document.documentElement.classList.contains(t), theme), `the ${theme} theme was applied`);
        const figure = page.locator("figure").first();
        await figure.scrollIntoViewIfNeeded();
        await figure.screenshot({ path: join(OUTPUT, `figure-${theme}.png`) });
        // Read the figure as the reader sees it: drawn into a canvas, its
        // background must be opaque white and its text and axes dark.
        const pixels = await page.evaluate(async () => {
          const img = document.querySelector("figure img");
          const canvas = Object.assign(document.createElement("canvas"), { width: img.naturalWidth, height: img.naturalHeight });
          const ctx = canvas.getContext("2d");
          ctx.drawImage(img, 0, 0);
          const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255 && data[i] + data[i + 1] + data[i + 2] < 150) dark++;
          return { corner: [...ctx.getImageData(2, 2, 1, 1).data], dark, total: data.length / 4 };
        });
        assert.deepEqual(pixels.corner, [255, 255, 255, 255], "the figure brings its own white background");
        assert.ok(pixels.dark > pixels.total * 0.003, "the figure has dark text and axes");
        const style = await page.locator("figure img").first().evaluate((img) => getComputedStyle(img).filter);
        assert.equal(style, "none", "no theme filter changes the figure");
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe("the PDF", () => {
  const pdf = join(BOOK, "pdf", "activations.pdf");
  const tool = (command, args) => {
    try {
      return execFileSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20 });
    } catch (e) {
      if (e.code === "ENOENT") assert.fail(`${command} is not installed (Debian: apt-get install poppler-utils qpdf)`);
      throw e;
    }
  };

  test("exists", () => assert.ok(existsSync(pdf), `${pdf} is missing: run \`cargo xtask pdf\``));

  test("has one bookmark per chapter", () => {
    const outlines = JSON.parse(tool("qpdf", ["--json", "--json-key=outlines", pdf])).outlines;
    // Chromium drops the space between Latin and Chinese text in bookmarks.
    const bare = (title) => title.replace(/\s+/g, "");
    assert.deepEqual(outlines.map((o) => bare(o.title)), CHAPTERS.map(([title]) => bare(title)));
  });

  test("Chinese text is real, extractable text", () => {
    const text = tool("pdftotext", ["-enc", "UTF-8", pdf, "-"]);
    // Lines wrap anywhere in Chinese, so compare without white space.
    const flat = text.replace(/\s+/g, "");
    for (const phrase of ["激活函数", "梯度消失问题（VanishingGradients）", "神经元死亡", "交叉熵损失", "雅可比矩阵"]) {
      assert.ok(flat.includes(phrase), `the PDF text lacks “${phrase}”`);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(tool("pdfinfo", [pdf]))[1]);
    assert.match(text, new RegExp(`\\b1 / ${pages}\\b`), "page numbers are printed");
  });

  test("folded exercise solutions are printed open", () => {
    const flat = tool("pdftotext", ["-enc", "UTF-8", pdf, "-"]).replace(/\s+/g, "");
    // A sentence from inside a <details> solution (relu.md, the exercise on positive homogeneity).
    assert.ok(flat.includes("ReLU与正的缩放可交换，但与取负不可交换"), "the solutions are missing from the PDF");
  });

  test("figures are vectors, not pictures", () => {
    const images = tool("pdfimages", ["-list", pdf]).trim().split("\n").slice(2);
    assert.deepEqual(images, [], "the PDF contains raster images");
  });

  test("no line of code is cut at the page edge", () => {
    // With wrapping, every character of a long line is on the page, so the
    // longest line of the Sigmoid example appears whole in the text.
    const text = tool("pdftotext", ["-enc", "UTF-8", pdf, "-"]).replace(/\s+/g, "");
    assert.ok(text.includes("letdy:Vec<f64>=x.iter().map(|&x|sigmoid_derivative(x)).collect();"), "a long code line is incomplete in the PDF");
  });
});
