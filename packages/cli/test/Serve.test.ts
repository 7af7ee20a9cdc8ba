import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Spool } from "@ze/harness"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll } from "vitest"
import { BatchListDocument, RunListDocument } from "../src/Documents.js"
import { run } from "./support/Seed.js"
import { repoSuites } from "./support/Suites.js"
import { freePort, spawnZe, stop, tempDirectory, waitForHealth, ze } from "./support/Ze.js"

const cwd = tempDirectory()
let port: number
let baseUrl: string
let server: ReturnType<typeof spawnZe>

const submitOverHttp = (key: string) =>
  Effect.gen(function*() {
    const client = yield* ZeClient
    yield* client.results.upsertBatch({ payload: { batchId: "served-batch", createdAt: Date.now() } })
    yield* client.results.submit({ payload: run({ runId: "served-1", batchId: "served-batch" }) })
    yield* client.results.submit({
      payload: run({ runId: "served-2", batchId: "served-batch", status: "failed", weightedScore: 2 })
    })
  }).pipe(
    Effect.provide(
      ZeClient.layerWith({ baseUrl, apiKey: Option.some(Redacted.make(key)), retries: 0 }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    )
  )

beforeAll(async () => {
  port = await freePort()
  baseUrl = `http://127.0.0.1:${port}`
  server = spawnZe(["serve", "--port", String(port), "--db", "served.db"], { cwd: cwd.directory })
  await waitForHealth(baseUrl, server)
})
afterAll(async () => {
  await stop(server.child, server.exited)
  cwd.remove()
})

describe("ze serve", () => {
  it("serves the API over the SQLite file on loopback, with the development key when ZE_API_KEY is unset", async () => {
    expect(server.output()).toContain(`ze server on ${baseUrl}`)
    expect(server.output()).toContain("dev-local-key")
    await Effect.runPromise(submitOverHttp("dev-local-key"))
    const health = await (await fetch(`${baseUrl}/health`)).json()
    expect(health).toMatchObject({ status: "ok", storage: "sqlite" })
  })

  it("serves the dashboard at / and for deep links (the real build, made by the global setup); /api stays JSON", async () => {
    const web = fileURLToPath(new URL("../../web/", import.meta.url))
    const root = await fetch(`${baseUrl}/`)
    expect(root.status).toBe(200)
    expect(root.headers.get("content-type")).toMatch(/text\/html/)
    const html = await root.text()
    if (existsSync(join(web, "index.html"))) {
      expect(server.output()).toContain(`dashboard ${baseUrl}/`)
      expect(html).toBe(readFileSync(join(web, "dist", "app", "index.html"), "utf8"))
    } else {
      expect(html).toContain("pnpm --filter @ze/web build")
    }
    expect(await (await fetch(`${baseUrl}/runs/served-1`)).text()).toBe(html)
    const missing = await fetch(`${baseUrl}/api/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ _tag: "RouteNotFound" })
  })

  it("ze runs list --server reads what the server stored", async () => {
    const result = await ze(["runs", "list", "--server", baseUrl, "--format", "json"], { cwd: cwd.directory })
    expect(result.code).toBe(0)
    const document = Schema.decodeUnknownSync(RunListDocument)(JSON.parse(result.stdout))
    expect(document.runs.map((r) => r.runId).sort()).toEqual(["served-1", "served-2"])
  })

  it("ZE_SERVER_URL (or upstream's ZE_BENCHMARKS_WORKER_URL) selects the server too", async () => {
    const viaEnv = await ze(["batches", "list", "--format", "json"], {
      cwd: cwd.directory,
      env: { ZE_SERVER_URL: baseUrl }
    })
    expect(Schema.decodeUnknownSync(BatchListDocument)(JSON.parse(viaEnv.stdout)).batches.map((b) => b.batchId))
      .toEqual([
        "served-batch"
      ])
    const viaUpstream = await ze(["batches", "show", "served-batch"], {
      cwd: cwd.directory,
      env: { ZE_BENCHMARKS_WORKER_URL: baseUrl }
    })
    expect(viaUpstream.code).toBe(0)
    expect(viaUpstream.stdout).toContain("served-2")
  })

  it("ze bench --server stores its runs on the server (with the development key when ZE_API_KEY is unset)", async () => {
    const result = await ze([
      "bench",
      "smoke",
      "--agent",
      "oracle",
      "--server",
      baseUrl,
      "--batch",
      "bench-over-http",
      "--quiet"
    ], {
      cwd: cwd.directory,
      env: { ZE_SUITES_DIR: repoSuites }
    })
    expect(result.code).toBe(0)
    const runs = await ze(["runs", "list", "--batch", "bench-over-http", "--server", baseUrl, "--format", "json"], {
      cwd: cwd.directory
    })
    expect(Schema.decodeUnknownSync(RunListDocument)(JSON.parse(runs.stdout)).runs.map((r) => [r.agent, r.status]))
      .toEqual([["oracle", "passed"]])
  })

  it("refuses a non-loopback address without ZE_API_KEY (exit 2, nothing listens)", async () => {
    const result = await ze(["serve", "--host", "192.0.2.1", "--port", String(await freePort())], {
      cwd: cwd.directory
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Refusing to listen on 192.0.2.1")
  })

  it("a port in use is a clear error (exit 2)", async () => {
    const result = await ze(["serve", "--port", String(port), "--db", join(cwd.directory, "other.db")], {
      cwd: cwd.directory
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: the port is already in use`)
  })

  it("with ZE_API_KEY, writes need that key", async () => {
    const keyed = tempDirectory()
    const keyedPort = await freePort()
    const keyedServer = spawnZe(["serve", "--port", String(keyedPort)], {
      cwd: keyed.directory,
      env: { ZE_API_KEY: "team-key" }
    })
    try {
      await waitForHealth(`http://127.0.0.1:${keyedPort}`, keyedServer)
      const write = (key: string) =>
        fetch(`http://127.0.0.1:${keyedPort}/api/results/batch`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ batchId: "b" })
        })
      expect((await write("dev-local-key")).status).toBe(403)
      expect((await write("team-key")).status).toBe(201)
      expect(keyedServer.output()).not.toContain("dev-local-key")
    } finally {
      await stop(keyedServer.child, keyedServer.exited)
      keyed.remove()
    }
  })

  it("a port outside 1..65535 is a usage error (exit 2), not a crash", async () => {
    const result = await ze(["serve", "--port", "99999"], { cwd: cwd.directory })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("ze: --port: expected 1 to 65535 (got 99999)")
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it("option values the server rejects are one readable line (exit 2)", async () => {
    const since = await ze(["runs", "list", "--server", baseUrl, "--since", "yesterday"], { cwd: cwd.directory })
    expect(since.code).toBe(2)
    expect(since.stderr.trim()).toBe(
      "ze: the request was rejected: --since: expected an ISO-8601 date string or epoch milliseconds"
    )
    const limit = await ze(["runs", "list", "--server", baseUrl, "--limit", "0"], { cwd: cwd.directory })
    expect(limit.code).toBe(2)
    expect(limit.stderr).toContain("ze: --limit: expected at least 1 (got 0)")
    expect(limit.stderr).not.toContain("readonly")
  })

  it("ze bench with a missing or wrong key for a keyed server exits 2 naming ZE_API_KEY, and stores nothing", async () => {
    const keyed = tempDirectory()
    const keyedPort = await freePort()
    const keyedUrl = `http://127.0.0.1:${keyedPort}`
    const keyedServer = spawnZe(["serve", "--port", String(keyedPort)], {
      cwd: keyed.directory,
      env: { ZE_API_KEY: "s3cret" }
    })
    try {
      await waitForHealth(keyedUrl, keyedServer)
      for (const env of [{}, { ZE_API_KEY: "wrong" }]) {
        const result = await ze(["bench", "smoke", "--agent", "oracle", "--server", keyedUrl], {
          cwd: keyed.directory,
          env: { ...env, ZE_SUITES_DIR: repoSuites }
        })
        expect(result.code).toBe(2)
        expect(result.stderr).toContain("the server refused the key: set ZE_API_KEY")
        expect(result.stderr).not.toMatch(/Authorization|Bearer/)
        expect(result.stderr).not.toContain("internal error")
        expect(result.stdout).toBe("")
      }
      const batches = await ze(["batches", "list", "--server", keyedUrl, "--format", "json"], { cwd: keyed.directory })
      expect(Schema.decodeUnknownSync(BatchListDocument)(JSON.parse(batches.stdout)).batches).toEqual([])
    } finally {
      await stop(keyedServer.child, keyedServer.exited)
      keyed.remove()
    }
  })

  it("when the server dies mid-batch: a local summary, the spool count and `ze sync`, exit 3", async () => {
    const dying = tempDirectory()
    const dyingPort = await freePort()
    const dyingUrl = `http://127.0.0.1:${dyingPort}`
    const dyingServer = spawnZe(["serve", "--port", String(dyingPort)], { cwd: dying.directory })
    try {
      await waitForHealth(dyingUrl, dyingServer)
      const bench = spawnZe([
        "bench",
        "demo",
        "--tier",
        "all",
        "--agent",
        "echo,oracle",
        "--server",
        dyingUrl,
        "--quiet"
      ], {
        cwd: dying.directory,
        env: { ZE_SUITES_DIR: repoSuites, ZE_CLIENT_RETRIES: "0" }
      })
      const deadline = Date.now() + 60_000
      while ((bench.output().match(/^[✓✗] /gm) ?? []).length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20))
      }
      dyingServer.child.kill("SIGKILL")
      const code = await bench.exited
      expect(bench.output()).toContain("as run here; the server could not be read back")
      expect(bench.output()).toMatch(/\d+ results? wait in the spool/)
      expect(bench.output()).toContain("ze sync")
      expect(bench.output()).not.toContain("internal error")
      expect(code).toBe(3)
      expect(readdirSync(join(dying.directory, ".ze", "spool")).length).toBeGreaterThan(0)
    } finally {
      await stop(dyingServer.child, dyingServer.exited)
      dying.remove()
    }
  })

  it(
    "when the server is away for part of the batch and back for the report: exit 3 naming the spooled results; the next batch delivers them",
    async () => {
      const away = tempDirectory()
      const awayPort = await freePort()
      const awayUrl = `http://127.0.0.1:${awayPort}`
      let server = spawnZe(["serve", "--port", String(awayPort)], { cwd: away.directory })
      try {
        await waitForHealth(awayUrl, server)
        const bench = spawnZe(["bench", "demo", "--tier", "all", "--agent", "echo,oracle", "--server", awayUrl], {
          cwd: away.directory,
          env: { ZE_SUITES_DIR: repoSuites, ZE_CLIENT_RETRIES: "0" }
        })
        const deadline = Date.now() + 60_000
        while ((bench.output().match(/^[✓✗] /gm) ?? []).length < 2 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20))
        }
        await stop(server.child, server.exited)
        while ((bench.output().match(/kept in .* for `ze sync`/g) ?? []).length < 1 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20))
        }
        server = spawnZe(["serve", "--port", String(awayPort)], { cwd: away.directory })
        await waitForHealth(awayUrl, server)
        const code = await bench.exited
        expect(bench.output()).toMatch(
          /\d+ results? of this batch could not be sent to the server and wait in the spool/
        )
        expect(code).toBe(3)
        const spooled = readdirSync(join(away.directory, ".ze", "spool"))
        expect(spooled.length).toBeGreaterThan(0)
        // The next batch delivers what the spool holds before it runs (ze sync does the same on its own).
        const next = await ze(["bench", "demo", "fizzbuzz", "L0", "echo", "--server", awayUrl], {
          cwd: away.directory,
          env: { ZE_SUITES_DIR: repoSuites }
        })
        expect(next.code).toBe(0)
        expect(next.stderr).toMatch(new RegExp(`Sent ${spooled.length} results? an earlier run left in the spool`))
        expect(readdirSync(join(away.directory, ".ze", "spool"))).toEqual([])
      } finally {
        await stop(server.child, server.exited)
        away.remove()
      }
    },
    120_000
  )

  it("stops on SIGTERM", async () => {
    const other = tempDirectory()
    const otherPort = await freePort()
    const child = spawnZe(["serve", "--port", String(otherPort)], { cwd: other.directory })
    try {
      await waitForHealth(`http://127.0.0.1:${otherPort}`, child)
      expect(await stop(child.child, child.exited)).toBe(130)
    } finally {
      other.remove()
    }
  })
})

