import type { ComparisonView } from "@/lib/views";
import { formatBytes } from "../format-bytes";
import { strategyWithMode } from "../strategy-labels";
import { listStrategyKeys } from "./list-strategy-keys";
import { strategyKeyOf } from "./strategy-key-of";

// Names of the version keys that strategies record. An unknown key is shown as it is stored.
const VERSION_LABELS: Record<string, string> = {
  engine: "Docker Engine",
  api: "Engine API",
  builder: "Builder",
  platform: "Platform",
  storageDriver: "Storage driver",
  outerEngine: "Host Docker Engine",
  outerApi: "Host Engine API",
  outerPlatform: "Host platform",
  outerStorageDriver: "Host storage driver",
  daemonImage: "Inner daemon image",
  executor: "Kaniko executor",
  executorModule: "Executor module",
  executorImage: "Executor image",
  executorImageId: "Executor image id",
  runner: "Runner",
  kubernetes: "Kubernetes",
};

function readNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function readString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function VersionTable({ versions }: { versions: Record<string, string> }) {
  const entries = Object.entries(versions).sort(([left], [right]) => left.localeCompare(right));
  if (entries.length === 0) return <p className="text-sm text-slate-700">No versions were recorded.</p>;

  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {entries.map(([name, version]) => (
        <div key={name} className="contents">
          <dt className="font-medium text-slate-700">
            {VERSION_LABELS[name] ?? name} <span className="font-mono text-xs font-normal text-slate-500">{name}</span>
          </dt>
          <dd data-testid={`env-version-${name}`} className="font-mono text-xs break-all">{version}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Renders where and with what the comparison ran: the host's CPU count, memory, platform, Node.js
 * and Buildlab versions, and per strategy the versions its runs recorded (engine, inner daemon,
 * executor, Kubernetes). Runs of one strategy that recorded different versions are pointed out.
 */
export function EnvironmentSection({ view }: { view: ComparisonView }) {
  const environment = view.environment ?? {};
  const cpus = readNumber(environment.cpus);
  const memoryBytes = readNumber(environment.memoryBytes);
  const byStrategy = (typeof environment.versions === "object" && environment.versions !== null ? environment.versions : {}) as Record<string, Record<string, string>>;

  const strategies = listStrategyKeys(view).map((strategyKey) => {
    const key = strategyKeyOf(strategyKey);
    const recorded = view.runs.filter((run) => strategyKeyOf(run) === key && Object.keys(run.versions).length > 0).sort((left, right) => left.sequence - right.sequence);
    const versions = recorded[0]?.versions ?? byStrategy[strategyKey.strategy] ?? {};
    const differing = new Set<string>();
    for (const run of recorded.slice(1)) {
      for (const name of new Set([...Object.keys(versions), ...Object.keys(run.versions)])) {
        if (versions[name] !== run.versions[name]) differing.add(name);
      }
    }
    return { ...strategyKey, key, versions, differing: [...differing] };
  });

  return (
    <section aria-labelledby="environment-heading" data-testid="environment-section" className="space-y-4 rounded-lg border border-slate-300 bg-white p-4 break-inside-avoid print:border-0 print:p-0">
      <h2 id="environment-heading" className="text-lg font-semibold">Environment</h2>
      {view.environment === null ? (
        <p className="text-sm text-slate-700">The host was not recorded, because the comparison has not started.</p>
      ) : (
        <dl data-testid="environment-host" className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-5">
          <div>
            <dt className="font-medium text-slate-600">CPUs</dt>
            <dd data-testid="env-cpus" data-count={cpus ?? undefined}>{cpus ?? "—"}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600">Memory</dt>
            <dd data-testid="env-memory" data-bytes={memoryBytes ?? undefined} title={memoryBytes === null ? undefined : `${memoryBytes} bytes`}>{formatBytes(memoryBytes)}</dd>
          </div>
          <div className="min-w-0">
            <dt className="font-medium text-slate-600">Platform</dt>
            <dd data-testid="env-platform" className="font-mono text-xs break-all">{readString(environment.platform) ?? "—"}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600">Node.js</dt>
            <dd data-testid="env-node" className="font-mono text-xs">{readString(environment.node) ?? "—"}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600">Buildlab</dt>
            <dd data-testid="env-buildlab" className="font-mono text-xs">{readString(environment.buildlab) ?? "—"}</dd>
          </div>
        </dl>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        {strategies.map((item) => (
          <div key={item.key} data-testid="environment-strategy" data-strategy={item.strategy} data-mode={item.mode ?? ""} className="min-w-0 space-y-2 rounded-md border border-slate-200 p-3">
            <h3 className="font-semibold">
              {strategyWithMode(item.strategy, item.mode)} <span className="font-mono text-xs font-normal text-slate-600">{item.key}</span>
            </h3>
            <VersionTable versions={item.versions} />
            {item.differing.length > 0 && (
              <p role="note" className="text-sm text-amber-900">
                Runs of this strategy recorded different values for {item.differing.join(", ")}; the first run&apos;s are shown.
              </p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
