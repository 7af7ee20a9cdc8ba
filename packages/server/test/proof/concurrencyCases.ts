import type { SubmitResultsPayload } from "@ze/domain"
import { seededRandom } from "@ze/domain"
import { expect, it } from "vitest"
import { unique } from "../contract/fixtures.js"
import type { Target } from "../contract/Target.js"
import { openDigest, rollupDifferences } from "./Digest.js"
import { proofKeys, send } from "./Proof.js"

const clients = 16
/** Submissions per client (`ZE_PROOF_SUBMISSIONS`), 16 × 200 as the issue asks. */
const perClient = Number(process.env.ZE_PROOF_SUBMISSIONS ?? 200)
const seed = Number(process.env.ZE_PROOF_SEED ?? 14)
const sharedIds = 20

/** A small stable hash: the shape of a run (how many evaluations, artifacts, telemetry) is a function of its id. */
const hashOf = (text: string) => {
  let hash = 2166136261
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0
  return hash
}

const shapeOf = (runId: string) => {
  const hash = hashOf(runId)
  return { evaluations: hash % 4, telemetry: hash % 3 !== 0, artifacts: (hash >>> 4) % 3 }
}

const statuses = ["passed", "failed", "agent_error", "infra_error", "timeout", "completed", "running"] as const

/** Everything but the shape is drawn anew on each submission: re-submits move runs between cells, days and batches. */
const makeRun = (random: () => number, runId: string, batches: ReadonlyArray<string>): SubmitResultsPayload => {
  const pick = <A>(values: ReadonlyArray<A>) => values[Math.floor(random() * values.length)]!
  const shape = shapeOf(runId)
  const status = pick(statuses)
  const scored = random() < 0.8
  return {
    runId,
    batchId: random() < 0.9 ? pick(batches) : null,
    suite: pick(["conc-a", "conc-b"]),
    scenario: pick(["s1", "s2", "s3"]),
    tier: pick(["L0", "L1"]),
    agent: pick(["echo", "oracle"]),
    model: pick([null, "m-1", "m-2"]),
    status,
    isSuccessful: status === "passed",
    startedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(random() * 5), 9)).toISOString(),
    weightedScore: scored ? Math.round(random() * 1000) / 100 : null,
    totalScore: scored ? Math.round(random() * 100) / 100 : null,
    evaluations: Array.from({ length: shape.evaluations }, (_, e) => ({
      evaluatorName: `evaluator-${e}`,
      score: Math.round(random() * 10) / 10,
      maxScore: 1,
      status: pick(["ok", "ok", "skipped", "error"] as const)
    })),
    ...(shape.telemetry
      ? {
        telemetry: {
          durationMs: Math.round(random() * 10_000),
          costUsd: random() < 0.7 ? Math.round(random() * 10_000) / 10_000 : null,
          tokensIn: Math.floor(random() * 1000)
        }
      }
      : {}),
    artifacts: Array.from(
      { length: shape.artifacts },
      (_, a) => ({
        name: `log-${a}.txt`,
        contentType: "text/plain",
        content: `run ${runId} ${a}`
      })
    )
  }
}

type Sent =
  | {
    readonly kind: "run"
    readonly runId: string
    readonly batchId: string | null
    readonly status: number
    readonly created: boolean | undefined
  }
  | { readonly kind: "batch"; readonly batchId: string; readonly status: number }

/** One client: its own new runs, re-submits and exact duplicates of them, runs every client races on, batch upserts. */
const client = async (target: Target, index: number, prefix: string, batches: ReadonlyArray<string>) => {
  const random = seededRandom(seed * 1000 + index)
  const own: Array<string> = []
  const sent: Array<Sent> = []
  let previous: string | undefined
  const submit = async (body: string) => {
    const answer = await send(target, "/api/results", { body })
    const payload = JSON.parse(body) as SubmitResultsPayload
    const created = (answer.body as { created?: boolean }).created
    sent.push({ kind: "run", runId: payload.runId, batchId: payload.batchId ?? null, status: answer.status, created })
    previous = body
  }
  for (let k = 0; k < perClient; k++) {
    const roll = random()
    if (roll < 0.55 || own.length === 0) {
      const runId = `${prefix}-c${index}-${k}`
      own.push(runId)
      await submit(JSON.stringify(makeRun(random, runId, batches)))
    } else if (roll < 0.7) {
      await submit(JSON.stringify(makeRun(random, own[Math.floor(random() * own.length)]!, batches)))
    } else if (roll < 0.8 && previous !== undefined) {
      await submit(previous)
    } else if (roll < 0.93) {
      await submit(JSON.stringify(makeRun(random, `${prefix}-shared-${Math.floor(random() * sharedIds)}`, batches)))
    } else {
      const batchId = batches[Math.floor(random() * batches.length)]!
      const body = {
        batchId,
        createdAt: Date.UTC(2026, 10, 1),
        ...(random() < 0.5 ? { completedAt: Date.UTC(2026, 10, 2) } : {}),
        ...(random() < 0.3 ? { metadata: { client: index, k } } : {})
      }
      const answer = await send(target, "/api/results/batch", { body: JSON.stringify(body) })
      sent.push({ kind: "batch", batchId, status: answer.status })
    }
  }
  return sent
}

