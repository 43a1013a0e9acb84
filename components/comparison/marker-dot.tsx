import type { MarkerShape } from "./series-styles";

interface MarkerDotProps {
  cx?: number;
  cy?: number;
  shape: MarkerShape;
  color: string;
  size?: number;
}

/** Draws one point of a line chart as a shape of its own, so that lines stay apart without colour. */
export function MarkerDot({ cx, cy, shape, color, size = 5 }: MarkerDotProps) {
  if (cx === undefined || cy === undefined || Number.isNaN(cx) || Number.isNaN(cy)) return null;
  const common = { fill: color, stroke: "#ffffff", strokeWidth: 1.5 };
  const s = size;

  switch (shape) {
    case "circle":
      return <circle cx={cx} cy={cy} r={s} {...common} />;
    case "square":
      return <rect x={cx - s} y={cy - s} width={s * 2} height={s * 2} {...common} />;
    case "triangle":
      return <path d={`M${cx},${cy - s * 1.2} L${cx + s * 1.1},${cy + s * 0.9} L${cx - s * 1.1},${cy + s * 0.9} Z`} {...common} />;
    case "diamond":
      return <path d={`M${cx},${cy - s * 1.3} L${cx + s * 1.3},${cy} L${cx},${cy + s * 1.3} L${cx - s * 1.3},${cy} Z`} {...common} />;
    case "cross":
      return <path d={`M${cx - s},${cy - s} L${cx + s},${cy + s} M${cx - s},${cy + s} L${cx + s},${cy - s}`} stroke={color} strokeWidth={2.5} />;
    case "star":
      return <path d={`M${cx},${cy - s * 1.3} L${cx},${cy + s * 1.3} M${cx - s * 1.3},${cy} L${cx + s * 1.3},${cy} M${cx - s},${cy - s} L${cx + s},${cy + s} M${cx - s},${cy + s} L${cx + s},${cy - s}`} stroke={color} strokeWidth={2} />;
    case "wye":
      return <path d={`M${cx},${cy} L${cx},${cy + s * 1.3} M${cx},${cy} L${cx - s * 1.1},${cy - s * 0.8} M${cx},${cy} L${cx + s * 1.1},${cy - s * 0.8}`} stroke={color} strokeWidth={2.5} />;
  }
}
