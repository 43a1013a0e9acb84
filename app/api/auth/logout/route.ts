import { NextResponse } from "next/server";
import { sessionCookieHeader } from "@/lib/api/session-cookie-header";
import { withRoute } from "@/lib/api/with-route";

export const dynamic = "force-dynamic";

// POST /api/auth/logout: delete the session cookie; a form post is sent back to the login page.
export const POST = withRoute({ name: "log out", access: "public", body: "none" }, async (request) => {
  const fromForm = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const response = fromForm ? new Response(null, { status: 303, headers: { location: "/login" } }) : NextResponse.json({ loggedOut: true });
  response.headers.append("set-cookie", sessionCookieHeader(request, "", 0));
  return response;
});
