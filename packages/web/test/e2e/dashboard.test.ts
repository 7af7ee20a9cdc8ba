// @vitest-environment node
import type { ChildProcess } from "node:child_process"
import { rmSync } from "node:fs"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  browserMissing,
  ensureDashboard,
  freePort,
  launch,
  screenshot,
  serve,
  stop,
  stopServers,
  tempDirectory,
  watch,
  ze
} from "./support.js"

interface Stored {
  readonly base: string
  readonly head: string
  readonly oracleRun: string
  readonly echoRun: string
  /** A batch like `--agent anthropic --specialist none,fizzbuzz-specialist`: plain and specialist runs side by side. */
  readonly specialistBatch: string
}

const specialist = "fizzbuzz-specialist"

/**
 * Seeds, through the API as `ze bench` would store it, a batch of anthropic runs without and with a specialist
 * (a model agent needs a key, so the runs are posted rather than run): plain fails, the specialist passes. Created
 * before the bench batches, so those stay the newest.
 */
const seedSpecialistBatch = async (baseUrl: string) => {
  const batchId = "specialist-demo"
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer dev-local-key" },
      body: JSON.stringify(body)
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  }
  const dayAgo = Date.now() - 86_400_000
  const at = (minutes: number) => new Date(dayAgo + minutes * 60_000).toISOString()
  await post("/api/results/batch", { batchId, createdAt: dayAgo, completedAt: at(5) })
  for (const [i, scenario] of ["fizzbuzz", "slugify", "deep-merge"].entries()) {
    for (const withSpecialist of [false, true]) {
      await post("/api/results", {
        runId: `${batchId}-${scenario}-${withSpecialist ? "specialist" : "plain"}`,
        batchId,
        suite: "demo",
        scenario,
        tier: "L1",
        agent: "anthropic",
        model: "claude-sonnet-4-5",
        status: withSpecialist ? "passed" : "failed",
        startedAt: at(i),
        completedAt: at(i + 0.5),
        weightedScore: withSpecialist ? 9 : 4,
        totalScore: withSpecialist ? 0.9 : 0.4,
        isSuccessful: withSpecialist,
        evaluations: [{ evaluatorName: "tests_nonregression", score: withSpecialist ? 1 : 0, maxScore: 1 }],
        ...(withSpecialist ? { specialistEnabled: true, specialistName: specialist, specialistVersion: "0.1.0" } : {})
      })
    }
  }
  return batchId
}

