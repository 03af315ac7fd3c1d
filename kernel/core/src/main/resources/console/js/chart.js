// A small wrapper around uPlot: one time or category axis, one or more series, resized with its box.
import uPlot from '../vendor/uplot.js';
import { html, useEffect, useRef } from './ui.js';

const COLORS = ['#1f4f8f', '#2f9e6b', '#d08a1c', '#b3261e', '#7b4fbf'];

/**
 * @param x       x values: unix seconds (time) or 0..n-1 (categories)
 * @param series  [{label, values, axis: 'left'|'right'}]
 * @param categories labels for a category x axis, or undefined for time
 */
export function Chart({ x, series, categories, label }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    const hasRight = series.some((s) => s.axis === 'right');
    const opts = {
      width: Math.max(200, el.clientWidth),
      height: 240,
      scales: { x: { time: !categories }, y: { auto: true }, y2: { auto: true } },
      axes: [
        categories ? { values: (u, splits) => splits.map((v) => categories[v] ?? ''), space: 60 } : {},
        { scale: 'y', size: 60 },
        ...(hasRight ? [{ scale: 'y2', side: 1, size: 60, grid: { show: false } }] : []),
      ],
      series: [{}, ...series.map((s, i) => ({
        label: s.label, scale: s.axis === 'right' ? 'y2' : 'y', stroke: COLORS[i % COLORS.length],
        width: 2, fill: categories ? COLORS[i % COLORS.length] + '55' : undefined,
        paths: categories ? uPlot.paths.bars({ size: [0.6, 60] }) : undefined,
        points: { show: x.length < 60 },
      }))],
      legend: { live: false },
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 240 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, categories]);
  return html`<div class="chart" ref=${box} role="img" aria-label=${label}></div>`;
}
