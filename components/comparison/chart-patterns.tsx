import type { ReactNode } from "react";
import type { PatternKind } from "./series-styles";

export interface PatternFill {
  /** Document-wide id, used as `fill="url(#id)"`. */
  id: string;
  color: string;
  kind: PatternKind;
}

const SIZE = 8;

/** Returns the colour of the pattern marks on `color`: white on dark colours, black on light ones. */
function inkFor(color: string): string {
  const hex = color.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((offset) => parseInt(hex.slice(offset, offset + 2), 16) / 255);
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance < 0.25 ? "#ffffff" : "#000000";
}

function marks(kind: PatternKind, ink: string): ReactNode {
  const line = { stroke: ink, strokeWidth: 1.5, strokeOpacity: 0.6, fill: "none" } as const;
  switch (kind) {
    case "solid":
      return null;
    case "stripes":
      return <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" {...line} />;
    case "back-stripes":
      return <path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" {...line} />;
    case "cross":
      return <path d="M0,8 l8,-8 M0,0 l8,8" {...line} />;
    case "dots":
      return <circle cx={SIZE / 2} cy={SIZE / 2} r={1.6} fill={ink} fillOpacity={0.6} />;
    case "horizontal":
      return <path d="M0,4 h8" {...line} />;
    case "vertical":
      return <path d="M4,0 v8" {...line} />;
    case "grid":
      return <path d="M0,4 h8 M4,0 v8" {...line} />;
  }
}

/**
 * Defines fill patterns (a colour with hatching, dots or a grid over it) in a zero-size SVG. Charts
 * and legend swatches in the same document fill with `url(#id)`, so that bars stay apart when the
 * page is printed in black and white or read without telling the colours apart.
 */
export function ChartPatterns({ fills }: { fills: PatternFill[] }) {
  return (
    <svg aria-hidden="true" focusable="false" width="0" height="0" className="absolute">
      <defs>
        {fills.map((fill) => (
          <pattern key={fill.id} id={fill.id} patternUnits="userSpaceOnUse" width={SIZE} height={SIZE}>
            <rect width={SIZE} height={SIZE} fill={fill.color} />
            {marks(fill.kind, inkFor(fill.color))}
          </pattern>
        ))}
      </defs>
    </svg>
  );
}
