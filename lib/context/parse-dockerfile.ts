import { DockerfileParser, Keyword, type From } from "dockerfile-ast";
import { validate, ValidationCode } from "dockerfile-utils";

import type { DockerfileInstruction, DockerfileProblem, DockerfileStage, ParsedDockerfile } from "./types";

const KEYWORDS: ReadonlySet<string> = new Set(Object.values(Keyword));

// DiagnosticSeverity.Error in the Language Server Protocol, which dockerfile-utils reports in.
const SEVERITY_ERROR = 1;

/**
 * Parses a Dockerfile with dockerfile-ast and collects the errors that would stop a build: an empty
 * file, no FROM, an instruction other than ARG before the first FROM, an unknown instruction, and
 * every error that dockerfile-utils' validator reports. Warnings, such as lower-case keywords, are
 * left out.
 */
export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const all = dockerfile.getInstructions();

  const instructions: DockerfileInstruction[] = all.map((instruction) => ({
    line: instruction.getRange().start.line + 1,
    keyword: instruction.getKeyword(),
    // toString() keeps flags such as --from and --mount, which the argument getters drop.
    args: instruction.toString().slice(instruction.getKeyword().length).trim(),
  }));

  const globalArgs = new Map<string, string | null>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs.set(property.getName(), property.getValue());
  }

  const stages: DockerfileStage[] = [];
  const baseImages: string[] = [];
  const stageNames = new Set<string>();
  for (const from of dockerfile.getFROMs()) {
    const stage = toStage(from, stages.length, globalArgs);
    stages.push(stage);

    const reference = stage.baseImage.toLowerCase();
    const external = reference !== "" && reference !== "scratch" && !stageNames.has(reference);
    if (external && !baseImages.includes(stage.baseImage)) baseImages.push(stage.baseImage);
    if (stage.name) stageNames.add(stage.name);
  }

  const problems = findStructureProblems(instructions);
  const flaggedLines = new Set(problems.map((problem) => problem.line));
  for (const diagnostic of validate(text)) {
    if (diagnostic.severity !== SEVERITY_ERROR) continue;
    const line = diagnostic.range.start.line + 1;
    // The checks above report these two with clearer wording.
    if (diagnostic.code === ValidationCode.NO_SOURCE_IMAGE) continue;
    if (diagnostic.code === ValidationCode.UNKNOWN_INSTRUCTION && flaggedLines.has(line)) continue;
    const message = typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
    problems.push({ line, message });
  }
  problems.sort((a, b) => a.line - b.line);

  return { instructions, stages, baseImages, problems };
}

function toStage(from: From, index: number, globalArgs: Map<string, string | null>): DockerfileStage {
  const stage: DockerfileStage = {
    index,
    baseImage: substituteArgs(from.getImage() ?? "", globalArgs),
    line: from.getRange().start.line + 1,
  };
  const name = from.getBuildStage();
  if (name) stage.name = name.toLowerCase();
  return stage;
}

function findStructureProblems(instructions: DockerfileInstruction[]): DockerfileProblem[] {
  if (instructions.length === 0) {
    return [{ line: 1, message: "The Dockerfile is empty: start it with a FROM instruction that names the base image." }];
  }

  const problems: DockerfileProblem[] = [];
  const firstFrom = instructions.findIndex((instruction) => instruction.keyword === "FROM");
  if (firstFrom === -1) {
    problems.push({ line: 1, message: "The Dockerfile has no FROM instruction: add one that names the base image." });
  }

  instructions.forEach((instruction, position) => {
    if (!KEYWORDS.has(instruction.keyword)) {
      problems.push({
        line: instruction.line,
        message: `Unknown instruction ${instruction.keyword}: check its spelling against the Dockerfile reference.`,
      });
    } else if (firstFrom !== -1 && position < firstFrom && instruction.keyword !== "ARG") {
      problems.push({
        line: instruction.line,
        message: `${instruction.keyword} comes before the first FROM: only ARG may come before FROM, so move it into a stage.`,
      });
    }
  });
  return problems;
}

// $NAME, ${NAME}, and ${NAME:-word} / ${NAME-word} / ${NAME:+word} / ${NAME+word} as the Dockerfile
// reference describes them for FROM.
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Substitutes ARG defaults declared before the first FROM; an ARG without a default is empty. */
function substituteArgs(value: string, globalArgs: Map<string, string | null>): string {
  return value.replace(VARIABLE, (_match, braced?: string, operator?: string, word?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    const value = globalArgs.get(name);
    const isSet = value !== undefined && value !== null;
    const current = value ?? "";
    switch (operator) {
      case ":-":
        return current === "" ? (word ?? "") : current;
      case "-":
        return isSet ? current : (word ?? "");
      case ":+":
        return current === "" ? "" : (word ?? "");
      case "+":
        return isSet ? (word ?? "") : "";
      default:
        return current;
    }
  });
}
