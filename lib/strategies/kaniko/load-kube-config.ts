import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface LoadedKubeConfig {
  config: KubeConfig;
  /** Source of the configuration, for messages. */
  source: string;
}

/**
 * Loads the Kubernetes client configuration from `kubeconfigPath` (a KUBECONFIG value, with paths
 * separated by the path delimiter), else ~/.kube/config, else the in-cluster service account.
 * Returns undefined when none exists, where KubeConfig.loadFromDefault would fall back to
 * http://localhost:8080.
 */
export function loadKubeConfig(kubeconfigPath?: string): LoadedKubeConfig | undefined {
  const config = new KubeConfig();

  if (kubeconfigPath) {
    const files = kubeconfigPath.split(path.delimiter).filter(Boolean);
    config.loadFromFile(files[0]);
    for (const file of files.slice(1)) {
      const extra = new KubeConfig();
      extra.loadFromFile(file);
      config.mergeConfig(extra);
    }
    return { config, source: `KUBECONFIG (${kubeconfigPath})` };
  }

  const homeConfig = path.join(os.homedir(), ".kube", "config");
  if (existsSync(homeConfig)) {
    config.loadFromFile(homeConfig);
    return { config, source: homeConfig };
  }

  if (existsSync(SERVICE_ACCOUNT_TOKEN)) {
    config.loadFromCluster();
    return { config, source: "the pod's service account" };
  }

  return undefined;
}
