import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { getAllStrategies } from "@/lib/strategies/get-strategy";
import type { Availability, Strategy } from "@/lib/strategies/types";

export const dynamic = "force-dynamic";

// GET /api/strategies: every strategy with its modes and whether it can build right now.
export const GET = withRoute({ name: "list strategies", access: "view" }, async () => {
  const strategies = await getAllStrategies();
  const described = await Promise.all(
    strategies.map(async (strategy) => ({
      name: strategy.name,
      label: strategy.label,
      modes: strategy.modes,
      availability: await strategy.checkAvailability().catch((error: Error) => ({
        available: false as const,
        reason: `Checking failed: ${error.message}`,
        fix: "See the server log.",
      })),
    })),
  );
  return NextResponse.json({ strategies: described });
});
