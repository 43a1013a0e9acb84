/** Renders the Dockerfile a comparison built, with line numbers, collapsed until opened. */
export function DockerfileView({ path, text }: { path: string; text: string }) {
  const lines = text.replace(/\n$/, "").split("\n");

  return (
    <details data-testid="dockerfile" className="rounded-md border border-slate-300 bg-white">
      <summary className="px-3 py-2 text-sm font-medium">
        Dockerfile <span className="font-mono text-xs text-slate-700">{path}</span> ({lines.length} {lines.length === 1 ? "line" : "lines"})
      </summary>
      <pre tabIndex={0} className="overflow-auto border-t border-slate-200 p-3 font-mono text-xs leading-5">
        {lines.map((line, index) => (
          <div key={index}>
            <span className="mr-3 inline-block w-8 text-right text-slate-500 select-none">{index + 1}</span>
            {line}
          </div>
        ))}
      </pre>
    </details>
  );
}
