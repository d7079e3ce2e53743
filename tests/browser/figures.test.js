// The interactive figures (theme/param-figures.js) and the figures' colours
// in every theme, in the distribution's headless Chromium, offline.
//
// Run with `cargo xtask browser-test`, or after `cargo xtask build` with
//   cd tests/browser && BOOK_DIR=../../book CHROMIUM=/usr/bin/chromium \
//     CHROMIUM_FLAGS='[...]' node --test figures.test.js
//
// The expected numbers come from the files the build wrote
// (book/figures/NAME.js, computed by the library through
// crates/plot/src/slider.rs), read here directly, not from the page's script:
// the test moves each slider with the keyboard, reads back the curves the
// page drew (the SVG path, mapped back to data through the axes the figure
// declares) and compares them with the library's values.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { THEMES, contrast, sliderData, startBook } from "./book.js";

const OUTPUT = resolve("output");

// Chapter → its interactive figure.
const SLIDERS = [
  ["leaky_relu.html", "leaky_relu-slider"],
  ["prelu.html", "prelu-slider"],
  ["elu.html", "elu-slider"],
  ["silu.html", "silu-slider"],
  ["softplus.html", "softplus-slider"],
  ["softmax.html", "softmax-slider"],
  ["gelu.html", "gelu-slider"],
];

let book;
before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  book = await startBook();
});
after(async () => book?.close());

