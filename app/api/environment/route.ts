import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { probeEnvironment } from "@/lib/environment/probe-environment";

export const dynamic = "force-dynamic";

// GET /api/environment: what Buildlab can reach right now, each check with a status and the fix.
// Admin only: the probe starts a privileged container, which a viewer must not be able to trigger.
export const GET = withRoute({ name: "probe environment", access: "manage" }, async () => {
  return NextResponse.json(await probeEnvironment());
});
