/** Renders the versions of what built a run (daemon, API, builder, executor), as the strategy stored them. */
export function VersionsList({ versions }: { versions: Record<string, string> }) {
  const entries = Object.entries(versions);
  if (entries.length === 0) return <p className="text-sm text-slate-700">No versions were recorded.</p>;

  return (
    <dl data-testid="versions" className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {entries.map(([name, version]) => (
        <div key={name} className="contents">
          <dt className="font-medium text-slate-700">{name}</dt>
          <dd data-testid={`version-${name}`} className="font-mono text-xs break-all">{version}</dd>
        </div>
      ))}
    </dl>
  );
}
