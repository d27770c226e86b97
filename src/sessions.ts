import { type Catalog, type CatalogCache, type QuestionRow, versionKey } from './store/catalog'
import type { Db } from './store/db'
import {
  createSession, finishSession, newSessionId, readSessionState, recordAnswer,
  type ResponseRow, type SessionRow, type SessionState,
} from './store/sessions'
import { AppError, notFound } from './errors'
import { itemParams } from './engine/params'
import { priorFor } from './engine/levels'
import { mulberry32, seedFrom, shuffle } from './engine/random'
import { answerProblem, canonicalAnswer, isCorrect, type Answer, type Key } from './engine/score'
import type { LevelId } from './engine/types'
import { measure, nextStep, type Answered, type Form, type Item, type Measure, type Mode, type Plan } from './engine/session'
import { nextPhase, phaseResults } from './engine/phases'
import { posterior, type Prior } from './engine/irt'
import { defaultStopRules } from './engine/stop'

// The use-cases behind both the HTML and the JSON routes: start, show, answer, result.

export type Deps = { db: Db; catalog: CatalogCache; now: () => number }

export type StartInput = {
  mode: Mode
  form?: Form | undefined
  /** Screens: the level a pass is judged against. */
  targetLevel?: LevelId | undefined
  /** Screens: the total time allowed; absent or null for an untimed run. */
  timeLimitSeconds?: number | null | undefined
  areas?: string[] | undefined
  topics?: string[] | undefined
  length?: number | undefined
  experienceYears?: number | undefined
}

/** A question as a taker sees it: no key, no feedback, options in the session's own order. */
export type PublicQuestion = {
  id: string
  type: QuestionRow['type']
  stemHtml: string
  codeHtml?: string
  unit?: string
  options: { id: string; html: string }[]
}

const items = new WeakMap<Catalog, Item[]>()
function itemsOf(catalog: Catalog): Item[] {
  let list = items.get(catalog)
  if (!list) {
    list = catalog.current.map((q) => toItem(q, catalog))
    items.set(catalog, list)
  }
  return list
}
function toItem(q: QuestionRow, catalog: Catalog): Item {
  return {
    id: q.id, version: q.version, area: q.areaId, topic: q.topicId, phase: q.phase, level: q.level, type: q.type,
    params: itemParams({ level: q.level, type: q.type, optionCount: q.options.length, irt: q.irt ?? undefined }, catalog.levels),
  }
}

export function present(q: QuestionRow, session: Pick<SessionRow, 'seed'>): PublicQuestion {
  const order = q.type === 'boolean' ? q.options : shuffle(q.options, mulberry32(session.seed ^ seedFrom(q.id)))
  return {
    id: q.id,
    type: q.type,
    stemHtml: q.stemHtml,
    ...(q.codeHtml ? { codeHtml: q.codeHtml } : {}),
    ...(q.unit ? { unit: q.unit } : {}),
    options: order.map((o) => ({ id: o.id, html: o.html })),
  }
}

const planOf = (s: SessionRow, catalog: Catalog): Plan => ({
  mode: s.mode, form: s.form, length: s.length, topics: s.topics, seed: s.seed, prior: priorFor(s.experienceYears, catalog.levels),
})

export function answeredOf(responses: readonly ResponseRow[], catalog: Catalog): (Answered & { response: ResponseRow; question: QuestionRow })[] {
  return responses.map((r) => {
    const question = catalog.versions.get(versionKey(r.questionId, r.questionVersion))
    if (!question) throw new Error(`question ${r.questionId}@${r.questionVersion} is missing from the bank`)
    return { item: toItem(question, catalog), correct: r.correct, response: r, question }
  })
}

