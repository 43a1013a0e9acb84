import type { ShownApiError } from "./api-types";

/**
 * Renders an API error beside the form that caused it, with Dockerfile problems listed by line
 * number. The server's message repeats those problems after its first line, so only that line is shown.
 */
export function ApiErrorAlert({ error, title }: { error: ShownApiError; title: string }) {
  const message = error.problems.length > 0 ? error.message.split("\n")[0] : error.message;

  return (
    <div role="alert" data-testid="api-error" data-code={error.code} className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 whitespace-pre-wrap [overflow-wrap:anywhere]">{message}</p>
      {error.problems.length > 0 && (
        <ul className="mt-2 space-y-1" aria-label="Dockerfile problems">
          {error.problems.map((problem, index) => (
            <li key={`${problem.line}-${index}`} data-testid="dockerfile-problem" data-line={problem.line} className="font-mono text-xs">
              <span className="font-semibold">Line {problem.line}:</span> {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
