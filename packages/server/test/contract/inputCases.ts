import { expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Effect } from "effect"
import { clientOf } from "./dashboardCases.js"
import { runPayload, unique } from "./fixtures.js"
import type { Target } from "./Target.js"
import { contractSettings } from "./Target.js"

const post = (target: Target, path: string, body: string, contentType = "application/json") =>
  target.fetch(path, {
    method: "POST",
    headers: { "content-type": contentType, authorization: `Bearer ${contractSettings.writeKey}` },
    body
  })

const json = async (response: Response) => ({
  status: response.status,
  body: await response.json() as Record<string, unknown>
})

/** A JSON text nested `depth` levels deep, written out as text (JSON.stringify itself would run out of stack). */
const nestedJson = (depth: number) => `${"{\"next\":".repeat(depth)}{"leaf":true}${"}".repeat(depth)}`

/** The API accepts only what it can give back, says what is wrong in words, and never answers 5xx to input. */
export const inputCases = (target: () => Target) => {
  const withClient = clientOf(target)

  it.live("run and batch ids must be one URL segment; upstream's id forms pass and read back", () =>
    Effect.promise(async () => {
      for (const runId of ["a/b", "../../etc", "a?b#c", "has space", "%2e%2e", "-leading"]) {
        const answer = await json(await post(target(), "/api/results", JSON.stringify(runPayload({ runId }))))
        expect(answer.status, runId).toBe(400)
        expect(answer.body._tag).toBe("InvalidRequest")
        expect(answer.body.issues).toEqual([{ path: "runId", message: expect.stringContaining("no '/', '?', '#'") }])
      }
      const batch = await json(await post(target(), "/api/results", JSON.stringify(runPayload({ batchId: "b/1" }))))
      expect(batch.body.issues).toEqual([{ path: "batchId", message: expect.stringContaining("letters, digits") }])
      const upsert = await json(
        await post(target(), "/api/results/batch", JSON.stringify({ batchId: "../b", createdAt: "soon" }))
      )
      expect(upsert.status).toBe(400)
      expect((upsert.body.issues as Array<{ path: string }>).map((issue) => issue.path).sort()).toEqual([
        "batchId",
        "createdAt"
      ])
      for (const runId of [`${Date.now()}-abc123xyz`, unique("run"), "run-2026:11:01@host+1"]) {
        expect((await post(target(), "/api/results", JSON.stringify(runPayload({ runId })))).status).toBe(201)
        const read = await target().fetch(`/api/runs/${encodeURIComponent(runId)}`)
        expect(read.status, runId).toBe(200)
        expect(((await read.json()) as { run: { runId: string } }).run.runId).toBe(runId)
      }
    }))

  it.live("the client encodes path parameters: an id with '?' or '#' is not read as another run", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const stored = runPayload({ runId: unique("plain") })
      yield* ze.results.submit({ payload: stored })
      const error = yield* Effect.flip(ze.runs.get({ path: { runId: `${stored.runId}?x#y` } }))
      expect(error._tag).toBe("RunNotFound")
      expect((yield* ze.runs.get({ path: { runId: stored.runId } })).run.runId).toBe(stored.runId)
    })))

  it.live("metadata nested thousands of levels deep is a 400, not a crash", () =>
    Effect.promise(async () => {
      const body = JSON.stringify(runPayload({ metadata: { placeholder: true } }))
        .replace(`{"placeholder":true}`, nestedJson(5_000))
      const answer = await json(await post(target(), "/api/results", body))
      expect(answer.status).toBe(400)
      expect(answer.body.issues).toEqual([{ path: "body", message: "must nest at most 64 levels deep, got 5002" }])
      const deepMetadata = JSON.stringify(runPayload({ metadata: { placeholder: true } }))
        .replace(`{"placeholder":true}`, nestedJson(40))
      const metadata = await json(await post(target(), "/api/results", deepMetadata))
      expect(metadata.status).toBe(400)
      expect(metadata.body.issues).toEqual([{
        path: "metadata",
        message: "must be a JSON object nested at most 32 levels deep"
      }])
    }))

  it.live("scores are range-checked, and an evaluation may not score above its maximum; nothing is stored", () =>
    Effect.promise(async () => {
      const runId = unique("range")
      const body = JSON.stringify({
        ...runPayload({ runId }),
        totalScore: 1e308,
        successMetric: 2,
        evaluations: [{ evaluatorName: "commands", score: 3, maxScore: 1 }, {
          evaluatorName: "judge",
          score: -1,
          maxScore: 1
        }]
      })
      const answer = await json(await post(target(), "/api/results", body))
      expect(answer.status).toBe(400)
      expect(answer.body.issues).toEqual(expect.arrayContaining([
        { path: "totalScore", message: "must be a number from 0 to 10" },
        { path: "successMetric", message: "must be a number from 0 to 1" },
        { path: "evaluations.0.score", message: "must not exceed maxScore (1), got 3" },
        { path: "evaluations.1.score", message: "must be a number from 0 to 1000" }
      ]))
      expect((await target().fetch(`/api/runs/${runId}`)).status).toBe(404)
    }))

  it.live("a 400 lists every wrong field in words, without schema dumps or 'Expected undefined' noise", () =>
    Effect.promise(async () => {
      const answer = await json(
        await post(
          target(),
          "/api/results",
          JSON.stringify({ runId: "", suite: 1, tier: "L0", agent: "a", status: "bogus" })
        )
      )
      expect(answer.status).toBe(400)
      const issues = answer.body.issues as Array<{ path: string; message: string }>
      expect(issues.map((issue) => issue.path).sort()).toEqual(["runId", "scenario", "status", "suite"])
      expect(issues.find((issue) => issue.path === "scenario")!.message).toBe("is required")
      expect(String(answer.body.message)).toMatch(/^Invalid request body: /)
      expect(String(answer.body.message)).not.toMatch(/readonly|undefined|└─|Refinement/)
      const query = await json(await target().fetch("/api/runs?limit=-1&status=nope"))
      expect(query.status).toBe(400)
      expect(query.body.issues).toEqual([
        { path: "status", message: expect.stringMatching(/^expected .*passed.*got "nope"$/) },
        { path: "limit", message: "must be a positive whole number" }
      ])
      const mode = await json(await target().fetch("/api/compare?base=a&head=b&mode=peeking"))
      expect(mode.status).toBe(400)
      expect((mode.body.issues as Array<{ path: string }>).map((issue) => issue.path)).toEqual(["mode"])
      const minEffect = await json(await target().fetch("/api/compare?base=a&head=b&mode=sequential&minEffect=0"))
      expect(minEffect.status).toBe(400)
      expect(minEffect.body.issues).toEqual([
        { path: "minEffect", message: "expected a positive number, got 0" }
      ])
    }))

  it.live("a body that is not JSON by its content type gets a 415", () =>
    Effect.promise(async () => {
      const answer = await json(await post(target(), "/api/results", "hello", "text/plain"))
      expect(answer).toEqual({
        status: 415,
        body: expect.objectContaining({ _tag: "UnsupportedMediaType", contentType: "text/plain" })
      })
      expect(String(answer.body.message)).toContain("Content-Type: application/json")
    }))
}

