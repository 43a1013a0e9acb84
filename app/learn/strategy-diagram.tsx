import type { StrategyName } from "@/lib/strategies/types";

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  note?: string;
  /** Tailwind fill and stroke classes. */
  tone: "host" | "daemon" | "builder" | "client" | "registry" | "pod";
}

interface Arrow {
  from: [number, number];
  to: [number, number];
  label: string;
}

interface Diagram {
  title: string;
  description: string;
  boxes: Box[];
  arrows: Arrow[];
}

const TONES: Record<Box["tone"], string> = {
  host: "fill-slate-50 stroke-slate-400",
  daemon: "fill-red-50 stroke-red-400",
  builder: "fill-blue-50 stroke-blue-400",
  client: "fill-white stroke-slate-500",
  registry: "fill-green-50 stroke-green-500",
  pod: "fill-amber-50 stroke-amber-500",
};

const DIAGRAMS: Record<StrategyName, Diagram> = {
  socket: {
    title: "Host Docker socket",
    description:
      "A CI job container on the host has the host's /var/run/docker.sock mounted. Its Docker CLI sends the build context over the socket to the host's Docker Engine, which runs as root, builds with BuildKit or the classic builder in containers beside every other workload of the host, and pushes the image to the registry.",
    boxes: [
      { x: 10, y: 10, width: 500, height: 170, label: "Host (kernel shared by everything here)", tone: "host" },
      { x: 30, y: 50, width: 140, height: 60, label: "CI job container", note: "docker CLI", tone: "client" },
      { x: 260, y: 50, width: 150, height: 60, label: "Host Docker Engine", note: "root on the host", tone: "daemon" },
      { x: 260, y: 125, width: 150, height: 40, label: "build steps", tone: "builder" },
      { x: 540, y: 60, width: 110, height: 50, label: "Registry", tone: "registry" },
    ],
    arrows: [
      { from: [170, 80], to: [260, 80], label: "docker.sock" },
      { from: [335, 110], to: [335, 125], label: "" },
      { from: [410, 80], to: [540, 85], label: "push" },
    ],
  },
  dind: {
    title: "Docker-in-Docker",
    description:
      "Each run starts a fresh dockerd inside a container of its own. That container must be privileged, or have a broad explicit capability set where the host rejects privileged mode. The CI job reaches the inner daemon over a unix socket or TLS, the inner daemon builds in its own empty cache, and pushes the image to the registry.",
    boxes: [
      { x: 10, y: 10, width: 500, height: 170, label: "Host", tone: "host" },
      { x: 30, y: 50, width: 140, height: 60, label: "CI job container", note: "docker CLI", tone: "client" },
      { x: 220, y: 40, width: 270, height: 130, label: "dind container (privileged)", tone: "daemon" },
      { x: 235, y: 75, width: 130, height: 50, label: "inner dockerd", note: "own /var/lib/docker", tone: "daemon" },
      { x: 380, y: 75, width: 95, height: 50, label: "build steps", tone: "builder" },
      { x: 540, y: 60, width: 110, height: 50, label: "Registry", tone: "registry" },
    ],
    arrows: [
      { from: [170, 90], to: [235, 95], label: "socket / TLS" },
      { from: [365, 100], to: [380, 100], label: "" },
      { from: [490, 90], to: [540, 85], label: "push" },
    ],
  },
  kaniko: {
    title: "Kaniko",
    description:
      "The Kaniko executor runs as a pod (or a container) with no Docker daemon. It receives the context, runs each Dockerfile step by changing its own root filesystem and snapshotting the result, and pushes the layers straight to the registry. It runs as root inside its container but is not privileged, so the baseline Pod Security Standards level admits it.",
    boxes: [
      { x: 10, y: 10, width: 500, height: 170, label: "Kubernetes node", tone: "host" },
      { x: 30, y: 50, width: 140, height: 60, label: "Buildlab or CI", note: "sends the context", tone: "client" },
      { x: 220, y: 40, width: 270, height: 130, label: "build pod (not privileged)", tone: "pod" },
      { x: 240, y: 75, width: 230, height: 60, label: "kaniko executor", note: "root in its container, no daemon", tone: "builder" },
      { x: 540, y: 60, width: 110, height: 50, label: "Registry", tone: "registry" },
    ],
    arrows: [
      { from: [170, 90], to: [240, 100], label: "context" },
      { from: [470, 100], to: [540, 85], label: "push" },
    ],
  },
};

/** Draws how a strategy builds. The caption under the drawing repeats it in words and describes the drawing to screen readers. */
export function StrategyDiagram({ strategy }: { strategy: StrategyName }) {
  const diagram = DIAGRAMS[strategy];
  const titleId = `diagram-${strategy}-title`;
  const captionId = `diagram-${strategy}-caption`;

  return (
    <figure className="rounded-lg border border-slate-300 bg-white p-3">
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={captionId}
        viewBox="0 0 660 190"
        className="h-auto w-full max-w-3xl text-slate-900"
        data-testid={`diagram-${strategy}`}
      >
        <title id={titleId}>{`${diagram.title}: how a build runs`}</title>
        <defs>
          <marker id={`arrow-${strategy}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-slate-700" />
          </marker>
        </defs>
        {diagram.boxes.map((box) => (
          <g key={box.label}>
            <rect x={box.x} y={box.y} width={box.width} height={box.height} rx="6" className={`${TONES[box.tone]} stroke-[1.5]`} />
            <text x={box.x + 8} y={box.y + 18} className="fill-slate-900 text-[12px] font-semibold">
              {box.label}
            </text>
            {box.note && (
              <text x={box.x + 8} y={box.y + 34} className="fill-slate-700 text-[11px]">
                {box.note}
              </text>
            )}
          </g>
        ))}
        {diagram.arrows.map((arrow) => (
          <g key={`${arrow.from.join(",")}-${arrow.to.join(",")}`}>
            <line
              x1={arrow.from[0]}
              y1={arrow.from[1]}
              x2={arrow.to[0]}
              y2={arrow.to[1]}
              className="stroke-slate-700"
              strokeWidth="1.5"
              markerEnd={`url(#arrow-${strategy})`}
            />
            {arrow.label && (
              <text x={(arrow.from[0] + arrow.to[0]) / 2} y={Math.min(arrow.from[1], arrow.to[1]) - 6} textAnchor="middle" className="fill-slate-800 text-[11px]">
                {arrow.label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption id={captionId} className="mt-2 text-sm text-slate-700">
        {diagram.description}
      </figcaption>
    </figure>
  );
}
