// Keyboard answering: number keys pick an option, Enter answers or goes on. Pages work without this.
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return
  const target = event.target
  const typing = target instanceof HTMLElement && target.matches('input[type=number], input[type=text], textarea, select')
  if (typing) return
  const card = document.getElementById('card')
  if (!card) return
  if (/^[1-9]$/.test(event.key)) {
    const input = card.querySelector(`input[data-key="${event.key}"]`)
    if (input) {
      event.preventDefault()
      input.checked = input.type === 'checkbox' ? !input.checked : true
      input.focus()
    }
  } else if (event.key === 'Enter') {
    const form = card.querySelector('form')
    const next = card.querySelector('a.primary')
    if (form) {
      event.preventDefault()
      form.requestSubmit()
    } else if (next && target === document.body) {
      event.preventDefault()
      next.click()
    }
  }
})

// After htmx swaps a new card in, move focus to it so keyboard and screen-reader users follow along.
document.addEventListener('htmx:after:swap', () => {
  const card = document.getElementById('card')
  const focusable = card && card.querySelector('a.primary, input, select')
  if (focusable) focusable.focus()
})

// The countdown of a timed screen. The deadline is the server's; the page only shows it, corrected
// for the difference between the two clocks. Screen readers hear it at a few thresholds only.
const thresholds = [[300, '5 minutes left'], [60, '1 minute left'], [30, '30 seconds left']]
let timerLoop
function startTimer() {
  clearInterval(timerLoop)
  const timer = document.querySelector('[role=timer][data-deadline]')
  if (!timer) return
  const deadline = Number(timer.dataset.deadline)
  const offset = Number(timer.dataset.now) - Date.now()
  const announce = document.querySelector('[data-timer-announce]')
  let announced = Infinity
  const tick = () => {
    const left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000))
    timer.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`
    for (const [at, text] of thresholds) {
      if (left <= at && announced > at) { announced = at; if (announce) announce.textContent = text }
    }
    if (left === 0) { clearInterval(timerLoop); location.reload() }
  }
  tick()
  timerLoop = setInterval(tick, 1000)
}
document.addEventListener("DOMContentLoaded", startTimer)
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
