/** One `name(args) { ... }` block of a Groovy file, with the statements inside it. */
export interface GroovyBlock {
  /** The text before the opening brace, such as "stage('Build image')". */
  header: string;
  children: GroovyBlock[];
  /** Statements directly inside the block that open no block, such as "yaml '''...'''". */
  statements: string[];
}

/**
 * Reads the brace structure of a Jenkinsfile for tests: strings ('...', "..." and '''...''') and
 * // comments are skipped when braces are counted. Throws on an unbalanced brace or an unclosed
 * string. It is no Groovy parser: it checks nesting, not syntax.
 */
export function readGroovyBlocks(text: string): GroovyBlock {
  const root: GroovyBlock = { header: "", children: [], statements: [] };
  const stack: GroovyBlock[] = [root];
  let current = "";
  let index = 0;

  const flushStatement = () => {
    const statement = current.trim();
    if (statement) stack.at(-1)!.statements.push(statement);
    current = "";
  };

  while (index < text.length) {
    const rest = text.slice(index);

    if (rest.startsWith("//")) {
      const end = text.indexOf("\n", index);
      index = end === -1 ? text.length : end;
      continue;
    }

    const quote = openingQuote(rest);
    if (quote) {
      const end = text.indexOf(quote, index + quote.length);
      if (end === -1) throw new Error(`unclosed string ${quote} at offset ${index}`);
      current += text.slice(index, end + quote.length);
      index = end + quote.length;
      continue;
    }

    const character = text[index];
    if (character === "{") {
      const block: GroovyBlock = { header: current.trim(), children: [], statements: [] };
      stack.at(-1)!.children.push(block);
      stack.push(block);
      current = "";
    } else if (character === "}") {
      flushStatement();
      if (stack.length === 1) throw new Error(`unbalanced } at offset ${index}`);
      stack.pop();
    } else if (character === "\n") {
      flushStatement();
    } else {
      current += character;
    }
    index += 1;
  }

  flushStatement();
  if (stack.length !== 1) throw new Error(`${stack.length - 1} block(s) left open: ${stack.slice(1).map((block) => block.header).join(" > ")}`);
  return root;
}

function openingQuote(text: string): string | undefined {
  if (text.startsWith("'''")) return "'''";
  if (text.startsWith('"""')) return '"""';
  if (text[0] === "'" || text[0] === '"') return text[0];
  return undefined;
}

/** Finds the one child block whose header is `header`, or throws listing the headers present. */
export function childBlock(block: GroovyBlock, header: string): GroovyBlock {
  const found = block.children.filter((child) => child.header === header);
  if (found.length !== 1) {
    throw new Error(`expected one block "${header}" in "${block.header}", found ${found.length} among: ${block.children.map((child) => child.header).join(", ")}`);
  }
  return found[0];
}

/** Returns the content of a '''...''' string statement that starts with `keyword`, such as yaml or sh. */
export function tripleQuotedArgument(block: GroovyBlock, keyword: string): string {
  const statement = block.statements.find((candidate) => candidate.startsWith(`${keyword} '''`));
  if (!statement) throw new Error(`no ${keyword} '''...''' statement in "${block.header}"`);
  return statement.slice(`${keyword} '''`.length, -"'''".length);
}
