import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ComparisonClient } from "@/app/comparisons/[id]/comparison-client";
import { resolveShareToken } from "@/lib/auth";
import { getComparisonView } from "@/lib/db/queries/get-comparison-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Shared comparison",
  // A share link is meant for the people it was sent to, not for search engines.
  robots: { index: false, follow: false },
};

/**
 * Serves the read-only comparison a share link opens, to anyone holding the link: the same
 * sections as the comparison page, read through `/api/share/:token` routes, without cancel or
 * share actions. An unknown or revoked link is a 404.
 */
export default async function SharedComparisonPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;

  const comparisonId = await resolveShareToken(token);
  if (!comparisonId) notFound();
  const view = await getComparisonView(comparisonId);
  if (!view) notFound();

  return <ComparisonClient id={comparisonId} initialView={view} shareToken={token} />;
}
