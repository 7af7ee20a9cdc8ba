import { readdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { contractSettings } from "../../server/test/contract/Target.js"
import { contractVars, freePort, migratedD1, startWrangler } from "../../server/test/contract/targets.js"
import { repoSuites } from "./support/Suites.js"
import { spawnZe, stop, tempDirectory, waitForHealth, ze } from "./support/Ze.js"

/** A server of one runtime that can be killed and started again on the same port over the same data. */
interface Restartable {
  readonly baseUrl: string
  readonly env: Record<string, string>
  readonly kill: () => Promise<void>
  readonly start: () => Promise<void>
  readonly remove: () => Promise<void>
}

/** `ze serve` over a SQLite file, with the development key. */
const zeServe = async (cwd: string): Promise<Restartable> => {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let server: ReturnType<typeof spawnZe> | undefined
  const start = async () => {
    server = spawnZe(["serve", "--port", String(port), "--db", "served.db"], { cwd })
    await waitForHealth(baseUrl, server)
  }
  const kill = async () => {
    server?.child.kill("SIGKILL")
    await server?.exited
  }
  const remove = async () => {
    if (server !== undefined) await stop(server.child, server.exited)
  }
  await start()
  return { baseUrl, env: {}, start, kill, remove }
}

/** The Worker in workerd (`wrangler dev`) over a local D1 folder that outlives each process. */
const workerd = async (): Promise<Restartable> => {
  const persist = await migratedD1()
  const port = await freePort()
  let worker: Awaited<ReturnType<typeof startWrangler>> | undefined
  const start = async () => {
    worker = await startWrangler({ persist, port, vars: contractVars })
  }
  await start()
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    env: { ZE_API_KEY: contractSettings.writeKey },
    start,
    kill: async () => worker?.kill("SIGKILL"),
    remove: async () => {
      await worker?.kill()
      rmSync(persist, { recursive: true, force: true })
    }
  }
}

type RunRow = {
  runId: string
  scenario: string
  tier: string
  agent: string
  status: string
  isSuccessful: boolean
  weightedScore: number | null
}

const getJson = async <A>(url: string): Promise<A> => {
  const response = await fetch(url)
  expect(response.status, url).toBe(200)
  return response.json() as Promise<A>
}

const runtimes: ReadonlyArray<[string, (cwd: string) => Promise<Restartable>]> = [
  ["ze serve over SQLite", zeServe],
  ["the Worker in workerd with D1", () => workerd()]
]

describe.each(runtimes)("a batch whose server is killed mid-batch and restarted on the same port: %s", (_, make) => {
  const cwd = tempDirectory("ze-outage-")
  afterAll(() => cwd.remove())

  it(
    "spools what it could not send; ze sync delivers it; every cell exactly once, aggregates equal a recount",
    async () => {
      const server = await make(cwd.directory)
      try {
        const batchId = `outage-${Date.now()}`
        const env = { ZE_SUITES_DIR: repoSuites, ZE_CLIENT_RETRIES: "0", ...server.env }
        const matrix = ["bench", "demo", "--tier", "L0,L1", "--agent", "echo,oracle", "--server", server.baseUrl]
        const bench = spawnZe([...matrix, "--batch", batchId, "--quiet"], { cwd: cwd.directory, env })
        const deadline = Date.now() + 90_000
        while ((bench.output().match(/^[✓✗] /gm) ?? []).length < 3 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        await server.kill()
        expect(await bench.exited, bench.output()).toBe(3)
        expect(bench.output()).toMatch(/\d+ results? wait in the spool/)
        const spooled = readdirSync(join(cwd.directory, ".ze", "spool"))
        expect(spooled.filter((name) => name.startsWith("run-")).length).toBeGreaterThan(0)
        expect(spooled.some((name) => name.startsWith("batch-"))).toBe(true)

        await server.start()
        const sync = await ze(["sync", "--server", server.baseUrl], { cwd: cwd.directory, env })
        expect(sync.code, sync.stderr).toBe(0)
        expect(sync.stdout).toContain(`Sent ${spooled.length} result(s)`)
        expect(readdirSync(join(cwd.directory, ".ze", "spool"))).toEqual([])

        const runs = await getJson<ReadonlyArray<RunRow>>(`${server.baseUrl}/api/runs?batchId=${batchId}&limit=1000`)
        const cells = runs.map((run) => `${run.scenario}/${run.tier}/${run.agent}`)
        expect(new Set(runs.map((run) => run.runId)).size, "each run once").toBe(runs.length)
        expect(new Set(cells).size, "each cell once").toBe(cells.length)
        expect(runs.length, "every cell of demo × 2 tiers × 2 agents has its result").toBe(3 * 2 * 2)
        expect(runs.every((run) => run.status === "passed" || run.status === "failed")).toBe(true)
        const batch = await getJson<Record<string, unknown>>(`${server.baseUrl}/api/batches/${batchId}`)
        const scores = runs.flatMap((run) => (run.weightedScore === null ? [] : [run.weightedScore]))
        expect(batch).toMatchObject({
          totalRuns: runs.length,
          successfulRuns: runs.filter((run) => run.isSuccessful).length,
          failedRuns: runs.filter((run) => !run.isSuccessful).length,
          status: "completed"
        })
        expect(batch.avgWeightedScore as number).toBeCloseTo(
          scores.reduce((sum, score) => sum + score, 0) / scores.length,
          9
        )
        const again = await ze(["sync", "--server", server.baseUrl], { cwd: cwd.directory, env })
        expect(again.code).toBe(0)
        expect(
          (await getJson<ReadonlyArray<RunRow>>(`${server.baseUrl}/api/runs?batchId=${batchId}&limit=1000`)).length
        )
          .toBe(runs.length)
      } finally {
        await server.remove()
      }
    },
    300_000
  )
})
