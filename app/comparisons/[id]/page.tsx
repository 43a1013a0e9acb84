import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getComparisonView } from "@/lib/db/queries/get-comparison-view";
import { ComparisonClient } from "./comparison-client";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Comparison" };

export default async function ComparisonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;

  const view = await getComparisonView(id);
  if (!view) notFound();

  return <ComparisonClient id={id} initialView={view} />;
}
