import type { WorkloadEvaluation } from "./evaluate-workload";
import type { Finding, PssLevel } from "./types";

// Short reasons for the summary, by the control whose failure gives a way out.
const ESCAPE_REASONS: Record<string, string> = {
  "pss.baseline.privileged": "privileged mode",
  "cis-docker.5.4": "privileged mode",
  "buildlab.dind.privileged-fallback": "the explicit stand-in for privileged mode",
  "pss.baseline.capabilities": "capabilities that open known escapes",
  "cis-docker.5.3": "capabilities that open known escapes",
  "pss.baseline.host-path-volumes": "host mounts that reach the host's daemon, root filesystem or devices",
  "cis-docker.5.31": "host mounts that reach the host's daemon, root filesystem or devices",
  "cis-docker.5.5": "host mounts that reach the host's daemon, root filesystem or devices",
  "pss.baseline.host-process": "a HostProcess container",
};

export interface PostureSummaryInput {
  evaluations: WorkloadEvaluation[];
  /** Findings from the run's notes, such as the privileged-mode fallback. */
  noteFindings: Finding[];
  pssLevel: PssLevel | null;
}

export interface PostureSummary {
  hostTakeoverFromDockerfile: boolean;
  rootDaemonInvolved: boolean;
  summary: string;
}

/**
 * Writes the plain-words summary: the level, whether a malicious Dockerfile could take over the host or
 * node, and whether a Docker daemon with root rights took part and who controls it.
 */
export function summarizePosture({ evaluations, noteFindings, pssLevel }: PostureSummaryInput): PostureSummary {
  if (evaluations.length === 0) {
    return {
      hostTakeoverFromDockerfile: false,
      rootDaemonInvolved: false,
      summary: "The run reported no container, pod or daemon, so there is no evidence to rate its security.",
    };
  }

  // Only workloads that run the Dockerfile's steps count: a client container runs none.
  const stepRunners = evaluations.filter((evaluation) => evaluation.kind !== "host-daemon" && evaluation.role !== "client");
  const escapes = [...stepRunners.flatMap((evaluation) => evaluation.findings), ...noteFindings].filter(
    (finding) => !finding.passed && finding.severity === "critical",
  );
  const hostDaemon = evaluations.find((evaluation) => evaluation.kind === "host-daemon");
  const dindDaemon = evaluations.find((evaluation) => evaluation.role === "daemon");
  const onNode = evaluations.some((evaluation) => evaluation.kind === "pod");
  const machine = onNode ? "node" : "host";

  const socketHolders = evaluations.filter((evaluation) => evaluation.holdsDockerSocket === true);
  // NOTE: a mounted socket may lead to a rootless daemon; the container's evidence cannot show which.
  const rootDaemonInvolved =
    (hostDaemon !== undefined && hostDaemon.hostDaemon?.rootless !== true) ||
    (dindDaemon !== undefined && dindDaemon.runsAsRoot !== false) ||
    socketHolders.length > 0;
  const sentences = [
    levelSentence(evaluations, pssLevel),
    takeoverSentence(escapes, evaluations, machine),
    daemonSentence(hostDaemon, dindDaemon, socketHolders, escapes.length > 0, onNode),
  ];

  return { hostTakeoverFromDockerfile: escapes.length > 0, rootDaemonInvolved, summary: sentences.join(" ") };
}

function levelSentence(evaluations: WorkloadEvaluation[], pssLevel: PssLevel | null): string {
  if (pssLevel === null) {
    return "The evidence of at least one workload could not be read, so no Pod Security Standards level is given.";
  }
  if (evaluations.length === 1) return `The build meets the Pod Security Standards level "${pssLevel}".`;

  const weakest = evaluations.find((evaluation) => evaluation.posture.pssLevel === pssLevel);
  return (
    `The build meets the Pod Security Standards level "${pssLevel}", ` +
    `the level of its least restricted workload (${weakest?.posture.workload}).`
  );
}

