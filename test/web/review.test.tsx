import { describe, expect, it } from 'vitest'
import { AnswerReview } from '../../src/web/review'

const payload = '<img src=x onerror=alert(1)>'
const options = [{ id: 'a', html: '<code>first</code>' }, { id: 'b', html: '<em>second</em>' }]
const base = { explanationHtml: '<p>Why.</p>', references: ['https://www.postgresql.org/docs/'] }

describe('an answer review', () => {
  it('shows the bank\'s pre-rendered option HTML as markup', async () => {
    const html = String(await (<AnswerReview r={{ ...base, options, key: { kind: 'order', options: ['a', 'b'] }, answer: ['b', 'a'], correct: false }} />).toString())
    expect(html).toContain('<code>first</code>')
    expect(html).toContain('<em>second</em>')
  })

  it('shows anything that did not come from the bank as text: an order answer naming an unknown option', async () => {
    const html = String(await (<AnswerReview r={{ ...base, options, key: { kind: 'order', options: ['a', 'b'] }, answer: [payload, 'a'], correct: false }} />).toString())
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('shows a number answer as text', async () => {
    const html = String(await (<AnswerReview r={{ ...base, options: [], key: { kind: 'number', value: 3, tolerance: 0 }, answer: payload as never, correct: false }} />).toString())
    expect(html).not.toContain('<img')
  })
})

describe('an answer review, read with a screen reader', () => {
  it('names each reference by its address, so that two pages of one site are two different links', async () => {
    const references = ['https://www.postgresql.org/docs/current/mvcc.html', 'https://www.postgresql.org/docs/current/indexes.html', 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4']
    const html = String(await (<AnswerReview r={{ ...base, references, options, key: { kind: 'option', option: 'a' }, answer: 'a', correct: true }} />).toString())
    const texts = [...html.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1])
    expect(texts).toEqual(['www.postgresql.org/docs/current/mvcc.html', 'www.postgresql.org/docs/current/indexes.html', 'www.rfc-editor.org/rfc/rfc9110#section-15.5.4'])
  })

  it('says in words which items of an order answer are in place, not by colour alone', async () => {
    const three = [...options, { id: 'c', html: 'third' }]
    const html = String(await (<AnswerReview r={{ ...base, options: three, key: { kind: 'order', options: ['a', 'b', 'c'] }, answer: ['a', 'c', 'b'], correct: false }} />).toString())
    const yours = html.slice(html.indexOf('Your order'))
    expect([...yours.matchAll(/<span class="mark">([^<]*)<\/span>/g)].map((m) => m[1])).toEqual(['✓ right place', '✗ belongs at position 3', '✗ belongs at position 2'])
  })
})
