// Reads the README's fenced code blocks and the shell commands in them, so tests run the examples
// exactly as a reader copies them.
import { readFileSync } from "node:fs";
import path from "node:path";

export type TCodeBlock = { lang: string; code: string; /** 1-based line of the opening fence */ line: number };
export type TShellCommand = { words: string[]; text: string; line: number };

export const README_PATH = path.resolve("README.md");

export function readReadme(): string {
  return readFileSync(README_PATH, "utf8");
}

/** Every fenced block in order; a block indented under a list item loses that indentation. */
export function codeBlocks(markdown: string): TCodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: TCodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^ *```\s*$/.test(lines[j]!)) {
      const line = lines[j]!;
      body.push(line.slice(Math.min(indent, line.length - line.trimStart().length)));
      j++;
    }
    if (j === lines.length) throw new Error(`README.md:${i + 1}: code block never closed`);
    blocks.push({ lang: open[2]!, code: body.join("\n"), line: i + 1 });
    i = j;
  }
  return blocks;
}

/**
 * Splits one shell line into words as bash would for the simple commands the README shows: single and
 * double quotes, backslash escapes, and a `#` comment. Anything cleverer (expansions, pipes) is left as
 * text, which the caller's checks then fail on rather than misread.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word += line[++i]!;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i]!;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "#" && word === null) {
      break;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in: ${line}`);
  if (word !== null) words.push(word);
  return words;
}

/** The commands of the README's bash blocks, in order, continuation lines joined; comment-only lines dropped. */
export function shellCommands(markdown: string): TShellCommand[] {
  const commands: TShellCommand[] = [];
  for (const block of codeBlocks(markdown).filter((b) => b.lang === "bash" || b.lang === "sh")) {
    const lines = block.code.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = block.line + 1 + i;
      let text = lines[i]!;
      while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
      const words = shellWords(text);
      if (words.length > 0) commands.push({ words, text: text.trim(), line });
    }
  }
  return commands;
}