function takeoverSentence(escapes: Finding[], evaluations: WorkloadEvaluation[], machine: string): string {
  if (escapes.length > 0) {
    const reasons = [...new Set(escapes.map((finding) => ESCAPE_REASONS[finding.control] ?? finding.title.toLowerCase()))];
    const workloads = [...new Set(escapes.map((finding) => finding.workload))];
    return (
      `A malicious Dockerfile could take over the ${machine}: its RUN steps run inside ${workloads.join(" and ")}, ` +
      `which ${workloads.length > 1 ? "have" : "has"} ${joinWords(reasons)}.`
    );
  }

  const hostDaemon = evaluations.find((evaluation) => evaluation.kind === "host-daemon");
  const builders = evaluations.filter((evaluation) => evaluation.kind !== "host-daemon" && evaluation.role !== "client");
  if (builders.length === 0 && hostDaemon) {
    const seccomp = hostDaemon.hostDaemon?.seccompProfile;
    return (
      "A malicious Dockerfile alone has no known way out: its RUN steps run in containers that the host's daemon starts with its defaults" +
      (seccomp ? `, including its "${seccomp}" seccomp profile.` : ", which here include no seccomp filter.")
    );
  }

  const place = machine === "node" ? "pod" : "container";
  let ending = ".";
  if (builders.some((evaluation) => evaluation.runsAsRoot === undefined)) {
    ending = `, though nothing in the ${place} keeps its RUN steps from running as root.`;
  }
  if (builders.some((evaluation) => evaluation.runsAsRoot === true)) ending = ", though its RUN steps run as root inside it.";
  let sentence = `No finding gives a malicious Dockerfile a known way out of its ${place}${ending}`;

  const sharedNamespaces = builders
    .flatMap((evaluation) => evaluation.findings)
    .filter((finding) => finding.control === "pss.baseline.host-namespaces" && !finding.passed);
  if (sharedNamespaces.length > 0) {
    const sharing = sharedNamespaces.map((finding) => finding.workload).join(", ");
    sentence +=
      ` It does share host namespaces (${sharing}), so its RUN steps reach what the host reaches there, ` +
      "such as services on the host's loopback address.";
  }
  return sentence;
}

function daemonSentence(
  hostDaemon: WorkloadEvaluation | undefined,
  dindDaemon: WorkloadEvaluation | undefined,
  socketHolders: WorkloadEvaluation[],
  escapes: boolean,
  onNode: boolean,
): string {
  if (socketHolders.length > 0) {
    const names = joinWords(socketHolders.map((evaluation) => evaluation.posture.workload));
    const plural = socketHolders.length > 1;
    return (
      `${plural ? "Workloads" : "Workload"} ${names} ${plural ? "have" : "has"} a Docker daemon socket: ` +
      `whoever runs code there controls that daemon, which normally runs as root on the ${onNode ? "node" : "host"}.`
    );
  }

  if (hostDaemon) {
    const rootless = hostDaemon.hostDaemon?.rootless;
    if (rootless === true) {
      return (
        "The build went through the host's Docker socket to a rootless daemon: " +
        "whoever controls the build requests controls that daemon's user account, not root."
      );
    }
    return (
      "The build went through the host's Docker socket: whoever controls the build requests, Buildlab's server or anything that takes it over, " +
      "controls a daemon with root rights on the host."
    );
  }

  if (dindDaemon) {
    const owner = dindDaemon.runsAsRoot === false ? "as a non-root user" : "as root";
    return (
      `A Docker daemon runs ${owner} inside ${dindDaemon.posture.workload}; it has only that container's rights, ` +
      (escapes ? "which here reach the host." : "which here stay inside it.")
    );
  }

  return `No Docker daemon with root rights takes part: the executor builds the image itself inside its ${onNode ? "pod" : "container"}.`;
}

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
