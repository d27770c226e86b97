import type { Result } from '../sessions'

// Server-rendered SVG of the estimate: no script, colours from the stylesheet's classes. Each chart
// is drawn twice, for a wide box and for a phone's narrow one, and the stylesheet shows the one that
// fits: a drawing scales its text with its width, so one size for both left labels unreadable on a
// phone.

const range: [number, number] = [-4, 4]
const clamp = (x: number) => Math.min(range[1], Math.max(range[0], x))

type Band = { id: string; name: string; lower: number; upper: number }
function bands(levels: Result['levels']): Band[] {
  return levels.map((l, i) => ({ id: l.id, name: l.name, lower: i === 0 ? range[0] : levels[i - 1]!.upTo ?? range[0], upper: l.upTo ?? range[1] }))
}

type Size = 'wide' | 'narrow'
const sizes: Size[] = ['wide', 'narrow']

/** Theta with its 95% interval over the four level bands. */
export function EstimateScale({ r }: { r: Result }) {
  return <>{sizes.map((size) => <Scale r={r} size={size} />)}</>
}

function Scale({ r, size }: { r: Result; size: Size }) {
  const width = size === 'wide' ? 640 : 320, left = 6, right = 6, height = 92
  const x = (t: number) => left + ((clamp(t) - range[0]) / (range[1] - range[0])) * (width - left - right)
  const lo = r.theta - 1.96 * r.se, hi = r.theta + 1.96 * r.se
  const title = `scale-title-${size}`
  return (
    <svg class={`estimate ${size}`} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={title}>
      <title id={title}>{`Ability estimate ${r.theta.toFixed(2)} with 95% interval ${lo.toFixed(2)} to ${hi.toFixed(2)}, over the level bands`}</title>
      {bands(r.levels).map((b) => (
        <g>
          <rect class={`band band-${b.id}`} x={x(b.lower)} y={10} width={x(b.upper) - x(b.lower)} height={44} />
          <text class="band-label" x={(x(b.lower) + x(b.upper)) / 2} y={72} text-anchor="middle">{b.name}</text>
        </g>
      ))}
      <rect class="interval" x={x(lo)} y={26} width={Math.max(2, x(hi) - x(lo))} height={12} rx={6} />
      <line class="theta" x1={x(r.theta)} x2={x(r.theta)} y1={6} y2={58} />
      <text class="axis" x={left} y={88}>lower ability</text>
      <text class="axis" x={width - right} y={88} text-anchor="end">higher ability</text>
    </svg>
  )
}

/** How the estimate moved, answer by answer, with its 95% band. */
export function EstimatePath({ r }: { r: Result }) {
  if (r.path.length < 2) return null
  return <>{sizes.map((size) => <Path r={r} size={size} />)}</>
}

function Path({ r, size }: { r: Result; size: Size }) {
  const [width, height] = size === 'wide' ? [640, 220] : [320, 240]
  const left = 70, right = 10, top = 10, bottom = 30
  const n = r.path.length
  const x = (i: number) => left + (i / (n - 1)) * (width - left - right)
  const y = (t: number) => top + ((range[1] - clamp(t)) / (range[1] - range[0])) * (height - top - bottom)
  const upper = r.path.map((p, i) => `${x(i)},${y(p.theta + 1.96 * p.se)}`)
  const lower = r.path.map((p, i) => `${x(i)},${y(p.theta - 1.96 * p.se)}`).reverse()
  // Dots no wider than their spacing, so that a long run on a phone stays a line of dots.
  const dot = Math.min(3.5, (width - left - right) / (n - 1) / 2.5)
  const title = `path-title-${size}`
  return (
    <svg class={`estimate ${size}`} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={title}>
      <title id={title}>{`Ability estimate after each of ${n} answers, ending at ${r.theta.toFixed(2)}`}</title>
      {bands(r.levels).map((b) => (
        <g>
          <rect class={`band band-${b.id}`} x={left} y={y(b.upper)} width={width - left - right} height={y(b.lower) - y(b.upper)} />
          <text class="band-label" x={left - 6} y={(y(b.lower) + y(b.upper)) / 2 + 4} text-anchor="end">{b.name}</text>
        </g>
      ))}
      <polygon class="interval" points={[...upper, ...lower].join(' ')} />
      <polyline class="path" points={r.path.map((p, i) => `${x(i)},${y(p.theta)}`).join(' ')} />
      {r.path.map((p, i) => <circle class={r.review[i]?.correct ? 'dot right' : 'dot wrong'} cx={x(i)} cy={y(p.theta)} r={dot} />)}
      <text class="axis" x={left} y={height - 8}>answer 1</text>
      <text class="axis" x={width - right} y={height - 8} text-anchor="end">{`answer ${n}`}</text>
    </svg>
  )
}
