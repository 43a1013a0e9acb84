import { listSamples } from "@/lib/context/list-samples";
import { NewComparisonClient } from "./new-comparison-client";

export const dynamic = "force-dynamic";

export default async function NewComparisonPage() {
  const samples = await listSamples();

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">New comparison</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Build one Dockerfile with several strategies and compare where the time goes, phase by phase and step by step.
        </p>
      </div>
      {/* Strategies are checked from the browser, so that a slow Docker or Kubernetes check never holds up the page. */}
      <NewComparisonClient samples={samples.map(({ name, title, description }) => ({ name, title, description }))} />
    </div>
  );
}
