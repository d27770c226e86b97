import * as z from 'zod'
import { LevelId, LevelsFile, PhaseId, PhasesFile, questionTypes } from '../bank/schema'
import { Answer } from './schemas'

// What the API answers, for its OpenAPI document. Strict objects: a test checks real replies
// against them, so a field added or renamed in code without being documented here fails it.

const id = z.string()
const ms = z.int().describe('milliseconds since the Unix epoch')
const probability = z.number().min(0).max(1)
const perLevel = z.strictObject({ junior: probability, mid: probability, senior: probability, principal: probability })
const Level = LevelsFile.shape.levels.element
const Key = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('option'), option: id }),
  z.strictObject({ kind: z.literal('set'), options: z.array(id) }),
  z.strictObject({ kind: z.literal('order'), options: z.array(id) }),
  z.strictObject({ kind: z.literal('number'), value: z.number(), tolerance: z.number() }),
])

export const AreasReply = z.strictObject({
  areas: z.array(z.strictObject({
    id, name: z.string(), summary: z.string(), questionCount: z.int(),
    topics: z.array(z.strictObject({ id, name: z.string(), summary: z.string(), questionCount: z.int() })),
  })),
})

const question = {
  id,
  type: z.enum(questionTypes),
  stemHtml: z.string(),
  codeHtml: z.string().optional(),
  unit: z.string().optional(),
}
export const PublicQuestion = z.strictObject({ ...question, options: z.array(z.strictObject({ id, html: z.string() })) })

export const SessionReply = z.strictObject({
  id,
  mode: z.enum(['practice', 'assessment', 'screen-practice', 'screen']),
  form: z.enum(['adaptive', 'fixed']),
  status: z.enum(['active', 'finished']),
  position: z.int(),
  length: z.int(),
  deadline: ms.nullable(),
  timeLimitSeconds: z.int().nullable(),
  paceSeconds: z.int().nullable(),
  targetLevel: LevelId.nullable(),
  question: PublicQuestion.optional().describe('the current question, without its key; absent once finished'),
})

const reviewedOptions = z.array(z.strictObject({ id, html: z.string(), feedbackHtml: z.string().optional() }))

export const AnswerReply = z.strictObject({
  session: SessionReply,
  position: z.int(),
  feedback: z.strictObject({
    questionId: id, correct: z.boolean(), answer: Answer, key: Key, explanationHtml: z.string(), references: z.array(z.string()), options: reviewedOptions,
  }).optional().describe('practice mode only'),
})

export const ResultReply = z.strictObject({
  id,
  mode: SessionReply.shape.mode,
  form: SessionReply.shape.form,
  stopReason: z.string().nullable(),
  startedAt: ms,
  finishedAt: ms.nullable(),
  answered: z.int(),
  correct: z.int().nullable().describe('null in a screen candidate\'s own result'),
  theta: z.number(),
  se: z.number(),
  level: Level.extend({ probability }).nullable().describe('null when nothing was answered'),
  levelProbabilities: perLevel,
  levels: z.array(Level),
  path: z.array(z.strictObject({ theta: z.number(), se: z.number() })),
  areas: z.array(z.strictObject({
    id, name: z.string(), answered: z.int(), correct: z.int(), theta: z.number().nullable(), se: z.number().nullable(),
    level: z.strictObject({ id: LevelId, name: z.string(), probability }).nullable().describe('from 5 answers in the area'),
    levelProbabilities: perLevel.nullable(),
  })),
  topics: z.array(z.strictObject({ id, name: z.string(), answered: z.int(), correct: z.int() })),
  phases: z.array(z.strictObject({ id: PhaseId, name: z.string(), probability, mastered: z.boolean(), answered: z.int(), correct: z.int() })),
  nextPhase: z.strictObject({
    id: PhaseId, name: z.string(), duration: z.string().optional(), probability,
    steps: PhasesFile.shape.phases.element.shape.steps, projects: z.array(z.string()),
    weakTopics: z.array(z.strictObject({ id, name: z.string(), estimate: z.number() })),
  }).nullable(),
  screen: z.strictObject({
    targetLevel: LevelId, targetLevelName: z.string(), pass: z.boolean(), enoughAnswers: z.boolean(),
    probabilityAtOrAbove: probability.nullable(), margin: z.number().nullable(), timeLimitSeconds: z.int().nullable(),
  }).nullable().describe('screens and screen practice only'),
  timeUsedMs: z.int(),
  review: z.array(z.strictObject({
    position: z.int(),
    question: z.strictObject({ ...question, options: reviewedOptions, key: Key, explanationHtml: z.string(), references: z.array(z.string()) }),
    answer: Answer, correct: z.boolean(), presentedAt: ms, answeredAt: ms, seconds: z.number(),
  })),
})

export const Screen = z.strictObject({
  id, name: z.string(), areas: z.array(id), topics: z.array(id), targetLevel: LevelId, length: z.int(),
  timeLimitSeconds: z.int(), form: SessionReply.shape.form, showResult: z.boolean(), createdAt: ms,
})
const invite = { id, candidateName: z.string().nullable(), candidateEmail: z.string().nullable(), createdAt: ms, expiresAt: ms.nullable() }

export const ScreensReply = z.strictObject({ screens: z.array(Screen) })
export const ScreenReply = z.strictObject({
  screen: Screen,
  candidates: z.array(z.strictObject({
    invite: z.strictObject(invite),
    state: z.enum(['open', 'expired', 'in-progress', 'finished']),
    startedAt: ms.nullable(),
    focusLosses: z.int().nullable(),
    result: ResultReply.nullable().describe('once finished'),
  })),
})
export const InvitesReply = z.strictObject({ invites: z.array(z.strictObject({ ...invite, url: z.string() })) })
