import { generateGithubWorkflow } from "./generate-github-workflow";
import { generateGitlabJob } from "./generate-gitlab-job";
import { generateJenkinsfile } from "./generate-jenkinsfile";
import type { SnippetInput, StrategySnippets } from "./types";

/** Generates the Jenkinsfile, GitLab CI job and GitHub Actions workflow of one strategy and mode. */
export function generateSnippets(input: SnippetInput): StrategySnippets {
  return {
    strategy: input.strategy,
    mode: input.mode,
    destination: input.destination,
    files: [generateJenkinsfile(input), generateGitlabJob(input), generateGithubWorkflow(input)],
  };
}
