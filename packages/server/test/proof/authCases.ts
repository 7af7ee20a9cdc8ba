import { expect, it } from "vitest"
import { DEV_LOCAL_KEY } from "../../src/ServerConfig.js"
import { runPayload, unique } from "../contract/fixtures.js"
import type { Target } from "../contract/Target.js"
import { contractSettings } from "../contract/Target.js"
import { openDigest } from "./Digest.js"
import type { Answer } from "./Proof.js"
import { isJsonError, proofKeys, send, writeEndpoints } from "./Proof.js"

const bodyFor = (path: (typeof writeEndpoints)[number]) =>
  JSON.stringify(path === "/api/results" ? runPayload() : { batchId: unique("auth-batch"), createdAt: Date.now() })

const reads = [
  "/api/runs",
  "/api/batches",
  "/api/stats",
  "/api/stats/agents",
  "/api/runs/facets",
  "/api/dashboard/overview"
]

const expectError = (answer: Answer, status: number, tag: string, what: string) => {
  expect(answer.status, what).toBe(status)
  expect(isJsonError(answer), what).toBe(true)
  expect((answer.body as { _tag: string })._tag, what).toBe(tag)
}

/** Who may write and read, and which origins a browser may call from, on a keyed server and on a locked one. */
export const authCases = (main: () => Target, locked: () => Target) => {
  it("every write endpoint: no key 401, a wrong key or the read key 403, the write key 201; refusals change no row", async () => {
    const db = openDigest(main().databaseFile!)
    try {
      const before = await db.digest()
      for (const path of writeEndpoints) {
        const body = bodyFor(path)
        expectError(await send(main(), path, { body, key: null }), 401, "Unauthorized", `${path} without a key`)
        for (const authorization of [`Basic ${proofKeys.write}`, "Bearer", proofKeys.write]) {
          const answer = await send(main(), path, { body, key: null, headers: { authorization } })
          expectError(answer, 401, "Unauthorized", `${path} with '${authorization}'`)
        }
        for (
          const key of ["wrong-key", proofKeys.read, DEV_LOCAL_KEY, `${proofKeys.write}x`, proofKeys.write.slice(1)]
        ) {
          expectError(await send(main(), path, { body, key }), 403, "Forbidden", `${path} with key '${key}'`)
        }
      }
      expect(await db.digest()).toEqual(before)
      for (const path of writeEndpoints) {
        expect((await send(main(), path, { body: bodyFor(path) })).status, path).toBe(201)
      }
      expect((await db.digest()).hash).not.toBe(before.hash)
    } finally {
      await db.close()
    }
  })

  it("with a read key, every read needs it or the write key; /health stays public", async () => {
    expect((await send(main(), "/health", { key: null })).status).toBe(200)
    for (const path of reads) {
      expectError(await send(main(), path, { key: null }), 401, "Unauthorized", `${path} without a key`)
      expectError(await send(main(), path, { key: "wrong-key" }), 403, "Forbidden", `${path} with a wrong key`)
      expect((await send(main(), path, { key: proofKeys.read })).status, `${path} with the read key`).toBe(200)
      expect((await send(main(), path, { key: proofKeys.write })).status, `${path} with the write key`).toBe(200)
    }
  })

  it("outside development without a write key every write is refused, whatever key is sent; reads keep the read key", async () => {
    const db = openDigest(locked().databaseFile!)
    try {
      const before = await db.digest()
      for (const path of writeEndpoints) {
        for (const key of [null, DEV_LOCAL_KEY, proofKeys.read, proofKeys.write, "anything"]) {
          const answer = await send(locked(), path, { body: bodyFor(path), key })
          expectError(answer, 403, "Forbidden", `${path} with ${key}`)
          expect((answer.body as { message: string }).message).toMatch(/Writes are disabled/)
        }
      }
      expect(await db.digest()).toEqual(before)
      expectError(await send(locked(), "/api/runs", { key: null }), 401, "Unauthorized", "locked read without a key")
      expect((await send(locked(), "/api/runs", { key: proofKeys.read })).status).toBe(200)
      const health = await send(locked(), "/health", { key: null, headers: { origin: contractSettings.corsOrigin } })
      expect(health.status).toBe(200)
      expect(health.headers.get("access-control-allow-origin"), "no origin is allowed by default").toBeNull()
    } finally {
      await db.close()
    }
  })

  it("CORS: only listed origins get allow headers, on simple and preflighted requests, answers and errors alike", async () => {
    const allowed = contractSettings.corsOrigin
    for (const origin of [allowed, "http://evil.example", `${allowed}.evil.example`, "null"]) {
      const expected = origin === allowed ? allowed : null
      const headers = { origin }
      const simpleRead = await send(main(), "/api/runs?limit=1", { key: proofKeys.read, headers })
      expect(simpleRead.status).toBe(200)
      expect(simpleRead.headers.get("access-control-allow-origin"), `GET from ${origin}`).toBe(expected)
      for (const path of writeEndpoints) {
        const write = await send(main(), path, { body: bodyFor(path), headers })
        expect(write.status).toBe(201)
        expect(write.headers.get("access-control-allow-origin"), `POST ${path} from ${origin}`).toBe(expected)
        const refused = await send(main(), path, { body: bodyFor(path), key: null, headers })
        expect(refused.status).toBe(401)
        expect(refused.headers.get("access-control-allow-origin"), `401 of ${path} from ${origin}`).toBe(expected)
        const preflight = await main().fetch(path, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type"
          }
        })
        expect(preflight.status, `preflight ${path} from ${origin}`).toBe(204)
        expect(preflight.headers.get("access-control-allow-origin")).toBe(expected)
        if (expected === null) {
          expect(preflight.headers.get("access-control-allow-methods")).toBeNull()
        } else {
          expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/)
          expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/)
          expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Content-Type/)
          expect(preflight.headers.get("vary")).toMatch(/Origin/)
        }
      }
    }
  })
}
