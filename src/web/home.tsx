import type { Catalog } from '../store/catalog'

export function Home({ catalog }: { catalog: Catalog }) {
  return (
    <>
      <section class="intro">
        <h1>Where do you stand as a backend engineer?</h1>
        <p>
          Answer questions picked for your level, one at a time. Levelset estimates your career level
          (Junior, Mid-level, Senior or Principal), says how sure it is, and names the learning phase to work on next.
        </p>
      </section>
      <form method="post" action="/sessions" class="card start">
        <h2>Start a quiz</h2>
        <fieldset>
          <legend>Areas</legend>
          {catalog.areas.map((a) => (
            <label class="area">
              <input type="checkbox" name="areas" value={a.id} />
              <span>
                <strong>{a.name}</strong> <small>({a.topics.reduce((n, t) => n + t.questionCount, 0)} questions)</small>
                <br />
                <small class="topics">{a.topics.map((t) => `${t.name} (${t.questionCount})`).join(' · ')}</small>
              </span>
            </label>
          ))}
          <p class="hint">Leave all unticked to be asked across every area.</p>
        </fieldset>
        <fieldset>
          <legend>Mode</legend>
          <label><input type="radio" name="mode" value="practice" checked /> Practice: feedback and explanation after each answer</label>
          <label><input type="radio" name="mode" value="assessment" /> Assessment: adaptive, no feedback until the end</label>
          <label><input type="radio" name="mode" value="screen-practice" /> Screen practice: timed like a hiring screen, no going back, pass or fail against a target level</label>
        </fieldset>
        <fieldset class="screen-options">
          <legend>Screen practice</legend>
          <div class="row">
            <label>
              Target level
              <select name="targetLevel">
                {catalog.levels.map((l) => <option value={l.id} selected={l.id === 'mid'}>{`${l.name} backend (${l.experience})`}</option>)}
              </select>
            </label>
            <label class="check"><input type="checkbox" name="untimed" value="1" /> Untimed run (no time limit)</label>
          </div>
          <p class="hint">A timed run allows 90 seconds a question; the clock is the server's and keeps running if you close the tab.</p>
        </fieldset>
        <div class="row">
          <label>
            Questions
            <select name="length">
              <option value="" selected>Recommended (practice 20, measured up to 40)</option>
              {[10, 15, 20, 30, 40].map((n) => <option value={String(n)}>{n}</option>)}
            </select>
          </label>
          <label>
            Years of experience (optional)
            <input type="number" name="experienceYears" min="0" max="60" step="0.5" inputmode="decimal" />
          </label>
        </div>
        <button type="submit" class="primary">Start</button>
      </form>
    </>
  )
}
