import { AppError, notFound } from './errors'
import type { LevelId } from './engine/types'
import { priorFor } from './engine/levels'
import { measure } from './engine/session'
import { answeredOf, areaResults, draftSession, estimatedLevel, resultOf, scope, verdict, type Deps, type Result } from './sessions'
import { readBankHash, type Catalog } from './store/catalog'
import {
  createInvites, createScreen as insertScreen, findInvite, findScreen, findScreenOfSession, listScreens,
  readScreenResults, recordFocusLoss, startInvite, type InviteRow, type ScreenRow,
} from './store/screens'
import { newSessionId, readSessionState, type ResponseRow, type SessionRow } from './store/sessions'
import type { User } from './store/users'

// Hiring screens: a signed-in user's screens and invites, and a candidate's single-use start.

export type ScreenInput = {
  name: string
  areas?: string[] | undefined
  topics?: string[] | undefined
  targetLevel: LevelId
  length: number
  timeLimitMinutes: number
  form: 'adaptive' | 'fixed'
  showResult: boolean
}

/** The bank as now seeded: a re-seed by another process must not leave this one on its old copy. */
export async function currentCatalog(deps: Deps): Promise<Catalog> {
  return deps.catalog.fresh(deps.db, await readBankHash(deps.db))
}

export async function createScreen(deps: Deps, user: User, input: ScreenInput): Promise<ScreenRow> {
  const catalog = await currentCatalog(deps)
  // The same scope rules as any session: checked now, so a bad screen is refused before invites go out.
  const { areas, topics } = scope(catalog, input)
  return insertScreen(deps.db, {
    id: newSessionId(), userId: user.id, name: input.name, areas, topics, targetLevel: input.targetLevel,
    length: input.length, timeLimitSeconds: input.timeLimitMinutes * 60, form: input.form, showResult: input.showResult, createdAt: deps.now(),
  })
}

export const myScreens = (deps: Deps, user: User) => listScreens(deps.db, user.id)

/** A screen of this user, or 404: another user's screen does not exist as far as they can tell. */
export async function myScreen(deps: Deps, user: User, screenId: string): Promise<ScreenRow> {
  const screen = await findScreen(deps.db, user.id, screenId)
  if (!screen) throw notFound('screen')
  return screen
}

export type InviteInput = { candidateName?: string | undefined; candidateEmail?: string | undefined }

export async function addInvites(deps: Deps, user: User, screenId: string, candidates: InviteInput[], expiresInDays?: number): Promise<InviteRow[]> {
  const screen = await myScreen(deps, user, screenId)
  const now = deps.now()
  return createInvites(deps.db, candidates.map((c) => ({
    id: newSessionId(), screenId: screen.id, candidateName: c.candidateName ?? null, candidateEmail: c.candidateEmail ?? null,
    status: 'open' as const, sessionId: null, createdAt: now, expiresAt: expiresInDays ? now + expiresInDays * 86_400_000 : null,
  })))
}

export type InviteState = 'open' | 'expired' | 'in-progress' | 'finished'

function inviteState(invite: InviteRow, session: SessionRow | null | undefined, now: number): InviteState {
  if (invite.status === 'open') return invite.expiresAt !== null && now > invite.expiresAt ? 'expired' : 'open'
  return session?.status === 'finished' || (session?.deadline != null && now > session.deadline) ? 'finished' : 'in-progress'
}

/** What a candidate sees on opening an invite link: the rules, or why it can no longer be used. */
export async function openInvite(deps: Deps, inviteId: string) {
  const found = await findInvite(deps.db, inviteId)
  if (!found) throw notFound('invite')
  const catalog = await deps.catalog.fresh(deps.db, found.bankHash)
  return { ...found, catalog, state: inviteState(found.invite, found.session, deps.now()) }
}

/**
 * Starts the candidate's session, once. A second start, at once or later, resumes the session the
 * first one created; a finished or expired invite says so.
 */
export async function startFromInvite(deps: Deps, inviteId: string): Promise<string> {
  const { invite, screen, state, catalog } = await openInvite(deps, inviteId)
  if (state === 'expired') throw new AppError(410, 'invite-expired', 'this invite has expired; ask the hiring team for a new one')
  if (invite.sessionId) return invite.sessionId
  const session = draftSession(catalog, {
    mode: 'screen', form: screen.form, topics: screen.topics, length: screen.length, targetLevel: screen.targetLevel, timeLimitSeconds: screen.timeLimitSeconds,
  }, deps.now())
  if (await startInvite(deps.db, invite.id, session)) return session.id
  const again = await findInvite(deps.db, invite.id)
  if (again?.invite.sessionId) return again.invite.sessionId
  throw new AppError(409, 'invite-conflict', 'this invite could not be started; try again')
}

/**
 * One switch away can fire more than one report (a window and a tab both hiding, a flaky
 * connection's retry), and a page must not inflate the count by sending in a loop: within this gap
 * of the last counted one, a report counts for nothing.
 */
export const focusLossGapMs = 2000

export async function noteFocusLoss(deps: Deps, sessionId: string): Promise<void> {
  // Not counted is the answer for any session but a running screen's; only a session that is not
  // there at all is an error, and only then is it looked for.
  if (!(await recordFocusLoss(deps.db, sessionId, deps.now(), focusLossGapMs)) && !(await readSessionState(deps.db, sessionId))) {
    throw notFound('session')
  }
}

