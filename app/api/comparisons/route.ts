import { NextResponse } from "next/server";
import { readComparisonForm } from "@/lib/api/read-comparison-form";
import { checkQueueCap, submitWithinQueueCap } from "@/lib/api/submit-within-queue-cap";
import { withRoute } from "@/lib/api/with-route";
import { listComparisonSummaries } from "@/lib/db/queries/list-comparison-summaries";

export const dynamic = "force-dynamic";

// GET /api/comparisons: the history, newest first.
export const GET = withRoute({ name: "list comparisons", access: "view" }, async () => {
  return NextResponse.json({ comparisons: await listComparisonSummaries() });
});

// POST /api/comparisons: store a Dockerfile and context with the chosen strategies, and queue the plan.
export const POST = withRoute({ name: "submit comparison", access: "manage" }, async (request, _params, principal) => {
  await checkQueueCap(principal!);

  const form = await readComparisonForm(request);
  try {
    const id = await submitWithinQueueCap(principal!, form.submission);
    return NextResponse.json({ id }, { status: 201 });
  } finally {
    await form.dispose();
  }
});
