import type { Metadata } from "next";
import Link from "next/link";
import { listSamples } from "@/lib/context/list-samples";
import { STRATEGY_CATALOGUE } from "@/lib/strategies/catalogue";
import type { StrategyName } from "@/lib/strategies/types";
import { findNewestSampleComparisons } from "./find-newest-sample-comparisons";
import { StrategyDiagram } from "./strategy-diagram";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Learn" };

interface StrategyLesson {
  name: StrategyName;
  summary: string;
  steps: string[];
  exposes: string[];
  /** The Pod Security Standards level a namespace needs to run this strategy's build pods. */
  podSecurityLevel: string;
}

const LESSONS: StrategyLesson[] = [
  {
    name: "socket",
    summary: "The CI job talks to the Docker Engine of the machine it runs on, through that engine's unix socket.",
    steps: [
      "The job's Docker CLI packs the context and sends it over /var/run/docker.sock.",
      "The host's engine builds with BuildKit or the classic builder, reusing the layer cache that every earlier build on that host left.",
      "The engine pushes the image; nothing has to start first, so builds start fastest and stay warm.",
    ],
    exposes: [
      "The socket is the engine's full API: a job can start a privileged container, mount the host's root filesystem, and read or replace any image and container, so it is root on the host.",
      "Builds of different projects share one cache and one daemon and can see each other's images.",
      "On Kubernetes the socket comes in through a hostPath volume, which only the privileged Pod Security Standards level admits.",
    ],
    podSecurityLevel: "privileged (hostPath volume)",
  },
  {
    name: "dind",
    summary: "Each job gets a Docker daemon of its own, started inside a container next to the job.",
    steps: [
      "A container runs a fresh dockerd with its own /var/lib/docker, so the first build starts with an empty cache (the cold mode) unless the volume is kept (the warm mode).",
      "The job reaches that daemon over a unix socket in a shared folder or over TCP with mutual TLS.",
      "The inner daemon pulls the base image, builds and pushes; removing its container and volume removes every trace.",
    ],
    exposes: [
      "The daemon's container needs privileged mode, which turns off most of the container's isolation: a build that escapes it holds every capability on the host.",
      "Where the host rejects privileged mode, Buildlab falls back to an explicit capability set (all but CAP_SYS_RESOURCE, no seccomp or AppArmor), which is hardly safer, and says so in the run's security findings.",
      "Builds of different jobs no longer share a daemon or a cache.",
    ],
    podSecurityLevel: "privileged (privileged container)",
  },
  {
    name: "kaniko",
    summary: "The Kaniko executor builds without any Docker daemon, inside an ordinary container or pod.",
    steps: [
      "The executor receives the context (Buildlab writes it to the executor's stdin) and unpacks the base image into its own root filesystem.",
      "It runs each step in place and snapshots the changed files as a layer; warm builds fetch cached layers from a cache repository in the registry.",
      "It pushes the layers straight to the registry, so no image ever lands on a node.",
    ],
    exposes: [
      "No daemon and no privileged mode: a build can only change the executor's own container.",
      "The executor runs as root inside that container and rewrites its root filesystem, so the restricted level, which requires a non-root user, does not admit it, and one executor must never run two builds.",
      "The pod holds the registry credentials it pushes with, and Buildlab needs permission to create pods, read their logs and attach to them in the build namespace.",
    ],
    podSecurityLevel: "baseline (root, not privileged)",
  },
];

export default async function LearnPage() {
  const samples = await listSamples();
  const newest = await findNewestSampleComparisons(samples.map((sample) => sample.name));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Learn: three ways to build images</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          How the host Docker socket, Docker-in-Docker and Kaniko each build an image, and what each exposes. Compare them on real builds in the{" "}
          <Link href="/history" className="text-blue-800 underline">
            history
          </Link>{" "}
          or with the sample comparisons below.
        </p>
      </div>

      <nav aria-label="Strategies on this page">
        <ul className="flex flex-wrap gap-3 text-sm">
          {LESSONS.map((lesson) => (
            <li key={lesson.name}>
              <a href={`#${lesson.name}`} className="text-blue-800 underline">
                {STRATEGY_CATALOGUE[lesson.name].label}
              </a>
            </li>
          ))}
          <li>
            <a href="#samples" className="text-blue-800 underline">
              Sample results
            </a>
          </li>
        </ul>
      </nav>

      {LESSONS.map((lesson) => (
        <section key={lesson.name} id={lesson.name} aria-labelledby={`${lesson.name}-heading`} data-testid="strategy-lesson" data-strategy={lesson.name} className="space-y-3">
          <h2 id={`${lesson.name}-heading`} className="text-xl font-semibold">
            {STRATEGY_CATALOGUE[lesson.name].label}
          </h2>
          <p className="max-w-3xl text-slate-800">{lesson.summary}</p>
          <StrategyDiagram strategy={lesson.name} />
          <div className="grid gap-4 md:grid-cols-2">
            <div className="rounded-lg border border-slate-300 bg-white p-4">
              <h3 className="font-semibold">How a build runs</h3>
              <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-800">
                {lesson.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </div>
            <div className="rounded-lg border border-slate-300 bg-white p-4">
              <h3 className="font-semibold">What it exposes</h3>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
                {lesson.exposes.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
              <p className="mt-3 text-sm">
                <span className="font-medium">Pod Security Standards level needed on Kubernetes:</span>{" "}
                <span data-testid="pod-security-level">{lesson.podSecurityLevel}</span>
              </p>
            </div>
          </div>
        </section>
      ))}

      <section id="samples" aria-labelledby="samples-heading" className="space-y-3">
        <h2 id="samples-heading" className="text-xl font-semibold">
          Sample results
        </h2>
        <p className="max-w-3xl text-slate-700">
          The newest comparison of each sample, as measured on this installation. Run a sample from the{" "}
          <Link href="/" className="text-blue-800 underline">
            new comparison
          </Link>{" "}
          page to add one, or browse every comparison in the{" "}
          <Link href="/history" className="text-blue-800 underline">
            history
          </Link>
          .
        </p>
        {!newest.available && (
          <p role="status" data-testid="samples-unavailable" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            Results cannot be read right now: {newest.reason}
          </p>
        )}
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white">
          {samples.map((sample) => {
            const comparison = newest.available ? newest.bySample.get(sample.name) : undefined;
            return (
              <li key={sample.name} data-testid="sample-result" data-sample={sample.name} className="p-3">
                <p className="font-medium">{sample.title}</p>
                <p className="text-sm text-slate-700">{sample.description}</p>
                <p className="mt-1 text-sm">
                  {comparison ? (
                    <Link href={`/comparisons/${comparison.id}`} className="text-blue-800 underline">
                      Newest comparison: {comparison.title} ({comparison.status}, <time dateTime={comparison.createdAt}>{comparison.createdAt.slice(0, 10)}</time>)
                    </Link>
                  ) : (
                    <span className="text-slate-600">No comparison of this sample yet.</span>
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
