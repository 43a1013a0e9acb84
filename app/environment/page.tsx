import type { Metadata } from "next";
import { probeEnvironment } from "@/lib/environment/probe-environment";
import { PROBE_STATUSES } from "@/lib/environment/types";
import { EnvironmentCheckCard } from "./environment-check-card";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Environment" };

export default async function EnvironmentPage() {
  const report = await probeEnvironment();
  const counts = PROBE_STATUSES.map((status) => ({ status, count: report.checks.filter((check) => check.status === status).length })).filter(({ count }) => count > 0);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Environment</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          What Buildlab can reach right now: the Docker Engine, the images the strategies run, the registry results go to, and the Kubernetes cluster of the
          Kaniko strategy. Each problem comes with the step that fixes it. Reload the page to check again.
        </p>
        <p data-testid="environment-summary" className="mt-2 text-sm text-slate-700">
          Checked <time dateTime={report.checkedAt}>{report.checkedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}</time>:{" "}
          {counts.map(({ status, count }) => `${count} ${status}`).join(", ")}.
        </p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {report.checks.map((check) => (
          <EnvironmentCheckCard key={check.id} check={check} />
        ))}
      </div>
    </div>
  );
}
