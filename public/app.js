// Keyboard answering: number keys pick an option, Enter answers or goes on. Pages work without this.
// The page says so only when this script runs: without it the keys do nothing.
document.documentElement.classList.add('has-keys')

// Where a key is the person's own typing, not a command.
const textField = 'input[type=number], input[type=text], textarea'

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return
  const target = event.target
  const card = document.getElementById('card')
  if (!card || !(target instanceof HTMLElement)) return
  if (/^[1-9]$/.test(event.key)) {
    // In a field the digit is typed; in a select it picks a position.
    if (target.matches(`${textField}, select`)) return
    const input = card.querySelector(`input[data-key="${event.key}"]`)
    if (input) {
      event.preventDefault()
      input.checked = input.type === 'checkbox' ? !input.checked : true
      input.focus()
    }
  } else if (event.key === 'Enter') {
    // Enter on a link or a button does what that link or button does, wherever it is; a text field
    // submits its form by itself. A select (an order question's positions) does not, so this does.
    if (!(target === document.body || card.contains(target)) || target.closest('a, button')) return
    if (target.matches(textField)) return
    const form = card.querySelector('form')
    const next = card.querySelector('a.primary')
    if (form && (target === document.body || form.contains(target))) {
      event.preventDefault()
      form.requestSubmit()
    } else if (next && target === document.body) {
      event.preventDefault()
      next.click()
    }
  }
})

// The top of the card in view, its verdict or question and progress, not only the control that has
// focus further down (an autofocused "Next question" scrolls a long feedback card past its verdict).
function showCardTop() {
  const card = document.getElementById('card')
  if (card && card.getBoundingClientRect().top < 0) card.scrollIntoView({ block: 'start' })
  return card
}
// After the browser's own autofocus scroll, which comes after DOMContentLoaded.
window.addEventListener('load', () => requestAnimationFrame(showCardTop))

// After htmx swaps a new card in, move focus to it so keyboard and screen-reader users follow along:
// to its first control a person can see, else to the card itself.
const visible = (el) => el.getClientRects().length > 0
document.addEventListener('htmx:after:swap', () => {
  const card = showCardTop()
  if (!card || card.contains(document.activeElement)) return
  const control = [...card.querySelectorAll('input:not([type=hidden]), select, a.primary')].find(visible)
  if (control) return control.focus({ preventScroll: true })
  card.tabIndex = -1
  card.focus({ preventScroll: true })
})

// The countdown of a timed screen. The deadline is the server's; the page only shows it, corrected
// for the difference between the two clocks. Screen readers hear it at a few thresholds only, each
// once a session: the card and its timer are replaced at every answer, and a reload starts the page
// over, but neither is news.
const thresholds = [[300, '5 minutes left'], [60, '1 minute left'], [30, '30 seconds left']]
// A threshold is announced as the clock crosses it; one passed longer ago than this (the page was
// opened or woke up after it) is noted silently, so that "5 minutes left" is never said at 1:01.
const freshSeconds = 5
let timerLoop

/** The live region, outside the swapped card so that it stays in place and screen readers keep it. */
function announcer() {
  let region = document.getElementById('timer-announce')
  if (!region) {
    region = document.createElement('div')
    region.id = 'timer-announce'
    region.className = 'visually-hidden'
    region.setAttribute('aria-live', 'polite')
    document.body.append(region)
  }
  return region
}

// Remembered per deadline (one a session) across reloads; a browser without storage forgets on reload.
const memory = new Map()
function lastAnnounced(deadline) {
  try { return Number(sessionStorage.getItem(`levelset-announced-${deadline}`) ?? Infinity) } catch { return memory.get(deadline) ?? Infinity }
}
function noteAnnounced(deadline, at) {
  memory.set(deadline, at)
  try { sessionStorage.setItem(`levelset-announced-${deadline}`, String(at)) } catch {}
}

function startTimer() {
  clearInterval(timerLoop)
  const timer = document.querySelector('[role=timer][data-deadline]')
  if (!timer) return
  const deadline = Number(timer.dataset.deadline)
  const offset = Number(timer.dataset.now) - Date.now()
  const tick = () => {
    const left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000))
    timer.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`
    const passed = thresholds.filter(([at]) => left <= at).pop()
    if (passed && passed[0] < lastAnnounced(deadline)) {
      noteAnnounced(deadline, passed[0])
      if (passed[0] - left <= freshSeconds) announcer().textContent = passed[1]
    }
    if (left === 0) { clearInterval(timerLoop); location.reload() }
  }
  tick()
  timerLoop = setInterval(tick, 1000)
}
document.addEventListener('DOMContentLoaded', startTimer)
document.addEventListener('htmx:after:swap', startTimer)

// A hiring screen notes when the candidate leaves the tab: information for the team, never a verdict.
// Leaving the page hides it too (a reload, an answer posted without htmx, the timer's reload at
// zero), but pagehide comes first then, and that is no tab switch.
let leaving = false
addEventListener('pagehide', () => { leaving = true })
addEventListener('pageshow', () => { leaving = false })
document.addEventListener('visibilitychange', () => {
  const card = document.querySelector('#card[data-mode=screen]')
  if (document.visibilityState === 'hidden' && card && !leaving) navigator.sendBeacon(`/sessions/${card.dataset.session}/focus-loss`)
})
