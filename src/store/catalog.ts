import { eq } from 'drizzle-orm'
import type { Level, Phase } from '../bank/schema'
import type { Db } from './db'
import { areas, meta, questions, topics } from './schema'

export type QuestionRow = typeof questions.$inferSelect
export type Catalog = {
  hash: string
  areas: (typeof areas.$inferSelect & { topics: (typeof topics.$inferSelect & { questionCount: number })[] })[]
  levels: Level[]
  phases: Phase[]
  /** Every version ever loaded, by `id@version`: old responses keep pointing at theirs. */
  versions: Map<string, QuestionRow>
  /** The current version of each question: the pool sessions draw from. */
  current: QuestionRow[]
}

export const versionKey = (id: string, version: number) => `${id}@${version}`

export async function readBankHash(db: Db): Promise<string | undefined> {
  const [row] = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'bank_hash'))
  return row?.value
}

/** The whole bank in one round trip; small enough (a few MB) to keep per process or isolate. */
export async function loadCatalog(db: Db): Promise<Catalog> {
  const [metaRows, areaRows, topicRows, questionRows] = await db.batch([
    db.select().from(meta),
    db.select().from(areas).orderBy(areas.position),
    db.select().from(topics).orderBy(topics.position),
    db.select().from(questions),
  ])
  const facts = new Map(metaRows.map((r) => [r.key, r.value]))
  const current = questionRows.filter((q) => q.current)
  const counts = new Map<string, number>()
  for (const q of current) counts.set(q.topicId, (counts.get(q.topicId) ?? 0) + 1)
  return {
    hash: facts.get('bank_hash') ?? '',
    areas: areaRows.map((a) => ({
      ...a,
      topics: topicRows.filter((t) => t.areaId === a.id).map((t) => ({ ...t, questionCount: counts.get(t.id) ?? 0 })),
    })),
    levels: JSON.parse(facts.get('levels') ?? '[]') as Level[],
    phases: JSON.parse(facts.get('phases') ?? '[]') as Phase[],
    versions: new Map(questionRows.map((q) => [versionKey(q.id, q.version), q])),
    current,
  }
}

/** Keeps one catalog per process (Node) or isolate (Workers) and reloads it only when the bank hash moves. */
export function catalogCache() {
  let cached: Promise<Catalog> | undefined
  let hash: string | undefined
  return {
    get(db: Db): Promise<Catalog> {
      cached ??= loadCatalog(db).then((c) => ((hash = c.hash), c)).catch((e) => { cached = undefined; throw e })
      return cached
    },
    /** Called with the hash a request's read saw: a newer bank invalidates the copy. */
    async fresh(db: Db, seenHash: string | undefined): Promise<Catalog> {
      if (cached && seenHash !== undefined && hash !== undefined && seenHash !== hash) cached = undefined
      return this.get(db)
    },
  }
}
export type CatalogCache = ReturnType<typeof catalogCache>
