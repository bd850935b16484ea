import { useId } from 'react';

export interface PlotPoint {
  at: number;
  value: number | null;
}

interface MetricPlotProps {
  label: string;
  points: PlotPoint[];
  /** The plot spans [now - windowMs, now]; values are percentages (0-100). */
  now: number;
  windowMs: number;
}

const W = 300;
const H = 80;

/** Polylines for runs of known values; a missing sample breaks the line instead of inventing one. */
export function plotPaths(points: PlotPoint[], now: number, windowMs: number): string[] {
  const paths: string[] = [];
  let run: string[] = [];
  // A lone point is drawn as a zero-length segment, which the round line cap turns into a dot.
  const flush = () => {
    if (run.length === 1) run.push(run[0]!);
    if (run.length > 0) paths.push(run.join(' '));
    run = [];
  };
  for (const p of points) {
    if (p.value === null || p.at < now - windowMs) {
      flush();
      continue;
    }
    const x = ((p.at - (now - windowMs)) / windowMs) * W;
    const y = H - (Math.min(100, Math.max(0, p.value)) / 100) * H;
    run.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  flush();
  return paths;
}

/** A live percentage plot drawn as SVG; its size never changes as samples arrive. */
export function MetricPlot({ label, points, now, windowMs }: MetricPlotProps) {
  const titleId = useId();
  const known = points.filter((p): p is { at: number; value: number } => p.value !== null);
  const latest = known.at(-1)?.value ?? null;
  const values = known.map((p) => p.value);
  const summary =
    known.length === 0
      ? `${label}: no samples in the last ${windowMs / 60_000} minutes`
      : `${label}: ${latest?.toFixed(0)} % now; over the last ${windowMs / 60_000} minutes between ${Math.min(...values).toFixed(0)} % and ${Math.max(...values).toFixed(0)} %`;
  return (
    <figure className="plot">
      <figcaption className="plot-caption">
        <span>{label}</span>
        <span className="plot-value">{latest === null ? '–' : `${latest.toFixed(0)} %`}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-labelledby={titleId}>
        <title id={titleId}>{summary}</title>
        {[25, 50, 75].map((pct) => (
          <line
            key={pct}
            className="plot-grid"
            x1={0}
            x2={W}
            y1={H - (pct / 100) * H}
            y2={H - (pct / 100) * H}
          />
        ))}
        {plotPaths(points, now, windowMs).map((d) => (
          <polyline key={d} className="plot-line" points={d} vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      <div className="plot-axis" aria-hidden="true">
        <span>−{windowMs / 60_000} min</span>
        <span>now</span>
      </div>
    </figure>
  );
}
