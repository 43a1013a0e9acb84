import { compareConfigs } from "./compare-configs";
import { compareFiles } from "./compare-files";
import type { CompareOptions, ImageDifference, ImageSummary } from "./types";

/**
 * Lists how two images differ, in their file trees and in their configuration, sorted by path
 * (file paths start with "/", configuration keys with a letter). Differences that do not affect
 * a running container (timestamps, layer boundaries, digests, history, `created`, labels under
 * `org.buildlab.`) are left out unless `showIgnored` is set, and then carry `ignored: true`.
 */
export function compareImageSummaries(left: ImageSummary, right: ImageSummary, options: CompareOptions = {}): ImageDifference[] {
  const labels = { left: options.leftLabel ?? "left", right: options.rightLabel ?? "right" };
  const differences = [...compareFiles(left.files, right.files, labels), ...compareConfigs(left, right, labels)];
  const reported = options.showIgnored ? differences : differences.filter((difference) => !difference.ignored);

  return reported.sort((a, b) => {
    if (a.path !== b.path) return a.path < b.path ? -1 : 1;
    if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
    return 0;
  });
}
