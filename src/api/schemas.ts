import * as z from 'zod'
import { defaultStopRules } from '../engine/stop'

// Request bodies of the JSON API, checked at the edge; the OpenAPI document is built from them too.

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id').max(64)

export const StartSession = z.strictObject({
  mode: z.enum(['practice', 'assessment', 'screen-practice']),
  form: z.enum(['adaptive', 'fixed']).optional(),
  areas: z.array(slug).max(20).optional(),
  topics: z.array(slug).max(100).optional(),
  length: z.int().min(5).max(60).optional(),
  experienceYears: z.number().min(0).max(60).optional(),
  /** screen-practice: the role's level to pass. */
  targetLevel: z.enum(['junior', 'mid', 'senior', 'principal']).optional(),
  /** screen-practice: false for an untimed run (WCAG 2.2.1); the limit defaults to 90 s a question. */
  timed: z.boolean().optional(),
  timeLimitMinutes: z.int().min(1).max(240).optional(),
}).refine((s) => s.mode !== 'screen-practice' || s.targetLevel !== undefined, { message: 'screen-practice needs a targetLevel', path: ['targetLevel'] })
  .refine((s) => s.mode === 'screen-practice' || (s.targetLevel === undefined && s.timed === undefined && s.timeLimitMinutes === undefined), {
    message: 'targetLevel, timed and timeLimitMinutes belong to screen-practice', path: ['mode'],
  })

export const secondsPerQuestion = 90
export type StartSessionBody = z.infer<typeof StartSession>

/** The engine's start input from the API's body: a screen practice is timed unless asked not to be. */
export function startInputOf(body: StartSessionBody) {
  const { timed, timeLimitMinutes, ...rest } = body
  if (body.mode !== 'screen-practice') return rest
  const length = body.length ?? defaultStopRules.maxItems
  return { ...rest, length, timeLimitSeconds: timed === false ? null : (timeLimitMinutes ? timeLimitMinutes * 60 : length * secondsPerQuestion) }
}

export const Answer = z.union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).min(1).max(10), z.number()])

export const SubmitResponse = z.strictObject({
  questionId: slug,
  answer: Answer,
  // Stored as given: a lone surrogate would come back from SQLite as U+FFFD, another key.
  idempotencyKey: z.string().min(1).max(128).refine((k) => !/[\uD800-\uDFFF]/u.test(k), 'must be well-formed Unicode (no lone surrogates)').optional(),
})

export const ScreenInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  areas: z.array(slug).max(20).optional(),
  topics: z.array(slug).max(100).optional(),
  targetLevel: z.enum(['junior', 'mid', 'senior', 'principal']),
  length: z.int().min(5).max(60),
  timeLimitMinutes: z.int().min(1).max(240),
  form: z.enum(['adaptive', 'fixed']).default('adaptive'),
  showResult: z.boolean().default(false),
})

export const InviteInput = z.strictObject({
  candidates: z.array(z.strictObject({
    candidateName: z.string().trim().min(1).max(120).optional(),
    candidateEmail: z.email().max(254).optional(),
  })).min(1).max(200),
  expiresInDays: z.int().min(1).max(365).optional(),
})

/** "Name <email>", a bare e-mail, or a bare name, one a line. */
export function invitesFromText(text: string): { candidateName?: string; candidateEmail?: string }[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line) => {
    const m = /^(.*?)\s*<([^>]+)>$/.exec(line)
    if (m) return { ...(m[1] ? { candidateName: m[1].slice(0, 120) } : {}), candidateEmail: m[2]!.slice(0, 254) }
    return line.includes('@') ? { candidateEmail: line.slice(0, 254) } : { candidateName: line.slice(0, 120) }
  })
}
