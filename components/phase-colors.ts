import type { PhaseName } from "@/lib/strategies/types";

/**
 * One colour per phase from the Okabe-Ito palette, which stays distinct under the common
 * colour-vision deficiencies. The same values are in app/globals.css as --color-phase-*.
 */
export const PHASE_COLORS: Record<PhaseName, string> = {
  prepare: "#e69f00",
  base: "#56b4e9",
  context: "#009e73",
  build: "#0072b2",
  push: "#d55e00",
  cleanup: "#cc79a7",
};

/** Phase names as the user reads them. */
export const PHASE_LABELS: Record<PhaseName, string> = {
  prepare: "Prepare",
  base: "Base image",
  context: "Context",
  build: "Build",
  push: "Push",
  cleanup: "Cleanup",
};
