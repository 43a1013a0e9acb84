import { PassThrough, Writable } from "node:stream";
import { ApiException, Attach, CoreV1Api, KubeConfig, Log, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeStandIn, type KubeStandIn } from "./start-kube-stand-in";

// These tests run real containers on the local Docker Engine from the lab's busybox image, which
// must already be there: the stand-in never pulls.
const BUSYBOX = "localhost:5000/buildlab/busybox:lab";
const NAMESPACE = "buildlab-builds";

let standIn: KubeStandIn;
let core: CoreV1Api;
let config: KubeConfig;

beforeAll(async () => {
  standIn = await startKubeStandIn({ imagePullBackOffAfterMs: 200 });
  config = new KubeConfig();
  config.loadFromFile(standIn.kubeconfigPath);
  core = config.makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await standIn?.stop();
});

function busyboxPod(name: string, script: string, extra: Partial<V1Pod["spec"]> = {}, container: object = {}): V1Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { "org.buildlab.test": "stand-in", case: name } },
    spec: {
      restartPolicy: "Never",
      containers: [{ name: "main", image: BUSYBOX, command: ["sh", "-c", script], ...container }],
      ...extra,
    },
  };
}

async function waitForPod(name: string, done: (pod: V1Pod) => boolean): Promise<V1Pod> {
  for (;;) {
    const pod = await core.readNamespacedPod({ name, namespace: NAMESPACE });
    if (done(pod)) return pod;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function deleteAndWait(name: string): Promise<void> {
  await core.deleteNamespacedPod({ name, namespace: NAMESPACE, gracePeriodSeconds: 0 });
  for (;;) {
    try {
      await core.readNamespacedPod({ name, namespace: NAMESPACE });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function statusBody(error: unknown): { kind?: string; reason?: string; message?: string; code?: number } {
  const body = (error as ApiException<unknown>).body;
  return typeof body === "string" ? JSON.parse(body) : (body as object);
}

const finished = (pod: V1Pod) => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

// Each case starts real containers, which takes seconds on a busy 2-core machine.
describe("kube stand-in", { timeout: 60_000 }, () => {
  it("rejects requests without the token", async () => {
    const response = await fetch(`${standIn.url}/api/v1/namespaces/${NAMESPACE}/pods`);
    const body = await response.json();

    expect(response.status).toBe(401);
    expect(body).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });
  });

  it("returns a NotFound Status for a missing pod", async () => {
    const error = await core.readNamespacedPod({ name: "missing", namespace: NAMESPACE }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(404);
    expect(statusBody(error)).toMatchObject({ kind: "Status", reason: "NotFound", message: 'pods "missing" not found' });
  });

  it("rejects pods in a missing namespace", async () => {
    const error = await core
      .createNamespacedPod({ namespace: "nowhere", body: busyboxPod("nowhere", "true") })
      .catch((caught: unknown) => caught);

    expect(statusBody(error)).toMatchObject({ reason: "NotFound", message: 'namespaces "nowhere" not found' });
  });

  it("reports its version", async () => {
    const response = await fetch(`${standIn.url}/version`, { headers: { Authorization: `Bearer ${standIn.token}` } });

    expect(await response.json()).toMatchObject({ major: "1", gitVersion: expect.stringContaining("stand-in") });
  });

  it("stores Secrets with stringData as data", async () => {
    await core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name: "creds", labels: { team: "a" } }, type: "Opaque", stringData: { token: "abc" } },
    });
    const listed = await core.listNamespacedSecret({ namespace: NAMESPACE, labelSelector: "team=a" });
    const secret = listed.items[0];

    expect(listed.items).toHaveLength(1);
    expect(secret.data?.token).toBe(Buffer.from("abc").toString("base64"));
    expect(secret.stringData).toBeUndefined();

    await core.deleteNamespacedSecret({ name: "creds", namespace: NAMESPACE });
    expect(standIn.listSecrets()).toEqual([]);
  });

  it("reports a missing image without pulling it", async () => {
    const body = busyboxPod("missing-image", "true", {}, { image: "buildlab/not-here:never" });
    await core.createNamespacedPod({ namespace: NAMESPACE, body });

    const pulling = await waitForPod("missing-image", (pod) => pod.status?.containerStatuses?.[0].state?.waiting?.reason === "ErrImagePull");
    const backOff = await waitForPod("missing-image", (pod) => pod.status?.containerStatuses?.[0].state?.waiting?.reason === "ImagePullBackOff");

    expect(pulling.status?.phase).toBe("Pending");
    expect(pulling.status?.containerStatuses?.[0].state?.waiting?.message).toContain("buildlab/not-here:never");
    expect(backOff.status?.containerStatuses?.[0].state?.waiting?.message).toBe('Back-off pulling image "buildlab/not-here:never"');
    expect(await standIn.listContainers()).toEqual([]);

    await deleteAndWait("missing-image");
  });

  it("keeps an oversized pod Unschedulable", async () => {
    const body = busyboxPod("too-big", "true", {}, { resources: { requests: { memory: "64Ti" }, limits: { memory: "64Ti" } } });
    await core.createNamespacedPod({ namespace: NAMESPACE, body });

    const pod = await core.readNamespacedPod({ name: "too-big", namespace: NAMESPACE });
    const scheduled = pod.status?.conditions?.find((condition) => condition.type === "PodScheduled");

    expect(pod.status?.phase).toBe("Pending");
    expect(scheduled?.status).toBe("False");
    expect(scheduled?.reason).toBe("Unschedulable");
    expect(scheduled?.message).toContain("Insufficient memory");
    expect(pod.spec?.nodeName).toBeUndefined();

    await deleteAndWait("too-big");
  });

  it("runs a pod to Succeeded and serves its log", async () => {
    const body = busyboxPod("hello", "echo out; echo err >&2; printf sha256:abc > /dev/termination-log", {}, {
      resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    });
    await core.createNamespacedPod({ namespace: NAMESPACE, body });

    const pod = await waitForPod("hello", finished);
    const terminated = pod.status?.containerStatuses?.[0].state?.terminated;
    const log = await core.readNamespacedPodLog({ name: "hello", namespace: NAMESPACE, container: "main", timestamps: true });

    expect(pod.status?.phase).toBe("Succeeded");
    expect(pod.status?.qosClass).toBe("Guaranteed");
    expect(terminated?.exitCode).toBe(0);
    expect(terminated?.reason).toBe("Completed");
    expect(terminated?.message).toBe("sha256:abc");
    expect(log).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z out$/m);
    expect(log).toMatch(/Z err$/m);
    expect((await standIn.listContainers())[0].Labels["io.kubernetes.pod.name"]).toBe("hello");

    await deleteAndWait("hello");
    expect(await standIn.listContainers()).toEqual([]);
  });

  it("follows a log until the container ends", async () => {
    await core.createNamespacedPod({ namespace: NAMESPACE, body: busyboxPod("follow", "for i in 1 2 3; do echo line$i; sleep 0.2; done") });
    await waitForPod("follow", (pod) => pod.status?.phase !== "Pending");

    let text = "";
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    });
    const ended = new Promise((resolve) => sink.on("finish", resolve));
    await new Log(config).log(NAMESPACE, "follow", "main", sink, { follow: true });
    await ended;

    expect(text).toBe("line1\nline2\nline3\n");
    await deleteAndWait("follow");
  });

  it("reports an out-of-memory kill as OOMKilled", async () => {
    const body = busyboxPod("oom", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo $x | wc -c", {}, {
      resources: { limits: { memory: "16Mi" } },
    });
    await core.createNamespacedPod({ namespace: NAMESPACE, body });

    const pod = await waitForPod("oom", finished);

    expect(pod.status?.phase).toBe("Failed");
    expect(pod.status?.containerStatuses?.[0].state?.terminated?.reason).toBe("OOMKilled");
    await deleteAndWait("oom");
  });

  it("enforces activeDeadlineSeconds", async () => {
    await core.createNamespacedPod({ namespace: NAMESPACE, body: busyboxPod("slow", "sleep 60", { activeDeadlineSeconds: 1 }) });

    const pod = await waitForPod("slow", (candidate) => finished(candidate) && candidate.status?.containerStatuses?.[0].state?.terminated !== undefined);

    expect(pod.status?.phase).toBe("Failed");
    expect(pod.status?.reason).toBe("DeadlineExceeded");
    expect(pod.status?.message).toBe("Pod was active on the node longer than the specified deadline");
    await deleteAndWait("slow");
  });

  it("delivers stdin through attach and closes it", async () => {
    const body = busyboxPod("stdin", "wc -c > /dev/termination-log", {}, { stdin: true, stdinOnce: true });
    await core.createNamespacedPod({ namespace: NAMESPACE, body });
    await waitForPod("stdin", (pod) => pod.status?.phase === "Running");

    const input = new PassThrough();
    const socket = await new Attach(config).attach(NAMESPACE, "stdin", "main", null, null, input, false);
    input.end(Buffer.alloc(300_000, 97));
    const pod = await waitForPod("stdin", finished);
    socket.close();

    expect(pod.status?.phase).toBe("Succeeded");
    expect(pod.status?.containerStatuses?.[0].state?.terminated?.message?.trim()).toBe("300000");
    await deleteAndWait("stdin");
  });

  it("mounts Secret items as files", async () => {
    await core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name: "docker-config" }, type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": '{"auths":{}}' } },
    });
    const body = busyboxPod("secret-volume", "cat /kaniko/.docker/config.json > /dev/termination-log", {
      volumes: [{ name: "creds", secret: { secretName: "docker-config", items: [{ key: ".dockerconfigjson", path: "config.json" }] } }],
    }, { volumeMounts: [{ name: "creds", mountPath: "/kaniko/.docker", readOnly: true }] });
    await core.createNamespacedPod({ namespace: NAMESPACE, body });

    const pod = await waitForPod("secret-volume", finished);

    expect(pod.status?.containerStatuses?.[0].state?.terminated?.message).toBe('{"auths":{}}');
    await deleteAndWait("secret-volume");
    await core.deleteNamespacedSecret({ name: "docker-config", namespace: NAMESPACE });
  });

  it("lists pods by label selector", async () => {
    await core.createNamespacedPod({ namespace: NAMESPACE, body: busyboxPod("labelled", "true") });

    const matching = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: "case=labelled" });
    const none = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: "case=other" });

    expect(matching.items.map((pod) => pod.metadata?.name)).toEqual(["labelled"]);
    expect(none.items).toEqual([]);
    await deleteAndWait("labelled");
  });

  it("leaves no containers after deletes", async () => {
    expect(standIn.listPods()).toEqual([]);
    expect(await standIn.listContainers()).toEqual([]);
  });
});
