interface SegmentLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  value?: unknown;
}

// Segments narrower than this get no label, because the text would spill over their neighbours.
const MIN_LABEL_WIDTH = 40;

/** Writes a bar segment's value in seconds on the segment, with a white halo so it reads on any fill. */
export function SegmentLabel({ x, y, width, height, value }: SegmentLabelProps) {
  const numericWidth = Number(width ?? 0);
  if (typeof value !== "number" || numericWidth < MIN_LABEL_WIDTH) return null;

  return (
    <text
      x={Number(x) + numericWidth / 2}
      y={Number(y) + Number(height) / 2}
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={11}
      fontWeight={600}
      fill="#0f172a"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    >
      {value.toFixed(2)}
    </text>
  );
}
