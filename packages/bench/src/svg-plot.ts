/**
 * The latency plot: p50 and p99 submit→final latency against offered load, one colour per
 * scenario or peer (p99 solid, p50 dashed), written as a self-contained SVG. Latency is on a
 * logarithmic axis because the ledger's hundreds of milliseconds and a database's few
 * milliseconds must both be readable; the p99 limit of the sweep is drawn as a line.
 */

export interface PlotPoint {
  readonly offeredTps: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface PlotSeries {
  readonly name: string;
  readonly points: readonly PlotPoint[];
}

export interface PlotOptions {
  readonly title: string;
  readonly p99LimitMs?: number;
  readonly width?: number;
  readonly height?: number;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];
const MARGIN = { left: 70, right: 190, top: 40, bottom: 50 };

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const fmt = (value: number) => (Math.round(value * 10) / 10).toString();

/** A round axis maximum at or above `value`: 1, 2 or 5 × a power of ten. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function renderLatencyPlot(series: readonly PlotSeries[], options: PlotOptions): string {
  const width = options.width ?? 860;
  const height = options.height ?? 480;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const valid = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;
  const latencies = series.flatMap((s) =>
    s.points.flatMap((p) => [p.p50Ms, p.p99Ms].filter(valid)),
  );
  if (options.p99LimitMs !== undefined) latencies.push(options.p99LimitMs);
  const xMax = niceCeiling(
    Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.offeredTps))),
  );
  const decadeLow = Math.floor(Math.log10(Math.max(0.1, Math.min(1, ...latencies))));
  const decadeHigh = Math.max(decadeLow + 1, Math.ceil(Math.log10(Math.max(10, ...latencies))));
  const x = (tps: number) => MARGIN.left + (tps / xMax) * plotW;
  const y = (ms: number) =>
    MARGIN.top + plotH - ((Math.log10(ms) - decadeLow) / (decadeHigh - decadeLow)) * plotH;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15">${escapeXml(options.title)}</text>`,
  );
  // Axes, grid and ticks.
  parts.push(`<g stroke="#cccccc" stroke-width="1">`);
  for (let d = decadeLow; d <= decadeHigh; d++) {
    const yy = fmt(y(10 ** d));
    parts.push(`<line x1="${MARGIN.left}" y1="${yy}" x2="${MARGIN.left + plotW}" y2="${yy}"/>`);
  }
  for (let i = 0; i <= 5; i++) {
    const xx = fmt(x((xMax * i) / 5));
    parts.push(`<line x1="${xx}" y1="${MARGIN.top}" x2="${xx}" y2="${MARGIN.top + plotH}"/>`);
  }
  parts.push(`</g>`);
  parts.push(`<g fill="#333333">`);
  for (let d = decadeLow; d <= decadeHigh; d++) {
    const label = 10 ** d >= 1000 ? `${10 ** (d - 3)} s` : `${10 ** d} ms`;
    parts.push(
      `<text x="${MARGIN.left - 8}" y="${fmt(y(10 ** d) + 4)}" text-anchor="end">${escapeXml(label)}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const value = Math.round((xMax * i) / 5);
    parts.push(
      `<text x="${fmt(x(value))}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${value}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 10}" text-anchor="middle">offered load (payments/s)</text>`,
    `<text x="16" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">submit → final latency (log scale)</text>`,
    `</g>`,
  );
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333333"/>`,
  );
  if (options.p99LimitMs !== undefined) {
    const yy = fmt(y(options.p99LimitMs));
    parts.push(
      `<line x1="${MARGIN.left}" y1="${yy}" x2="${MARGIN.left + plotW}" y2="${yy}" stroke="#999999" stroke-dasharray="2 4"/>`,
      `<text x="${MARGIN.left + plotW - 4}" y="${fmt(y(options.p99LimitMs) - 4)}" text-anchor="end" fill="#666666">p99 limit</text>`,
    );
  }
  // Series.
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = [...s.points].sort((a, b) => a.offeredTps - b.offeredTps);
    parts.push(`<g data-series="${escapeXml(s.name)}" stroke="${colour}" fill="${colour}">`);
    for (const [key, dash] of [
      ["p99Ms", ""],
      ["p50Ms", ` stroke-dasharray="6 4"`],
    ] as const) {
      const drawn = points.filter((p) => valid(p[key]));
      if (drawn.length >= 2) {
        const path = drawn.map((p) => `${fmt(x(p.offeredTps))},${fmt(y(p[key]!))}`).join(" ");
        parts.push(`<polyline points="${path}" fill="none" stroke-width="2"${dash}/>`);
      }
      for (const p of drawn) {
        parts.push(
          `<circle cx="${fmt(x(p.offeredTps))}" cy="${fmt(y(p[key]!))}" r="${key === "p99Ms" ? 3.5 : 2.5}" data-offered="${p.offeredTps}" data-${key === "p99Ms" ? "p99" : "p50"}="${fmt(p[key]!)}"/>`,
        );
      }
    }
    parts.push(`</g>`);
    const ly = MARGIN.top + 10 + i * 20;
    const lx = MARGIN.left + plotW + 16;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  const ly = MARGIN.top + 20 + series.length * 20;
  const lx = MARGIN.left + plotW + 16;
  parts.push(`<text x="${lx}" y="${ly}" fill="#555555">solid: p99, dashed: p50</text>`, `</svg>`);
  return parts.join("\n") + "\n";
}
