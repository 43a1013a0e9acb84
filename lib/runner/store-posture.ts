import { evaluatePosture } from "../posture";
import { getDb } from "../db/client";
import type { BuildResult } from "../strategies/types";

/**
 * Evaluates the security posture of what a run really used and stores the findings and the summary.
 * A posture that cannot be evaluated is logged and left out; the run's own result stays as it is.
 */
export async function storePosture(runId: string, result: BuildResult): Promise<void> {
  if (!result.workloads.length && !result.notes?.length) return;

  let report;
  try {
    report = evaluatePosture(result.workloads, result.notes ?? []);
  } catch (error) {
    console.warn(`[runner] evaluating the security posture of run ${runId} failed; the run has no findings`, error);
    return;
  }

  const db = getDb();
  await db.$transaction([
    db.finding.deleteMany({ where: { runId } }),
    db.finding.createMany({
      data: report.findings.map((finding) => ({
        runId,
        subject: finding.subject,
        workload: finding.workload,
        control: finding.control,
        severity: finding.severity,
        passed: finding.passed,
        title: finding.title,
        evidence: finding.evidence as object,
        explanation: finding.explanation,
        remediation: finding.remediation,
      })),
    }),
    db.run.update({
      where: { id: runId },
      data: {
        posture: {
          pssLevel: report.pssLevel,
          workloads: report.workloads,
          hostTakeoverFromDockerfile: report.hostTakeoverFromDockerfile,
          rootDaemonInvolved: report.rootDaemonInvolved,
          summary: report.summary,
        } as object,
      },
    }),
  ]);
}
