import { NextResponse } from "next/server";
import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { createShareLink, revokeShareLink } from "@/lib/auth/share-links";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

// POST /api/comparisons/:id/share: create a read-only link to this comparison, replacing any earlier link.
export const POST = withRoute({ name: "share comparison", access: "manage", params, body: "none" }, async (_request, { id }) => {
  await getComparisonViewOrThrow(id);

  const token = await createShareLink(id);
  return NextResponse.json({ id, token, path: `/share/${token}` }, { status: 201 });
});

// DELETE /api/comparisons/:id/share: revoke the comparison's share link.
export const DELETE = withRoute({ name: "revoke share link", access: "manage", params, body: "none" }, async (_request, { id }) => {
  await getComparisonViewOrThrow(id);

  const revoked = await revokeShareLink(id);
  return NextResponse.json({ id, revoked });
});
