import { raw } from 'hono/html'
import type { Answer, Key } from '../engine/score'

type Reviewed = {
  options: { id: string; html: string; feedbackHtml?: string }[]
  key: Key
  answer: Answer
  correct: boolean
  explanationHtml: string
  references: string[]
  unit?: string | undefined
}

/**
 * An option as the bank rendered it at load time. An id the options do not hold can only have come
 * from a taker's answer, so it is shown as text, never as markup.
 */
const optionHtml = (byId: Map<string, { html: string }>, id: string) => {
  const option = byId.get(id)
  return option ? raw(option.html) : id
}
const chosen = (answer: Answer, id: string) => (Array.isArray(answer) ? answer.includes(id) : answer === id)
const isKey = (key: Key, id: string) => (key.kind === 'option' ? key.option === id : key.kind === 'set' ? key.options.includes(id) : false)

/** Right or wrong in words as well as colour, and where a misplaced item belongs. */
function placeMark(order: string[], id: string, i: number) {
  const at = order.indexOf(id)
  return at === i ? '✓ right place' : at < 0 ? '✗ not an item of this question' : `✗ belongs at position ${at + 1}`
}

/**
 * A reference's link text: its address without the scheme, so that links to pages of the same site
 * (many are) can be told apart by a screen reader listing the links.
 */
function referenceText(u: string) {
  const url = new URL(u)
  return `${url.host}${url.pathname.replace(/\/$/, '')}${url.search}${url.hash}`
}

/** Whose answer it was, in the reader's words: the taker's own, or the candidate's for the hiring team. */
const whose = (team: boolean) => (team
  ? { answer: 'The candidate\'s answer', order: 'The candidate\'s order', choice: 'the candidate\'s choice' }
  : { answer: 'Your answer', order: 'Your order', choice: 'your choice' })

function Options({ r, team }: { r: Reviewed; team: boolean }) {
  const { key, answer } = r
  const words = whose(team)
  if (key.kind === 'number') {
    return (
      <p>
        {words.answer}: <strong>{String(answer)}</strong>{r.unit ? ` ${r.unit}` : ''}. Correct: <strong>{key.value}</strong>
        {key.tolerance ? ` (± ${key.tolerance})` : ''}{r.unit ? ` ${r.unit}` : ''}.
      </p>
    )
  }
  if (key.kind === 'order') {
    const byId = new Map(r.options.map((o) => [o.id, o]))
    const given = Array.isArray(answer) ? answer : []
    return (
      <div class="order-review">
        <div><h4>Correct order</h4><ol>{key.options.map((id) => <li>{optionHtml(byId, id)}</li>)}</ol></div>
        <div><h4>{words.order}</h4><ol>{given.map((id, i) => <li class={id === key.options[i] ? 'right' : 'wrong'}><span class="mark">{placeMark(key.options, id, i)}</span>{optionHtml(byId, id)}</li>)}</ol></div>
      </div>
    )
  }
  return (
    <ul class="review-options">
      {r.options.map((o) => {
        const right = isKey(key, o.id)
        const picked = chosen(answer, o.id)
        return (
          <li class={`${right ? 'right' : ''} ${picked ? 'picked' : ''}`.trim()}>
            <span class="mark">{right ? '✓ correct' : picked ? `✗ ${words.choice}` : ''}{right && picked ? ` · ${words.choice}` : ''}</span>
            <span>{raw(o.html)}</span>
            {o.feedbackHtml && (picked || right) ? <p class="option-feedback">{raw(o.feedbackHtml)}</p> : null}
          </li>
        )
      })}
    </ul>
  )
}

/** An answered question with the correct answer, why, and where to read more. */
export function AnswerReview({ r, team = false }: { r: Reviewed; team?: boolean }) {
  return (
    <div class="answer-review">
      <p class={`verdict ${r.correct ? 'right' : 'wrong'}`}>{r.correct ? 'Correct' : 'Not quite'}</p>
      <Options r={r} team={team} />
      <div class="explanation">{raw(r.explanationHtml)}</div>
      <p class="refs">Read more: {r.references.map((u, i) => <>{i ? ', ' : ''}<a href={u} rel="noopener noreferrer">{referenceText(u)}</a></>)}</p>
    </div>
  )
}
