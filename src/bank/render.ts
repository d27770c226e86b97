import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import dockerfile from 'highlight.js/lib/languages/dockerfile'
import go from 'highlight.js/lib/languages/go'
import graphql from 'highlight.js/lib/languages/graphql'
import http from 'highlight.js/lib/languages/http'
import ini from 'highlight.js/lib/languages/ini'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import kotlin from 'highlight.js/lib/languages/kotlin'
import nginx from 'highlight.js/lib/languages/nginx'
import php from 'highlight.js/lib/languages/php'
import protobuf from 'highlight.js/lib/languages/protobuf'
import python from 'highlight.js/lib/languages/python'
import rust from 'highlight.js/lib/languages/rust'
import sql from 'highlight.js/lib/languages/sql'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'
import { Marked, type Tokens } from 'marked'

// Rendering happens once, when the bank is loaded into the database, never per request.
// Output carries CSS classes only (no inline styles or scripts) so a strict CSP holds.

const languages = { bash, dockerfile, go, graphql, http, ini, java, javascript, json, kotlin, nginx, php, protobuf, python, rust, sql, typescript, xml, yaml }
for (const [name, lang] of Object.entries(languages)) hljs.registerLanguage(name, lang)
// Bank languages that highlight.js has no grammar for borrow the closest one or none.
const aliases: Record<string, string> = { toml: 'ini', hcl: 'ini' }

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

// Stored questions are what takers see; seeding compares them only when the bank's source changes,
// so a change to how they are stored (HTML, option ids) bumps this and the next start re-stores.
export const renderVersion = 3

export function highlight(source: string, lang: string): string {
  const name = aliases[lang] ?? lang
  const body = hljs.getLanguage(name) ? hljs.highlight(source.replace(/\n$/, ''), { language: name, ignoreIllegals: true }).value : escapeHtml(source.replace(/\n$/, ''))
  // A wide snippet scrolls inside its box; tabindex lets a keyboard user scroll it (WCAG 2.1.1).
  return `<pre class="code" tabindex="0"><code class="hljs language-${escapeHtml(lang)}">${body}</code></pre>`
}

const marked = new Marked({
  gfm: true,
  renderer: {
    // Raw HTML in a question file is shown as text, never injected.
    html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
    code: (token: Tokens.Code) => highlight(token.text, token.lang?.split(/\s/)[0] || 'text'),
    link: (token: Tokens.Link) => `<a href="${escapeHtml(token.href)}" rel="noopener noreferrer">${escapeHtml(token.text)}</a>`,
  },
})

export const renderMarkdown = (md: string): string => marked.parse(md, { async: false }).trim()
export const renderInline = (md: string): string => marked.parseInline(md, { async: false }).trim()
