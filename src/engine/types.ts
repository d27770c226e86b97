/**
 * Plain data shapes shared by the engine and by whoever feeds it (the bank loader, the routes).
 * The engine never reads files: these objects come from questions/levels.yaml and phases.yaml.
 */

export const LEVEL_IDS = ['junior', 'mid', 'senior', 'principal'] as const
export type LevelId = (typeof LEVEL_IDS)[number]

export const QUESTION_TYPES = ['single', 'multiple', 'boolean', 'order', 'number'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/**
 * A career level from questions/levels.yaml, in ascending order of ability.
 * `upTo` is the cut score on the theta scale (a theta below it is this level; the last level has
 * none); `centre` is the IRT difficulty of uncalibrated questions authored at this level;
 * `years` is the experience range of the seed's career table.
 */
export type Level = {
  id: LevelId
  name: string
  centre: number
  upTo?: number
  years: [number, number]
}

/** A learning phase from questions/phases.yaml. Extra fields (duration, ...) are allowed. */
export type PhaseStep = { title: string; detail: string; topics: string[] }
export type Phase = { id: string; name: string; steps: PhaseStep[]; projects: string[] }