/** The topics a session may ask, from the chosen areas or topics: unknown ones and an empty scope are refused (422). */
export function scope(catalog: Catalog, input: Pick<StartInput, 'areas' | 'topics'>): { areas: string[]; topics: string[] } {
  const known = new Map(catalog.areas.flatMap((a) => a.topics.map((t) => [t.id, a.id] as const)))
  const unknownArea = input.areas?.find((a) => !catalog.areas.some((x) => x.id === a))
  if (unknownArea) throw new AppError(422, 'unknown-area', `unknown area "${unknownArea}"`, { known: catalog.areas.map((a) => a.id) })
  const unknownTopic = input.topics?.find((t) => !known.has(t))
  if (unknownTopic) throw new AppError(422, 'unknown-topic', `unknown topic "${unknownTopic}"`)
  const topics = input.topics?.length
    ? [...new Set(input.topics)]
    : [...known].filter(([, area]) => !input.areas?.length || input.areas.includes(area)).map(([t]) => t)
  const asked = new Set(catalog.areas.flatMap((a) => a.topics.filter((t) => t.questionCount > 0).map((t) => t.id)))
  const withQuestions = topics.filter((t) => asked.has(t))
  if (!withQuestions.length) throw new AppError(422, 'empty-scope', 'the chosen areas and topics have no questions yet')
  return { areas: [...new Set(withQuestions.map((t) => known.get(t)!))], topics: withQuestions }
}

/**
 * Practice runs 20 questions; measured modes run the adaptive test's own maximum (40), which it
 * usually stops well before (about 32 on average in `npm run sim`) once the level is decided.
 */
export const defaultLength = (mode: Mode) => (mode === 'practice' ? 20 : defaultStopRules.maxItems)

/** A new session's row with its first question, not yet stored: screens store it their own way. */
export function draftSession(catalog: Catalog, input: StartInput, now: number): SessionRow {
  const { areas, topics } = scope(catalog, input)
  const draft: SessionRow = {
    id: newSessionId(), mode: input.mode, form: input.form ?? 'adaptive', status: 'active', areas, topics,
    length: input.length ?? defaultLength(input.mode), experienceYears: input.experienceYears ?? null, seed: crypto.getRandomValues(new Uint32Array(1))[0]!,
    position: 0, questionId: null, questionVersion: null, presentedAt: now,
    deadline: input.timeLimitSeconds ? now + input.timeLimitSeconds * 1000 : null, targetLevel: input.targetLevel ?? null,
    stopReason: null, createdAt: now, finishedAt: null, focusLosses: 0, focusLostAt: null,
  }
  const first = nextStep(itemsOf(catalog), catalog.levels, [], planOf(draft, catalog))
  if (!first.item) throw new AppError(422, 'empty-scope', 'the chosen areas and topics have no questions yet')
  return { ...draft, questionId: first.item.id, questionVersion: first.item.version }
}

export async function startSession(deps: Deps, input: StartInput) {
  const catalog = await deps.catalog.get(deps.db)
  const session = await createSession(deps.db, draftSession(catalog, input, deps.now()))
  return view(session, catalog)
}

async function load(deps: Deps, id: string): Promise<SessionState & { catalog: Catalog }> {
  const state = await readSessionState(deps.db, id)
  if (!state) throw notFound('session')
  const catalog = await deps.catalog.fresh(deps.db, state.bankHash)
  const { session } = state
  // A session whose time is up ends when it is next seen, scored as it stands.
  if (session.status === 'active' && session.deadline !== null && deps.now() > session.deadline) {
    await finishSession(deps.db, session, 'deadline', session.deadline)
    return { ...state, catalog, session: { ...session, status: 'finished', stopReason: 'deadline', finishedAt: session.deadline, questionId: null, questionVersion: null } }
  }
  return { ...state, catalog }
}

export type SessionView = {
  id: string
  mode: Mode
  form: Form
  status: SessionRow['status']
  position: number
  length: number
  deadline: number | null
  /** Screens: seconds allowed in all, and the pace that fits them. */
  timeLimitSeconds: number | null
  paceSeconds: number | null
  targetLevel: LevelId | null
  question?: PublicQuestion
}

function view(session: SessionRow, catalog: Catalog): SessionView {
  const q = session.questionId ? catalog.versions.get(versionKey(session.questionId, session.questionVersion!)) : undefined
  const timeLimitSeconds = session.deadline === null ? null : Math.round((session.deadline - session.createdAt) / 1000)
  return {
    id: session.id, mode: session.mode, form: session.form, status: session.status, position: session.position,
    length: session.length, deadline: session.deadline, timeLimitSeconds,
    paceSeconds: timeLimitSeconds === null ? null : Math.floor(timeLimitSeconds / session.length), targetLevel: session.targetLevel,
    ...(q && session.status === 'active' ? { question: present(q, session) } : {}),
  }
}