describe("ze sync", () => {
  it("sends spooled results to the server, removes them, and keeps a file that does not decode", async () => {
    const spoolDir = join(cwd.directory, "spool")
    await Effect.runPromise(
      Effect.gen(function*() {
        const spool = yield* Spool
        yield* spool.put({ kind: "run", payload: run({ runId: "spooled-1", batchId: "spooled-batch" }) })
        yield* spool.put({ kind: "batch", payload: { batchId: "spooled-batch", completedAt: Date.now() } })
      }).pipe(Effect.provide(Spool.make(spoolDir)))
    )
    writeFileSync(join(spoolDir, "run-broken.json"), "{\"kind\":\"run\",\"payload\":{}}")

    const result = await ze(["sync", "--server", baseUrl, "--spool", spoolDir], { cwd: cwd.directory })
    expect(result.stdout).toContain("Sent 2 result(s)")
    expect(result.stderr).toMatch(/Kept run-broken\.json: Not a spooled result/)
    expect(result.code).toBe(1)
    expect(readdirSync(spoolDir)).toEqual(["run-broken.json"])
    const listed = await ze(["runs", "list", "--server", baseUrl, "--batch", "spooled-batch", "--format", "json"], {
      cwd: cwd.directory
    })
    expect(Schema.decodeUnknownSync(RunListDocument)(JSON.parse(listed.stdout)).runs.map((r) => r.runId)).toEqual([
      "spooled-1"
    ])
  })

  it("an unreachable server leaves the spool as it was (exit 2)", async () => {
    const spoolDir = join(cwd.directory, "spool-unreachable")
    await Effect.runPromise(Spool.pipe(
      Effect.flatMap((spool) => spool.put({ kind: "run", payload: run({ runId: "spooled-2" }) })),
      Effect.provide(Spool.make(spoolDir))
    ))
    const closed = `http://127.0.0.1:${await freePort()}`
    const result = await ze(["sync", "--server", closed, "--spool", spoolDir], {
      cwd: cwd.directory,
      env: { ZE_CLIENT_RETRIES: "0" }
    })
    expect(result.code).toBe(2)
    expect(readdirSync(spoolDir)).toEqual(["run-spooled-2.json"])
  })
})
