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
