/**
 * A lesson's Markdown as HTML the page can show: marked (https://marked.js.org) renders the
 * tokens step-markdown.ts lexed, with Run/Copy buttons on runnable blocks, expected output and
 * the verify script folded, code highlighted by highlight.js; then DOMPurify
 * (https://github.com/cure53/DOMPurify) sanitises it all. A lesson may come from a stranger:
 * no script, event handler, iframe, form, style or `javascript:` URL survives.
 */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked, type Tokens } from 'marked';
import type { RunnableBlock } from '../../lessons/lesson.ts';
import { lexStep, type RunnableToken } from '../../lessons/step-markdown.ts';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('dockerfile', dockerfile);
hljs.registerLanguage('json', json);
hljs.registerLanguage('yaml', yaml);

const LANGUAGE_ALIASES: Readonly<Record<string, string>> = { sh: 'bash', shell: 'bash', console: 'bash', bash: 'bash', docker: 'dockerfile', dockerfile: 'dockerfile', json: 'json', yaml: 'yaml', yml: 'yaml' };

/** Resolves a relative link or picture (`layers.svg`) to a URL the page can load, or undefined. */
export type AssetResolver = (path: string) => string | undefined;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function highlighted(code: string, lang: string | undefined): string {
  const language = LANGUAGE_ALIASES[(lang ?? '').split(/\s+/)[0]!.toLowerCase()];
  if (language === undefined) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

function blockButtons(index: number, action: 'run' | 'copy'): string {
  const run = action === 'run' ? `<button type="button" class="run-button" data-action="run" data-block="${index}">Run</button>` : '';
  return `<span class="runnable__actions">${run}<button type="button" class="copy-button" data-action="copy" data-block="${index}">Copy</button></span>`;
}

function isRelative(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('/') && !href.startsWith('#');
}

function markedFor(resolveAsset: AssetResolver, actions: ReadonlyMap<number, 'run' | 'copy'>): Marked {
  const marked = new Marked();
  marked.use({
    renderer: {
      code(token: Tokens.Code) {
        const { layerlabBlock, layerlabRole } = token as Tokens.Code & RunnableToken;
        const body = `<pre><code class="hljs">${highlighted(token.text, layerlabRole === 'output' ? undefined : token.lang)}</code></pre>`;
        if (layerlabRole === 'output') return `<details class="expected-output"><summary>Expected output</summary>${body}</details>\n`;
        if (layerlabRole === 'verify') return `<details class="verify-script"><summary>What Check runs</summary>${body}</details>\n`;
        if (layerlabBlock !== undefined) {
          return `<div class="runnable" data-block="${layerlabBlock}">${body}${blockButtons(layerlabBlock, actions.get(layerlabBlock) ?? 'run')}</div>\n`;
        }
        return `${body}\n`;
      },
      codespan(token: Tokens.Codespan) {
        const { layerlabBlock } = token as Tokens.Codespan & RunnableToken;
        const code = `<code>${escapeHtml(token.text)}</code>`;
        if (layerlabBlock === undefined) return code;
        const action = actions.get(layerlabBlock) ?? 'run';
        return `<span class="runnable-inline" data-block="${layerlabBlock}">${code}<button type="button" class="${action}-button" data-action="${action}" data-block="${layerlabBlock}" title="${action === 'run' ? 'Run in the terminal' : 'Copy'}">${action === 'run' ? '▶' : '⧉'}</button></span>`;
      },
      image(token: Tokens.Image) {
        const src = isRelative(token.href) ? resolveAsset(token.href) : token.href;
        if (src === undefined) return escapeHtml(token.text);
        return `<img src="${escapeHtml(src)}" alt="${escapeHtml(token.text)}"${token.title ? ` title="${escapeHtml(token.title)}"` : ''}>`;
      },
    },
  });
  return marked;
}

let hooked = false;

/** Sanitise lesson HTML: DOMPurify's defaults, less anything that could restyle or submit the page. */
export function sanitizeLessonHtml(html: string): string {
  if (!hooked) {
    hooked = true;
    // Links leave the page in a new tab, without a handle back to it.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')?.match(/^https?:/i)) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
      // A cell names its column, so a phone can show each row of a table as a card (styles.css).
      if (node.tagName === 'TD') {
        const cell = node as HTMLTableCellElement;
        const label = cell.closest('table')?.querySelector('thead tr')?.children[cell.cellIndex]?.textContent?.trim();
        if (label) cell.setAttribute('data-label', label);
      }
    });
  }
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta', 'link'],
    FORBID_ATTR: ['style', 'formaction', 'srcset'],
    ALLOW_DATA_ATTR: true,
  });
}

/**
 * A step's (or an introduction's) Markdown as sanitised HTML, and its runnable blocks in the
 * order of their buttons (`data-block`).
 */
export function renderLessonMarkdown(markdown: string, resolveAsset: AssetResolver): { html: string; blocks: readonly RunnableBlock[] } {
  const { tokens, blocks } = lexStep(markdown);
  const actions = new Map(blocks.map((block) => [block.index, block.action] as const));
  return { html: sanitizeLessonHtml(markedFor(resolveAsset, actions).parser(tokens)), blocks };
}