/// What the figure shows now: the slider's index, each curve's points (or
/// bars' heights, or marker dots) mapped back to data, and the readouts.
async function drawn(figure) {
  return figure.evaluate((container) => {
    const svg = container.querySelector("svg.param-figure-plot");
    const d = Object.fromEntries(Object.entries(svg.dataset).map(([k, v]) => [k, Number(v)]));
    const toX = (px) => d.xMin + ((px - d.left) / d.width) * (d.xMax - d.xMin);
    const toY = (py) => d.yMin + (1 - (py - d.top) / d.height) * (d.yMax - d.yMin);
    const curves = [...svg.querySelectorAll("path.curve")].map((path) =>
      [...path.getAttribute("d").matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map(([, x, y]) => [toX(Number(x)), toY(Number(y))]),
    );
    const bars = [...svg.querySelectorAll("g.bars rect")].map((r) => toY(Number(r.getAttribute("y"))));
    const dots = [...svg.querySelectorAll("circle.dot")].map((c) => [toX(Number(c.getAttribute("cx"))), toY(Number(c.getAttribute("cy")))]);
    const readouts = [...container.querySelectorAll(".param-figure-readouts dd")].map((dd) => dd.textContent);
    // Half a hundredth of a pixel: the path's coordinates have two decimals.
    const tolerance = { x: (0.006 * (d.xMax - d.xMin)) / d.width, y: (0.006 * (d.yMax - d.yMin)) / d.height };
    return { index: Number(container.dataset.index), curves, bars, dots, readouts, tolerance };
  });
}

/// The number a readout shows (“9.796 × 10⁻⁵”, “−0.25”) as a JS number.
function shownNumber(text) {
  const plain = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
  const [mantissa, power] = text.replace(/−/g, "-").split(" × 10");
  const exponent = power ? `e${[...power].map((c) => plain[c]).join("")}` : "";
  return Number(`${mantissa}${exponent}`);
}

function checkAgainstGrid(data, view, name) {
  const i = view.index;
  if (data.kind === "bars") {
    const row = data.series[0].rows[i];
    assert.equal(view.bars.length, row.length, `${name}: one bar per category`);
    row.forEach((p, j) => assert.ok(Math.abs(view.bars[j] - p) <= view.tolerance.y, `${name} at ${data.parameter} = ${data.values[i]}: bar ${j} shows ${view.bars[j]}, the library says ${p}`));
  } else {
    data.series.forEach((s, k) => {
      const row = s.rows.length === 1 ? s.rows[0] : s.rows[i];
      const points = view.curves[k];
      assert.equal(points.length, data.x.length, `${name}: curve ${s.label} has a point per x`);
      const n = data.x.length;
      for (const j of [0, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n - 1]) {
        const [x, y] = points[j];
        assert.ok(Math.abs(x - data.x[j]) <= view.tolerance.x, `${name}: ${s.label} point ${j} is drawn at x = ${x}, not ${data.x[j]}`);
        assert.ok(Math.abs(y - row[j]) <= view.tolerance.y, `${name} at ${data.parameter} = ${data.values[i]}: ${s.label}(${data.x[j]}) is drawn as ${y}, the library says ${row[j]}`);
      }
      if (data.marker) {
        const [x, y] = view.dots[k];
        assert.ok(Math.abs(x - data.values[i]) <= view.tolerance.x && Math.abs(y - row[i]) <= view.tolerance.y, `${name}: the marker of ${s.label} is off`);
      }
    });
  }
  data.readouts.forEach((r, k) => {
    const value = r.values[i];
    const shown = shownNumber(view.readouts[k]);
    // Shown with 4 or 5 significant digits: within half a unit of the last.
    assert.ok(Math.abs(shown - value) <= Math.abs(value) * 5e-4 + 1e-300, `${name}: readout ${r.label} shows ${view.readouts[k]}, the library says ${value}`);
  });
}

describe("each slider redraws the library's values", () => {
  for (const [path, name] of SLIDERS) {
    test(name, async () => {
      const data = sliderData(name);
      const { page, context, problems } = await book.open(path);
      try {
        const figure = page.locator(`.param-figure[data-name="${name}"]`);
        await figure.locator("svg.param-figure-plot").waitFor({ timeout: 10_000 });
        let view = await drawn(figure);
        assert.equal(view.index, data.initial, "the slider starts at its initial value");
        checkAgainstGrid(data, view, name);

        const slider = figure.locator('input[type="range"]');
        const last = data.values.length - 1;
        const steps = Math.max(1, Math.floor(last / 3));
        // Move it as a reader would: to the start, a few steps right, to the end, back left.
        const moves = [["Home", 1, 0], ["ArrowRight", steps, steps], ["End", 1, last], ["ArrowLeft", steps, last - steps]];
        const seen = new Set();
        for (const [key, times, expected] of moves) {
          await slider.focus();
          for (let t = 0; t < times; t++) await slider.press(key);
          view = await drawn(figure);
          assert.equal(view.index, expected, `after ${key} × ${times}`);
          checkAgainstGrid(data, view, name);
          seen.add(JSON.stringify(view.curves.length ? view.curves : view.bars));
        }
        assert.ok(seen.size >= 3 || data.marker, `${name}: moving the slider changes the drawing`);
        await figure.screenshot({ path: join(OUTPUT, `${name}.png`) });
        assert.deepEqual(problems, [], `requests or errors on ${path}`);
      } finally {
        await context.close();
      }
    });
  }

  test("the print page (and so the PDF) has no interactive figure", async () => {
    const { page, context, problems } = await book.open("print.html");
    try {
      await page.emulateMedia({ media: "print" });
      const shown = await page.$$eval(".param-figure", (all) => all.filter((e) => e.getClientRects().length > 0 || e.querySelector("svg")).length);
      assert.equal(shown, 0);
      assert.equal(await page.$$eval(".param-figure", (all) => all.length), SLIDERS.length, "the placeholders are on the print page");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

/// The colours of a screenshot (PNG bytes), read in a page's canvas: the
/// most common one (the background) and how many pixels have at least a
/// given contrast against it.
async function screenshotColours(page, png) {
  return page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = Object.assign(document.createElement("canvas"), { width: img.naturalWidth, height: img.naturalHeight });
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()].map(([key, n]) => [[key >> 16, (key >> 8) & 255, key & 255], n]);
  }, png.toString("base64"));
}

/// Share of the pixels whose contrast with `background` is at least `ratio`.
function shareAtLeast(colours, background, ratio) {
  const total = colours.reduce((s, [, n]) => s + n, 0);
  return colours.filter(([c]) => contrast(c, background) >= ratio).reduce((s, [, n]) => s + n, 0) / total;
}

function mostCommon(colours) {
  return colours.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

const rgb = (css) => css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);

describe("figures are legible in all five themes", () => {
  for (const theme of THEMES) {
    test(theme, async () => {
      const { page, context, problems } = await book.open("softplus.html", { theme });
      try {
        assert.ok(await page.evaluate((t) => document.documentElement.classList.contains(t), theme), `the ${theme} theme was applied`);

        // The static figure: a light card in every theme (the SVG's own
        // white background), its text and axes dark on it.
        const figure = page.locator("figure").first();
        await figure.scrollIntoViewIfNeeded();
        const still = await figure.locator("img").screenshot({ path: join(OUTPUT, `static-figure-${theme}.png`) });
        const stillColours = await screenshotColours(page, still);
        const card = mostCommon(stillColours);
        assert.ok(contrast(card, [255, 255, 255]) < 1.1, `the static figure's card is white in ${theme}, not ${card}`);
        assert.ok(shareAtLeast(stillColours, card, 4.5) > 0.003, `the static figure's text and axes contrast 4.5:1 with its card in ${theme}`);

        // The interactive figure: the page's own background and text.
        const live = page.locator(".param-figure").first();
        await live.locator("svg.param-figure-plot").waitFor({ timeout: 10_000 });
        await live.scrollIntoViewIfNeeded();
        const shot = await live.screenshot({ path: join(OUTPUT, `param-figure-${theme}.png`) });
        const colours = await screenshotColours(page, shot);
        const background = mostCommon(colours);
        const pageBackground = rgb(
          await page.evaluate(() =>
            [document.body, document.documentElement].map((e) => getComputedStyle(e).backgroundColor).find((c) => !/rgba\(.*, 0\)$/.test(c) && c !== "transparent"),
          ),
        );
        assert.ok(contrast(background, pageBackground) < 1.1, `the interactive figure sits on the page's background in ${theme}`);
        assert.ok(shareAtLeast(colours, background, 4.5) > 0.003, `the interactive figure's text contrasts 4.5:1 with its background in ${theme}`);
        const style = await live.evaluate((container) => {
          const colour = (e, p) => getComputedStyle(e)[p];
          return {
            text: colour(container.querySelector("svg text"), "fill"),
            curves: [...container.querySelectorAll("svg.param-figure-plot path.curve")].map((p) => colour(p, "stroke")),
          };
        });
        assert.ok(contrast(rgb(style.text), background) >= 4.5, `tick labels ${style.text} on ${background} in ${theme}`);
        for (const stroke of style.curves) {
          assert.ok(contrast(rgb(stroke), background) >= 3, `curve colour ${stroke} has less than 3:1 against ${background} in ${theme}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
