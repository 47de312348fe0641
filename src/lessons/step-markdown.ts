/**
 * One step's Markdown, lexed once (by marked, https://marked.js.org) into the tokens the page
 * renders and the runnable blocks the checker runs: both walk the same tokens, so the Nth Run
 * button is the Nth block the checker ran.
 *
 * Runnable blocks are written as
 * - ```` ```sh run ```` (ours), with an optional ```` ```output ```` block right after it: the
 *   output the terminal must show;
 * - Killercoda's ```` ```…```{{exec}} ````, ```` ```{{copy}} ```` and inline `` `cmd`{{exec}} ``
 *   (https://killercoda.com/creators: "Markdown syntax"); `{{exec interrupt}}` sends Ctrl+C first.
 * A ```` ```sh verify ```` block is the step's check (Killercoda keeps it in verify.sh).
 */
import { Lexer, walkTokens, type MarkedToken, type Token, type Tokens } from 'marked';
import type { RunnableBlock } from './lesson.ts';

/** Marks an inline code span as runnable (Killercoda's `` `cmd`{{exec}} ``) until the walk picks it up. */
const INLINE_RUN = '\uE000';
const INLINE_COPY = '\uE001';
const INLINE_INTERRUPT = '\uE002';

export interface LexedStep {
  tokens: Token[];
  blocks: RunnableBlock[];
  verify?: string;
}

/** A token that is a runnable block carries its index here (read by the page's renderer). */
export interface RunnableToken {
  layerlabBlock?: number;
  /** An ```output``` or ```verify``` block: shown folded by the page, never run. */
  layerlabRole?: 'output' | 'verify';
}

const SHELL_LANGS = new Set(['', 'sh', 'bash', 'shell', 'console', 'plain', 'text']);

export function lexStep(markdown: string): LexedStep {
  const tokens = new Lexer().lex(killercodaToFences(markdown));
  const blocks: RunnableBlock[] = [];
  let verify: string | undefined;
  let detailsDepth = 0;
  let previousBlock: RunnableBlock | undefined;
  // Top-level pass: fences, <details> nesting, expected output right after its block.
  for (const token of tokens) {
    if (token.type === 'space') continue;
    if (token.type === 'html') {
      detailsDepth += count(token.raw, /<details\b/gi) - count(token.raw, /<\/details>/gi);
      detailsDepth = Math.max(0, detailsDepth);
    }
    if (token.type === 'code') {
      const info = parseInfo((token as Tokens.Code).lang ?? '');
      const code = token as Tokens.Code & RunnableToken;
      if (info.role === 'output' && previousBlock) {
        previousBlock.expected = code.text;
        code.layerlabRole = 'output';
        previousBlock = undefined;
        continue;
      }
      if (info.role === 'verify') {
        verify = verify === undefined ? code.text : `${verify}\n${code.text}`;
        code.layerlabRole = 'verify';
        previousBlock = undefined;
        continue;
      }
      if (info.role === 'run' || info.role === 'copy') {
        const block: RunnableBlock = { index: blocks.length, code: code.text, action: info.role, folded: detailsDepth > 0, inline: false, ...(info.interrupt ? { interrupt: true } : {}) };
        code.layerlabBlock = block.index;
        blocks.push(block);
        previousBlock = block;
        continue;
      }
    }
    previousBlock = undefined;
    // Inline runnable spans inside this token, in document order.
    walkTokens([token], (inner) => {
      const span = inner as MarkedToken;
      if (span.type !== 'codespan') return;
      const marker = span.text[0];
      if (marker !== INLINE_RUN && marker !== INLINE_COPY && marker !== INLINE_INTERRUPT) return;
      span.text = span.text.slice(1);
      const block: RunnableBlock = { index: blocks.length, code: span.text, action: marker === INLINE_COPY ? 'copy' : 'run', folded: detailsDepth > 0, inline: true, ...(marker === INLINE_INTERRUPT ? { interrupt: true } : {}) };
      (span as Tokens.Codespan & RunnableToken).layerlabBlock = block.index;
      blocks.push(block);
    });
  }
  return { tokens, blocks, ...(verify !== undefined ? { verify } : {}) };
}

/** `sh run`, `sh run interrupt`, `bash verify`, `output`, `plain copy`…: what a fence's info string asks for. */
function parseInfo(info: string): { role: 'run' | 'copy' | 'output' | 'verify' | 'show'; interrupt?: boolean } {
  const words = info.trim().split(/\s+/).filter(Boolean);
  if (words.at(-1) === 'interrupt' && words.length > 1) return { ...parseInfo(words.slice(0, -1).join(' ')), interrupt: true };
  if (words[0] === 'output') return { role: 'output' };
  const lang = SHELL_LANGS.has(words[0] ?? '') ? words[0] ?? '' : undefined;
  const role = lang === undefined ? words[0] : words[1];
  if (lang === undefined && !['run', 'copy', 'verify'].includes(words[0] ?? '')) return { role: 'show' };
  if (role === 'run' || role === 'copy' || role === 'verify') return { role };
  return { role: 'show' };
}

/**
 * Killercoda closes a runnable fence with ```` ```{{exec}} ````, which CommonMark does not take
 * as a closing fence; rewrite it as a plain close and move the action to the opening info
 * string. Inline `` `cmd`{{exec}} `` becomes a marked code span. Fenced code is left alone.
 */
export function killercodaToFences(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let open: { line: number; fence: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!open) {
      const fence = openingFence(line);
      if (fence !== undefined) open = { line: i, fence };
      else
        lines[i] = line.replace(/(`+)([^`\n]+?)\1\{\{(exec|copy)( interrupt)?\}\}/g, (_all, ticks: string, code: string, action: string, interrupt?: string) =>
          `${ticks}${action === 'copy' ? INLINE_COPY : interrupt ? INLINE_INTERRUPT : INLINE_RUN}${code}${ticks}`,
        );
      continue;
    }
    const close = closingFence(line, open.fence);
    if (!close) continue;
    if (close.action) {
      const info = lines[open.line]!.replace(/^ {0,3}(`{3,}|~{3,})/, '').trim();
      const lang = info.split(/\s+/)[0] ?? '';
      lines[open.line] = `${open.fence}${SHELL_LANGS.has(lang) ? lang || 'sh' : 'sh'} ${close.action === 'exec' ? 'run' : 'copy'}${close.interrupt ? ' interrupt' : ''}`;
      lines[i] = open.fence;
    }
    open = undefined;
  }
  return lines.join('\n');
}

/** The fence a line opens (```` ``` ````, `~~~`…), if it opens one. */
export function openingFence(line: string): string | undefined {
  const start = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!start || (start[1]![0] === '`' && start[2]!.includes('`'))) return undefined;
  return start[1];
}

/** Whether `line` closes `fence`; a Killercoda action after it (`{{exec}}`) is returned too. */
export function closingFence(line: string, fence: string): { action?: 'exec' | 'copy'; interrupt?: boolean } | undefined {
  const close = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*(?:\\{\\{(exec|copy)( interrupt)?\\}\\})?\\s*$`).exec(line);
  if (!close) return undefined;
  return close[1] ? { action: close[1] as 'exec' | 'copy', ...(close[2] ? { interrupt: true } : {}) } : {};
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

