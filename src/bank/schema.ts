import * as z from 'zod'

// The shapes of the files in questions/, checked at the edge; everything inside uses the inferred types.

export const levelIds = ['junior', 'mid', 'senior', 'principal'] as const
export const phaseIds = ['beginner', 'intermediate', 'advanced'] as const
export const questionTypes = ['single', 'multiple', 'boolean', 'order', 'number'] as const
export const codeLangs = [
  'bash', 'dockerfile', 'go', 'graphql', 'hcl', 'http', 'ini', 'java', 'javascript', 'json', 'kotlin',
  'nginx', 'php', 'promql', 'protobuf', 'python', 'rust', 'sql', 'text', 'toml', 'typescript', 'xml', 'yaml',
] as const

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case slug')
const markdown = z.string().trim().min(1, 'must not be empty')

export const LevelId = z.enum(levelIds)
export const PhaseId = z.enum(phaseIds)

const option = z.strictObject({
  id: slug,
  text: markdown,
  correct: z.boolean().optional(),
  feedback: markdown.optional(),
})

const code = z.strictObject({ lang: z.enum(codeLangs), source: z.string().min(1) })

const irt = z.strictObject({
  a: z.number().positive(),
  b: z.number().min(-6).max(6),
  c: z.number().min(0).max(0.6),
  d: z.number().min(0.5).max(1).optional(),
})

const common = {
  id: slug,
  level: LevelId,
  phase: PhaseId,
  stem: markdown,
  code: code.optional(),
  explanation: markdown,
  references: z.array(z.url({ protocol: /^https$/ })).min(1, 'needs at least one reference'),
  irt: irt.optional(),
}

const uniqueIds = (options: { id: string }[]) => new Set(options.map((o) => o.id)).size === options.length
const countCorrect = (options: { correct?: boolean }[]) => options.filter((o) => o.correct).length

const single = z.strictObject({ ...common, type: z.literal('single'), options: z.array(option).min(3).max(5) })
  .refine((q) => countCorrect(q.options) === 1, { message: 'single needs exactly one correct option', path: ['options'] })
const multiple = z.strictObject({ ...common, type: z.literal('multiple'), options: z.array(option).min(4).max(6) })
  .refine((q) => countCorrect(q.options) >= 2 && countCorrect(q.options) < q.options.length, {
    message: 'multiple needs at least two correct options and at least one wrong', path: ['options'],
  })
const order = z.strictObject({ ...common, type: z.literal('order'), options: z.array(option).min(3).max(6) })
  .refine((q) => countCorrect(q.options) === 0, { message: 'order options are written in order, none marked correct', path: ['options'] })
const boolean = z.strictObject({ ...common, type: z.literal('boolean'), answer: z.boolean() })
const number = z.strictObject({
  ...common,
  type: z.literal('number'),
  answer: z.strictObject({ value: z.number(), tolerance: z.number().min(0).default(0) }),
  unit: z.string().min(1).optional(),
})

export const QuestionSchema = z.discriminatedUnion('type', [single, multiple, order, boolean, number])
  .refine((q) => !('options' in q) || uniqueIds(q.options), { message: 'option ids must be unique', path: ['options'] })
export type QuestionSource = z.infer<typeof QuestionSchema>

// Each question is validated on its own so that one bad question does not hide the problems of the rest.
export const QuestionFile = z.strictObject({ questions: z.array(z.unknown()).min(1) })

export const AreasFile = z.strictObject({
  areas: z.array(z.strictObject({
    id: slug,
    name: z.string().min(1),
    summary: z.string().min(1),
    topics: z.array(z.strictObject({ id: slug, name: z.string().min(1), summary: z.string().min(1) })).min(1),
  })).min(1),
})
export type Area = z.infer<typeof AreasFile>['areas'][number]

export const LevelsFile = z.strictObject({
  levels: z.array(z.strictObject({
    id: LevelId,
    name: z.string().min(1),
    experience: z.string().min(1),
    years: z.tuple([z.number().min(0), z.number().min(0)]),
    salary: z.string().min(1),
    focus: z.string().min(1),
    centre: z.number(),
    upTo: z.number().optional(),
  })).length(levelIds.length),
})
export type Level = z.infer<typeof LevelsFile>['levels'][number]

export const PhasesFile = z.strictObject({
  phases: z.array(z.strictObject({
    id: PhaseId,
    name: z.string().min(1),
    duration: z.string().min(1),
    steps: z.array(z.strictObject({ title: z.string().min(1), detail: z.string().min(1), topics: z.array(slug).min(1) })).min(1),
    projects: z.array(z.string().min(1)).min(1),
  })).length(phaseIds.length),
})
export type Phase = z.infer<typeof PhasesFile>['phases'][number]

export const SourcesFile = z.strictObject({ hosts: z.array(z.string().min(1)).min(1) })
