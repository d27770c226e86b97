import type { Result } from '../sessions'
import { AnswerReview } from './review'
import { EstimatePath, EstimateScale } from './estimate-chart'
import { raw } from 'hono/html'

const pct = (p: number | null | undefined) => (p === null || p === undefined ? '–' : `${Math.round(p * 100)}%`)
const fixed = (x: number) => x.toFixed(2)

/** How sure the estimate is, in words a taker can use. */
function certainty(p: number) {
  return p >= 0.9 ? 'very likely' : p >= 0.7 ? 'likely' : p >= 0.5 ? 'more likely than not' : 'uncertain: the most probable of several'
}

const seconds = (ms: number) => `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`

function ScreenVerdict({ r }: { r: Result }) {
  const s = r.screen
  if (!s) return null
  return (
    <section class="card screen-verdict">
      <p class="eyebrow">Screen for {s.targetLevel.name} backend</p>
      <h1 class={s.pass ? 'verdict-pass' : 'verdict-fail'}>{s.pass ? 'Pass' : 'Fail'}</h1>
      {r.answered === 0 ? null : <p>
        Probability of being at or above {s.targetLevel.name}: {pct(s.probabilityAtOrAbove)}.
        {s.margin !== null ? ` Margin: ${s.margin >= 0 ? '+' : ''}${s.margin.toFixed(2)} on the ability scale from the ${s.targetLevel.name} cut score.` : ''}
      </p>}
      {s.enoughAnswers ? null : <p>Too few answers to judge: a pass needs at least the minimum test length.</p>}
      <p>Time used: {seconds(r.timeUsedMs)}{s.timeLimitSeconds ? ` of ${Math.round(s.timeLimitSeconds / 60)} min` : ' (untimed)'}{r.stopReason === 'deadline' ? '; the time ran out and the screen was scored as it stood' : ''}.</p>
    </section>
  )
}

/** `withheld`: a screen's candidate, who sees the level and the verdict only (see ownResult). */
export function ResultPage({ r, withheld = false }: { r: Result; withheld?: boolean }) {
  // With no answers the estimate is the prior: no measurement to show.
  if (r.answered === 0) {
    return (
      <>
        <ScreenVerdict r={r} />
        <section class="card result-head">
          <h1>No estimate</h1>
          <p>No question was answered, so there is nothing to estimate a level from.</p>
        </section>
        <p><a href="/" class="button">Take another quiz</a></p>
      </>
    )
  }
  return (
    <>
      <ScreenVerdict r={r} />
      <section class="card result-head">
        <p class="eyebrow">Estimated career level</p>
        <h1>{r.level.name}</h1>
        <p class="certainty">{pct(r.level.probability)} probability ({certainty(r.level.probability)}), after {r.answered} questions ({r.correct} correct).</p>
        <dl class="level-facts">
          <dt>Experience</dt><dd>{r.level.experience}</dd>
          <dt>Salary band (USD)</dt><dd>{r.level.salary}</dd>
          <dt>Focus</dt><dd>{r.level.focus}</dd>
        </dl>
        <table class="probabilities">
          <caption>Probability of each level</caption>
          <tbody>
            {r.levels.map((l) => (
              <tr><th scope="row">{l.name}</th><td><meter min={0} max={1} value={r.levelProbabilities[l.id]} /></td><td>{pct(r.levelProbabilities[l.id])}</td></tr>
            ))}
          </tbody>
        </table>
        <EstimateScale r={r} />
        <p class="theta">Ability estimate θ = {fixed(r.theta)} (standard error {fixed(r.se)}); the shaded bar is the 95% interval.</p>
        {withheld ? null : <EstimatePath r={r} />}
      </section>

      {withheld ? null : r.nextPhase ? (
        <section class="card phase">
          <h2>Next learning phase: {r.nextPhase.name}{r.nextPhase.duration ? ` (${r.nextPhase.duration})` : ''}</h2>
          <p>Estimated chance of answering this phase's questions correctly: {pct(r.nextPhase.probability)}.</p>
          {r.nextPhase.weakTopics.length ? (
            <form method="post" action="/sessions" class="practice-weak">
              <p>Weakest topics: {r.nextPhase.weakTopics.map((t) => t.name).join(', ')}.</p>
              <input type="hidden" name="mode" value="practice" />
              <input type="hidden" name="length" value="10" />
              {r.nextPhase.weakTopics.map((t) => <input type="hidden" name="topics" value={t.id} />)}
              <button type="submit">Practise these topics (10 questions with explanations)</button>
            </form>
          ) : null}
          <h3>Steps</h3>
          <ol>{r.nextPhase.steps.map((s) => <li><strong>{s.title}</strong>: {s.detail}</li>)}</ol>
          <h3>Recommended projects</h3>
          <ul>{r.nextPhase.projects.map((p) => <li>{p}</li>)}</ul>
        </section>
      ) : (
        <section class="card phase"><h2>Every learning phase mastered</h2><p>Your answers show mastery of the beginner, intermediate and advanced phases in the areas you chose.</p></section>
      )}

      {withheld ? null : <section class="card">
        <h2>By area</h2>
        <table class="by-area">
          <thead><tr><th>Area</th><th>Answered</th><th>Correct</th><th>Most probable level</th></tr></thead>
          <tbody>
            {r.areas.map((a) => (
              <tr><td>{a.name}</td><td>{a.answered}</td><td>{a.correct}</td><td>{a.level ? `${r.levels.find((l) => l.id === a.level)?.name} (${pct(a.levelProbabilities?.[a.level])})` : '–'}</td></tr>
            ))}
          </tbody>
        </table>
        <h2>By topic</h2>
        <table class="by-topic">
          <thead><tr><th>Topic</th><th>Answered</th><th>Correct</th></tr></thead>
          <tbody>{r.topics.map((t) => <tr><td>{t.name}</td><td>{t.answered}</td><td>{t.correct}</td></tr>)}</tbody>
        </table>
      </section>}

      {withheld ? (
        <section class="card review">
          <h2>Review</h2>
          <p>The questions, your answers and how each one went stay with the hiring team, so that the screen is the same for every candidate.</p>
        </section>
      ) : <section class="card review">
        <h2>Review of every answer</h2>
        {r.review.map((item, i) => (
          <article class="reviewed">
            <h3>Question {i + 1} <small>({item.seconds} s)</small></h3>
            <div class="stem">{raw(item.question.stemHtml)}</div>
            {item.question.codeHtml ? raw(item.question.codeHtml) : null}
            <AnswerReview r={{ ...item.question, answer: item.answer, correct: item.correct }} />
          </article>
        ))}
      </section>}
      <p><a href="/" class="button">Take another quiz</a></p>
    </>
  )
}
