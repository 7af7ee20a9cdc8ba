// @vitest-environment node
import type { SubmitResultsPayload, Transcript } from "@ze/domain"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { WranglerDev } from "./support.js"
import { browserMissing, ensureDashboard, launch, screenshot, watch, wranglerDev } from "./support.js"

/** The Worker in `wrangler dev` with a local D1: the same build and API as in production, seeded over HTTP. */

const writeKey = "dev-local-key"
const agents = [
  { agent: "echo", model: null, passes: false },
  { agent: "oracle", model: "reference", passes: true }
] as const
const scenarios = ["fizzbuzz", "slugify", "add-function"] as const

const stamp = Date.now().toString(36)
const batchIds = [`wk-base-${stamp}`, `wk-head-${stamp}`] as const
const runIdOf = (batch: number, agent: string, scenario: string) => `wk-${stamp}-${batch}-${agent}-${scenario}`

const diffPatch = (scenario: string) =>
  [
    `diff --git a/src/${scenario}.ts b/src/${scenario}.ts`,
    "index 3b18e51..a9c2f04 100644",
    `--- a/src/${scenario}.ts`,
    `+++ b/src/${scenario}.ts`,
    "@@ -1,4 +1,9 @@",
    ` export const ${scenario.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())} = (input: string): string => {`,
    "-  throw new Error(\"not implemented\")",
    "+  if (input.length === 0) return input",
    "+  return input",
    "+    .trim()",
    "+    .toLowerCase()",
    "+    .replace(/[^a-z0-9]+/g, \"-\")",
    "+    .replace(/^-+|-+$/g, \"\")",
    " }",
    " ",
    ""
  ].join("\n")

const transcriptOf = (agent: string, model: string | null, scenario: string, start: number): Transcript => {
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString()
  return {
    version: 1,
    agent,
    model,
    steps: [
      {
        _tag: "message",
        role: "system",
        content: "You are a coding agent working in a TypeScript repository.",
        at: at(0)
      },
      { _tag: "message", role: "user", content: `Implement src/${scenario}.ts so that the tests pass.`, at: at(1) },
      {
        _tag: "tool_call",
        tool: "readFile",
        input: { path: `src/${scenario}.ts` },
        output: "export const ...",
        at: at(2),
        durationMs: 12
      },
      {
        _tag: "tool_call",
        tool: "writeFile",
        input: { path: `src/${scenario}.ts`, bytes: 212 },
        output: "ok",
        at: at(4),
        durationMs: 9
      },
      {
        _tag: "tool_call",
        tool: "runCommand",
        input: { command: "pnpm test" },
        output: "Tests  6 passed (6)",
        at: at(6),
        durationMs: 2140
      },
      { _tag: "message", role: "assistant", content: `Implemented ${scenario}; the tests pass.`, at: at(9) }
    ]
  }
}

const payloadOf = (
  batch: number,
  a: (typeof agents)[number],
  scenario: string,
  index: number
): SubmitResultsPayload => {
  const start = Date.now() - (2 - batch) * 86_400_000 - (10 - index) * 60_000
  const passed = a.passes || (batch === 1 && scenario === "slugify")
  const weightedScore = passed ? 9.2 - index * 0.3 : 2.5 + index * 0.4
  return {
    runId: runIdOf(batch, a.agent, scenario),
    batchId: batchIds[batch],
    suite: "demo",
    scenario,
    tier: "L1",
    agent: a.agent,
    model: a.model,
    status: passed ? "passed" : "failed",
    startedAt: new Date(start).toISOString(),
    completedAt: new Date(start + 42_000).toISOString(),
    totalScore: weightedScore / 10,
    weightedScore,
    isSuccessful: passed,
    successMetric: weightedScore / 10,
    repeat: 0,
    ...(passed ? {} : { failureReason: "required command(s) failed" }),
    metadata: {
      stage: "evaluated",
      passThreshold: 7,
      heuristicChecks: [
        { name: "exports the function", weight: 1, passed: true, description: `src/${scenario}.ts exports it` },
        { name: "no skipped tests", weight: 1, passed }
      ],
      commands: [{ command: "pnpm test", kind: "test", required: true, exitCode: passed ? 0 : 1, durationMs: 2140 }]
    },
    evaluations: [
      {
        evaluatorName: "tests_nonregression",
        score: passed ? 1 : 0,
        maxScore: 1,
        details: passed ? "6/6 tests passed" : "0/6 tests passed"
      },
      {
        evaluatorName: "heuristic_checks",
        score: passed ? 1 : 0.5,
        maxScore: 1,
        details: passed ? "2/2 checks" : "1/2 checks"
      },
      { evaluatorName: "llm_judge", score: 0, maxScore: 1, status: "skipped", details: "no judge configured" }
    ],
    telemetry: {
      toolCalls: 3,
      tokensIn: a.passes ? 4200 + index * 100 : 0,
      tokensOut: a.passes ? 900 : 0,
      costUsd: a.passes ? 0.012 + index * 0.001 : 0,
      durationMs: 42_000,
      workspaceDir: `/tmp/ze/workspaces/demo-${scenario}-${stamp}`
    },
    artifacts: [
      ...(passed ? [{ name: "diff.patch", contentType: "text/x-diff", content: diffPatch(scenario) }] : []),
      {
        name: "transcript.json",
        contentType: "application/json",
        content: JSON.stringify(transcriptOf(a.agent, a.model, scenario, start))
      },
      {
        name: "commands.log",
        contentType: "text/plain",
        content: `$ pnpm test\n${passed ? "Tests  6 passed (6)\nexit 0" : "Tests  6 failed (6)\nexit 1"}\n`
      }
    ]
  }
}

