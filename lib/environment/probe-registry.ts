import { toError } from "../errors";
import { isLoopbackHost } from "../images/parse-image-ref";
import { LAB_SETUP_COMMAND } from "./lab-setup-command";
import type { ProbeCheck } from "./types";
import { withTimeout } from "./with-timeout";

const REGISTRY_TIMEOUT_MS = 5000;
/** The lab's registry, which scripts/lab.sh starts. */
const LAB_REGISTRY = "localhost:5000";

/**
 * Calls the Distribution API's version check (GET /v2/) of the registry that results are pushed
 * to. HTTP 200 and 401 (credentials required) both mean a registry responds. Loopback registries
 * are reached over plain HTTP, as Docker reaches them, and every other one over HTTPS.
 */
export async function probeRegistry(registry: string, fetchImpl: typeof fetch = fetch): Promise<ProbeCheck> {
  const title = "Registry";
  const base = isLoopbackHost(registry) ? `http://${registry.replace(/^localhost(?=:|$)/, "127.0.0.1")}` : `https://${registry}`;
  const url = `${base}/v2/`;
  const details = [
    { label: "Registry", value: registry },
    { label: "Checked", value: url },
  ];
  const fix =
    registry === LAB_REGISTRY
      ? { description: "Start the lab registry on 127.0.0.1:5000 with scripts/lab.sh, or set BUILDLAB_REGISTRY to a registry that runs.", command: LAB_SETUP_COMMAND }
      : { description: `Check that ${registry} runs and that this machine reaches it, or set BUILDLAB_REGISTRY to another registry.` };

  let response: Response;
  try {
    response = await withTimeout(readResponse(fetchImpl, url), REGISTRY_TIMEOUT_MS, `GET ${url}`);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause ? `${toError(error).message} (${toError(cause).message})` : toError(error).message;
    return { id: "registry", title, status: "unreachable", summary: `The registry ${registry} does not respond: ${reason}.`, details, fix };
  }

  const apiVersion = response.headers.get("docker-distribution-api-version");
  if (response.status === 200 || response.status === 401) {
    return {
      id: "registry",
      title,
      status: "ok",
      summary: response.status === 200 ? `The registry ${registry} responds.` : `The registry ${registry} responds and requires credentials.`,
      details: [...details, ...(apiVersion ? [{ label: "API version", value: apiVersion }] : [])],
    };
  }
  return {
    id: "registry",
    title,
    status: "warning",
    summary: `${url} returned HTTP ${response.status}, where a registry returns 200 or 401.`,
    details,
    fix,
  };
}

/**
 * Fetches `url` and reads its body to the end. The version check's body is "{}", and reading it,
 * where cancelling it would be enough, also works with the fetch that Next.js wraps for its cache.
 */
async function readResponse(fetchImpl: typeof fetch, url: string): Promise<Response> {
  const response = await fetchImpl(url, { redirect: "manual", cache: "no-store" });
  await response.arrayBuffer();
  return response;
}