describe.skipIf(browserMissing)("the dashboard in Chromium, served by ze serve over the demo suite", () => {
  const directory = tempDirectory("ze-e2e-")
  const db = join(directory, "ze.db")
  let port = 0
  let baseUrl = ""
  let server: ChildProcess | undefined
  let browser: Browser
  let stored: Stored

  beforeAll(async () => {
    await ensureDashboard()
    await ze(["bench", "demo", "--agent", "echo,oracle", "--db", db])
    await ze(["bench", "demo", "--agent", "echo,oracle", "--tier", "all", "--repeat", "2", "--db", db])
    port = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    server = await serve(db, port)
    const specialistBatch = await seedSpecialistBatch(baseUrl)
    const batches = await (await fetch(`${baseUrl}/api/batches`)).json() as Array<{ batchId: string }>
    const run = async (agent: string) =>
      ((await (await fetch(`${baseUrl}/api/runs?agent=${agent}&limit=1`)).json()) as Array<{ runId: string }>)[0]!.runId
    stored = {
      head: batches[0]!.batchId,
      base: batches[1]!.batchId,
      oracleRun: await run("oracle"),
      echoRun: await run("echo"),
      specialistBatch
    }
    browser = await launch()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await stop(server)
    await stopServers()
    rmSync(directory, { recursive: true, force: true })
  })

  const open = async (path: string, width = 1280) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } })
    const seen = watch(page)
    await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" })
    return { page, ...seen }
  }

  /** Waits until no loading placeholder is left on the page. */
  const settled = (page: Page) =>
    page.waitForFunction(() => document.querySelectorAll("[role=status].placeholder, .chart .placeholder").length === 0)

  const pages = (s: Stored) => [
    { name: "overview", path: "/", heading: "Overview", shows: ["Pass rate", "Top agent × model", "oracle"] },
    { name: "runs", path: "/runs", heading: "Runs", shows: [s.oracleRun.slice(0, 12), "demo/"] },
    {
      name: "run-detail",
      path: `/runs/${s.oracleRun}`,
      heading: `Run ${s.oracleRun}`,
      shows: ["Score per evaluator", "file changed", "tool"]
    },
    { name: "batches", path: "/batches", heading: "Batches", shows: [s.head, s.base] },
    {
      name: "batch-detail",
      path: `/batches/${s.head}`,
      heading: `Batch ${s.head}`,
      shows: ["Cells", "2/2", "0/2", "By evaluator"]
    },
    {
      name: "compare",
      path: `/compare?base=${s.base}&head=${s.head}`,
      heading: "Compare batches",
      shows: ["paired cells", "Only in head"]
    },
    {
      name: "batch-detail-specialist",
      path: `/batches/${s.specialistBatch}`,
      heading: `Batch ${s.specialistBatch}`,
      shows: [`anthropic+${specialist} · claude-sonnet-4-5`, "By specialist", "none (plain agents)"]
    },
    {
      name: "compare-specialist",
      path:
        `/compare?base=${s.specialistBatch}&head=${s.specialistBatch}&baseSpecialist=none&headSpecialist=${specialist}`,
      heading: "Compare batches",
      shows: [
        `batch ${s.specialistBatch}, no specialist`,
        `batch ${s.specialistBatch}, specialist ${specialist}`,
        "Head is"
      ]
    },
    {
      name: "run-detail-specialist",
      path: `/runs/${s.specialistBatch}-fizzbuzz-specialist`,
      heading: `Run ${s.specialistBatch}-fizzbuzz-specialist`,
      shows: [`anthropic+${specialist}@0.1.0 · claude-sonnet-4-5`]
    },
    {
      name: "agents",
      path: "/agents",
      heading: "Agents & models",
      shows: ["Leaderboard", "oracle", "echo", "By specialist", specialist]
    },
    { name: "suites", path: "/suites", heading: "Suites & scenarios", shows: ["demo/fizzbuzz", "demo/slugify"] },
    {
      name: "evaluators",
      path: "/evaluators",
      heading: "Evaluators",
      shows: ["tests_nonregression", "heuristic_checks"]
    },
    {
      name: "costs",
      path: "/costs",
      heading: "Costs",
      shows: ["Total cost", "oracle", "anthropic+fizzbuzz-specialist"]
    }
  ]

  it(
    "renders every page with real data, at most 3 API requests each, no console errors, at 1280 and 390 px",
    async () => {
      for (const width of [1280, 390]) {
        for (const { heading, name, path, shows } of pages(stored)) {
          const { api, errors, page } = await open(path, width)
          await settled(page)
          await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe(heading)
          const text = (await page.locator("main").textContent()) ?? ""
          for (const expected of shows) expect(text, `${path} at ${width}px shows ${expected}`).toContain(expected)
          expect(text).not.toMatch(/undefined|NaN|\[object Object\]/)
          expect(api.length, `${path} made ${api.join(", ")}`).toBeLessThanOrEqual(3)
          expect(errors, `${path} console errors`).toEqual([])
          if (name === "costs" || name === "overview") {
            // The first chart (the scatter, the score histogram) is drawn at its panel's width (at most 1,200 px): it
            // fills the panel, and its text is not scaled down.
            const misfit = () =>
              page.locator("figure.chart").first().evaluate((figure) =>
                Math.abs(
                  Number(figure.querySelector("svg")?.getAttribute("width")) - Math.min(figure.clientWidth, 1_200)
                )
              )
            await expect.poll(misfit, { message: `${path}: the first chart fills its panel at ${width}px` })
              .toBeLessThanOrEqual(2)
          }
          if (name === "evaluators") {
            // An evaluator that scored nothing (the judge without a key) has no range: one dash, not "–––".
            expect(await page.locator("tr", { hasText: "llm_judge" }).locator("td").last().textContent()).toBe("–")
          }
          // No chart is drawn wider than its frame, which would scale its text down.
          // A chart is drawn again once its frame is measured: poll, rather than read the first drawing.
          const squeezed = () =>
            page.locator("figure.chart").evaluateAll((figures) =>
              figures.flatMap((figure) =>
                [...figure.querySelectorAll("svg[width]")].filter((svg) =>
                  Number(svg.getAttribute("width")) > figure.clientWidth + 2
                ).map((svg) =>
                  `${figure.getAttribute("aria-label")}: ${svg.getAttribute("width")} px in ${figure.clientWidth}`
                )
              )
            )
          await expect.poll(squeezed, { message: `${path} at ${width}px: a chart wider than its frame` }).toEqual([])
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
          expect(overflow, `${path} at ${width}px scrolls sideways`).toBeLessThanOrEqual(1)
          await screenshot(page, `${name}-${width}`)
          await page.close()
        }
      }
    },
    180_000
  )

  it("revisits a page from its cache without asking the API again", async () => {
    const { api, page } = await open("/")
    await settled(page)
    const first = api.length
    expect(first).toBeGreaterThan(0)
    await page.getByRole("link", { name: "Evaluators" }).click()
    await page.getByRole("heading", { name: "Evaluators", level: 1 }).waitFor()
    await settled(page)
    const afterEvaluators = api.length
    await page.getByRole("link", { name: "Overview" }).click()
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor()
    await page.getByText("Top agent × model").waitFor()
    await page.getByRole("link", { name: "Evaluators" }).click()
    await page.getByText("tests_nonregression").first().waitFor()
    expect(api.length).toBe(afterEvaluators)
    await page.close()
  })

  it("keeps the runs filters in the URL: they change the rows, and Back restores them", async () => {
    const { page } = await open("/runs")
    await settled(page)
    const all = await page.locator("main tbody tr").count()
    await page.locator("select#agent").selectOption("echo")
    await expect.poll(() => page.url()).toContain("agent=echo")
    await page.waitForFunction(() =>
      [...document.querySelectorAll("main tbody tr td:nth-child(4)")].every((td) => td.textContent === "echo")
    )
    await page.getByLabel("Tier").selectOption("L1")
    await expect.poll(() => new URL(page.url()).searchParams.get("tier")).toBe("L1")
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll("main tbody tr")]
      return rows.length > 0 &&
        rows.every((row) => row.children[2]?.textContent === "L1" && row.children[3]?.textContent === "echo")
    })
    const filtered = await page.locator("main tbody tr").count()
    expect(filtered).toBeLessThan(all)
    await page.goBack()
    await expect.poll(() => new URL(page.url()).searchParams.get("tier")).toBeNull()
    await expect.poll(() => page.getByLabel("Tier").inputValue()).toBe("")
    await page.getByLabel("Sort").selectOption("score-asc")
    await expect.poll(() => page.url()).toContain("sort=score-asc")
    await page.goto(page.url())
    await settled(page)
    // The agent choices come with the facets, which may answer after the rows.
    await expect.poll(() => page.locator("select#agent").inputValue()).toBe("echo")
    await page.close()
  })

  it("moves through a table's rows with the arrow keys, with a visible focus", async () => {
    const { page } = await open("/runs")
    await settled(page)
    const links = page.locator("main tbody tr td:first-child a")
    await links.nth(0).focus()
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("ArrowDown")
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await links.nth(2).textContent())
    await page.keyboard.press("ArrowUp")
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await links.nth(1).textContent())
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).toBe("solid")
    await page.keyboard.press("Enter")
    await expect.poll(() => page.url()).toContain("/runs/run-")
    await page.close()
  })

  it("shows a run's diff and transcript, and a compare verdict", async () => {
    const run = await open(`/runs/${stored.oracleRun}`)
    await run.page.getByTestId("diff").waitFor()
    expect(await run.page.locator("[data-testid=diff] tr.add").count()).toBeGreaterThan(0)
    expect(await run.page.getByTestId("transcript").innerText()).toContain("writeFile")
    expect(await run.page.getByTestId("commands-log").innerText()).toContain("exit 0")
    expect(await run.page.getByTestId("baseline").innerText()).toMatch(
      /This run passed [1-9]\d* of the [1-9]\d* checks that fail on the untouched fixture/
    )
    await run.page.close()

    const echo = await open(`/runs/${stored.echoRun}`)
    await settled(echo.page)
    expect(await echo.page.locator("main").innerText()).toContain("required command(s) failed")
    await echo.page.close()

    const compare = await open(`/compare?base=${stored.base}&head=${stored.head}`)
    await compare.page.getByTestId("verdict").waitFor()
    expect(await compare.page.getByTestId("verdict").innerText()).toMatch(
      /^Head is (better|worse|not detectably different|not decided)/
    )
    await compare.page.locator("select#base").selectOption(stored.head)
    await compare.page.locator("select#head").selectOption(stored.base)
    await expect.poll(() => new URL(compare.page.url()).searchParams.get("base")).toBe(stored.head)
    expect(await compare.page.getByTestId("compare-mode").innerText()).toBe("fixed test")
    await compare.page.getByLabel("Test").selectOption("sequential")
    await expect.poll(() => compare.page.getByTestId("compare-mode").innerText()).toBe("sequential test")
    await compare.page.close()
  })

  it("opens a leaderboard row's own runs: the specialist's, then the plain agent's alone", async () => {
    const { page } = await open("/agents")
    await page.getByRole("link", { name: `anthropic+${specialist} · claude-sonnet-4-5` }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get("specialist")).toBe(specialist)
    const agents = () =>
      page.evaluate(() => [...document.querySelectorAll("main tbody tr td:nth-child(4)")].map((td) => td.textContent))
    await expect.poll(agents).toEqual(Array.from({ length: 3 }, () => `anthropic+${specialist} · claude-sonnet-4-5`))
    await expect.poll(() => page.locator("select#specialist").inputValue()).toBe(specialist)
    await page.locator("select#specialist").selectOption("none")
    await expect.poll(async () => (await agents()).length).toBe(3)
    await expect.poll(agents).toEqual(Array.from({ length: 3 }, () => "anthropic · claude-sonnet-4-5"))
    await page.close()
  })

  it("compares a batch's specialist with its plain agent from the compare page's shortcut", async () => {
    const { page } = await open(`/compare?base=${stored.specialistBatch}`)
    await page.getByTestId("helps").getByRole("link", { name: `${specialist} vs no specialist` }).click()
    await page.getByTestId("sides").waitFor()
    expect((await page.getByTestId("sides").innerText()).replace(/\s+/g, " ")).toBe(
      `Base: batch ${stored.specialistBatch}, no specialist → Head: batch ${stored.specialistBatch}, specialist ${specialist}`
    )
    expect(await page.getByTestId("verdict").innerText()).toContain("3 paired cells")
    expect(await page.getByLabel("Head specialist").inputValue()).toBe(specialist)
    await page.getByLabel("Head specialist").selectOption("none")
    await expect.poll(() => page.locator("main").innerText()).toContain("Both sides are the same runs")
    await page.close()
  })

  it("follows a running batch live until it completes", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer dev-local-key" },
        body: JSON.stringify(body)
      }).then((response) => expect(response.status).toBe(201))
    const batchId = `live-${Date.now()}`
    const run = (n: number) => ({
      runId: `${batchId}-run-${n}`,
      batchId,
      suite: "demo",
      scenario: `scenario-${n}`,
      tier: "L0",
      agent: "echo",
      status: "failed",
      startedAt: new Date().toISOString(),
      completedAt: new Date().toISOString(),
      weightedScore: 2
    })
    await post("/api/results/batch", { batchId, createdAt: Date.now(), metadata: { cells: 3 } })
    await post("/api/results", run(1))
    const { page } = await open(`/batches/${batchId}`)
    await page.getByText("1 of 3 runs").waitFor()
    await post("/api/results", run(2))
    await page.getByText("2 of 3 runs").waitFor({ timeout: 10_000 })
    await post("/api/results", run(3))
    await post("/api/results/batch", { batchId, completedAt: Date.now() })
    await page.locator(".actions-row .badge", { hasText: "completed" }).waitFor({ timeout: 10_000 })
    expect(await page.locator(".matrix tbody tr").count()).toBe(3)
    await page.close()
  })

  it("says when the API is down, retries by itself, and recovers when it is back", async () => {
    const { page } = await open("/")
    await settled(page)
    await stop(server)
    await page.getByRole("link", { name: "Costs" }).click()
    await page.getByTestId("api-down").waitFor({ timeout: 20_000 }).catch(async (error) => {
      await screenshot(page, "api-down-missing")
      console.log("API requests", JSON.stringify((await page.evaluate(() => document.body.innerText)).slice(0, 2000)))
      throw error
    })
    expect(await page.getByTestId("api-down").innerText()).toContain("cannot be reached")
    await screenshot(page, "api-down")
    server = await serve(db, port)
    await page.getByTestId("api-down").waitFor({ state: "detached", timeout: 20_000 })
    await page.getByText("Total cost").waitFor()
    await page.close()
  }, 90_000)
})
