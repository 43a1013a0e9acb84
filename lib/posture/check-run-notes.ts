import type { Finding } from "./types";

const FALLBACK_PREFIX = "privileged-fallback:";

/**
 * Turns the facts a strategy noted about its run into findings. The Docker-in-Docker strategy notes
 * "privileged-fallback: ..." when the host rejected privileged mode and the daemon ran with an explicit
 * set of flags in its place. That set is nearly as strong as privileged mode, so it gets its own finding.
 */
export function checkRunNotes(notes: readonly string[], daemonWorkload: string): Finding[] {
  // A run starts one inner daemon, so one fallback note is reported even when it arrives twice.
  const fallback = notes.find((note) => note.startsWith(FALLBACK_PREFIX));
  if (fallback === undefined) return [];

  return [
    {
      subject: "daemon",
      workload: daemonWorkload,
      control: "buildlab.dind.privileged-fallback",
      title: "The Docker-in-Docker daemon ran with the fallback for privileged mode",
      severity: "critical",
      passed: false,
      evidence: { field: "notes", value: fallback },
      explanation:
        "The host rejected privileged mode, so the inner daemon ran with nearly every capability, no seccomp filter, " +
        "no AppArmor profile and unmasked /proc instead: almost the same power over the host, granted flag by flag.",
      remediation:
        "Treat this run like a privileged one. Build with Kaniko or a rootless daemon where the host's kernel must stay out of reach.",
    },
  ];
}
