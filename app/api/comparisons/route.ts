import { NextResponse } from "next/server";
import { readComparisonForm } from "@/lib/api/read-comparison-form";
import { withRoute } from "@/lib/api/with-route";
import { listComparisonSummaries } from "@/lib/db/queries/list-comparison-summaries";
import { submitComparison } from "@/lib/runner/submit-comparison";

export const dynamic = "force-dynamic";

// GET /api/comparisons: the history, newest first.
export const GET = withRoute("list comparisons", async () => {
  return NextResponse.json({ comparisons: await listComparisonSummaries() });
});

// POST /api/comparisons: store a Dockerfile and context with the chosen strategies, and queue the plan.
export const POST = withRoute("submit comparison", async (request) => {
  const form = await readComparisonForm(request);
  try {
    const id = await submitComparison(form.submission);
    return NextResponse.json({ id }, { status: 201 });
  } finally {
    await form.dispose();
  }
});
