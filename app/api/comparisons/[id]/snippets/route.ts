import { NextResponse } from "next/server";
import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";
import { generateSnippets } from "@/lib/snippets/generate-snippets";
import { snippetInputFromComparison } from "@/lib/snippets/snippet-input-from-comparison";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

const querySchema = z.object({
  destination: z.string().min(1).max(512).optional(),
  context: z.string().min(1).max(512).optional(),
  kanikoImage: z.string().min(1).max(512).optional(),
  dockerImage: z.string().min(1).max(512).optional(),
  dindImage: z.string().min(1).max(512).optional(),
});

// GET /api/comparisons/:id/snippets: a Jenkinsfile, a GitLab CI job and a GitHub Actions workflow
// for every strategy and mode of the comparison. Optional query: destination, context, and the
// kanikoImage, dockerImage and dindImage the pipelines run.
export const GET = withRoute({ name: "get comparison snippets", access: "view", params }, async (request, { id }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = await getComparisonViewOrThrow(id);

  const options = {
    destination: query.destination,
    context: query.context,
    images: {
      ...(query.kanikoImage ? { kaniko: query.kanikoImage } : {}),
      ...(query.dockerImage ? { dockerCli: query.dockerImage } : {}),
      ...(query.dindImage ? { dind: query.dindImage } : {}),
    },
  };
  const snippets = view.strategies.map((choice) => generateSnippets(snippetInputFromComparison(view, choice, options)));

  return NextResponse.json({ comparisonId: view.id, snippets });
});
