// Prints the size of the bundled Worker in dist/worker/ (raw and gzip, static assets excluded) and
// fails if anything from Node's built-ins or the embedded libSQL driver got into it.
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const dir = new URL('../dist/worker/', import.meta.url)
const files = readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.wasm'))
let raw = 0
let gzip = 0
for (const f of files) {
  const bytes = readFileSync(new URL(f, dir))
  raw += bytes.length
  gzip += gzipSync(bytes, { level: 9 }).length
}
const meta = JSON.parse(readFileSync(new URL('bundle-meta.json', dir), 'utf8'))
const banned = Object.entries(meta.inputs).flatMap(([file, input]) => [
  ...(/node_modules\/(libsql|@libsql\/(linux|darwin|win32)[^/]*)\//.test(file) ? [file] : []),
  ...input.imports.filter((i) => i.path.startsWith('node:') || (i.external && i.path !== '<runtime>')).map((i) => `${file} -> ${i.path}`),
])
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
console.log(`worker bundle: ${kib(raw)} raw, ${kib(gzip)} gzip (${files.join(', ')}; static assets not included)`)
if (banned.length) {
  console.error(`the Worker bundle must not import Node built-ins or the embedded libSQL driver:\n  ${banned.join('\n  ')}`)
  process.exit(1)
}
