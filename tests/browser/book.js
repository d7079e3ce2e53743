// The built book served from a local server, and pages opened in the
// distribution's headless Chromium with the network cut off: any request
// that would leave this machine is aborted and reported. For the test files
// that need a browser (figures.test.js; site.test.js has its own copy).

import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import vm from "node:vm";
import { chromium } from "playwright-core";

export const BOOK = resolve(process.env.BOOK_DIR ?? "../../book");
export const THEMES = ["light", "rust", "coal", "navy", "ayu"];

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".json": "application/json", ".txt": "text/plain", ".pdf": "application/pdf" };

// How Chromium is started is decided in xtask/src/chromium.rs; `cargo xtask
// browser-test` passes its flags as JSON.
function chromiumFlags() {
  const json = process.env.CHROMIUM_FLAGS;
  if (!json) throw new Error("CHROMIUM_FLAGS is not set: run the browser tests with `cargo xtask browser-test`");
  return JSON.parse(json);
}

/// Starts the server and the browser; returns { open, close }.
export async function startBook() {
  if (!existsSync(join(BOOK, "index.html"))) throw new Error(`no built book in ${BOOK}: run \`cargo xtask build\` first`);
  const server = createServer((request, response) => {
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
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumFlags() });

  /// A page whose every request is watched: external ones are aborted.
  async function open(path, { theme, viewport = { width: 1280, height: 900 } } = {}) {
    const context = await browser.newContext({ viewport });
    const problems = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
      problems.push(`external request: ${url}`);
      return route.abort();
    });
    if (theme) await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
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

  async function close() {
    await browser?.close();
    server?.close();
  }
  return { open, close };
}

/// The data of an interactive figure as the build wrote it (figures/NAME.js,
/// computed by the library), read here without the page's script.
export function sliderData(name) {
  const window = {};
  vm.runInNewContext(readFileSync(join(BOOK, "figures", `${name}.js`), "utf8"), { window });
  return JSON.parse(JSON.stringify(window.PARAM_FIGURES[name]));
}

/// WCAG 2 relative luminance of an sRGB colour [r, g, b] (0–255).
export function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