export async function getSession(deps: Deps, id: string): Promise<SessionView> {
  const { session, catalog } = await load(deps, id)
  return view(session, catalog)
}

export type Feedback = {
  questionId: string
  correct: boolean
  answer: Answer
  key: Key
  explanationHtml: string
  references: string[]
  options: { id: string; html: string; feedbackHtml?: string }[]
}
export type AnswerInput = { questionId: string; answer: Answer; idempotencyKey?: string | undefined }
export type AnswerReply = { session: SessionView; feedback?: Feedback; position: number }

const sameAnswer = (a: Answer, b: Answer) => JSON.stringify(a) === JSON.stringify(b)

function feedbackOf(q: QuestionRow, r: Pick<ResponseRow, 'answer' | 'correct'>, session: SessionRow): Feedback {
  const { options, key, explanationHtml, references } = reviewed(q, session)
  return { questionId: q.id, correct: r.correct, answer: r.answer, key, explanationHtml, references, options }
}

/** Feedback after each answer only in practice; measured modes say nothing until the end. */
const showsFeedback = (mode: Mode) => mode === 'practice'

function reply(session: SessionRow, catalog: Catalog, q: QuestionRow, r: Pick<ResponseRow, 'answer' | 'correct' | 'position'>): AnswerReply {
  return { session: view(session, catalog), position: r.position, ...(showsFeedback(session.mode) ? { feedback: feedbackOf(q, r, session) } : {}) }
}

/** An answer to a session that has ended: time up (410), or finished by its last answer (409). */
function refuseClosed(session: SessionRow) {
  if (session.stopReason === 'deadline') throw new AppError(410, 'deadline-passed', 'the time for this session is up; it has been scored as it stands')
  if (session.status !== 'active') throw new AppError(409, 'session-finished', 'this session has finished; its result is ready')
}

/**
 * An answer to a question the session has already answered: the same answer again is a retry and
 * gets the reply it got; another answer is a 409, whether it came first or lost a race.
 */
function answeredBefore(session: SessionRow, catalog: Catalog, stored: ResponseRow, input: AnswerInput): AnswerReply {
  const q = catalog.versions.get(versionKey(stored.questionId, stored.questionVersion))!
  if (sameAnswer(canonicalAnswer(q.type, stored.answer), canonicalAnswer(q.type, input.answer))) return reply(session, catalog, q, stored)
  // The same key with another answer is a client's mistake; a 200 would tell it that answer was stored.
  if (input.idempotencyKey && input.idempotencyKey === stored.idempotencyKey) {
    throw new AppError(409, 'idempotency-key-reused', 'this idempotency key was already used for a different answer to this question')
  }
  throw new AppError(409, 'already-answered', 'this question was already answered with a different answer')
}

/**
 * One read and one write batch. A repeat of a stored answer gets the same reply; a different
 * answer to an answered question, or any answer to a finished session, is refused.
 */
export async function answerQuestion(deps: Deps, id: string, input: AnswerInput): Promise<AnswerReply> {
  const { session, responses, catalog } = await load(deps, id)
  const earlier = responses.find((r) => r.questionId === input.questionId)
  if (earlier) return answeredBefore(session, catalog, earlier, input)
  refuseClosed(session)
  const now = deps.now()
  if (input.questionId !== session.questionId) throw new AppError(409, 'not-current-question', `question "${input.questionId}" is not the current question of this session`)
  const q = catalog.versions.get(versionKey(session.questionId, session.questionVersion!))!
  const answer = canonicalAnswer(q.type, input.answer)
  const problem = answerProblem(q.type, q.options.map((o) => o.id), answer)
  if (problem) throw new AppError(422, 'invalid-answer', problem)

  const correct = isCorrect(q.key as Key, answer)
  const answered = [...answeredOf(responses, catalog), { item: toItem(q, catalog), correct }]
  const step = nextStep(itemsOf(catalog), catalog.levels, answered, planOf(session, catalog))
  const next = step.item ? { questionId: step.item.id, questionVersion: step.item.version } : { stopReason: step.end }
  const response = { questionId: q.id, questionVersion: q.version, answer, correct, answeredAt: now, idempotencyKey: input.idempotencyKey }
  const moved = await recordAnswer(deps.db, { session, response, next })
  if (moved) return reply(moved, catalog, q, { answer, correct, position: session.position })
  // Lost a race: answer from what the winner stored.
  const after = await load(deps, id)
  const stored = after.responses.find((r) => r.questionId === input.questionId)
  if (stored) return answeredBefore(after.session, after.catalog, stored, input)
  // The winner may have been the deadline: that refusal says why, where "moved" would not.
  refuseClosed(after.session)
  throw new AppError(409, 'session-moved', 'this session changed while the answer was being stored; reload it')
}

