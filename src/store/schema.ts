import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Times are epoch milliseconds taken from the server's clock, never the client's.

export const areas = sqliteTable('areas', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  summary: text('summary').notNull(),
  position: integer('position').notNull(),
})

export const topics = sqliteTable('topics', {
  id: text('id').primaryKey(),
  areaId: text('area_id').notNull().references(() => areas.id),
  name: text('name').notNull(),
  summary: text('summary').notNull(),
  position: integer('position').notNull(),
})

/** One row per version of a question; responses point at the version they answered. */
export const questions = sqliteTable('questions', {
  id: text('id').notNull(),
  version: integer('version').notNull(),
  current: integer('current', { mode: 'boolean' }).notNull(),
  hash: text('hash').notNull(),
  areaId: text('area_id').notNull(),
  topicId: text('topic_id').notNull(),
  level: text('level', { enum: ['junior', 'mid', 'senior', 'principal'] }).notNull(),
  phase: text('phase', { enum: ['beginner', 'intermediate', 'advanced'] }).notNull(),
  type: text('type', { enum: ['single', 'multiple', 'boolean', 'order', 'number'] }).notNull(),
  stemHtml: text('stem_html').notNull(),
  codeHtml: text('code_html'),
  options: text('options', { mode: 'json' }).$type<{ id: string; html: string; feedbackHtml?: string }[]>().notNull(),
  unit: text('unit'),
  /** The answer key: read by the server only, never sent before the question is answered. */
  key: text('key', { mode: 'json' }).notNull(),
  explanationHtml: text('explanation_html').notNull(),
  references: text('references', { mode: 'json' }).$type<string[]>().notNull(),
  irt: text('irt', { mode: 'json' }).$type<{ a: number; b: number; c: number; d?: number }>(),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.id, t.version] }), index('questions_current').on(t.current)])

/** Small facts about the loaded bank, e.g. the hash of the files it was seeded from. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  mode: text('mode', { enum: ['practice', 'assessment', 'screen-practice', 'screen'] }).notNull(),
  form: text('form', { enum: ['adaptive', 'fixed'] }).notNull(),
  status: text('status', { enum: ['active', 'finished'] }).notNull(),
  areas: text('areas', { mode: 'json' }).$type<string[]>().notNull(),
  topics: text('topics', { mode: 'json' }).$type<string[]>().notNull(),
  length: integer('length').notNull(),
  experienceYears: real('experience_years'),
  seed: integer('seed').notNull(),
  /** How many questions have been answered; the guard of every answer's write. */
  position: integer('position').notNull().default(0),
  questionId: text('question_id'),
  questionVersion: integer('question_version'),
  presentedAt: integer('presented_at'),
  deadline: integer('deadline'),
  targetLevel: text('target_level', { enum: ['junior', 'mid', 'senior', 'principal'] }),
  /** Tab switches seen by the page: information for a hiring team's report, never a verdict. */
  focusLosses: integer('focus_losses').notNull().default(0),
  /** When the last counted focus loss happened: a burst within a moment counts once. */
  focusLostAt: integer('focus_lost_at'),
  stopReason: text('stop_reason'),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
})

export const responses = sqliteTable('responses', {
  sessionId: text('session_id').notNull().references(() => sessions.id),
  position: integer('position').notNull(),
  questionId: text('question_id').notNull(),
  questionVersion: integer('question_version').notNull(),
  answer: text('answer', { mode: 'json' }).$type<Answer>().notNull(),
  correct: integer('correct', { mode: 'boolean' }).notNull(),
  presentedAt: integer('presented_at').notNull(),
  answeredAt: integer('answered_at').notNull(),
  idempotencyKey: text('idempotency_key'),
}, (t) => [
  primaryKey({ columns: [t.sessionId, t.position] }),
  uniqueIndex('responses_session_question').on(t.sessionId, t.questionId),
])

export type Answer = string | string[] | number

/** Hiring-team members; created from the CLI only (no open sign-up). */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` */
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
})

/** A signed-in browser: the cookie holds the token, the table only its SHA-256. */
export const signIns = sqliteTable('sign_ins', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
})

/** Per-user bearer tokens for the JSON API; shown once, stored hashed. */
export const apiTokens = sqliteTable('api_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
})

/** A hiring team's screen: what to ask, for which level, in how long. */
export const screens = sqliteTable('screens', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  areas: text('areas', { mode: 'json' }).$type<string[]>().notNull(),
  topics: text('topics', { mode: 'json' }).$type<string[]>().notNull(),
  targetLevel: text('target_level', { enum: ['junior', 'mid', 'senior', 'principal'] }).notNull(),
  length: integer('length').notNull(),
  timeLimitSeconds: integer('time_limit_seconds').notNull(),
  form: text('form', { enum: ['adaptive', 'fixed'] }).notNull(),
  showResult: integer('show_result', { mode: 'boolean' }).notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('screens_user').on(t.userId)])

/** A single-use invite link; starting it creates the candidate's session exactly once. */
export const invites = sqliteTable('invites', {
  id: text('id').primaryKey(),
  screenId: text('screen_id').notNull().references(() => screens.id),
  candidateName: text('candidate_name'),
  candidateEmail: text('candidate_email'),
  status: text('status', { enum: ['open', 'started'] }).notNull(),
  sessionId: text('session_id').unique(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at'),
}, (t) => [index('invites_screen').on(t.screenId)])
