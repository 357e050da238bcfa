/** One bar of a chart: a label, a value, and whether it is ours (drawn in the accent colour). */
export interface Bar {
  label: string;
  value: number;
  ours?: boolean;
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * A horizontal bar chart as a self-contained SVG string (no fonts or scripts loaded from anywhere):
 * one row per bar, the value printed at the bar's end with `format`.
 */
export function barChart(title: string, bars: Bar[], format: (v: number) => string): string {
  const rowHeight = 28;
  const labelWidth = 260;
  const chartWidth = 360;
  const top = 34;
  const height = top + bars.length * rowHeight + 8;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rows = bars.map((b, i) => {
    const y = top + i * rowHeight;
    const w = Math.max(1, Math.round((b.value / max) * chartWidth));
    const fill = b.ours ? '#3451b2' : '#9ca3af';
    return [
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeXml(b.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" fill="${fill}"/>`,
      `<text x="${labelWidth + w + 6}" y="${y + 17}">${escapeXml(format(b.value))}</text>`,
    ].join('');
  });
  const width = labelWidth + chartWidth + 120;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="13" fill="currentColor">`,
    `<text x="0" y="18" font-weight="600" font-size="14">${escapeXml(title)}</text>`,
    ...rows,
    '</svg>',
  ].join('');
}
