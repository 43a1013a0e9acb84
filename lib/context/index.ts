export { checkDockerfileOrThrow } from "./check-dockerfile-or-throw";
export { getSampleDirectory } from "./get-sample-directory";
export { listSamples } from "./list-samples";
export { makeWarmChange } from "./make-warm-change";
export type { MakeWarmChangeOptions, WarmChange, WarmChangeResult } from "./make-warm-change";
export { openContext } from "./open-context";
export { parseDockerfile } from "./parse-dockerfile";
export { storeContext } from "./store-context";
export type {
  ContextInput,
  DockerfileInstruction,
  DockerfileProblem,
  DockerfileStage,
  ParsedDockerfile,
  Sample,
  StoreContextOptions,
  StoredContext,
  UploadedFile,
} from "./types";
