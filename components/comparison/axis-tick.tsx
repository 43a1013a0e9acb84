interface AxisTickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

/**
 * Writes a category axis label on one line, right-aligned against the axis. Recharts wraps long
 * labels at spaces, and two-line labels overlap on tightly packed rows, so callers shorten the
 * labels instead.
 */
export function AxisTick({ x, y, payload }: AxisTickProps) {
  return (
    <text x={Number(x) - 4} y={Number(y)} textAnchor="end" dominantBaseline="central" fontSize={10} fill="#0f172a">
      {String(payload?.value ?? "")}
    </text>
  );
}
