import { raw } from 'hono/html'
import type { PublicQuestion, SessionView } from '../sessions'

const modeNames = { practice: 'Practice', assessment: 'Assessment', 'screen-practice': 'Screen practice', screen: 'Screen' } as const

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`

/**
 * The server's deadline, counted down by app.js; without JavaScript the time left at load shows.
 * app.js announces thresholds in a live region of its own, outside the card that every answer replaces.
 */
export function Timer({ session, now }: { session: SessionView; now: number }) {
  if (session.deadline === null) return null
  const left = Math.max(0, Math.round((session.deadline - now) / 1000))
  return (
    <div class="timer-row">
      <span role="timer" class="timer" data-deadline={String(session.deadline)} data-now={String(now)}>{clock(left)}</span> left
      {session.paceSeconds ? <span class="pace"> · pace: {clock(session.paceSeconds)} a question</span> : null}
    </div>
  )
}

export function Progress({ session }: { session: SessionView }) {
  const n = Math.min(session.position + 1, session.length)
  return (
    <div class="progress">
      <h1>{modeNames[session.mode]} · question {n} of {session.form === 'adaptive' && session.mode !== 'practice' ? `at most ${session.length}` : session.length}</h1>
      <progress max={session.length} value={session.position} aria-label="progress">{session.position}</progress>
    </div>
  )
}

function Choices({ q }: { q: PublicQuestion }) {
  const multiple = q.type === 'multiple'
  return (
    <fieldset class="options">
      <legend>{multiple ? 'Select all that apply' : 'Choose one'}</legend>
      {q.options.map((o, i) => (
        <label class="option">
          <input type={multiple ? 'checkbox' : 'radio'} name="answer" value={o.id} required={!multiple} data-key={i < 9 ? String(i + 1) : undefined} />
          <kbd aria-hidden="true">{i + 1}</kbd>
          <span>{raw(o.html)}</span>
        </label>
      ))}
    </fieldset>
  )
}

function Ordering({ q }: { q: PublicQuestion }) {
  return (
    <fieldset class="options">
      <legend>Give each item its position (1 = first)</legend>
      {q.options.map((o, i) => (
        <label class="option order">
          <select name={`rank-${o.id}`} required>
            {q.options.map((_, j) => <option value={String(j + 1)} selected={i === j}>{j + 1}</option>)}
          </select>
          <span>{raw(o.html)}</span>
        </label>
      ))}
    </fieldset>
  )
}

function NumberInput({ q }: { q: PublicQuestion }) {
  return (
    <label class="number">
      Your answer{q.unit ? ` (${q.unit})` : ''}:
      <input type="number" name="answer" step="any" required inputmode="decimal" autocomplete="off" />
    </label>
  )
}

/** The question card: swapped in place by htmx, or posted as a plain form without JavaScript. */
export function QuestionCard({ session, q, error, now }: { session: SessionView; q: PublicQuestion; error?: string; now: number }) {
  const action = `/sessions/${session.id}/responses`
  return (
    <section id="card" class="card question" data-session={session.id} data-mode={session.mode}>
      <Progress session={session} />
      <Timer session={session} now={now} />
      <form method="post" action={action} hx-post={action} hx-target="#card" hx-swap="outerHTML" class="answer-form">
        <input type="hidden" name="questionId" value={q.id} />
        <input type="hidden" name="type" value={q.type} />
        <div class="stem">{raw(q.stemHtml)}</div>
        {q.codeHtml ? raw(q.codeHtml) : null}
        {error ? <p class="form-error" role="alert">{error}</p> : null}
        {q.type === 'order' ? <Ordering q={q} /> : q.type === 'number' ? <NumberInput q={q} /> : <Choices q={q} />}
        <button type="submit" class="primary">Answer <kbd aria-hidden="true">Enter</kbd></button>
        {q.type === 'single' || q.type === 'multiple' || q.type === 'boolean'
          ? <p class="hint keys-hint">Keys: number keys pick an option, Enter answers.</p>
          : null}
      </form>
    </section>
  )
}

export function FinishedCard({ id }: { id: string }) {
  return (
    <section id="card" class="card done">
      <h2>All done</h2>
      <p>Your answers are stored. The estimate is ready.</p>
      <p><a class="button primary" href={`/sessions/${id}/result`}>See your result</a></p>
    </section>
  )
}