/** Practice feedback for a stored answer, for the page a plain form post lands on. */
export async function getFeedback(deps: Deps, id: string, position: number): Promise<AnswerReply> {
  const { session, responses, catalog } = await load(deps, id)
  const r = responses.find((x) => x.position === position)
  if (!showsFeedback(session.mode) || !r) throw notFound('feedback')
  return reply(session, catalog, catalog.versions.get(versionKey(r.questionId, r.questionVersion))!, r)
}

export async function getResult(deps: Deps, id: string) {
  const { session, responses, catalog } = await load(deps, id)
  if (session.status !== 'finished') throw new AppError(409, 'session-active', 'the result is ready once the session has finished')
  return resultOf(session, responses, catalog)
}

export function resultOf(session: SessionRow, responses: readonly ResponseRow[], catalog: Catalog) {
  const answered = answeredOf(responses, catalog)
  const prior = priorFor(session.experienceYears, catalog.levels)
  const overall = measure(answered, prior, catalog.levels)
  const path = answered.map((_, i) => {
    const m = measure(answered.slice(0, i + 1), prior, catalog.levels)
    return { theta: m.theta, se: m.se }
  })
  const areas = areaResults(session, answered, prior, catalog)
  const topicNames = new Map(catalog.areas.flatMap((a) => a.topics.map((t) => [t.id, t.name] as const)))
  const topics = session.topics.map((t) => {
    const inTopic = answered.filter((a) => a.item.topic === t)
    return { id: t, name: topicNames.get(t) ?? t, answered: inTopic.length, correct: inTopic.filter((a) => a.correct).length }
  }).filter((t) => t.answered > 0)
  const scopeItems = itemsOf(catalog).filter((i) => session.topics.includes(i.topic))
  const phaseInput = {
    ability: { theta: overall.theta, posterior: posterior(answered.map((a) => ({ item: a.item.params, correct: a.correct })), { prior }) },
    scope: scopeItems.map((i) => ({ id: i.id, phase: i.phase, topic: i.topic, params: i.params })),
    answered: answered.map((a) => ({ id: a.item.id, phase: a.item.phase, topic: a.item.topic, params: a.item.params, correct: a.correct })),
    phases: catalog.phases,
  }
  // With no answers there is nothing to tell mastery from.
  const phase = answered.length ? nextPhase(phaseInput) : null
  const screen = session.targetLevel ? verdict(session, overall, catalog, answered.length) : null
  const phaseInfo = phase && catalog.phases.find((p) => p.id === phase.id)
  return {
    id: session.id,
    mode: session.mode,
    form: session.form,
    stopReason: session.stopReason,
    startedAt: session.createdAt,
    finishedAt: session.finishedAt,
    answered: answered.length,
    // Null where a screen's candidate may not know it (see ownResult).
    correct: answered.filter((a) => a.correct).length as number | null,
    theta: overall.theta,
    se: overall.se,
    level: estimatedLevel(overall, answered.length, catalog),
    levelProbabilities: overall.levelProbabilities,
    levels: catalog.levels,
    path,
    areas,
    topics,
    phases: (answered.length ? phaseResults(phaseInput) : []).map((p) => ({ id: p.id, name: p.name, probability: p.probability, mastered: p.mastered, answered: p.answered, correct: p.correct })),
    nextPhase: phase && phaseInfo ? {
      id: phase.id, name: phase.name, duration: (phaseInfo as { duration?: string }).duration, probability: phase.probability, steps: phaseInfo.steps,
      projects: phase.projects, weakTopics: phase.weakTopics.map((t) => ({ id: t.topic, name: topicNames.get(t.topic) ?? t.topic, estimate: t.estimate })),
    } : null,
    screen,
    timeUsedMs: (session.finishedAt ?? session.createdAt) - session.createdAt,
    review: answered.map((a) => ({
      position: a.response.position,
      question: reviewed(a.question, session),
      answer: a.response.answer,
      correct: a.correct,
      presentedAt: a.response.presentedAt,
      answeredAt: a.response.answeredAt,
      seconds: Math.round((a.response.answeredAt - a.response.presentedAt) / 100) / 10,
    })),
  }
}
export type Result = ReturnType<typeof resultOf>

