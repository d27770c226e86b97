import type { Catalog } from '../store/catalog'
import type { InviteRow, ScreenRow } from '../store/screens'
import type { CandidateRow } from '../screens'
import { minutesAndSeconds } from './result'

const pct = (p: number) => `${Math.round(p * 100)}%`
const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '–')
const levelName = (catalog: Catalog, id: string) => catalog.levels.find((l) => l.id === id)?.name ?? id

export function ScreensPage({ screens, catalog }: { screens: ScreenRow[]; catalog: Catalog }) {
  return (
    <>
      <section class="card">
        <h1>Your screens</h1>
        {screens.length ? (
          <ul>{screens.map((s) => <li><a href={`/screens/${s.id}`}>{s.name}</a> <small>({levelName(catalog, s.targetLevel)}, {s.length} questions, {Math.round(s.timeLimitSeconds / 60)} min)</small></li>)}</ul>
        ) : <p>No screens yet.</p>}
        <p><a href="/account">Account and API tokens</a></p>
      </section>
      <form method="post" action="/screens" class="card">
        <h2>New screen</h2>
        <label>Name <input type="text" name="name" required maxlength={120} placeholder="Mid-level backend, Q1" /></label>
        <fieldset>
          <legend>Areas</legend>
          {catalog.areas.map((a) => <label><input type="checkbox" name="areas" value={a.id} /> {a.name}</label>)}
          <p class="hint">None ticked: every area.</p>
        </fieldset>
        <div class="row">
          <label>Target level
            <select name="targetLevel">{catalog.levels.map((l) => <option value={l.id} selected={l.id === 'mid'}>{l.name}</option>)}</select>
          </label>
          <label>Questions <input type="number" name="length" min="5" max="60" value="20" required /></label>
          <label>Time limit (minutes) <input type="number" name="timeLimitMinutes" min="1" max="240" value="30" required /></label>
        </div>
        <label><input type="radio" name="form" value="adaptive" checked /> Adaptive (fewer questions for the same precision)</label>
        <label><input type="radio" name="form" value="fixed" /> Fixed random form</label>
        <label class="check"><input type="checkbox" name="showResult" value="1" /> Show candidates their own result</label>
        <button type="submit" class="primary">Create screen</button>
      </form>
    </>
  )
}

function stateName(c: CandidateRow) {
  return { open: 'invited', expired: 'expired', 'in-progress': 'in progress', finished: 'finished' }[c.state]
}

/** What the invite form held when it was refused, and why. */
export type InviteDraft = { error: string; candidates: string; count: string; expiresInDays: string }

/**
 * The links not yet used, each whole in a box of its own above the wide candidates table, where
 * the team copies them from; `created`, how many the last invite form made, says that it worked.
 */
function InviteLinks({ candidates, origin, created }: { candidates: CandidateRow[]; origin: string; created?: number | undefined }) {
  const open = candidates.filter((c) => c.state === 'open')
  if (!open.length && !created) return null
  return (
    <section class="card" id="invite-links">
      <h2>Invite links</h2>
      {created ? <p class="created" role="status">{created === 1 ? '1 invite link created.' : `${created} invite links created.`}</p> : null}
      <p class="hint">Send each candidate their own link; a link works for one candidate, once.</p>
      <ul class="invite-links">
        {open.map((c) => (
          <li>
            <span>{candidateName(c.invite)}{c.invite.expiresAt ? <small> (expires {when(c.invite.expiresAt)})</small> : null}</span>
            <input type="text" readonly value={`${origin}/invite/${c.invite.id}`} aria-label={`invite link for ${candidateName(c.invite)}`} />
          </li>
        ))}
      </ul>
    </section>
  )
}

