// Lays out the Worker's static assets in dist/assets/ (git-ignored): public/ and htmx from its npm
// package, under /static/ as the Node entry serves them, and a _headers file that gives them the
// app's security headers, since Workers serve them before the Worker runs. wrangler.toml runs this
// before each bundle.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { securityHeaderValues } from '../src/security-headers'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}dist/assets/static`
rmSync(`${root}dist/assets`, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
cpSync(`${root}public`, out, { recursive: true })
cpSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), `${out}/htmx.min.js`)
const headers = (await securityHeaderValues()).map(([name, value]) => `  ${name}: ${value}`)
writeFileSync(`${root}dist/assets/_headers`, ['/static/*', ...headers, ''].join('\n'))
