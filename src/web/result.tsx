import { minAreaAnswers, type Result } from '../sessions'
import { AnswerReview } from './review'
import { EstimatePath, EstimateScale } from './estimate-chart'
import { raw } from 'hono/html'

const pct = (p: number | null | undefined) => (p === null || p === undefined ? '–' : `${Math.round(p * 100)}%`)
const fixed = (x: number) => x.toFixed(2)
// Right and asked in one column: two columns of counts next to the names did not fit a phone.
const ofAnswered = (n: { answered: number; correct: number }) => `${n.correct} of ${n.answered}`

/** How sure the estimate is, in words a taker can use. */
function certainty(p: number) {
  return p >= 0.9 ? 'very likely' : p >= 0.7 ? 'likely' : p >= 0.5 ? 'more likely than not' : 'uncertain: the most probable of several'
}

/** Rounded once, then split: rounding the seconds alone turned 119.6 s into "1 min 60 s". */
export function minutesAndSeconds(ms: number) {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/** Who reads the page: the taker, or the hiring team, whose candidate report has its own h1 and no taker actions. */
type Reader = { team?: boolean }
const heading = (team: boolean | undefined) => (team ? 'h2' : 'h1')

function ScreenVerdict({ r, team }: { r: Result } & Reader) {
  const s = r.screen
  if (!s) return null
  const Heading = heading(team)
  return (
    <section class="card screen-verdict">
      <p class="eyebrow">Screen for {s.targetLevelName} backend</p>
      <Heading class={s.pass ? 'verdict-pass' : 'verdict-fail'}>{s.pass ? 'Pass' : 'Fail'}</Heading>
      {r.answered === 0 ? null : <p>
        Probability of being at or above {s.targetLevelName}: {pct(s.probabilityAtOrAbove)}.
        {s.margin !== null ? ` Margin: ${s.margin >= 0 ? '+' : ''}${s.margin.toFixed(2)} on the ability scale from the ${s.targetLevelName} cut score.` : ''}
      </p>}
      {s.enoughAnswers ? null : <p>Too few answers to judge: a pass needs at least the minimum test length.</p>}
      <p>Time used: {minutesAndSeconds(r.timeUsedMs)}{s.timeLimitSeconds ? ` of ${Math.round(s.timeLimitSeconds / 60)} min` : ' (untimed)'}{r.stopReason === 'deadline' ? '; the time ran out and the screen was scored as it stood' : ''}.</p>
    </section>
  )
}

/**
 * `withheld`: a screen's candidate, who sees the level and the verdict only (see ownResult).
 * `team`: the hiring team's report on a candidate, under the candidate's name as its h1.
 */
export function ResultPage({ r, withheld = false, team = false }: { r: Result; withheld?: boolean } & Reader) {
  // A screen's verdict is the page's h1; the level comes under it.
  const Heading = heading(team || !!r.screen)
  const another = team ? null : <p><a href="/" class="button">Take another quiz</a></p>
  // With no answers the estimate is the prior: no level to show.
  if (!r.level) {
    return (
      <>
        <ScreenVerdict r={r} team={team} />
        <section class="card result-head">
          <Heading>No estimate</Heading>
          <p>No question was answered, so there is nothing to estimate a level from.</p>
        </section>
        {another}
      </>
    )
  }
  return (
    <>
      <ScreenVerdict r={r} team={team} />
      <section class="card result-head">
        <p class="eyebrow">Estimated career level</p>
        <Heading>{r.level.name}</Heading>
        <p class="certainty">{pct(r.level.probability)} probability ({certainty(r.level.probability)}), after {r.answered} questions{r.correct === null ? '' : ` (${r.correct} correct)`}.</p>
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
          {r.nextPhase.weakTopics.length && !team ? (
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
        <section class="card phase"><h2>Every learning phase mastered</h2><p>{team ? 'The answers show' : 'Your answers show'} mastery of the beginner, intermediate and advanced phases in the areas {team ? 'of the screen' : 'you chose'}.</p></section>
      )}

      {withheld ? null : <section class="card">
        <h2>By area</h2>
        <div class="table-scroll">
          <table class="by-area">
            <thead><tr><th>Area</th><th>Correct</th><th>Most probable level</th></tr></thead>
            <tbody>
              {r.areas.map((a) => (
                <tr><td>{a.name}</td><td class="count">{ofAnswered(a)}</td><td>{a.level ? `${a.level.name} (${pct(a.level.probability)})` : a.answered ? `too few answers (${minAreaAnswers} needed)` : '–'}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>By topic</h2>
        <div class="table-scroll">
          <table class="by-topic">
            <thead><tr><th>Topic</th><th>Correct</th></tr></thead>
            <tbody>{r.topics.map((t) => <tr><td>{t.name}</td><td class="count">{ofAnswered(t)}</td></tr>)}</tbody>
          </table>
        </div>
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
            <AnswerReview r={{ ...item.question, answer: item.answer, correct: item.correct }} team={team} />
          </article>
        ))}
      </section>}
      {another}
    </>
  )
}
