import { performance } from "node:perf_hooks";

export interface TimedRoute {
  /** Name shown in the tables, such as "/comparisons/:id". */
  name: string;
  /** Builds the path of the request with index `index`. */
  path: (index: number) => string;
}

/**
 * Requests every route `warmUp + count` times, one request at a time, round by round with the
 * route order rotated, and returns the time of each counted request until its body has arrived,
 * in milliseconds. The warm-up requests load the route's code and are returned apart. Throws on a
 * response that is not 200.
 */
export async function timeRequests(baseUrl: string, routes: TimedRoute[], count: number, warmUp: number): Promise<Map<string, { warmUp: number[]; timed: number[] }>> {
  const results = new Map(routes.map((route) => [route.name, { warmUp: [] as number[], timed: [] as number[] }]));

  for (let round = 0; round < warmUp + count; round += 1) {
    const order = routes.map((_, index) => routes[(index + round) % routes.length]);
    for (const route of order) {
      const path = route.path(round);
      const started = performance.now();
      const response = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
      const body = await response.arrayBuffer();
      const elapsed = performance.now() - started;
      if (response.status !== 200) {
        throw new Error(`GET ${path} returned ${response.status}: ${Buffer.from(body).toString("utf8").slice(0, 500)}`);
      }
      const entry = results.get(route.name)!;
      (round < warmUp ? entry.warmUp : entry.timed).push(elapsed);
    }
  }
  return results;
}
