import type { Measure } from "@/lib/stats/types";
import { PHASE_LABELS } from "../phase-colors";

/** Names a measure as the user reads it: "Run total" or a phase's label. */
export function measureLabel(measure: Measure): string {
  return measure === "total" ? "Run total" : PHASE_LABELS[measure];
}
