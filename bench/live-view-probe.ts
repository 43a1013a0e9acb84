// Runs in the browser page before Buildlab's own scripts (Playwright's addInitScript), so it must
// not import anything. It records, for the benchmark, what a person would feel while the log
// streams: long main-thread tasks, gaps between animation frames, the latency of input events, and
// when each log line arrived compared with when the build printed it.

/** Measurements the probe collects in `window.__bench`. */
export interface LiveViewProbe {
  longTasks: { start: number; duration: number }[];
  /** Gaps between animation frames longer than 50 ms, in performance time. */
  frameGaps: { start: number; gap: number }[];
  /** Event Timing entries of 16 ms or more (the smallest threshold browsers allow). */
  inputEvents: { name: string; start: number; duration: number; delay: number; processing: number }[];
  /** Arrival time minus print time of each log line printed after the stream opened, in milliseconds. */
  lineLatencies: number[];
  /** Wall-clock time (ms since the epoch) of each `log` event, with how many lines it carried. */
  logEvents: { arrivedAt: number; lines: number }[];
  /** Build output lines of the form "line N of TOTAL" seen, and the largest N. */
  numberedLines: number;
  largestLineNumber: number;
  /** Print times (ms since the epoch) of the first and the last numbered line. */
  firstPrintedAt: number | null;
  lastPrintedAt: number | null;
  openedAt: number | null;
  /** When the `end` event arrived, or null when it never did. */
  endedAt: number | null;
  /** When a `comparison` event with an ended status arrived; the page leaves its live view then. */
  finalViewAt: number | null;
  timeOrigin: number;
}

/** Installs the probe; Playwright sends this function's source to the page. */
export function installLiveViewProbe(): void {
  const probe: LiveViewProbe = {
    longTasks: [],
    frameGaps: [],
    inputEvents: [],
    lineLatencies: [],
    logEvents: [],
    numberedLines: 0,
    largestLineNumber: 0,
    firstPrintedAt: null,
    lastPrintedAt: null,
    openedAt: null,
    endedAt: null,
    finalViewAt: null,
    timeOrigin: performance.timeOrigin,
  };
  (window as unknown as { __bench: LiveViewProbe }).__bench = probe;

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceEventTiming[]) {
      probe.inputEvents.push({
        name: entry.name,
        start: entry.startTime,
        duration: entry.duration,
        delay: entry.processingStart - entry.startTime,
        processing: entry.processingEnd - entry.processingStart,
      });
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);

  let previousFrame = performance.now();
  const onFrame = (now: number) => {
    if (now - previousFrame > 50) probe.frameGaps.push({ start: previousFrame, gap: now - previousFrame });
    previousFrame = now;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  const NativeEventSource = window.EventSource;
  window.EventSource = class extends NativeEventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener("open", () => {
        probe.openedAt ??= Date.now();
      });
      this.addEventListener("log", (event) => {
        const arrivedAt = performance.timeOrigin + performance.now();
        const lines = JSON.parse((event as MessageEvent<string>).data) as { at: string; text: string }[];
        probe.logEvents.push({ arrivedAt, lines: lines.length });
        for (const line of lines) {
          // Lines printed before the stream opened arrive as a catch-up, so they are left out of the latency.
          const printedAt = Date.parse(line.at);
          if (probe.openedAt !== null && printedAt >= probe.openedAt) probe.lineLatencies.push(arrivedAt - printedAt);
          const numbered = /^line (\d+) of \d+$/.exec(line.text);
          if (numbered) {
            probe.numberedLines += 1;
            probe.largestLineNumber = Math.max(probe.largestLineNumber, Number(numbered[1]));
            probe.firstPrintedAt = Math.min(probe.firstPrintedAt ?? printedAt, printedAt);
            probe.lastPrintedAt = Math.max(probe.lastPrintedAt ?? printedAt, printedAt);
          }
        }
      });
      this.addEventListener("comparison", (event) => {
        const { status } = JSON.parse((event as MessageEvent<string>).data) as { status: string };
        if (["succeeded", "failed", "cancelled"].includes(status)) probe.finalViewAt ??= Date.now();
      });
      this.addEventListener("end", () => {
        probe.endedAt = Date.now();
      });
    }
  };
}
