/** A Dockerfile step as BuildKit names its vertex: "[2/4] RUN make" or "[build 2/3] COPY . /src". */
export interface StepName {
  /** Stage name, such as "build" or "stage-1", absent in single-stage builds. */
  stage?: string;
  index: number;
  total: number;
  instruction: string;
}

const STEP_NAME = /^\[(?:(?<stage>[^\s\]]+) )?(?<index>\d+)\/(?<total>\d+)\] (?<instruction>[\s\S]+)$/;

/**
 * Parses a BuildKit vertex name that names a Dockerfile step. Returns undefined for other
 * vertexes, such as "[internal] load build context" or "exporting to image".
 */
export function parseStepName(name: string): StepName | undefined {
  const groups = STEP_NAME.exec(name)?.groups;
  if (!groups) return undefined;

  return {
    stage: groups.stage,
    index: Number(groups.index),
    total: Number(groups.total),
    instruction: groups.instruction,
  };
}
