import { getComparisonView } from "../db/queries/get-comparison-view";
import { listLogLinesAfter } from "../db/queries/list-log-lines-after";

const POLL_INTERVAL_MS = 500;
const HEARTBEAT_INTERVAL_MS = 15_000;
const ENDED = new Set(["succeeded", "failed", "cancelled"]);

/**
 * Streams a comparison as server-sent events: `comparison` with the whole view whenever it changes,
 * `log` with batches of new log lines, and `end` once it has ended and every stored line was sent.
 * It reads from PostgreSQL, so any Buildlab process can serve the live view of any comparison.
 */
export function streamComparisonEvents(comparisonId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastLogId = 0n;
  let lastView = "";
  let lastSentAt = Date.now();
  let closed = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        lastSentAt = Date.now();
      };
      signal.addEventListener("abort", () => {
        closed = true;
      });

      try {
        while (!closed) {
          const view = await getComparisonView(comparisonId);
          if (!view) break;

          // Log lines go first. A page closes its stream when it receives an ended comparison, so the
          // lines stored before that state must already be sent.
          let lines = await listLogLinesAfter(comparisonId, lastLogId);
          while (lines.length && !closed) {
            send("log", lines);
            lastLogId = BigInt(lines[lines.length - 1].id);
            lines = await listLogLinesAfter(comparisonId, lastLogId);
          }

          const serialized = JSON.stringify(view);
          if (serialized !== lastView) {
            lastView = serialized;
            send("comparison", view);
          }

          if (ENDED.has(view.status)) {
            send("end", { status: view.status });
            break;
          }
          if (Date.now() - lastSentAt > HEARTBEAT_INTERVAL_MS) controller.enqueue(encoder.encode(": heartbeat\n\n"));
          await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        }
      } catch (error) {
        console.error(`[events] streaming comparison ${comparisonId} failed`, error);
        if (!closed) send("error", { message: "The live view lost its connection to the database; reload the page." });
      }

      if (!closed) controller.close();
    },
    cancel() {
      closed = true;
    },
  });
}
