import { BatchUpsertPayload, SubmitResultsPayload } from "@ze/domain"
import { Either, FastCheck as fc, Schema } from "effect"
import { expect, it } from "vitest"
import type { Target } from "../contract/Target.js"
import { contractSettings } from "../contract/Target.js"
import type { Digest } from "./Digest.js"
import { openDigest, rollupDifferences } from "./Digest.js"
import type { Answer } from "./Proof.js"
import { isJsonError, proofKeys, send } from "./Proof.js"

/** Cases per property, 2 properties per endpoint (`ZE_PROOF_FUZZ_RUNS`); `ZE_PROOF_SEED` to reproduce. */
const numRuns = Number(process.env.ZE_PROOF_FUZZ_RUNS ?? 1000)
const seed = Number(process.env.ZE_PROOF_SEED ?? 14)
/**
 * Every case checks that a refusal committed nothing (one statement); every so many cases the whole of every table is
 * hashed before and after as well, a second check that does not rest on SQLite's commit counter.
 */
const fullDigestEvery = 50

const hostile = fc.constantFrom(
  "'; DROP TABLE benchmark_runs; --",
  "\" OR \"1\"=\"1",
  "' OR 1=1 --",
  "%",
  "_",
  "\\",
  "\\'",
  "\u0000",
  "a\u0000b",
  "\u0007\b\f\v\u001b[31m",
  "\r\n",
  "\uFEFF",
  "\u202Eevil",
  "😀👩‍👩‍👧",
  "\uD800",
  "x\uDFFFy",
  "Ω≈ç√∫",
  "ＡＢＣ",
  "null",
  "NaN",
  "<script>alert(1)</script>",
  "${x}",
  "%00",
  "../..",
  " ",
  "",
  "x".repeat(201),
  "é".repeat(3000)
)
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  hostile,
  fc.stringMatching(/^[a-z][a-z0-9 _-]{0,15}$/)
)
const nested = (depth: number) => {
  let value: unknown = { leaf: true }
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { next: value } : [value]
  return value
}
const deep = fc.integer({ min: 20, max: 80 }).map(nested)
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, -1, 1e308, 5e-324, 10.000001, 1000.5, 2 ** 53 + 2, -(2 ** 31))
)
const wild: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: number },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constantFrom(80_000, 300_000).map((n) => "y".repeat(n)) }
)
/**
 * A change of a value somewhere in the body, to anything at all: `keys` picks a key at each level (a number modulo
 * the keys there), so it reaches nested evaluations, telemetry and artifacts too.
 */
const mutation = fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), wild)

const mutate = (body: Record<string, unknown>, [keys, value]: readonly [ReadonlyArray<number>, unknown]) => {
  let current: Record<string, unknown> = body
  for (const [level, n] of keys.entries()) {
    const names = Object.keys(current)
    if (names.length === 0) return
    const name = names[n % names.length]!
    const child = current[name]
    if (level === keys.length - 1 || typeof child !== "object" || child === null) {
      current[name] = value
      return
    }
    current[name] = Array.isArray(child) ? [...child] : { ...child }
    current = current[name] as Record<string, unknown>
  }
}

const label = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/) }, {
  weight: 1,
  arbitrary: text
})
const instant = fc.oneof(
  fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) =>
    d.toISOString()
  ),
  fc.integer({ min: 0, max: 4_000_000_000_000 })
)
const score = (max: number) => fc.double({ min: 0, max, noNaN: true })
const statuses = ["passed", "failed", "agent_error", "infra_error", "timeout", "cancelled", "completed", "running"]
const metadata = fc.dictionary(text, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 })

const evaluation = fc.record({
  evaluatorName: label,
  score: score(1),
  maxScore: fc.constantFrom(1, 10, 1000),
  details: fc.option(fc.oneof(text, metadata, fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }))),
  status: fc.constantFrom("ok", "skipped", "error"),
  weight: score(10)
}, { requiredKeys: ["evaluatorName", "score", "maxScore"] })

