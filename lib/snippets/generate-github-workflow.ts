import { stringify } from "yaml";
import { dockerBuildCommands } from "./docker-build-commands";
import { KANIKO_EXECUTOR, kanikoExecutorArgs } from "./kaniko-executor-args";
import type { SnippetFile, SnippetInput } from "./types";

const JOB_NAME = "build-image";
const CHECKOUT = { uses: "actions/checkout@v4" };
// Writes the credentials to ~/.docker/config.json, where the Docker CLI reads them.
const LOGIN = (registry: string) => ({
  uses: "docker/login-action@v3",
  with: {
    registry,
    username: "${{ secrets.REGISTRY_USER }}",
    password: "${{ secrets.REGISTRY_PASSWORD }}",
  },
});

/**
 * Generates a GitHub Actions workflow with one job that builds and pushes the image the way the
 * strategy does. Registry credentials come from the repository secrets REGISTRY_USER and
 * REGISTRY_PASSWORD.
 */
export function generateGithubWorkflow(input: SnippetInput): SnippetFile {
  const { header, job } = jobFor(input);
  const workflow = { name: "Build image", on: { push: { branches: ["main"] }, workflow_dispatch: {} }, jobs: { [JOB_NAME]: job } };

  return {
    system: "github",
    filename: ".github/workflows/build-image.yml",
    language: "yaml",
    text: `${header.map((line) => `# ${line}`).join("\n")}\n${stringify(workflow, { lineWidth: 0 })}`,
  };
}

function jobFor(input: SnippetInput): { header: string[]; job: Record<string, unknown> } {
  switch (input.strategy) {
    case "socket":
      return {
        header: [
          "Host Docker socket: the steps use the runner's own Docker Engine. On a self-hosted runner",
          "every job then controls that machine's Docker Engine, which is root on it.",
        ],
        job: {
          "runs-on": "ubuntu-latest",
          steps: [CHECKOUT, LOGIN(input.registry), { name: "Build and push", run: dockerBuildCommands(input).join("\n") }],
        },
      };

    case "dind":
      return {
        header: [
          "Docker-in-Docker: a fresh, privileged dockerd runs as a service container and the steps",
          "build there. Its API has no TLS, so it is published on the runner's 127.0.0.1 only.",
          "NOTE: this relies on the docker:dind entrypoint starting without TLS when DOCKER_TLS_CERTDIR is empty.",
        ],
        job: {
          "runs-on": "ubuntu-latest",
          services: {
            dind: {
              image: input.images.dind,
              options: "--privileged",
              env: { DOCKER_TLS_CERTDIR: "" },
              ports: ["127.0.0.1:2375:2375"],
            },
          },
          env: { DOCKER_HOST: "tcp://127.0.0.1:2375" },
          steps: [
            CHECKOUT,
            LOGIN(input.registry),
            { name: "Build and push", run: dockerBuildCommands(input).join("\n") },
          ],
        },
      };

    case "kaniko":
      return {
        header: [
          "Kaniko: the executor runs as a container on the runner, with the checkout mounted as its",
          "context and the credentials that docker/login-action wrote. It needs no privileges.",
        ],
        job: {
          "runs-on": "ubuntu-latest",
          steps: [
            CHECKOUT,
            LOGIN(input.registry),
            {
              name: "Build and push with Kaniko",
              run: [
                "docker run --rm",
                '--volume "$GITHUB_WORKSPACE:/workspace:ro"',
                '--volume "$HOME/.docker/config.json:/kaniko/.docker/config.json:ro"',
                `--entrypoint ${KANIKO_EXECUTOR}`,
                input.images.kaniko,
                ...kanikoExecutorArgs(input, "/workspace"),
              ].join(" "),
            },
          ],
        },
      };
  }
}