type RunRow = {
  run_id: string
  batchId: string | null
  is_successful: number
  weighted_score: number | null
  total_score: number | null
  cost_usd: number | null
  judge_cost_usd: number | null
  has_telemetry: number
}

const mean = (values: ReadonlyArray<number>) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length

/** 16 clients at once: every row counted exactly, no 5xx, batch aggregates and stats rollups equal a recount. */
export const concurrencyCases = (target: () => Target) => {
  it(`${clients} clients × ${perClient} submissions with duplicates and re-submits (seed ${seed})`, async () => {
    console.log(`concurrency proof: ${clients} clients × ${perClient} submissions, ZE_PROOF_SEED=${seed}`)
    const db = openDigest(target().databaseFile!)
    try {
      const prefix = unique("conc")
      const batches = Array.from({ length: 4 }, (_, i) => `${prefix}-batch-${i}`)
      const before = (await db.digest()).counts
      const sent = (await Promise.all(Array.from({ length: clients }, (_, i) => client(target(), i, prefix, batches))))
        .flat()
      expect(sent.filter((s) => s.status !== 201), "every submission is stored").toEqual([])
      const runs = new Map<string, Array<boolean | undefined>>()
      for (const s of sent) if (s.kind === "run") runs.set(s.runId, [...(runs.get(s.runId) ?? []), s.created])
      for (const [runId, created] of runs) {
        expect(created.filter((c) => c === true), `${runId} is created by exactly one submission`).toHaveLength(1)
      }
      const ids = [...runs.keys()]
      const shapes = ids.map(shapeOf)
      const touched = new Set(sent.flatMap((s) => (s.batchId === null ? [] : [s.batchId])))
      const after = (await db.digest()).counts
      const grown = Object.fromEntries(
        ["benchmark_runs", "evaluation_results", "run_telemetry", "run_artifacts", "batch_runs"].map((
          table
        ) => [table, after[table]! - before[table]!])
      )
      expect(grown).toEqual({
        benchmark_runs: ids.length,
        evaluation_results: shapes.reduce((sum, shape) => sum + shape.evaluations, 0),
        run_telemetry: shapes.filter((shape) => shape.telemetry).length,
        run_artifacts: shapes.reduce((sum, shape) => sum + shape.artifacts, 0),
        batch_runs: touched.size
      })
      expect(await rollupDifferences(db.rows), "stats rollups equal a recount of the runs").toEqual([])
      const rows = (await db.rows(`SELECT r.run_id, r.batchId, r.is_successful, r.weighted_score, r.total_score,
          t.cost_usd, t.judge_cost_usd, t.run_id IS NOT NULL AS has_telemetry
        FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
        WHERE r.run_id LIKE '${prefix}-%'`)) as ReadonlyArray<RunRow>
      expect(rows).toHaveLength(ids.length)
      for (const batchId of batches) {
        const mine = rows.filter((row) => row.batchId === batchId)
        const answer = await send(target(), `/api/batches/${batchId}`, { key: proofKeys.read })
        if (!touched.has(batchId)) {
          expect(answer.status).toBe(404)
          continue
        }
        const batch = answer.body as Record<string, unknown>
        const priced = mine.filter((row) => row.cost_usd !== null)
        expect(batch).toMatchObject({
          totalRuns: mine.length,
          successfulRuns: mine.filter((row) => row.is_successful === 1).length,
          unpricedRuns: mine.length - priced.length
        })
        const close = (actual: unknown, expected: number | null) =>
          expected === null ? expect(actual).toBeNull() : expect(actual as number).toBeCloseTo(expected, 9)
        close(batch.avgWeightedScore, mean(mine.flatMap((row) => row.weighted_score ?? [])))
        close(batch.avgScore, mean(mine.flatMap((row) => row.total_score ?? [])))
        close(
          batch.totalCostUsd,
          priced.length === 0 ? null : priced.reduce((sum, row) => sum + row.cost_usd! + (row.judge_cost_usd ?? 0), 0)
        )
        expect((batch.runs as ReadonlyArray<unknown>).length).toBe(mine.length)
      }
    } finally {
      await db.close()
    }
  }, 300_000)

  it(`${clients} clients upsert the same new batches at once: each batch is created by exactly one`, async () => {
    const batchIds = Array.from({ length: 10 }, () => unique("race-batch"))
    const answers = await Promise.all(
      Array.from({ length: clients }, (_, i) =>
        Promise.all(batchIds.map(async (batchId) => {
          const body = JSON.stringify({ batchId, createdAt: Date.UTC(2026, 10, 1), metadata: { client: i } })
          const answer = await send(target(), "/api/results/batch", { body })
          return { batchId, status: answer.status, created: (answer.body as { created?: boolean }).created }
        })))
    )
    const all = answers.flat()
    expect(all.filter((a) => a.status !== 201)).toEqual([])
    for (const batchId of batchIds) {
      expect(all.filter((a) => a.batchId === batchId && a.created === true), batchId).toHaveLength(1)
    }
  }, 120_000)
}
