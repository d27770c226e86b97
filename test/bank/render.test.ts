import { describe, expect, it } from 'vitest'
import { highlight, renderInline, renderMarkdown } from '../../src/bank/render'

describe('rendering bank text to HTML', () => {
  it('makes a code block keyboard-focusable, so a snippet wider than its box can be scrolled without a mouse', () => {
    expect(highlight('SELECT 1;', 'sql')).toMatch(/^<pre class="code" tabindex="0"><code class="hljs language-sql">/)
    expect(renderMarkdown('```go\nfunc main() {}\n```')).toMatch(/^<pre class="code" tabindex="0">/)
  })

  it('shows raw HTML in a question file as text', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script')
    expect(renderInline('a <b onclick="x">b</b>')).not.toMatch(/<b /)
  })

  it('escapes a language name that is not one', () => {
    expect(highlight('x', '"><img src=x>')).not.toContain('<img')
  })
})
