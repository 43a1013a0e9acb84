import { stringify } from "yaml";
import { dockerBuildCommands } from "./docker-build-commands";
import { KANIKO_EXECUTOR, kanikoExecutorArgs } from "./kaniko-executor-args";
import { registryLoginCommand } from "./registry-login-command";
import type { SnippetFile, SnippetInput } from "./types";

const JOB_NAME = "build-image";

/**
 * Generates a .gitlab-ci.yml with one job that builds and pushes the image the way the strategy
 * does. Registry credentials come from the CI/CD variables REGISTRY_USER and REGISTRY_PASSWORD.
 */
export function generateGitlabJob(input: SnippetInput): SnippetFile {
  const { header, job } = jobFor(input);

  return {
    system: "gitlab",
    filename: ".gitlab-ci.yml",
    language: "yaml",
    text: `${header.map((line) => `# ${line}`).join("\n")}\n${stringify({ [JOB_NAME]: job }, { lineWidth: 0 })}`,
  };
}

function jobFor(input: SnippetInput): { header: string[]; job: Record<string, unknown> } {
  const login = registryLoginCommand(input.registry, "REGISTRY_USER", "REGISTRY_PASSWORD");

  switch (input.strategy) {
    case "socket":
      return {
        header: [
          "Host Docker socket: the job's Docker CLI talks to the runner host's Docker Engine.",
          'Needs a runner with the docker executor and volumes = ["/var/run/docker.sock:/var/run/docker.sock"]',
          "in its config.toml. Every job on that runner controls the host's Docker Engine, which is root on the host.",
        ],
        job: {
          image: input.images.dockerCli,
          variables: { DOCKER_HOST: "unix:///var/run/docker.sock" },
          script: [login, ...dockerBuildCommands(input)],
        },
      };

    case "dind":
      return {
        header: [
          "Docker-in-Docker: a fresh Docker daemon runs as a service beside the job, reached over TLS.",
          "Needs a runner that allows privileged containers (privileged = true in its config.toml).",
        ],
        job: {
          image: input.images.dockerCli,
          services: [{ name: input.images.dind, alias: "docker" }],
          variables: {
            DOCKER_HOST: "tcp://docker:2376",
            DOCKER_TLS_CERTDIR: "/certs",
            DOCKER_TLS_VERIFY: "1",
            DOCKER_CERT_PATH: "/certs/client",
          },
          script: [login, ...dockerBuildCommands(input)],
        },
      };

    case "kaniko":
      return {
        header: [
          "Kaniko: the executor builds in the job's own container, without a Docker daemon or privileges.",
          "It runs as root in that container; on a Kubernetes runner the namespace must allow the baseline Pod Security Standards level.",
        ],
        job: {
          image: { name: input.images.kaniko, entrypoint: [""] },
          script: [
            "mkdir -p /kaniko/.docker",
            writeDockerConfigCommand(input.registry),
            [KANIKO_EXECUTOR, ...kanikoExecutorArgs(input, "$CI_PROJECT_DIR")].join(" "),
          ],
        },
      };
  }
}

/**
 * Writes /kaniko/.docker/config.json from REGISTRY_USER and REGISTRY_PASSWORD. Docker Hub's
 * credentials are stored under its v1 index address, as `docker login` stores them.
 */
function writeDockerConfigCommand(registry: string): string {
  const key = registry === "docker.io" ? "https://index.docker.io/v1/" : registry;
  return (
    `printf '{"auths":{"%s":{"auth":"%s"}}}' '${key}' ` +
    `"$(printf '%s:%s' "$REGISTRY_USER" "$REGISTRY_PASSWORD" | base64 | tr -d '\\n')" > /kaniko/.docker/config.json`
  );
}
