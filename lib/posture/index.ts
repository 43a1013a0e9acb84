export { evaluatePosture } from "./evaluate-posture";
export { pssLevelOf } from "./pss-level-of";
export { PSS_CONTROLS } from "./pss-controls";
export { CIS_DOCKER_CONTROLS } from "./cis-docker-controls";
export type { Evidence, Finding, FindingSubject, PostureReport, PssLevel, Severity, WorkloadPosture } from "./types";
export { PSS_LEVELS, SEVERITIES } from "./types";
