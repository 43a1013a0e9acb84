export { compareImageSummaries } from "./compare-image-summaries";
export { compareRunImages, describeRun } from "./compare-run-images";
export { readImageSummary } from "./read-image-summary";
export type * from "./types";