/** Text with a lone surrogate has no UTF-8 form: stored, it would read back changed, so it is refused by field. */
export const unicodeCases = (target: () => Target) => {
  it.live("a lone surrogate in any text is a 400 naming the field; other unicode and control characters read back equal", () =>
    Effect.promise(async () => {
      const refused = runPayload({ runId: unique("surrogate") })
      const body = JSON.stringify({
        ...refused,
        suite: "x\uD800",
        specialistName: "x\uDFFFy",
        evaluations: [{ evaluatorName: "commands", score: 1, maxScore: 1, details: "\uDBFF" }],
        artifacts: [{ name: "log.txt", content: "\uDC00 tail" }]
      })
      expect(body).toContain("\\ud800")
      const answer = await json(await post(target(), "/api/results", body))
      expect(answer.status).toBe(400)
      const issues = answer.body.issues as Array<{ path: string; message: string }>
      expect([...new Set(issues.map((issue) => issue.path))].sort()).toEqual([
        "artifacts.0.content",
        "evaluations.0.details",
        "specialistName",
        "suite"
      ])
      expect(JSON.stringify(answer.body.issues)).toContain("lone surrogate")
      expect((await target().fetch(`/api/runs/${refused.runId}`)).status).toBe(404)
      const odd = "😀👩‍👩‍👧 \u0000\u0007\u001b[31m\u202E ＡＢＣ '; DROP TABLE benchmark_runs; --"
      const kept = runPayload({
        runId: unique("unicode"),
        suite: odd,
        specialistName: odd,
        artifacts: [{ name: "log.txt", contentType: "text/plain", content: odd }]
      })
      expect((await post(target(), "/api/results", JSON.stringify(kept))).status).toBe(201)
      const read = (await (await target().fetch(`/api/runs/${kept.runId}`)).json()) as {
        run: { suite: string; specialistName: string }
      }
      expect([read.run.suite, read.run.specialistName]).toEqual([odd.trim(), odd])
      expect(await (await target().fetch(`/api/runs/${kept.runId}/artifacts/log.txt`)).text()).toBe(odd)
    }))
}
