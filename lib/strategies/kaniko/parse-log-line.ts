/** One line of the executor's output, as the runner read it. */
export interface LogLine {
  /** When the container runtime received the line, if the runner asked for timestamps. */
  at?: Date;
  /** The line without the runtime's timestamp. */
  text: string;
  /** The fields of a line the executor logged itself; absent for output of RUN commands. */
  kaniko?: { time?: Date; level: string; message: string };
}

// Docker (`timestamps=true`) and the kubelet (`timestamps=true` on the pod log) both prefix each
// line with an RFC 3339 time with nanoseconds and one space.
const RUNTIME_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (.*)$/s;

// logrus' text formatter writes key=value pairs; a value with spaces or quotes is a Go-quoted string.
const LOGRUS_FIELD = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;

/**
 * Splits a line into the runtime's timestamp and text, and reads logrus fields (time, level, msg)
 * when the executor logged the line with `--log-format=text --log-timestamp`.
 */
export function parseLogLine(raw: string): LogLine {
  const line = raw.replace(/\r$/, "");
  const stamped = RUNTIME_TIMESTAMP.exec(line);
  const text = stamped ? stamped[2] : line;
  const at = stamped ? toDate(stamped[1]) : undefined;

  if (!/^(time|level)=/.test(text)) return { at, text };

  const fields = new Map<string, string>();
  for (const match of text.matchAll(LOGRUS_FIELD)) {
    fields.set(match[1], match[2].startsWith('"') ? unquoteGoString(match[2]) : match[2]);
  }
  const level = fields.get("level");
  const message = fields.get("msg");
  if (level === undefined || message === undefined) return { at, text };

  const time = fields.has("time") ? toDate(fields.get("time")!) : undefined;
  return { at, text, kaniko: { time, level, message } };
}

function toDate(value: string): Date | undefined {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'",
};

/** Reverses Go's strconv.Quote, which logrus uses for field values. */
export function unquoteGoString(quoted: string): string {
  const body = quoted.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_whole, escape: string) => {
    if (escape.length === 1) return SIMPLE_ESCAPES[escape] ?? escape;
    if (/^[0-7]{3}$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return String.fromCodePoint(parseInt(escape.slice(1), 16));
  });
}