/** The most probable level with its facts and probability; none from the prior alone, with no answers. */
export function estimatedLevel(m: Measure, answered: number, catalog: Catalog) {
  return answered ? { ...catalog.levels.find((l) => l.id === m.level)!, probability: m.levelProbabilities[m.level] } : null
}

/**
 * Below this many answers in an area, its most probable level is mostly the prior's: one wrong
 * answer still reads "Mid-level, 47%". The estimate and its SE are given; the level is not.
 */
export const minAreaAnswers = 5

/** Each area of the session measured on its own answers. */
export function areaResults(session: SessionRow, answered: Answered[], prior: Prior, catalog: Catalog) {
  return session.areas.map((areaId) => {
    const inArea = answered.filter((a) => a.item.area === areaId)
    const m = inArea.length ? measure(inArea, prior, catalog.levels) : undefined
    const level = m && inArea.length >= minAreaAnswers ? estimatedLevel(m, inArea.length, catalog) : null
    // An area without answers has no estimate: its fields are null, not the prior's.
    return {
      id: areaId, name: catalog.areas.find((a) => a.id === areaId)?.name ?? areaId, answered: inArea.length,
      correct: inArea.filter((a) => a.correct).length,
      theta: m?.theta ?? null, se: m?.se ?? null,
      level: level && { id: level.id, name: level.name, probability: level.probability },
      levelProbabilities: level && m!.levelProbabilities,
    }
  })
}

/** An answered question for the review: in the order the taker saw it, now with key, feedback and why. */
function reviewed(q: QuestionRow, session: SessionRow) {
  const full = new Map(q.options.map((o) => [o.id, o]))
  const shown = present(q, session)
  return {
    ...shown,
    options: shown.options.map((o) => full.get(o.id)!),
    key: q.key as Key,
    explanationHtml: q.explanationHtml,
    references: q.references,
  }
}

/**
 * A screen's pass or fail: pass when the taker is more likely than not at or above the target
 * level, on enough answers to judge (the engine's minimum test length): the prior alone, say after
 * a timed-out screen with no answers, never passes anyone. The margin is the distance of theta from
 * the target's lower cut score, in theta units.
 */
export function verdict(session: SessionRow, m: ReturnType<typeof measure>, catalog: Catalog, answered: number) {
  const i = catalog.levels.findIndex((l) => l.id === session.targetLevel)
  const cut = i > 0 ? catalog.levels[i - 1]!.upTo ?? null : null
  const atOrAbove = catalog.levels.slice(i).reduce((p, l) => p + m.levelProbabilities[l.id], 0)
  const enough = answered >= Math.min(defaultStopRules.minItems, session.length)
  return {
    // An id, as in the session and the screen; the name to show beside it.
    targetLevel: catalog.levels[i]!.id,
    targetLevelName: catalog.levels[i]!.name,
    pass: enough && atOrAbove >= 0.5,
    enoughAnswers: enough,
    probabilityAtOrAbove: answered ? atOrAbove : null,
    margin: cut === null || !answered ? null : m.theta - cut,
    timeLimitSeconds: session.deadline === null ? null : Math.round((session.deadline - session.createdAt) / 1000),
  }
}
