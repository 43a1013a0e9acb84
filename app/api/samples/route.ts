import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { listSamples } from "@/lib/context";

export const dynamic = "force-dynamic";

// GET /api/samples: the sample contexts a user can pick.
export const GET = withRoute({ name: "list samples", access: "view" }, async () => {
  return NextResponse.json({ samples: await listSamples() });
});
