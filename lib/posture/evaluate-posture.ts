import type { Workload } from "../strategies/types";
import { checkRunNotes } from "./check-run-notes";
import { evaluateWorkload } from "./evaluate-workload";
import { sortFindings } from "./sort-findings";
import { summarizePosture } from "./summarize-posture";
import { PSS_LEVELS, type PostureReport, type PssLevel } from "./types";

/**
 * Rates what a run really used: every container, pod and host daemon it reported, and the facts it
 * noted (such as a fallback from privileged mode). Docker containers are mapped onto pod fields, so all
 * three strategies are rated on the one scale of the Pod Security Standards. The CIS Docker Benchmark's
 * runtime checks add what that scale leaves out.
 */
export function evaluatePosture(workloads: readonly Workload[], notes: readonly string[] = []): PostureReport {
  const evaluations = workloads.map((workload, index) => evaluateWorkload(workload, index));

  // The Docker-in-Docker strategy also copies its notes onto the daemon workload.
  const daemon = evaluations.find((evaluation) => evaluation.role === "daemon");
  const workloadNotes = workloads.flatMap((workload) => (workload.kind === "docker-container" && workload.note ? [workload.note] : []));
  const noteFindings = checkRunNotes([...notes, ...workloadNotes], daemon?.posture.workload ?? "Docker-in-Docker daemon");

  const levels = evaluations.map((evaluation) => evaluation.posture.pssLevel);
  const pssLevel = levels.length === 0 || levels.includes(null) ? null : leastRestricted(levels as PssLevel[]);
  const summary = summarizePosture({ evaluations, noteFindings, pssLevel });

  return {
    findings: sortFindings([...evaluations.flatMap((evaluation) => evaluation.findings), ...noteFindings]),
    pssLevel,
    workloads: evaluations.map((evaluation) => evaluation.posture),
    ...summary,
  };
}

function leastRestricted(levels: PssLevel[]): PssLevel {
  return levels.reduce((lowest, level) => (PSS_LEVELS.indexOf(level) < PSS_LEVELS.indexOf(lowest) ? level : lowest));
}