const count = fc.option(fc.nat(1_000_000))
const telemetry = fc.record({
  toolCalls: count,
  tokensIn: count,
  tokensOut: count,
  cacheReadTokens: count,
  costUsd: fc.option(score(100)),
  judgeCostUsd: fc.option(score(10)),
  durationMs: fc.option(fc.nat(10_000_000)),
  workspaceDir: fc.option(text),
  promptSent: fc.option(text)
}, { requiredKeys: [] })

const artifact = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}$/),
  contentType: fc.constantFrom("text/plain", "text/x-diff", "application/json"),
  content: fc.oneof(text, fc.constantFrom(1500, 5000).map((n) => "z\u00e9\n".repeat(n)))
}, { requiredKeys: ["name", "content"] })

const runIds = Array.from({ length: 60 }, (_, i) => `fz-run-${seed}-${i}`)
const runBatches = Array.from({ length: 4 }, (_, i) => `fz-run-batch-${seed}-${i}`)

const run = fc.record({
  runId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...runIds) }, { weight: 1, arbitrary: text }),
  batchId: fc.option(fc.constantFrom(...runBatches)),
  suite: label,
  scenario: label,
  tier: fc.constantFrom("L0", "L1", "L2"),
  agent: label,
  model: fc.option(text),
  status: fc.constantFrom(...statuses),
  startedAt: fc.option(instant),
  completedAt: fc.option(instant),
  totalScore: fc.option(score(10)),
  weightedScore: fc.option(score(10)),
  isSuccessful: fc.boolean(),
  successMetric: fc.option(score(1)),
  specialistEnabled: fc.boolean(),
  specialistName: fc.option(text),
  metadata: fc.option(fc.oneof({ weight: 5, arbitrary: metadata }, { weight: 1, arbitrary: deep })),
  evaluations: fc.array(evaluation, { maxLength: 4 }),
  telemetry: fc.option(telemetry),
  repeat: fc.option(fc.nat(20)),
  resolvedModel: fc.option(text),
  agentVersion: fc.option(text),
  failureReason: fc.option(text),
  artifacts: fc.array(artifact, { maxLength: 3 })
}, { requiredKeys: ["runId", "suite", "scenario", "tier", "agent", "status"] })

const batchIds = Array.from({ length: 8 }, (_, i) => `fz-batch-${seed}-${i}`)
const batch = fc.record({
  batchId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...batchIds) }, { weight: 1, arbitrary: text }),
  createdAt: fc.option(instant),
  completedAt: fc.option(instant),
  totalRuns: fc.option(fc.nat(100)),
  successfulRuns: fc.option(fc.nat(100)),
  avgScore: fc.option(score(10)),
  metadata: fc.option(metadata)
}, { requiredKeys: ["batchId"] })

/** Null most of the time, a value one time in eight. */
const rarely = <A>(value: fc.Arbitrary<A>) =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value })

/**
 * Half of the bodies are valid as generated; the others get up to three changed values, a required key dropped or
 * unknown keys added: wrong values, wrong types, missing and extra fields.
 */
const reshaped = (body: fc.Arbitrary<Record<string, unknown>>, keys: ReadonlyArray<string>) =>
  fc.tuple(
    body,
    fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })),
    rarely(fc.constantFrom(...keys)),
    rarely(fc.dictionary(fc.oneof(text, fc.constantFrom("__proto__", "constructor", "id", "run_id")), wild))
  ).map(([value, mutations, drop, extra]) => {
    const copy: Record<string, unknown> = { ...value, ...extra }
    for (const change of mutations) mutate(copy, change)
    if (drop !== null) delete copy[drop]
    return JSON.stringify(copy)
  })

