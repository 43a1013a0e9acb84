import { streamComparisonEvents } from "../runner/stream-comparison-events";

/** Returns a response that streams the server-sent events of a comparison; see streamComparisonEvents. */
export function eventStreamResponse(comparisonId: string, signal: AbortSignal): Response {
  return new Response(streamComparisonEvents(comparisonId, signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
