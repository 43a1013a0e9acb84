import path from "node:path";
import { BuildlabError } from "../errors";
import { parseImageRef } from "../images/parse-image-ref";
import type { StrategyName } from "../strategies/types";
import type { ComparisonView } from "../views";
import { DEFAULT_SNIPPET_IMAGES } from "./default-snippet-images";
import type { SnippetImages, SnippetInput } from "./types";

export interface SnippetOptions {
  /** Reference to push the image as; by default a placeholder on registry.example.com named after the comparison. */
  destination?: string;
  /** Folder of the build context in the team's repository; "." by default. */
  context?: string;
  images?: Partial<SnippetImages>;
}

// Paths go into shell commands unquoted next to variables such as $CI_PROJECT_DIR, so they are kept
// to characters that need no quoting.
const SAFE_PATH = /^[A-Za-z0-9._@+/-]+$/;

/**
 * Takes what a pipeline snippet needs from a comparison and one of its strategies: the Dockerfile
 * path, the context, the destination and whether the cache is on (when the comparison measured a
 * warm scenario). Throws an invalid_input BuildlabError for a strategy the comparison did not
 * use, an invalid destination or image, or a path that would need shell quoting.
 */
export function snippetInputFromComparison(
  view: ComparisonView,
  choice: { strategy: StrategyName; mode?: string },
  options: SnippetOptions = {},
): SnippetInput {
  const used = view.strategies.some((entry) => entry.strategy === choice.strategy && (choice.mode === undefined || entry.mode === choice.mode));
  if (!used) {
    const listed = view.strategies.map((entry) => (entry.mode ? `${entry.strategy} (${entry.mode})` : entry.strategy)).join(", ");
    throw new BuildlabError("invalid_input", `Comparison ${view.id} did not use ${choice.strategy}${choice.mode ? ` (${choice.mode})` : ""}; it used ${listed}.`);
  }

  const context = normalizeRelativePath(options.context ?? ".", "context");
  const dockerfilePath = normalizeRelativePath(view.dockerfilePath, "Dockerfile path");
  const destination = options.destination ?? defaultDestination(view.title);
  const location = parseImageRef(destination);
  const repository = `${location.registry}/${location.repository}`;
  const cacheEnabled = view.scenarios.some((scenario) => scenario !== "cold");
  const images = { ...DEFAULT_SNIPPET_IMAGES, ...options.images };
  // parseImageRef throws for anything that is not an image reference, so no shell text gets in.
  for (const image of Object.values(images)) parseImageRef(image);

  return {
    comparisonId: view.id,
    strategy: choice.strategy,
    mode: choice.mode,
    context,
    dockerfilePath,
    destination,
    registry: location.registry,
    cache: {
      enabled: cacheEnabled,
      // Kaniko stores cached layers as tags of a repository of their own; Docker reads an image.
      ref: choice.strategy === "kaniko" ? `${repository}/cache` : `${repository}:buildcache`,
    },
    images,
  };
}

function normalizeRelativePath(value: string, what: string): string {
  const normalized = path.posix.normalize(value.replace(/^\/+/, "")).replace(/\/+$/, "") || ".";
  if (normalized === ".." || normalized.startsWith("../")) {
    throw new BuildlabError("invalid_input", `The ${what} "${value}" leaves the repository; give a path inside it.`);
  }
  if (!SAFE_PATH.test(normalized)) {
    throw new BuildlabError("invalid_input", `The ${what} "${value}" contains characters that need shell quoting; use letters, digits and . _ @ + / -.`);
  }
  return normalized;
}

function defaultDestination(title: string): string {
  const name = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || "app";
  return `registry.example.com/team/${name}:latest`;
}
