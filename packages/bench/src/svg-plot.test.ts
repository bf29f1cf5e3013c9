// Goal: the plot is a well-formed, self-contained SVG that draws every measured point of every
// series at its place, and skips what was not measured. Method: render, check the XML nesting
// with a small tag checker, and read the points back from their data attributes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { niceCeiling, renderLatencyPlot, type PlotSeries } from "./svg-plot.ts";

/** Throws unless every tag closes in order and attributes are quoted: enough for our output. */
function checkWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    assert.ok(!/[<>]/.test(between), `stray markup near: ${between.slice(0, 60)}`);
    assert.ok(!/&(?!amp;|lt;|gt;|quot;)/.test(between), "unescaped &");
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing === "/") assert.equal(stack.pop(), name, `</${name}> closes another tag`);
    else if (selfClosing !== "/") stack.push(name!);
  }
  assert.ok(!/[<>]/.test(xml.slice(last)), "markup after the last tag");
  assert.deepEqual(stack, [], "unclosed tags");
}

const series: PlotSeries[] = [
  {
    name: "4-validators",
    points: [
      { offeredTps: 250, p50Ms: 240, p99Ms: 420 },
      { offeredTps: 1000, p50Ms: 900, p99Ms: 2600 },
      { offeredTps: 2000, p50Ms: null, p99Ms: null },
    ],
  },
  {
    name: "postgresql <&> peer",
    points: [
      { offeredTps: 250, p50Ms: 4, p99Ms: 21 },
      { offeredTps: 1000, p50Ms: 6, p99Ms: 35.5 },
    ],
  },
];

test("renders well-formed SVG with a circle per measured point", () => {
  const svg = renderLatencyPlot(series, { title: "latency & load", p99LimitMs: 2000 });
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  checkWellFormed(svg);
  const p99 = [...svg.matchAll(/data-offered="(\d+)" data-p99="([\d.]+)"/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
  assert.deepEqual(p99, [
    [250, 420],
    [1000, 2600],
    [250, 21],
    [1000, 35.5],
  ]);
  assert.equal([...svg.matchAll(/data-p50=/g)].length, 4);
  assert.match(svg, /postgresql &lt;&amp;&gt; peer/);
  assert.equal([...svg.matchAll(/<polyline /g)].length, 4);
});

test("a faster point is drawn lower, a higher load further right", () => {
  const svg = renderLatencyPlot(series, { title: "t" });
  const circles = [
    ...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*data-offered="(\d+)" data-p99/g),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), offered: Number(m[3]) }));
  const [ledger250, ledger1000, pg250] = circles;
  assert.ok(ledger1000!.x > ledger250!.x);
  assert.equal(pg250!.x, ledger250!.x);
  assert.ok(pg250!.y > ledger250!.y, "21 ms sits below 420 ms");
});

test("no points still renders a valid, empty plot", () => {
  checkWellFormed(renderLatencyPlot([], { title: "empty" }));
});

test("axis maxima are round", () => {
  assert.equal(niceCeiling(1800), 2000);
  assert.equal(niceCeiling(4000), 5000);
  assert.equal(niceCeiling(10_000), 10_000);
  assert.equal(niceCeiling(0), 1);
});