const post = async (baseUrl: string, path: string, body: unknown) => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${writeKey}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000)
  })
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`)
}

describe.skipIf(browserMissing)("the dashboard in Chromium, served by the Worker (wrangler dev, local D1)", () => {
  let worker: WranglerDev | undefined
  let browser: Browser | undefined
  let baseUrl = ""
  const oracleRun = runIdOf(1, "oracle", "slugify")

  beforeAll(async () => {
    await ensureDashboard()
    worker = await wranglerDev()
    baseUrl = worker.baseUrl
    for (const [batch, batchId] of batchIds.entries()) {
      let index = 0
      for (const scenario of scenarios) {
        for (const a of agents) await post(baseUrl, "/api/results", payloadOf(batch, a, scenario, index++))
      }
      await post(baseUrl, "/api/results/batch", { batchId, completedAt: Date.now() - (1 - batch) * 86_400_000 })
    }
    browser = await launch()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await worker?.stop()
  }, 30_000)

  const open = async (path: string) => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
    page.setDefaultTimeout(15_000)
    const seen = watch(page)
    await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle", timeout: 30_000 })
    return { page, ...seen }
  }

  const settled = (page: Page) =>
    page.waitForFunction(
      () => document.querySelectorAll("[role=status].placeholder, .chart .placeholder").length === 0,
      undefined,
      { timeout: 15_000 }
    )

  const checked = async (
    page: Page,
    path: string,
    api: ReadonlyArray<string>,
    errors: ReadonlyArray<string>,
    name: string
  ) => {
    const text = (await page.locator("main").textContent()) ?? ""
    expect(text, `${path} shows no broken values`).not.toMatch(/undefined|NaN|\[object Object\]/)
    expect(api.length, `${path} made ${api.join(", ")}`).toBeLessThanOrEqual(3)
    expect(errors, `${path} console errors`).toEqual([])
    await screenshot(page, name)
    return text
  }

  it("keeps the API's paths: a JSON 404 under /api, /health as JSON", async () => {
    const missing = await fetch(`${baseUrl}/api/nope`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get("content-type")).toMatch(/application\/json/)
    expect(await missing.json()).toMatchObject({ _tag: "RouteNotFound" })
    const health = await fetch(`${baseUrl}/health`)
    expect(health.status).toBe(200)
    expect(health.headers.get("content-type")).toMatch(/application\/json/)
    expect(await health.json()).toMatchObject({ status: "ok", storage: "d1" })
  })

  it("overview: the run count and both agents", async () => {
    const { api, errors, page } = await open("/")
    await settled(page)
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe("Overview")
    const runs = page.locator(".stat", { has: page.locator(".stat-label", { hasText: /^Runs$/ }) })
    expect(await runs.locator(".stat-value").textContent()).toBe(
      String(batchIds.length * scenarios.length * agents.length)
    )
    const text = await checked(page, "/", api, errors, "worker-overview")
    for (const expected of ["Pass rate", "Top agent × model", "echo", "oracle · reference", batchIds[1]]) {
      expect(text).toContain(expected)
    }
    await page.close()
  }, 60_000)

  it("a deep link to a batch renders its cell matrix", async () => {
    const path = `/batches/${batchIds[1]}`
    const { api, errors, page } = await open(path)
    await settled(page)
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe(`Batch ${batchIds[1]}`)
    const matrix = page.locator("table.matrix")
    await matrix.waitFor()
    expect(await matrix.locator("thead th").allTextContents()).toEqual([
      "Scenario",
      "Tier",
      "echo",
      "oracle · reference"
    ])
    expect((await matrix.locator("tbody th[scope=row]").allTextContents()).sort()).toEqual(
      scenarios.map((s) => `demo/${s}`).sort()
    )
    const cells = await matrix.locator("tbody td.cell strong").allTextContents()
    expect(cells).toHaveLength(scenarios.length * agents.length)
    expect(cells.filter((c) => c === "1/1")).toHaveLength(4)
    expect(cells.filter((c) => c === "0/1")).toHaveLength(2)
    const text = await checked(page, path, api, errors, "worker-batch-detail")
    for (const expected of ["completed", "tests_nonregression", "heuristic_checks"]) expect(text).toContain(expected)
    await page.close()
  }, 60_000)

  it("a run shows its diff and its transcript", async () => {
    const path = `/runs/${oracleRun}`
    const { api, errors, page } = await open(path)
    await page.getByTestId("diff").waitFor()
    await page.getByTestId("transcript").waitFor()
    await settled(page)
    expect(await page.locator("h1").textContent()).toBe(`Run ${oracleRun}`)
    expect(await page.locator("[data-testid=diff] tr.add").count()).toBe(6)
    expect(await page.getByTestId("diff").innerText()).toContain("src/slugify.ts")
    const transcript = await page.getByTestId("transcript").innerText()
    expect(transcript).toContain("6 steps, 3 tool calls · reference")
    for (const expected of ["writeFile", "runCommand", "Implemented slugify; the tests pass."]) {
      expect(transcript).toContain(expected)
    }
    expect(await page.getByTestId("commands-log").innerText()).toContain("exit 0")
    const text = await checked(page, path, api, errors, "worker-run-detail")
    for (const expected of ["Score per evaluator", "demo/slugify", batchIds[1]]) expect(text).toContain(expected)
    await page.close()
  }, 60_000)
})
