import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { etagMatches } from "../src/HttpCache.js"
import { runPayload, unique } from "./contract/fixtures.js"
import type { Target } from "./contract/Target.js"
import { contractSettings } from "./contract/Target.js"
import { inProcessTarget, nodeTarget } from "./contract/targets.js"

describe("etagMatches", () => {
  it("compares weakly, accepts lists and *", () => {
    expect(etagMatches("\"a\"", "\"a\"")).toBe(true)
    expect(etagMatches("W/\"a\"", "\"a\"")).toBe(true)
    expect(etagMatches("\"b\", W/\"a\"", "\"a\"")).toBe(true)
    expect(etagMatches("*", "\"a\"")).toBe(true)
    expect(etagMatches("\"b\"", "\"a\"")).toBe(false)
    expect(etagMatches(undefined, "\"a\"")).toBe(false)
    expect(etagMatches("a", "\"a\"")).toBe(false)
  })
})

const suiteFor = (name: string, makeTarget: () => Promise<Target>) =>
  describe(`ETag and 304 on reads: ${name}`, () => {
    let target: Target
    beforeAll(async () => {
      target = await makeTarget()
    })
    afterAll(() => target.close())

    const submit = (suite: string) =>
      target.fetch("/api/results", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${contractSettings.writeKey}` },
        body: JSON.stringify(runPayload({ suite }))
      })

    it("a second GET with If-None-Match gets a bodiless 304; new data changes the tag", async () => {
      const suite = unique("etag")
      const posted = await submit(suite)
      expect(posted.status).toBe(201)
      expect(posted.headers.get("etag")).toBeNull()

      const first = await target.fetch(`/api/runs?suite=${suite}`)
      expect(first.status).toBe(200)
      const etag = first.headers.get("etag")
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
      expect(first.headers.get("cache-control")).toBe("no-cache")
      expect(await first.json()).toHaveLength(1)

      for (const ifNoneMatch of [etag!, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const again = await target.fetch(`/api/runs?suite=${suite}`, { headers: { "if-none-match": ifNoneMatch } })
        expect(again.status).toBe(304)
        expect(again.headers.get("etag")).toBe(etag)
        expect(again.headers.get("cache-control")).toBe("no-cache")
        expect(await again.text()).toBe("")
      }
      const stale = await target.fetch(`/api/runs?suite=${suite}`, { headers: { "if-none-match": "\"stale\"" } })
      expect(stale.status).toBe(200)

      expect((await submit(suite)).status).toBe(201)
      const changed = await target.fetch(`/api/runs?suite=${suite}`, { headers: { "if-none-match": etag! } })
      expect(changed.status).toBe(200)
      expect(changed.headers.get("etag")).not.toBe(etag)
      expect(await changed.json()).toHaveLength(2)
    })

    it("a page keeps its x-next-cursor header, on the 200 and on the 304", async () => {
      const suite = unique("etag-page")
      for (let i = 0; i < 2; i++) expect((await submit(suite)).status).toBe(201)
      const page = await target.fetch(`/api/runs?suite=${suite}&limit=1`, {
        headers: { origin: contractSettings.corsOrigin }
      })
      const cursor = page.headers.get("x-next-cursor")
      expect(cursor).not.toBeNull()
      expect(page.headers.get("access-control-expose-headers")).toMatch(/x-next-cursor/)
      expect(page.headers.get("access-control-expose-headers")).toMatch(/ETag/)
      const cached = await target.fetch(`/api/runs?suite=${suite}&limit=1`, {
        headers: { "if-none-match": page.headers.get("etag")!, origin: contractSettings.corsOrigin }
      })
      expect(cached.status).toBe(304)
      expect(cached.headers.get("x-next-cursor")).toBe(cursor)
      expect(cached.headers.get("access-control-allow-origin")).toBe(contractSettings.corsOrigin)
    })

    it("/health and the OpenAPI document are tagged; errors and the docs page are not", async () => {
      expect((await target.fetch("/health")).headers.get("etag")).not.toBeNull()
      const spec = await target.fetch("/api/openapi.json")
      const cached = await target.fetch("/api/openapi.json", {
        headers: { "if-none-match": spec.headers.get("etag")! }
      })
      expect(cached.status).toBe(304)
      const missing = await target.fetch("/api/runs/none")
      expect(missing.status).toBe(404)
      expect(missing.headers.get("etag")).toBeNull()
      expect((await target.fetch("/api/nope")).headers.get("etag")).toBeNull()
      expect((await target.fetch("/docs")).headers.get("etag")).toBeNull()
    })
  })

suiteFor("in-process handler", inProcessTarget)
suiteFor("Node server", nodeTarget)
