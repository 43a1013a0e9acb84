import type { Metadata } from "next";
import Link from "next/link";
import { isOpenAccess, readAccessSettings } from "@/lib/auth/access-settings";
import { safeNextPath } from "@/lib/api/read-login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

interface LoginPageProps {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}

// A plain form that posts to /api/auth/login, so signing in works without JavaScript.
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const query = await searchParams;
  const next = safeNextPath(typeof query.next === "string" ? query.next : undefined);
  const failed = query.error === "invalid";
  const settings = readAccessSettings();

  if (isOpenAccess(settings)) {
    return (
      <section className="mx-auto max-w-md space-y-3">
        <h1 className="text-2xl font-bold text-slate-900">No sign-in needed</h1>
        <p className="text-slate-700">
          No token is configured, so this dashboard is open to anyone who reaches it on 127.0.0.1 or localhost. To serve it to
          others, set BUILDLAB_ADMIN_TOKEN (and BUILDLAB_VIEWER_TOKEN for people who only watch) and restart Buildlab.
        </p>
        <Link href="/" className="text-blue-700 underline">
          Open the dashboard
        </Link>
      </section>
    );
  }

  return (
    <section className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Sign in to Buildlab</h1>
      {failed && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-red-800">
          That did not match. Check the token, or the user name and password, and try again.
        </p>
      )}

      <form method="post" action="/api/auth/login" className="space-y-3">
        <input type="hidden" name="next" value={next} />
        <label className="block">
          <span className="block text-sm font-medium text-slate-700">Access token</span>
          <input name="token" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
        </label>
        <p className="text-sm text-slate-600">The admin token may start and cancel builds; the viewer token may watch them.</p>
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700">
          Sign in with the token
        </button>
      </form>

      {settings.adminUsername && (
        <form method="post" action="/api/auth/login" className="space-y-3 border-t border-slate-200 pt-6">
          <input type="hidden" name="next" value={next} />
          <label className="block">
            <span className="block text-sm font-medium text-slate-700">User name</span>
            <input name="username" autoComplete="username" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block">
            <span className="block text-sm font-medium text-slate-700">Password</span>
            <input name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <button type="submit" className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700">
            Sign in as admin
          </button>
        </form>
      )}
    </section>
  );
}
