/** The pattern drawn over a bar's colour, so that series stay apart in black and white. */
export type PatternKind = "solid" | "stripes" | "dots" | "cross" | "back-stripes" | "horizontal" | "vertical" | "grid";

/** The marker drawn on each point of a line, for the same reason. */
export type MarkerShape = "circle" | "square" | "triangle" | "diamond" | "cross" | "star" | "wye";

export interface SeriesStyle {
  color: string;
  pattern: PatternKind;
  /** SVG stroke-dasharray of a line; an empty string draws it solid. */
  dash: string;
  marker: MarkerShape;
}

/**
 * One style per series: colours from the Okabe-Ito palette (Okabe and Ito, "Color Universal Design",
 * 2008), which stays distinct under the common colour-vision deficiencies, each paired with its own
 * fill pattern, dash and marker so that colour is never the only cue. Yellow comes last because it
 * has the least contrast on white.
 */
export const SERIES_STYLES: readonly SeriesStyle[] = [
  { color: "#0072b2", pattern: "solid", dash: "", marker: "circle" },
  { color: "#d55e00", pattern: "stripes", dash: "8 4", marker: "square" },
  { color: "#009e73", pattern: "dots", dash: "2 3", marker: "triangle" },
  { color: "#cc79a7", pattern: "cross", dash: "10 3 2 3", marker: "diamond" },
  { color: "#e69f00", pattern: "back-stripes", dash: "4 4", marker: "cross" },
  { color: "#56b4e9", pattern: "horizontal", dash: "12 4 2 4 2 4", marker: "star" },
  { color: "#000000", pattern: "vertical", dash: "1 3", marker: "wye" },
  { color: "#f0e442", pattern: "grid", dash: "6 2", marker: "circle" },
];

/** Returns the style of the series at `index`, starting over after the last one. */
export function seriesStyleAt(index: number): SeriesStyle {
  return SERIES_STYLES[((index % SERIES_STYLES.length) + SERIES_STYLES.length) % SERIES_STYLES.length];
}
