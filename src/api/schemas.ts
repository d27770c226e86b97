import { z } from 'zod'

// Request bodies of the JSON API, checked at the edge; the OpenAPI document is built from them too.

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id').max(64)

export const StartSession = z.strictObject({
  mode: z.enum(['practice', 'assessment']),
  form: z.enum(['adaptive', 'fixed']).optional(),
  areas: z.array(slug).max(20).optional(),
  topics: z.array(slug).max(100).optional(),
  length: z.int().min(5).max(60).optional(),
  experienceYears: z.number().min(0).max(60).optional(),
})

export const Answer = z.union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).min(1).max(10), z.number()])

export const SubmitResponse = z.strictObject({
  questionId: slug,
  answer: Answer,
  idempotencyKey: z.string().min(1).max(128).optional(),
})
