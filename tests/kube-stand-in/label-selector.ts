// Equality- and set-based label selectors as the API server parses them:
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
type Requirement =
  | { key: string; operator: "=" | "!="; value: string }
  | { key: string; operator: "in" | "notin"; values: string[] }
  | { key: string; operator: "exists" | "!exists" };

/** Parses a label selector; throws with the API server's wording on a malformed one. */
export function parseLabelSelector(selector: string): Requirement[] {
  const requirements: Requirement[] = [];
  for (const part of splitRequirements(selector)) {
    const text = part.trim();
    if (!text) continue;

    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
    if (set) {
      const values = set[3].split(",").map((value) => value.trim()).filter(Boolean);
      requirements.push({ key: set[1], operator: set[2] as "in" | "notin", values });
      continue;
    }

    const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(text);
    if (equality) {
      requirements.push({ key: equality[1], operator: equality[2] === "!=" ? "!=" : "=", value: equality[3] });
      continue;
    }

    const existence = /^(!?)([\w./-]+)$/.exec(text);
    if (existence) {
      requirements.push({ key: existence[2], operator: existence[1] ? "!exists" : "exists" });
      continue;
    }

    throw new Error(`unable to parse requirement: "${text}"`);
  }
  return requirements;
}

/** Returns whether labels satisfy every requirement of a parsed selector. */
export function matchesLabelSelector(labels: Record<string, string> | undefined, requirements: Requirement[]): boolean {
  const present = labels ?? {};
  return requirements.every((requirement) => {
    const has = Object.hasOwn(present, requirement.key);
    const value = present[requirement.key];
    switch (requirement.operator) {
      case "=":
        return has && value === requirement.value;
      case "!=":
        return !has || value !== requirement.value;
      case "in":
        return has && requirement.values.includes(value);
      case "notin":
        return !has || !requirement.values.includes(value);
      case "exists":
        return has;
      case "!exists":
        return !has;
    }
  });
}

// Commas separate requirements except inside the parentheses of a set.
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const character of selector) {
    if (character === "(") depth += 1;
    if (character === ")") depth -= 1;
    if (character === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts;
}
