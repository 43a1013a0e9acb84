import { stringify } from "yaml";
import { dockerBuildCommands } from "./docker-build-commands";
import { KANIKO_EXECUTOR, kanikoExecutorArgs } from "./kaniko-executor-args";
import { registryLoginCommand } from "./registry-login-command";
import type { SnippetFile, SnippetInput } from "./types";

// Keeps a container of the agent pod running while Jenkins executes the steps in it. The value is in
// seconds, because busybox `sleep` in the docker and Kaniko debug images takes no other unit.
const KEEP_RUNNING = { command: ["sleep"], args: ["99999999"] };
// Jenkins credentials of type "Username with password"; `credentials()` sets REGISTRY_USR and REGISTRY_PSW.
const CREDENTIALS_ID = "registry-credentials";
// Kubernetes Secret of type kubernetes.io/dockerconfigjson in the agent's namespace, for Kaniko.
const REGISTRY_SECRET = "registry-credentials";

interface PodPlan {
  comment: string[];
  pod: Record<string, unknown>;
  container: string;
  commands: string[];
  /** Whether the steps log in with Jenkins credentials, which Kaniko does not need. */
  login: boolean;
}

/**
 * Generates a declarative Jenkinsfile for the Kubernetes plugin: the agent pod is a YAML pod
 * template with the containers the strategy needs, and one stage builds and pushes the image in
 * the container that has the tools.
 */
export function generateJenkinsfile(input: SnippetInput): SnippetFile {
  const plan = podPlanFor(input);
  const podYaml = stringify(plan.pod, { lineWidth: 0 }).trimEnd();
  // Inside a Groovy ''' string a backslash starts an escape; the generated commands contain none.
  const script = plan.commands.map((command) => `            ${command}`).join("\n");

  const lines = [
    ...plan.comment.map((line) => `// ${line}`),
    "pipeline {",
    "  agent {",
    "    kubernetes {",
    "      yaml '''",
    ...podYaml.split("\n").map((line) => `        ${line}`),
    "      '''",
    "    }",
    "  }",
    ...(plan.login ? ["  environment {", `    REGISTRY = credentials('${CREDENTIALS_ID}')`, "  }"] : []),
    "  stages {",
    "    stage('Build image') {",
    "      steps {",
    `        container('${plan.container}') {`,
    "          sh '''",
    script,
    "          '''",
    "        }",
    "      }",
    "    }",
    "  }",
    "}",
  ];

  return { system: "jenkins", filename: "Jenkinsfile", language: "groovy", text: `${lines.join("\n")}\n` };
}

function podPlanFor(input: SnippetInput): PodPlan {
  const login = registryLoginCommand(input.registry, "REGISTRY_USR", "REGISTRY_PSW");

  switch (input.strategy) {
    case "socket":
      return {
        comment: [
          "Host Docker socket: the docker container uses the node's Docker Engine through a hostPath mount.",
          "A hostPath volume needs a namespace at the privileged Pod Security Standards level, and the",
          "build controls the node's Docker Engine, which is root on the node.",
        ],
        pod: {
          apiVersion: "v1",
          kind: "Pod",
          spec: {
            containers: [
              {
                name: "docker",
                image: input.images.dockerCli,
                ...KEEP_RUNNING,
                env: [{ name: "DOCKER_HOST", value: "unix:///var/run/docker.sock" }],
                volumeMounts: [{ name: "docker-socket", mountPath: "/var/run/docker.sock" }],
              },
            ],
            volumes: [{ name: "docker-socket", hostPath: { path: "/var/run/docker.sock", type: "Socket" } }],
          },
        },
        container: "docker",
        commands: [login, ...dockerBuildCommands(input)],
        login: true,
      };

    case "dind":
      return {
        comment: [
          "Docker-in-Docker: a privileged dockerd sidecar in the agent pod, reached over TLS on the pod's",
          "loopback. It needs a namespace at the privileged Pod Security Standards level.",
        ],
        pod: {
          apiVersion: "v1",
          kind: "Pod",
          spec: {
            containers: [
              {
                name: "docker",
                image: input.images.dockerCli,
                ...KEEP_RUNNING,
                env: [
                  { name: "DOCKER_HOST", value: "tcp://localhost:2376" },
                  { name: "DOCKER_TLS_VERIFY", value: "1" },
                  { name: "DOCKER_CERT_PATH", value: "/certs/client" },
                ],
                volumeMounts: [{ name: "docker-certs", mountPath: "/certs/client", subPath: "client", readOnly: true }],
              },
              {
                name: "dind",
                image: input.images.dind,
                securityContext: { privileged: true },
                env: [{ name: "DOCKER_TLS_CERTDIR", value: "/certs" }],
                volumeMounts: [
                  { name: "docker-certs", mountPath: "/certs" },
                  { name: "docker-data", mountPath: "/var/lib/docker" },
                ],
              },
            ],
            volumes: [
              { name: "docker-certs", emptyDir: {} },
              { name: "docker-data", emptyDir: {} },
            ],
          },
        },
        container: "docker",
        // The sidecar writes its client certificate and starts listening a few seconds after the pod starts.
        commands: ["for attempt in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done", login, ...dockerBuildCommands(input)],
        login: true,
      };

    case "kaniko":
      return {
        comment: [
          "Kaniko: the executor builds in its own container of the agent pod, without a Docker daemon.",
          "It runs as root but not privileged, which the baseline Pod Security Standards level admits.",
          `Registry credentials come from the Secret ${REGISTRY_SECRET} of type kubernetes.io/dockerconfigjson.`,
        ],
        pod: {
          apiVersion: "v1",
          kind: "Pod",
          spec: {
            containers: [
              {
                name: "kaniko",
                image: input.images.kaniko,
                ...KEEP_RUNNING,
                securityContext: { allowPrivilegeEscalation: false },
                volumeMounts: [{ name: "registry-credentials", mountPath: "/kaniko/.docker", readOnly: true }],
              },
            ],
            volumes: [
              {
                name: "registry-credentials",
                secret: { secretName: REGISTRY_SECRET, items: [{ key: ".dockerconfigjson", path: "config.json" }] },
              },
            ],
          },
        },
        container: "kaniko",
        commands: [[KANIKO_EXECUTOR, ...kanikoExecutorArgs(input, "$WORKSPACE")].join(" ")],
        login: false,
      };
  }
}
