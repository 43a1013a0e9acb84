"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { StrategyName } from "@/lib/strategies/types";
import { ApiErrorAlert } from "@/components/api-error-alert";
import { firstAvailableMode, type SampleOption, type ShownApiError, type StrategyOption } from "@/components/api-types";
import { ContextPicker } from "@/components/context-picker";
import type { ContextSelection } from "@/components/context-files";
import { readApiError } from "@/components/read-api-error";
import { SamplePicker } from "@/components/sample-picker";
import { SCENARIO_LABELS } from "@/components/strategy-labels";
import { StrategyPicker, type StrategyChoice } from "@/components/strategy-picker";

type Source = "sample" | "dockerfile";

type Loadable<T> = { state: "loading" } | { state: "loaded"; value: T } | { state: "failed"; message: string };

const SCENARIOS = ["cold", "warm-change", "warm-same"] as const;

/** Renders the new-comparison form, posts it, and opens the new comparison's live view. */
export function NewComparisonClient({ samples }: { samples: SampleOption[] }) {
  const router = useRouter();

  const [strategies, setStrategies] = useState<Loadable<StrategyOption[]>>({ state: "loading" });

  const [source, setSource] = useState<Source>("sample");
  const [sample, setSample] = useState<string | null>(samples[0]?.name ?? null);
  const [dockerfile, setDockerfile] = useState("");
  const [dockerfilePath, setDockerfilePath] = useState("Dockerfile");
  const [context, setContext] = useState<ContextSelection>({ kind: "none" });
  const [dockerfileNote, setDockerfileNote] = useState<string | null>(null);
  const [choices, setChoices] = useState<Partial<Record<StrategyName, StrategyChoice>>>({});
  const [scenarios, setScenarios] = useState<string[]>(["cold"]);
  const [iterations, setIterations] = useState("1");
  const [sideBySide, setSideBySide] = useState(false);
  const [title, setTitle] = useState("");

  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ShownApiError | null>(null);

  const loadStrategies = useCallback(async () => {
    setStrategies({ state: "loading" });
    try {
      const response = await fetch("/api/strategies", { cache: "no-store" });
      if (!response.ok) throw new Error((await readApiError(response)).message);
      const body = (await response.json()) as { strategies: StrategyOption[] };
      setStrategies({ state: "loaded", value: body.strategies });
      setChoices((previous) => {
        const next = { ...previous };
        for (const strategy of body.strategies) next[strategy.name] ??= { checked: false, mode: firstAvailableMode(strategy) };
        return next;
      });
    } catch (caught) {
      setStrategies({ state: "failed", message: caught instanceof Error ? caught.message : String(caught) });
    }
  }, []);

  useEffect(() => {
    void loadStrategies();
  }, [loadStrategies]);

  async function changeContext(selection: ContextSelection) {
    setContext(selection);
    setDockerfileNote(null);
    if (selection.kind !== "files" || dockerfile.trim() !== "") return;

    // A picked folder usually contains the Dockerfile, so show it in the editor and the user sees what runs.
    const wanted = dockerfilePath.trim() || "Dockerfile";
    const entry = selection.entries.find((candidate) => candidate.path === wanted);
    if (!entry) return;
    setDockerfile(await entry.file.text());
    setDockerfileNote(`Loaded ${wanted} from the chosen files.`);
  }

  function checkForm(): string | null {
    if (source === "sample" && !sample) return "Choose a sample, or paste a Dockerfile instead.";
    if (source === "dockerfile" && dockerfile.trim() === "") return "Paste a Dockerfile, or choose a folder that contains one at the Dockerfile path.";
    if (!Object.values(choices).some((choice) => choice?.checked)) return "Choose at least one available strategy.";
    if (scenarios.length === 0) return "Choose at least one scenario.";
    const count = Number(iterations);
    if (!Number.isInteger(count) || count < 1) return `Iterations must be a whole number of at least 1, not "${iterations}".`;
    return null;
  }

  function buildFormData(): FormData {
    const form = new FormData();
    if (title.trim()) form.set("title", title.trim());

    if (source === "sample" && sample) {
      form.set("sample", sample);
    } else {
      form.set("dockerfile", dockerfile);
      form.set("dockerfilePath", dockerfilePath.trim() || "Dockerfile");
      if (context.kind === "archive") form.set("archive", context.file, context.file.name);
      if (context.kind === "files") {
        for (const entry of context.entries) form.append("files", entry.file, entry.uploadPath);
        form.set("paths", JSON.stringify(context.entries.map((entry) => entry.uploadPath)));
      }
    }

    const chosen = Object.entries(choices)
      .filter(([, choice]) => choice?.checked)
      .map(([strategy, choice]) => (choice?.mode ? { strategy, mode: choice.mode } : { strategy }));
    form.set("strategies", JSON.stringify(chosen));
    form.set("scenarios", JSON.stringify(SCENARIOS.filter((scenario) => scenarios.includes(scenario))));
    form.set("iterations", String(Number(iterations)));
    form.set("schedule", sideBySide ? "parallel" : "sequential");
    return form;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);

    const problem = checkForm();
    if (problem) {
      setError({ code: "invalid_input", message: problem, problems: [] });
      return;
    }

    setSubmitting(true);
    try {
      const response = await fetch("/api/comparisons", { method: "POST", body: buildFormData() });
      if (!response.ok) {
        setError(await readApiError(response));
        setSubmitting(false);
        return;
      }
      const { id } = (await response.json()) as { id: string };
      router.push(`/comparisons/${id}`);
    } catch (caught) {
      setError({ code: "network", message: `The request did not reach the server: ${caught instanceof Error ? caught.message : String(caught)}. Check that Buildlab is running, then press Run again.`, problems: [] });
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-8" aria-describedby={error ? "form-error" : undefined}>
      <section aria-labelledby="what-heading" className="space-y-3">
        <h2 id="what-heading" className="text-lg font-semibold">1. What to build</h2>
        <fieldset>
          <legend className="sr-only">Source</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-1">
            <label className="inline-flex items-center gap-2">
              <input type="radio" name="source" value="sample" checked={source === "sample"} onChange={() => setSource("sample")} className="h-4 w-4 accent-blue-700" />
              A sample
            </label>
            <label className="inline-flex items-center gap-2">
              <input type="radio" name="source" value="dockerfile" checked={source === "dockerfile"} onChange={() => setSource("dockerfile")} className="h-4 w-4 accent-blue-700" />
              My own Dockerfile and context
            </label>
          </div>
        </fieldset>

        {source === "sample" ? (
          samples.length === 0 ? (
            <p className="text-sm text-slate-700">No samples are installed: the samples/ folder has no folder with a sample.json.</p>
          ) : (
            <SamplePicker samples={samples} selected={sample} onSelect={setSample} />
          )
        ) : (
          <div className="space-y-4 rounded-md border border-slate-300 bg-white p-4">
            <div>
              <label htmlFor="dockerfile" className="text-sm font-medium">Dockerfile</label>
              <textarea
                id="dockerfile"
                value={dockerfile}
                onChange={(event) => setDockerfile(event.target.value)}
                rows={10}
                spellCheck={false}
                placeholder={"FROM localhost:5000/buildlab/busybox:lab\nCOPY . /app\nRUN ls -R /app"}
                className="mt-1 block w-full rounded-md border border-slate-400 bg-white p-2 font-mono text-sm"
              />
              {dockerfileNote && <p className="mt-1 text-sm text-green-800">{dockerfileNote}</p>}
            </div>
            <div>
              <label htmlFor="dockerfile-path" className="text-sm font-medium">Dockerfile path in the context</label>
              <input
                id="dockerfile-path"
                type="text"
                value={dockerfilePath}
                onChange={(event) => setDockerfilePath(event.target.value)}
                className="mt-1 block w-full max-w-sm rounded-md border border-slate-400 bg-white px-2 py-1.5 font-mono text-sm"
              />
            </div>
            <ContextPicker selection={context} onChange={(selection) => void changeContext(selection)} />
          </div>
        )}
      </section>

      <section aria-labelledby="strategies-heading" className="space-y-3">
        <h2 id="strategies-heading" className="text-lg font-semibold">2. Strategies</h2>
        <LoadableBlock loadable={strategies} what="strategies" onRetry={loadStrategies}>
          {(value) => (
            <StrategyPicker
              strategies={value}
              choices={choices}
              onChange={(name, choice) => setChoices((previous) => ({ ...previous, [name]: choice }))}
            />
          )}
        </LoadableBlock>
      </section>

      <section aria-labelledby="plan-heading" className="space-y-3">
        <h2 id="plan-heading" className="text-lg font-semibold">3. Plan</h2>
        <div className="grid gap-x-10 gap-y-4 sm:grid-cols-[auto_auto_minmax(0,1fr)]">
          <fieldset>
            <legend className="text-sm font-medium">Scenarios</legend>
            <div className="mt-1 space-y-1">
              {SCENARIOS.map((scenario) => (
                <label key={scenario} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={scenarios.includes(scenario)}
                    onChange={(event) =>
                      setScenarios((previous) => (event.target.checked ? [...previous, scenario] : previous.filter((item) => item !== scenario)))
                    }
                    className="h-4 w-4 accent-blue-700"
                  />
                  {SCENARIO_LABELS[scenario]}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor="iterations" className="text-sm font-medium">Iterations</label>
            <input
              id="iterations"
              type="number"
              min={1}
              max={20}
              step={1}
              inputMode="numeric"
              value={iterations}
              onChange={(event) => setIterations(event.target.value)}
              className="mt-1 block w-24 rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm"
            />
          </div>
          <div className="flex items-start gap-2">
            <input
              id="side-by-side"
              type="checkbox"
              checked={sideBySide}
              onChange={(event) => setSideBySide(event.target.checked)}
              aria-describedby="side-by-side-help"
              className="mt-1 h-4 w-4 accent-blue-700"
            />
            <div>
              <label htmlFor="side-by-side" className="text-sm font-medium">Run strategies side by side</label>
              <p id="side-by-side-help" className="text-xs text-slate-700">
                Quicker, but builds then compete for the machine; by default they run one at a time.
              </p>
            </div>
          </div>
          <div className="min-w-0">
            <label htmlFor="title" className="text-sm font-medium">Title <span className="font-normal text-slate-600">(optional)</span></label>
            <input
              id="title"
              type="text"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              className="mt-1 block w-full max-w-md rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm"
            />
          </div>
        </div>
      </section>

      <div className="space-y-3">
        {error && (
          <div id="form-error">
            <ApiErrorAlert error={error} title="The comparison was not started" />
          </div>
        )}
        <button
          type="submit"
          disabled={submitting}
          className="rounded-md bg-blue-700 px-5 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-wait disabled:bg-slate-500"
        >
          {submitting ? "Starting…" : "Run"}
        </button>
      </div>
    </form>
  );
}

function LoadableBlock<T>({ loadable, what, onRetry, children }: { loadable: Loadable<T>; what: string; onRetry: () => void; children: (value: T) => ReactNode }) {
  if (loadable.state === "loading") return <p className="text-sm text-slate-700" role="status">Loading {what}…</p>;
  if (loadable.state === "failed") {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950">
        <p>Could not load the {what}: {loadable.message}</p>
        <button type="button" onClick={onRetry} className="mt-2 rounded-md border border-red-400 bg-white px-3 py-1 font-medium hover:bg-red-100">
          Try again
        </button>
      </div>
    );
  }
  return <>{children(loadable.value)}</>;
}
