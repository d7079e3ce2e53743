// Interactive figures: a slider over a function's parameter, and the curves
// (or bars) for the selected value, drawn into an inline SVG.
//
// A chapter asks for one with
//   <div class="param-figure" data-name="NAME" data-src="figures/NAME.js"></div>
// beside its static figure. figures/NAME.js holds the data, computed at build
// time by the example program through crates/plot/src/slider.rs: every
// number drawn or shown here is one the library returned; this script only
// selects the row of the slider's value and draws it. No library, no request
// beyond the book's own files. The colours come from theme/figures.css, so
// the figure follows the reader's theme. The print page (print.html, and so
// the PDF) and the EPUB keep only the static figure.
(function () {
  "use strict";

  const NS = "http://www.w3.org/2000/svg";
  const WIDTH = 640;
  const HEIGHT = 380;
  const BOX = { left: 58, right: 18, top: 16, bottom: 40 };

  function element(name, attributes, parent, ns) {
    const e = ns ? document.createElementNS(NS, name) : document.createElement(name);
    for (const [key, value] of Object.entries(attributes ?? {})) e.setAttribute(key, value);
    if (parent) parent.appendChild(e);
    return e;
  }

  // About `count` round tick values between lo and hi (1, 2 or 5 × 10^k apart).
  function ticks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const out = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return out;
  }

  // A number for the reader: 5 significant digits, or 4 and a power of ten
  // when tiny (“9.796 × 10⁻⁵”), with a real minus sign.
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  function shown(value) {
    let text = String(Number(value.toPrecision(5)));
    if (value !== 0 && Math.abs(value) < 1e-3) {
      const [mantissa, exponent] = value.toExponential(3).split("e");
      text = `${mantissa} × 10${[...exponent.replace("+", "")].map((c) => SUPERSCRIPT[c]).join("")}`;
    }
    return text.replace(/^-/, "−");
  }

  // Tick labels: as short as the step allows.
  function tickLabel(value) {
    return String(Number(value.toPrecision(4))).replace("-", "−");
  }

  function draw(container, data) {
    container.textContent = "";
    const kind = data.kind;
    const n = data.values.length;
    element("p", { class: "param-figure-title" }, container).textContent = data.title;

    const svg = element("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": data.title, class: "param-figure-plot" }, container, true);
    const plot = { x: BOX.left, y: BOX.top, w: WIDTH - BOX.left - BOX.right, h: HEIGHT - BOX.top - BOX.bottom };
    const [yLo, yHi] = data.yRange;
    const xLo = kind === "bars" ? 0 : data.x[0];
    const xHi = kind === "bars" ? data.categories.length : data.x[data.x.length - 1];
    // The mapping from data to the drawing, for anyone who reads the figure back (the browser tests).
    Object.assign(svg.dataset, { xMin: xLo, xMax: xHi, yMin: yLo, yMax: yHi, left: plot.x, top: plot.y, width: plot.w, height: plot.h });
    const X = (x) => plot.x + ((x - xLo) / (xHi - xLo)) * plot.w;
    const Y = (y) => plot.y + (1 - (y - yLo) / (yHi - yLo)) * plot.h;

    const grid = element("g", { class: "grid" }, svg, true);
    const labels = element("g", { class: "tick" }, svg, true);
    for (const t of ticks(yLo, yHi, 6)) {
      element("line", { x1: plot.x, x2: plot.x + plot.w, y1: Y(t), y2: Y(t) }, grid, true);
      element("text", { x: plot.x - 6, y: Y(t) + 4, "text-anchor": "end" }, labels, true).textContent = tickLabel(t);
    }
    if (kind === "bars") {
      data.categories.forEach((c, i) => {
        element("text", { x: X(i + 0.5), y: plot.y + plot.h + 18, "text-anchor": "middle" }, labels, true).textContent = c;
      });
    } else {
      for (const t of ticks(xLo, xHi, 10)) {
        element("line", { x1: X(t), x2: X(t), y1: plot.y, y2: plot.y + plot.h }, grid, true);
        element("text", { x: X(t), y: plot.y + plot.h + 18, "text-anchor": "middle" }, labels, true).textContent = tickLabel(t);
      }
      element("text", { x: plot.x + plot.w, y: HEIGHT - 4, "text-anchor": "end" }, labels, true).textContent = "x";
    }
    element("rect", { class: "frame", x: plot.x, y: plot.y, width: plot.w, height: plot.h }, svg, true);
    if (yLo < 0 && yHi > 0) element("line", { class: "zero", x1: plot.x, x2: plot.x + plot.w, y1: Y(0), y2: Y(0) }, svg, true);

    const shapes = data.series.map((s, i) => {
      if (kind === "bars") {
        const g = element("g", { class: `bars c${i}`, "data-series": i }, svg, true);
        return { g, bars: data.categories.map(() => ({ rect: element("rect", {}, g, true), text: element("text", { "text-anchor": "middle", class: "bar-value" }, g, true) })) };
      }
      return { path: element("path", { class: `curve c${i}${s.dashed ? " dashed" : ""}`, "data-series": i, fill: "none" }, svg, true) };
    });
    const marker = data.marker ? element("line", { class: "marker", y1: plot.y, y2: plot.y + plot.h }, svg, true) : null;
    const dots = data.marker ? data.series.map((_, i) => element("circle", { class: `dot c${i}`, r: 4 }, svg, true)) : [];

    // The legend and the slider, below the plot.
    if (kind !== "bars") {
      const legend = element("ul", { class: "param-figure-legend" }, container);
      data.series.forEach((s, i) => {
        const item = element("li", {}, legend);
        const key = element("svg", { width: 28, height: 10, "aria-hidden": "true" }, item, true);
        element("line", { class: `curve c${i}${s.dashed ? " dashed" : ""}`, x1: 1, x2: 27, y1: 5, y2: 5 }, key, true);
        item.append(s.label);
      });
    }
    const control = element("label", { class: "param-figure-control" }, container);
    const name = element("span", {}, control);
    name.textContent = data.parameter;
    const slider = element("input", { type: "range", min: 0, max: n - 1, step: 1, value: data.initial, "aria-label": data.parameter }, control);
    const value = element("output", {}, control);
    const readouts = element("dl", { class: "param-figure-readouts" }, container);
    const outputs = data.readouts.map((r) => {
      element("dt", {}, readouts).textContent = r.label;
      return element("dd", {}, readouts);
    });

    function select(index) {
      const p = data.values[index];
      container.dataset.index = index;
      container.dataset.value = p;
      value.textContent = `${data.parameter} = ${shown(p)}`;
      data.series.forEach((s, i) => {
        const row = s.rows.length === 1 ? s.rows[0] : s.rows[index];
        if (kind === "bars") {
          const w = plot.w / data.categories.length;
          row.forEach((v, j) => {
            const { rect, text } = shapes[i].bars[j];
            Object.entries({ x: plot.x + w * (j + 0.2), width: w * 0.6, y: Y(v), height: Y(0) - Y(v), "data-value": v }).forEach(([k, a]) => rect.setAttribute(k, a));
            text.setAttribute("x", plot.x + w * (j + 0.5));
            text.setAttribute("y", Y(v) - 6);
            text.textContent = v.toFixed(4);
          });
        } else {
          const d = row.map((y, j) => `${j ? "L" : "M"}${X(data.x[j]).toFixed(2)},${Y(y).toFixed(2)}`).join("");
          shapes[i].path.setAttribute("d", d);
          if (data.marker) {
            dots[i].setAttribute("cx", X(p).toFixed(2));
            dots[i].setAttribute("cy", Y(row[index]).toFixed(2));
          }
        }
      });
      if (marker) {
        marker.setAttribute("x1", X(p).toFixed(2));
        marker.setAttribute("x2", X(p).toFixed(2));
      }
      data.readouts.forEach((r, i) => {
        outputs[i].textContent = shown(r.values[index]);
        outputs[i].dataset.value = r.values[index];
      });
    }
    slider.addEventListener("input", () => select(Number(slider.value)));
    select(data.initial);
    container.classList.add("ready");
  }

  function start() {
    // The print page becomes the PDF, which keeps only the static figures.
    if (location.pathname.endsWith("/print.html")) return;
    for (const container of document.querySelectorAll(".param-figure[data-src][data-name]")) {
      const name = container.dataset.name;
      const ready = () => draw(container, window.PARAM_FIGURES[name]);
      if (window.PARAM_FIGURES?.[name]) {
        ready();
        continue;
      }
      const script = document.createElement("script");
      script.src = container.dataset.src;
      script.onload = ready;
      document.head.appendChild(script);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
