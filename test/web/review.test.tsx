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
