import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { isOpenAccess, readAccessSettings } from "@/lib/auth/access-settings";

export const dynamic = "force-dynamic";

// GET /api/auth/session: who the caller is (role and how they signed in), for pages that show or hide actions.
export const GET = withRoute({ name: "read session", access: "public" }, async (_request, _params, principal) => {
  return NextResponse.json({
    authenticated: principal !== null,
    role: principal?.role ?? null,
    via: principal?.via ?? null,
    open: isOpenAccess(readAccessSettings()),
  });
});
