import type Docker from "dockerode";

/** Calls /_ping, giving up when `abortSignal` aborts. */
export function pingWithSignal(client: Docker, abortSignal: AbortSignal): Promise<unknown> {
  // dockerode 5 accepts an abort signal on ping; @types/dockerode 4 does not declare the option.
  const ping = client.ping as unknown as (this: Docker, options: { abortSignal: AbortSignal }) => Promise<unknown>;
  return ping.call(client, { abortSignal });
}
