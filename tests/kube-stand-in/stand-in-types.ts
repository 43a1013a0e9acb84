import type Docker from "dockerode";

// Objects as the stand-in stores and returns them: plain JSON in the shapes of core/v1. Fields the
// stand-in does not read are kept as the client sent them.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        message?: string;
        startedAt?: string;
        finishedAt: string;
        containerID?: string;
      };
    };

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
}

export interface PodObject {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMeta;
  spec: any;
  status: {
    phase: "Pending" | "Running" | "Succeeded" | "Failed";
    conditions: PodCondition[];
    qosClass: string;
    reason?: string;
    message?: string;
    startTime?: string;
    hostIP?: string;
    podIP?: string;
    containerStatuses: ContainerStatus[];
  };
}

export interface StoredObject {
  apiVersion: "v1";
  kind: "Secret" | "ConfigMap";
  metadata: ObjectMeta;
  [field: string]: any;
}

/** What the stand-in tracks about one container of a pod on the Docker Engine. */
export interface ContainerRecord {
  name: string;
  /** Docker container id, once created. */
  id?: string;
  container?: Docker.Container;
  /** Host file bind-mounted at the container's terminationMessagePath, as the kubelet does. */
  terminationFile: string;
  /** Settles when the container has ended and its status is terminated. */
  exited: Promise<void>;
  markExited: () => void;
  exitCode?: number;
}

export interface PodRecord {
  object: PodObject;
  containers: Map<string, ContainerRecord>;
  deleted: boolean;
  timers: NodeJS.Timeout[];
  /** Settles when the pod's run on the node (scheduling to the end of its containers) has finished. */
  run?: Promise<void>;
  /** Settles when the pod's containers are removed from the engine after deletion. */
  removal?: Promise<void>;
}
