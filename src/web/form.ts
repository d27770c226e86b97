import * as z from 'zod'
import { InviteInput, ScreenInput, StartSession, invitesFromText, startInputOf } from '../api/schemas'
import type { Answer } from '../engine/score'
import { AppError } from '../errors'

type Body = Record<string, string | File | (string | File)[]>

/** A field's text values; a file or a missing field gives none. */
export const list = (v: Body[string] | undefined): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'))
export const one = (v: Body[string] | undefined) => list(v)[0]
// Decimal notation only: Number() also reads '0x10' as 16 and '0b11' as 3, which nobody typing a
// number of years or an answer means.
const decimal = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i
const toNumber = (v: string) => (decimal.test(v) ? Number(v) : NaN)
const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : toNumber(v))

const formProblem = (issues: z.core.$ZodIssue[]) => new AppError(400, 'invalid-form', issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '))

/** A form's fields checked by a schema; a refusal is a 400 that names each problem. */
export function parseForm<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw formProblem(result.error.issues)
  return result.data
}

/** The start form, checked by the same schema as the JSON API. */
export function startInput(body: Body) {
  const areas = list(body.areas)
  const topics = list(body.topics)
  const mode = one(body.mode)
  const screen = mode === 'screen-practice'
  const result = StartSession.safeParse({
    mode,
    ...(screen ? { targetLevel: one(body.targetLevel), timed: one(body.untimed) !== '1' } : {}),
    ...(areas.length ? { areas } : {}),
    ...(topics.length ? { topics } : {}),
    ...(one(body.form) ? { form: one(body.form) } : {}),
    ...(num(one(body.length)) !== undefined ? { length: num(one(body.length)) } : {}),
    ...(num(one(body.experienceYears)) !== undefined ? { experienceYears: num(one(body.experienceYears)) } : {}),
  })
  if (!result.success) throw formProblem(result.error.issues)
  return startInputOf(result.data)
}

/** The new-screen form, checked by the same schema as the JSON API. */
export function screenInput(body: Body): z.infer<typeof ScreenInput> {
  const areas = list(body.areas)
  return parseForm(ScreenInput, {
    name: one(body.name), ...(areas.length ? { areas } : {}), targetLevel: one(body.targetLevel), length: num(one(body.length)),
    timeLimitMinutes: num(one(body.timeLimitMinutes)), form: one(body.form) ?? 'adaptive', showResult: one(body.showResult) === '1',
  })
}

/**
 * The invite form, checked by the same schema as the JSON API: the named candidates, one a line,
 * then as many anonymous links as asked for. The anonymous ones are made up to a cap far above
 * InviteInput's maximum, so an absurd number costs nothing and is still refused by the schema.
 */
export function inviteInput(body: Body): z.infer<typeof InviteInput> {
  const count = num(one(body.count)) ?? 0
  if (!Number.isInteger(count) || count < 0) throw new AppError(400, 'invalid-form', 'the number of anonymous links must be a whole number')
  const candidates = [...invitesFromText(one(body.candidates) ?? ''), ...Array.from({ length: Math.min(count, 10_000) }, () => ({}))]
  const days = num(one(body.expiresInDays))
  const result = InviteInput.safeParse({ candidates, ...(days === undefined ? {} : { expiresInDays: days }) })
  if (!result.success) throw new AppError(400, 'invalid-form', result.error.issues.map((i) => inviteProblem(i, candidates)).join('; '))
  return result.data
}

function inviteProblem(issue: z.core.$ZodIssue, candidates: { candidateEmail?: string }[]): string {
  const [field, index, key] = issue.path
  if (field === 'candidates' && index === undefined) {
    return issue.code === 'too_big' ? `at most ${issue.maximum} invites at a time` : 'name at least one candidate or ask for a number of links'
  }
  if (field === 'candidates' && key === 'candidateEmail') return `"${candidates[index as number]?.candidateEmail}" is not an e-mail address`
  if (field === 'expiresInDays') return 'links expire after a whole number of days from 1 to 365'
  return `${issue.path.join('.')}: ${issue.message}`
}

const AnswerForm = z.object({ questionId: z.string().min(1).max(64), type: z.enum(['single', 'multiple', 'boolean', 'order', 'number']) })

/** An answer as the plain HTML form sends it: radios, checkboxes, a number, or one position per item. */
export function answerInput(body: Body): { questionId: string; answer: Answer } {
  const parsed = AnswerForm.safeParse({ questionId: one(body.questionId), type: one(body.type) })
  if (!parsed.success) throw new AppError(400, 'invalid-form', 'the answer form is incomplete; reload the question')
  const { questionId, type } = parsed.data
  switch (type) {
    case 'single':
    case 'boolean': {
      const answer = one(body.answer)
      if (!answer) throw new AppError(422, 'no-answer', 'choose an option before answering')
      return { questionId, answer }
    }
    case 'multiple': {
      const answer = list(body.answer)
      if (!answer.length) throw new AppError(422, 'no-answer', 'choose at least one option before answering')
      return { questionId, answer }
    }
    case 'number': {
      const text = one(body.answer)?.trim()
      if (!text || !Number.isFinite(toNumber(text))) throw new AppError(422, 'no-answer', 'enter a number before answering')
      return { questionId, answer: toNumber(text) }
    }
    case 'order': {
      const ranks = Object.entries(body).filter(([k]) => k.startsWith('rank-')).map(([k, v]) => ({ id: k.slice(5), rank: Number(one(v)) }))
      if (new Set(ranks.map((r) => r.rank)).size !== ranks.length) throw new AppError(422, 'no-answer', 'give every item a different position')
      return { questionId, answer: ranks.sort((a, b) => a.rank - b.rank).map((r) => r.id) }
    }
  }
}

/** A posted form; a body that cannot be read as one is the client's mistake, a 400. */
export async function readForm(c: { req: { parseBody: (o: { all: true }) => Promise<Body> } }): Promise<Body> {
  try {
    return await c.req.parseBody({ all: true })
  } catch {
    throw new AppError(400, 'invalid-form', 'the form could not be read')
  }
}