export function ScreenPage({ screen, candidates, catalog, origin, invite, created }: { screen: ScreenRow; candidates: CandidateRow[]; catalog: Catalog; origin: string; invite?: InviteDraft | undefined; created?: number | undefined }) {
  return (
    <>
      <section class="card">
        <p class="eyebrow">Screen</p>
        <h1>{screen.name}</h1>
        <p>Target: {levelName(catalog, screen.targetLevel)} · {screen.length} questions · {Math.round(screen.timeLimitSeconds / 60)} minutes · {screen.form} · candidates {screen.showResult ? 'see' : 'do not see'} their result.</p>
        <form method="post" action={`/screens/${screen.id}/invites`}>
          <h2>Invite candidates</h2>
          {invite ? <p class="form-error" role="alert">{invite.error}</p> : null}
          <label>One candidate a line, as <code>Name &lt;email&gt;</code>, a name, or an e-mail
            <textarea name="candidates" rows={4} maxlength={20000}>{invite?.candidates ?? ''}</textarea>
          </label>
          <div class="row">
            <label>Or this many anonymous links <input type="number" name="count" min="0" max="200" value={invite?.count || '0'} /></label>
            <label>Links expire after (days, optional) <input type="number" name="expiresInDays" min="1" max="365" value={invite?.expiresInDays ?? ''} /></label>
          </div>
          <button type="submit" class="primary">Create invite links</button>
        </form>
      </section>
      <InviteLinks candidates={candidates} origin={origin} created={created} />
      <section class="card">
        <h2>Candidates</h2>
        <p><a href={`/screens/${screen.id}/results.csv`} download>Download CSV</a></p>
        {/* Focusable, so that a keyboard can scroll it sideways when it is wider than the screen. */}
        <div class="table-scroll" tabindex={0} role="region" aria-label="Candidates table">
          <table class="candidates">
            <thead><tr><th>Candidate</th><th>Status</th><th>Started</th><th>Finished</th><th>Level</th><th>Pass</th><th>By area</th><th>Time used</th><th>Focus losses</th></tr></thead>
            <tbody>
              {candidates.map((c) => (
                <tr>
                  <td>{c.result ? <a href={`/screens/${screen.id}/candidates/${c.invite.id}`}>{candidateName(c.invite)}</a> : candidateName(c.invite)}</td>
                  <td>{stateName(c)}</td>
                  <td>{when(c.session?.createdAt)}</td>
                  <td>{when(c.result?.finishedAt)}</td>
                  <td>{c.result?.level ? `${c.result.level.name} (${pct(c.result.level.probability)})` : '–'}</td>
                  <td>{c.result?.screen ? (c.result.screen.pass ? 'pass' : 'fail') : '–'}</td>
                  <td>{c.result ? c.result.areas.flatMap((a) => (a.level ? [`${a.name}: ${a.level.name}`] : [])).join('; ') : '–'}</td>
                  <td>{c.result ? minutesAndSeconds(c.result.timeUsedMs) : '–'}</td>
                  <td>{c.session ? c.session.focusLosses : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="hint">Focus losses count how often the candidate left the tab: information for a conversation, not a verdict.</p>
      </section>
    </>
  )
}

export const candidateName = (i: InviteRow) => [i.candidateName, i.candidateEmail && `<${i.candidateEmail}>`].filter(Boolean).join(' ') || 'anonymous'

export function InvitePage({ screen, invite, state, catalog }: { screen: ScreenRow; invite: InviteRow; state: string; catalog: Catalog }) {
  const minutes = Math.round(screen.timeLimitSeconds / 60)
  return (
    <section class="card">
      <p class="eyebrow">Screen</p>
      <h1>{screen.name}</h1>
      {state === 'expired' ? <p role="alert">This invite has expired. Ask the hiring team for a new link.</p>
        : state === 'finished' ? <p>You have completed this screen. Thank you.</p>
        : (
          <>
            <h2>Rules</h2>
            <ul>
              <li>{screen.length} questions at most, for a {levelName(catalog, screen.targetLevel)} backend role.</li>
              <li>{minutes} minutes in all, counted by our server from the moment you start; closing the tab does not stop the clock.</li>
              <li>One question at a time, no going back, no feedback until the end.</li>
              <li>The page notes when you switch tabs; the hiring team sees the count as information only.</li>
              <li>If you need more time for accessibility reasons, ask the hiring team before you start.</li>
            </ul>
            <form method="post" action={`/invite/${invite.id}/start`}>
              <button type="submit" class="primary">{state === 'in-progress' ? 'Resume' : 'Start the screen'}</button>
            </form>
          </>
        )}
    </section>
  )
}

export function ThanksPage() {
  return (
    <section class="card">
      <h1>Thank you</h1>
      <p>Your answers are submitted. The hiring team will be in touch.</p>
    </section>
  )
}
