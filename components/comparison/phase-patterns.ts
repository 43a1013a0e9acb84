import type { PhaseName } from "@/lib/strategies/types";
import type { PatternKind } from "./series-styles";

/**
 * A fill pattern per phase, drawn over the phase colours of components/phase-colors.ts, so that the
 * phases of a stacked bar stay apart when printed in black and white.
 */
export const PHASE_PATTERNS: Record<PhaseName, PatternKind> = {
  prepare: "stripes",
  base: "dots",
  context: "horizontal",
  build: "solid",
  push: "cross",
  cleanup: "back-stripes",
};
