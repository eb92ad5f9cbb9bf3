// Inline SVG charts for the HTML report, drawn at report time: no script, no network, colours from CSS classes.
import type { MinuteCount } from "../model/cluster.js";
import type { SeverityMinute } from "../model/report.js";
import { SEVERITIES, type Severity } from "../model/severity.js";
import { escapeHtml } from "./escape.js";

/** More bars than this and a chart stops being readable at 1280 px; minutes are grouped into wider buckets. */
const MAX_BUCKETS = 180;

export interface TimeSpan {
  readonly startMs: number;
  readonly endMs: number;
}

export interface Marker {
  readonly atMs: number;
  readonly label: string;
}

/** Rows of revision labels at the top of the timeline, and the room one label takes (10 px text). */
const LABEL_ROWS = [0, 1] as const;
const LABEL_GAP = 8;
const labelWidth = (label: string): number => 3 + label.length * 6;

/** Bucket width in minutes so that the span fits in MAX_BUCKETS bars. */
export function bucketMinutes(span: TimeSpan, maxBuckets = MAX_BUCKETS): number {
  const minutes = Math.max(1, Math.ceil((span.endMs - span.startMs) / 60_000) + 1);
  const candidates = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
  return candidates.find((c) => minutes / c <= maxBuckets) ?? Math.ceil(minutes / maxBuckets);
}

function minuteMs(minute: string): number {
  return Date.parse(minute.endsWith("Z") ? minute : `${minute}Z`);
}

function bucketIndex(ms: number, span: TimeSpan, widthMinutes: number): number {
  return Math.floor((ms - floorMinute(span.startMs)) / (widthMinutes * 60_000));
}

function floorMinute(ms: number): number {
  return ms - (ms % 60_000);
}

function formatUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** Stacked bars of kept entries per bucket by severity, with revision markers. */
export function timelineSvg(minutes: readonly SeverityMinute[], span: TimeSpan, markers: readonly Marker[] = []): string {
  const width = 1200;
  const height = 220;
  const pad = { left: 48, right: 12, top: 12, bottom: 36 };
  const widthMinutes = bucketMinutes(span);
  const buckets = Math.max(1, bucketIndex(span.endMs, span, widthMinutes) + 1);
  const stacks: Partial<Record<Severity, number>>[] = Array.from({ length: buckets }, () => ({}));
  for (const minute of minutes) {
    const index = bucketIndex(minuteMs(minute.minute), span, widthMinutes);
    const stack = stacks[index];
    if (!stack) continue;
    for (const [severity, count] of Object.entries(minute.bySeverity) as [Severity, number][]) {
      stack[severity] = (stack[severity] ?? 0) + count;
    }
  }
  const totals = stacks.map((s) => Object.values(s).reduce((a, b) => a + (b ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const barW = plotW / buckets;
  const bars: string[] = [];
  stacks.forEach((stack, i) => {
    let y = pad.top + plotH;
    for (const severity of SEVERITIES) {
      const count = stack[severity];
      if (!count) continue;
      const h = (count / max) * plotH;
      y -= h;
      const start = floorMinute(span.startMs) + i * widthMinutes * 60_000;
      bars.push(
        `<rect class="sev-${severity.toLowerCase()}" x="${(pad.left + i * barW).toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(1, barW - 1).toFixed(2)}" height="${h.toFixed(2)}"><title>${escapeHtml(`${formatUtc(start)} UTC: ${count} ${severity}`)}</title></rect>`,
      );
    }
  });
  // Labels that would overlap the one before are left out (the line keeps its tooltip): over 12 days
  // dozens of rollouts would otherwise pile into unreadable text. Two rows double the room.
  const labelled: number[] = [];
  const markerLines = markers
    .filter((m) => m.atMs >= span.startMs && m.atMs <= span.endMs)
    .sort((a, b) => a.atMs - b.atMs)
    .map((m) => {
      const x = pad.left + ((m.atMs - floorMinute(span.startMs)) / (widthMinutes * 60_000)) * barW;
      const line = `<line class="marker" x1="${x.toFixed(2)}" x2="${x.toFixed(2)}" y1="${pad.top}" y2="${pad.top + plotH}"><title>${escapeHtml(m.label)}</title></line>`;
      // near the right edge a label is drawn to the left of its line
      const w = labelWidth(m.label);
      const flipped = x + w > width - pad.right;
      const from = flipped ? x - w : x;
      const row = LABEL_ROWS.findIndex((_, r) => (labelled[r] ?? Number.NEGATIVE_INFINITY) <= from && from >= 0);
      if (row < 0) return line;
      labelled[row] = from + w + LABEL_GAP;
      const at = flipped ? `x="${(x - 3).toFixed(2)}" text-anchor="end"` : `x="${(x + 3).toFixed(2)}"`;
      return `${line}<text class="marker-label" ${at} y="${pad.top + 10 + row * 12}">${escapeHtml(m.label)}</text>`;
    });
  const axis = [
    `<line class="axis" x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotH}" y2="${pad.top + plotH}"/>`,
    `<text class="tick" x="${pad.left - 6}" y="${pad.top + 10}" text-anchor="end">${max}</text>`,
    `<text class="tick" x="${pad.left - 6}" y="${pad.top + plotH}" text-anchor="end">0</text>`,
    `<text class="tick" x="${pad.left}" y="${height - 12}">${escapeHtml(formatUtc(span.startMs))} UTC</text>`,
    `<text class="tick" x="${width - pad.right}" y="${height - 12}" text-anchor="end">${escapeHtml(formatUtc(span.endMs))} UTC</text>`,
    `<text class="tick" x="${width / 2}" y="${height - 12}" text-anchor="middle">entries per ${widthMinutes === 1 ? "minute" : `${widthMinutes} minutes`}</text>`,
  ];
  return `<svg class="chart timeline" viewBox="0 0 ${width} ${height}" role="img" aria-label="Kept entries over time by severity" preserveAspectRatio="none">${axis.join("")}${bars.join("")}${markerLines.join("")}</svg>`;
}

/** A cluster's occurrences over `span` (its own first to last seen) as a small area chart, scaled to its own peak. */
export function sparklineSvg(perMinute: readonly MinuteCount[], span: TimeSpan, markers: readonly Marker[] = []): string {
  const width = 160;
  const height = 28;
  const widthMinutes = bucketMinutes(span, 60);
  const buckets = Math.max(1, bucketIndex(span.endMs, span, widthMinutes) + 1);
  const counts = new Array<number>(buckets).fill(0);
  for (const point of perMinute) {
    const index = bucketIndex(minuteMs(point.minute), span, widthMinutes);
    if (index >= 0 && index < buckets) counts[index] = (counts[index] ?? 0) + point.count;
  }
  const max = Math.max(1, ...counts);
  const step = buckets > 1 ? width / (buckets - 1) : width;
  const points = counts.map((c, i) => `${(i * step).toFixed(1)},${(height - 2 - (c / max) * (height - 4)).toFixed(1)}`);
  const area = `0,${height} ${points.join(" ")} ${((buckets - 1) * step).toFixed(1)},${height}`;
  const marks = markers
    .filter((m) => m.atMs >= span.startMs && m.atMs <= span.endMs)
    .map((m) => {
      const x = ((m.atMs - floorMinute(span.startMs)) / (widthMinutes * 60_000)) * step;
      return `<line class="marker" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="0" y2="${height}"><title>${escapeHtml(m.label)}</title></line>`;
    });
  const peak = Math.max(...counts);
  return `<svg class="chart sparkline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`occurrences from first to last seen, peak ${peak} per ${widthMinutes === 1 ? "minute" : `${widthMinutes} minutes`}`)}"><polygon class="spark-area" points="${area}"/><polyline class="spark-line" points="${points.join(" ")}"/>${marks.join("")}</svg>`;
}