/**
 * What a taker may see of their own result. A candidate of a screen sees nothing unless the screen
 * allows it, and then only the level, its probabilities and the verdict: the review's keys and
 * explanations would pass to the next candidate of the same screen, and so would anything measured
 * answer by answer (the estimate after each answer rises exactly when it was right; a topic or
 * phase asked once tells its one answer). The hiring team's report keeps everything.
 */
export async function ownResult(deps: Deps, result: Result): Promise<Result | undefined> {
  if (result.mode !== 'screen') return result
  const showResult = (await findScreenOfSession(deps.db, result.id))?.screen.showResult ?? false
  return showResult ? { ...result, correct: null, path: [], areas: [], topics: [], phases: [], nextPhase: null, review: [] } : undefined
}

/**
 * What the results table and the CSV show of a finished candidate: resultOf's figures of the same
 * names, less the estimate path, phases and review, which cost the most (the path alone measures
 * once per answer), so a screen with many candidates stays quick to list.
 */
export function summaryOf(session: SessionRow, responses: ResponseRow[], catalog: Catalog) {
  const answered = answeredOf(responses, catalog)
  const prior = priorFor(session.experienceYears, catalog.levels)
  const overall = measure(answered, prior, catalog.levels)
  return {
    finishedAt: session.finishedAt,
    answered: answered.length,
    level: estimatedLevel(overall, answered.length, catalog),
    areas: areaResults(session, answered, prior, catalog),
    screen: session.targetLevel ? verdict(session, overall, catalog, answered.length) : null,
    timeUsedMs: (session.finishedAt ?? session.createdAt) - session.createdAt,
  }
}
export type Summary = ReturnType<typeof summaryOf>

export type CandidateRow<R = Summary> = {
  invite: InviteRow
  state: InviteState
  session: SessionRow | null
  result: R | null
}
type Scoring<R> = (session: SessionRow, responses: ResponseRow[], catalog: Catalog) => R

async function scoredCandidates<R>(deps: Deps, user: User, screenId: string, score: Scoring<R>, inviteId?: string) {
  const screen = await myScreen(deps, user, screenId)
  const { rows, responses, bankHash } = await readScreenResults(deps.db, screen.id, inviteId)
  const catalog = await deps.catalog.fresh(deps.db, bankHash)
  const bySession = new Map<string, ResponseRow[]>()
  for (const r of responses) {
    const list = bySession.get(r.sessionId)
    if (list) list.push(r)
    else bySession.set(r.sessionId, [r])
  }
  const now = deps.now()
  const candidates = rows.map(({ invite, session }): CandidateRow<R> => {
    const state = inviteState(invite, session, now)
    // A session past its deadline that nobody has opened since is finished all the same.
    const result = session && state === 'finished'
      ? score({ ...session, status: 'finished', finishedAt: session.finishedAt ?? session.deadline, stopReason: session.stopReason ?? 'deadline' }, bySession.get(session.id) ?? [], catalog)
      : null
    return { invite, state, session, result }
  })
  return { screen, candidates, catalog }
}

/** The results table: every candidate with a summary of their result. */
export const screenResults = (deps: Deps, user: User, screenId: string) => scoredCandidates(deps, user, screenId, summaryOf)

/** Every candidate with their full result, review included, as the JSON API has always given it. */
export const screenResultsInFull = (deps: Deps, user: User, screenId: string) => scoredCandidates(deps, user, screenId, resultOf)

/** One candidate's full result, for their report; only this candidate's answers are read. */
export async function candidateReport(deps: Deps, user: User, screenId: string, inviteId: string) {
  const { screen, candidates: [candidate] } = await scoredCandidates(deps, user, screenId, resultOf, inviteId)
  if (!candidate) throw notFound('candidate')
  return { screen, candidate }
}

/**
 * Text is quoted, and text a spreadsheet would run as a formula gets a leading apostrophe; numbers
 * stay bare, so a margin of -0.53 is still a number to sort and sum.
 */
const csvCell = (v: string | number | null | undefined) => {
  if (typeof v === 'number') return String(v)
  const s = v ?? ''
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
}
const rounded = (x: number, digits: number) => Number(x.toFixed(digits))

export function resultsCsv(screen: ScreenRow, candidates: CandidateRow[], catalog: Catalog): string {
  const areaIds = screen.areas
  const header = ['candidate', 'email', 'status', 'started', 'finished', 'level', 'level probability', 'pass', 'margin',
    ...areaIds.map((a) => `${a} level`), 'time used (s)', 'focus losses', 'invite']
  const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : '')
  const lines = candidates.map(({ invite, state, session, result }) => [
    invite.candidateName, invite.candidateEmail, state, iso(session?.createdAt), iso(result ? result.finishedAt : null),
    // No answers, no estimate: the prior is not a level.
    result?.level?.name, result?.level ? rounded(result.level.probability, 3) : '', result?.screen ? (result.screen.pass ? 'pass' : 'fail') : '',
    result?.screen?.margin !== undefined && result?.screen?.margin !== null ? rounded(result.screen.margin, 2) : '',
    ...areaIds.map((a) => { const area = result?.areas.find((x) => x.id === a); return area?.level?.name ?? '' }),
    result ? Math.round(result.timeUsedMs / 1000) : '', session?.focusLosses ?? '', invite.id,
  ])
  return [header, ...lines].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