/** Bodies that are not the right JSON at all: any text, truncated JSON, other JSON values, a deep nest. */
const raw = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
  fc.integer({ min: 60, max: 5000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.constantFrom("", "{", "}", "{\"runId\":", "\uFEFF{}", "[]", "null", "{\"a\":1,\"a\":2}", "{'runId':'x'}")
)

const depthOf = (value: unknown) => {
  let deepest = 0
  const pending: Array<[unknown, number]> = [[value, 1]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (typeof current !== "object" || current === null) continue
    deepest = Math.max(deepest, depth)
    for (const child of Object.values(current)) pending.push([child, depth + 1])
  }
  return deepest
}

/** What the server must answer, decided by the Schema: 413 over the size limit, 400 for what does not decode. */
const expectedStatus = <A, I>(schema: Schema.Schema<A, I>, body: string): { status: number; value?: A } => {
  if (new TextEncoder().encode(body).length > contractSettings.maxBodyBytes) return { status: 413 }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { status: 400 }
  }
  if (depthOf(parsed) > 64) return { status: 400 }
  const decoded = Schema.decodeUnknownEither(schema)(parsed)
  return Either.isRight(decoded) ? { status: 201, value: decoded.right } : { status: 400 }
}

/** -0 reads back as 0, and undefined fields are absent: compare what JSON can carry. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown

const expectRunReadsBack = async (target: Target, payload: SubmitResultsPayload) => {
  const answer = await send(target, `/api/runs/${encodeURIComponent(payload.runId)}`, { key: proofKeys.read })
  expect(answer.status).toBe(200)
  const detail = answer.body as {
    run: Record<string, unknown>
    evaluations: ReadonlyArray<Record<string, unknown>>
    telemetry: Record<string, unknown> | null
    artifacts: ReadonlyArray<Record<string, unknown>>
  }
  expect(detail.run).toMatchObject(plain({
    runId: payload.runId,
    batchId: payload.batchId ?? null,
    suite: payload.suite,
    scenario: payload.scenario,
    tier: payload.tier,
    agent: payload.agent,
    model: payload.model ?? null,
    status: payload.status,
    ...(payload.startedAt == null ? {} : { startedAt: payload.startedAt }),
    completedAt: payload.completedAt ?? null,
    totalScore: payload.totalScore ?? null,
    weightedScore: payload.weightedScore ?? null,
    isSuccessful: payload.isSuccessful ?? payload.status === "passed",
    successMetric: payload.successMetric ?? null,
    specialistEnabled: payload.specialistEnabled ?? false,
    specialistName: payload.specialistName ?? null,
    metadata: payload.metadata == null ? null : JSON.stringify(payload.metadata),
    repeat: payload.repeat ?? null,
    resolvedModel: payload.resolvedModel ?? null,
    agentVersion: payload.agentVersion ?? null,
    failureReason: payload.failureReason ?? null
  }) as object)
  expect(detail.evaluations.map((e) => [e.evaluatorName, e.score, e.maxScore, e.details, e.status, e.weight])).toEqual(
    plain((payload.evaluations ?? []).map((e) => [
      e.evaluatorName,
      e.score,
      e.maxScore,
      e.details ?? null,
      e.status ?? "ok",
      e.weight ?? null
    ]))
  )
  if (payload.telemetry == null) expect(detail.telemetry).toBeNull()
  else {
    const t = payload.telemetry
    expect(detail.telemetry).toMatchObject(plain({
      toolCalls: t.toolCalls ?? null,
      tokensIn: t.tokensIn ?? null,
      tokensOut: t.tokensOut ?? null,
      cacheReadTokens: t.cacheReadTokens ?? null,
      costUsd: t.costUsd ?? null,
      judgeCostUsd: t.judgeCostUsd ?? null,
      durationMs: t.durationMs ?? null,
      workspaceDir: t.workspaceDir ?? null,
      promptSent: t.promptSent ?? null
    }) as object)
  }
  const artifacts = new Map((payload.artifacts ?? []).map((a) => [a.name, a]))
  expect(detail.artifacts.map((a) => a.name).sort()).toEqual([...artifacts.keys()].sort())
  for (const stored of detail.artifacts) {
    const sent = artifacts.get(stored.name as string)!
    const size = new TextEncoder().encode(sent.content).length
    expect(stored).toMatchObject({ contentType: sent.contentType, sizeBytes: size })
    expect(stored.truncated).toBe(size > contractSettings.maxArtifactBytes)
    if (size <= contractSettings.maxArtifactBytes) {
      const path = `/api/runs/${encodeURIComponent(payload.runId)}/artifacts/${stored.name}`
      expect((await send(target, path, { key: proofKeys.read })).body).toBe(sent.content)
    }
  }
}

type StoredBatch = { createdAt: number | undefined; completedAt: number | null; metadata: string | null }

/** Every answer is a 2xx or a JSON 4xx; a refusal leaves every table as it was; what is accepted reads back equal. */
export const fuzzCases = (target: () => Target) => {
  const property = <A, I>(
    name: string,
    bodies: fc.Arbitrary<string>,
    path: string,
    schema: Schema.Schema<A, I>,
    accepted: (value: A, answer: Answer) => Promise<void>
  ) =>
    it(`${name}: ${numRuns} cases (seed ${seed})`, async () => {
      console.log(`fuzz proof ${path} ${name}: ${numRuns} cases, ZE_PROOF_SEED=${seed} ZE_PROOF_FUZZ_RUNS=${numRuns}`)
      const db = openDigest(target().databaseFile!)
      const outcomes: Record<number, number> = {}
      let cases = 0
      try {
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            const sampled = cases++ % fullDigestEvery === 0
            const before: Digest | undefined = sampled ? await db.digest() : undefined
            const commits = await db.commits()
            const answer = await send(target(), path, { body })
            outcomes[answer.status] = (outcomes[answer.status] ?? 0) + 1
            const expected = expectedStatus(schema, body)
            expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(expected.status)
            const now = await db.commits()
            if (answer.status >= 400) {
              expect(isJsonError(answer)).toBe(true)
              expect(now, "a refused request commits nothing").toBe(commits)
              if (before !== undefined) expect(await db.digest(), "a refused request changes no row").toEqual(before)
            } else {
              expect(now, "an accepted write is committed (and seen by the check above)").not.toBe(commits)
              await accepted(expected.value!, answer)
            }
          }),
          { numRuns, seed, endOnFailure: true }
        )
        console.log(`fuzz proof ${path} ${name}: answers ${JSON.stringify(outcomes)}`)
        expect(await rollupDifferences(db.rows), "stats rollups equal a recount of the runs").toEqual([])
      } finally {
        await db.close()
      }
    }, 600_000)

  property(
    "run submissions of every shape",
    reshaped(run, ["runId", "suite", "scenario", "tier", "agent", "status"]),
    "/api/results",
    SubmitResultsPayload,
    (payload) => expectRunReadsBack(target(), payload)
  )
  property(
    "POST /api/results with bodies that are no run at all",
    raw,
    "/api/results",
    SubmitResultsPayload,
    () => Promise.reject(new Error("accepted a body that is no run"))
  )

  const batches = new Map<string, StoredBatch>()
  property(
    "batch upserts of every shape",
    reshaped(batch, ["batchId"]),
    "/api/results/batch",
    BatchUpsertPayload,
    async (payload, answer) => {
      const before = batches.get(payload.batchId)
      expect((answer.body as { created: boolean }).created).toBe(before === undefined)
      const metadata = payload.metadata === undefined
        ? before?.metadata ?? null
        : payload.metadata === null
        ? null
        : JSON.stringify(payload.metadata)
      const now: StoredBatch = {
        createdAt: before === undefined ? payload.createdAt ?? undefined : before.createdAt,
        completedAt: payload.completedAt === undefined ? before?.completedAt ?? null : payload.completedAt,
        metadata
      }
      batches.set(payload.batchId, now)
      const read = await send(target(), `/api/batches/${encodeURIComponent(payload.batchId)}`, { key: proofKeys.read })
      expect(read.status).toBe(200)
      expect(read.body).toMatchObject({
        batchId: payload.batchId,
        completedAt: now.completedAt,
        metadata: now.metadata,
        totalRuns: 0,
        ...(now.createdAt === undefined ? {} : { createdAt: now.createdAt })
      })
    }
  )
  property(
    "POST /api/results/batch with bodies that are no batch at all",
    raw,
    "/api/results/batch",
    BatchUpsertPayload,
    () => Promise.reject(new Error("accepted a body that is no batch"))
  )
}
