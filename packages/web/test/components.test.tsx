import { render, screen, within } from "@solidjs/testing-library"
import { CellSummary, compareBatches, isFlakyCell, RepeatSummary } from "@ze/domain"
import type { ScoredRun } from "@ze/domain"
import { describe, expect, it } from "vitest"
import { Banner } from "../src/components/Banner.js"
import { CellMatrix } from "../src/components/CellMatrix.js"
import DiffView from "../src/components/DiffView.js"
import { TranscriptView } from "../src/components/TranscriptView.js"
import { Verdict } from "../src/components/Verdict.js"
import { warmupCostNote, WarmupTable } from "../src/components/WarmupTable.js"

const summary = (passes: number, runs: number, meanScore: number) =>
  new RepeatSummary({
    runs,
    attributableRuns: runs,
    scoredRuns: runs,
    meanScore,
    standardDeviation: null,
    scoreInterval: null,
    passes,
    passRate: passes / runs,
    passRateInterval: { lower: 0.1, upper: 0.9 },
    passAtK: [{ k: 1, value: passes / runs }, { k: 2, value: 0.9 }],
    passHatK: [],
    flipRate: 0.5,
    flaky: isFlakyCell(runs, passes)
  })

const cell = (scenario: string, agent: string, passes: number, runs: number, score: number) =>
  new CellSummary({ suite: "demo", scenario, tier: "L0", agent, model: null, summary: summary(passes, runs, score) })

describe("CellMatrix", () => {
  it("lays scenarios down and agents across, each cell with its passes, score and pass@k", () => {
    render(() => (
      <CellMatrix
        cells={[
          cell("fizzbuzz", "echo", 0, 3, 2.5),
          cell("fizzbuzz", "oracle", 3, 3, 10),
          cell("slugify", "oracle", 2, 3, 8)
        ]}
      />
    ))
    const table = screen.getByRole("table")
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Scenario",
      "Tier",
      "echo",
      "oracle"
    ])
    const rows = within(table).getAllByRole("row").slice(1)
    expect(rows.map((r) => r.textContent)).toEqual([
      "demo/fizzbuzzL00/32.5pass@2 90%3/310.0pass@2 90%",
      "demo/slugifyL0not run2/38.0pass@2 90%flaky"
    ])
    expect(within(rows[1]!).getByText("2/3").closest("td")!.getAttribute("title")).toContain(
      "(flaky: its repeats disagree)"
    )
    const passed = within(rows[0]!).getByText("3/3").closest("td")!
    expect(passed).toHaveClass("good")
    expect(passed.getAttribute("title")).toContain("3/3 passed (100%, 95% CI 10–90%)")
    expect(within(rows[0]!).getByText("0/3").closest("td")).toHaveClass("bad")
  })
})

describe("CellMatrix with a specialist", () => {
  it("gives the specialist its own column, labelled agent+specialist as the CLI labels it", () => {
    const fizz = new CellSummary({
      suite: "demo",
      scenario: "fizzbuzz",
      tier: "L0",
      agent: "anthropic",
      model: "claude-x",
      specialist: "fizzbuzz-specialist",
      summary: summary(3, 3, 9)
    })
    const plain = new CellSummary({ ...fizz, specialist: undefined, summary: summary(0, 3, 3) })
    render(() => <CellMatrix cells={[plain, fizz]} />)
    const table = screen.getByRole("table")
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Scenario",
      "Tier",
      "anthropic · claude-x",
      "anthropic+fizzbuzz-specialist · claude-x"
    ])
    expect(within(table).getByText("3/3").closest("td")!.getAttribute("title")).toContain(
      "anthropic+fizzbuzz-specialist · claude-x"
    )
    expect(within(table).getByText("0/3").closest("td")).toHaveClass("bad")
  })
})

const run = (scenario: string, passed: boolean, score: number): ScoredRun => ({
  suite: "demo",
  scenario,
  tier: "L0",
  agent: "a",
  model: null,
  status: passed ? "passed" : "failed",
  isSuccessful: passed,
  weightedScore: score,
  repeat: 0,
  startedAt: "2026-12-01T00:00:00.000Z"
})

describe("Verdict", () => {
  it("says the verdict first, then the tests behind it", () => {
    const scenarios = Array.from({ length: 12 }, (_, i) => `s${i}`)
    const comparison = compareBatches(
      { batchId: "base", runs: scenarios.map((s, i) => run(s, false, 2 + (i % 3) * 0.1)) },
      { batchId: "head", runs: scenarios.map((s, i) => run(s, true, 9 - (i % 3) * 0.1)) }
    )
    render(() => <Verdict comparison={comparison} />)
    const verdict = screen.getByTestId("verdict")
    expect(verdict.firstElementChild!.textContent).toContain("Head is better")
    expect(verdict).toHaveClass("good")
    expect(verdict.textContent).toContain("12 cells flipped to pass")
    expect(verdict.textContent).toContain("McNemar p < 0.001")
    expect(screen.getByTestId("compare-mode").textContent).toBe("fixed test")
  })

  it("shows which test produced the verdict", () => {
    const scenarios = Array.from({ length: 12 }, (_, i) => `s${i}`)
    const comparison = compareBatches(
      { batchId: "base", runs: scenarios.map((s) => run(s, false, 2)) },
      { batchId: "head", runs: scenarios.map((s) => run(s, true, 9)) },
      { mode: "sequential" }
    )
    render(() => <Verdict comparison={comparison} />)
    expect(screen.getByTestId("compare-mode").textContent).toBe("sequential test")
    expect(screen.getByTestId("verdict").textContent).toContain("anytime-valid")
  })

  it("says how many pairs an undecided difference would need", () => {
    const scenarios = Array.from({ length: 6 }, (_, i) => `s${i}`)
    const comparison = compareBatches(
      { batchId: "base", runs: scenarios.map((s, i) => run(s, true, 8 + (i % 2))) },
      { batchId: "head", runs: scenarios.map((s, i) => run(s, true, 8.2 + (i % 3) * 0.5)) }
    )
    render(() => <Verdict comparison={comparison} />)
    expect(comparison.verdict).toBe("no detectable difference")
    expect(comparison.score.pairsNeeded).not.toBeNull()
    expect(screen.getByTestId("verdict").textContent).toContain(`about ${comparison.score.pairsNeeded} paired cells`)
  })
})

describe("DiffView", () => {
  it("shows each file with numbered, highlighted lines", () => {
    const patch =
      "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,1 +1,1 @@\n-const a = 1\n+const a = \"<b>\"\n"
    render(() => <DiffView patch={patch} />)
    const view = screen.getByTestId("diff")
    expect(view.textContent).toContain("1 file changed")
    expect(within(view).getByText("src/a.ts")).toBeInTheDocument()
    const added = view.querySelector("tr.add .hljs")!
    expect(added.querySelector(".hljs-keyword")?.textContent).toBe("const")
    expect(added.textContent).toBe("const a = \"<b>\"")
    expect(added.querySelector("b")).toBeNull()
  })
})

describe("TranscriptView", () => {
  it("lists messages and tool calls with their input, output and timing", () => {
    render(() => (
      <TranscriptView
        transcript={{
          version: 1,
          agent: "anthropic",
          model: "m",
          steps: [
            { _tag: "message", role: "user", content: "Fix the bug", at: "2026-12-01T00:00:00.000Z" },
            {
              _tag: "tool_call",
              tool: "read_file",
              input: { path: "a.ts" },
              output: "export {}",
              at: "2026-12-01T00:00:01.500Z",
              durationMs: 12
            },
            {
              _tag: "tool_call",
              tool: "run",
              input: { command: "false" },
              error: "exit 1",
              at: "2026-12-01T00:00:03.000Z",
              durationMs: 40
            }
          ]
        }}
      />
    ))
    const view = screen.getByTestId("transcript")
    expect(view.textContent).toContain("3 steps, 2 tool calls · m")
    const steps = within(view).getAllByRole("listitem")
    expect(steps[1]!.textContent).toContain("read_file")
    expect(steps[1]!.textContent).toContain("+1.5 s")
    expect(steps[1]!.textContent).toContain("\"path\": \"a.ts\"")
    expect(steps[2]!.textContent).toContain("error")
    expect(steps[2]!.querySelector("details[open]")?.textContent).toContain("exit 1")
  })
})

describe("Banner", () => {
  it("is shown only while the API is down, with the reason", () => {
    const { unmount } = render(() => <Banner connection={{ down: false, message: null }} baseUrl="http://x" />)
    expect(screen.queryByRole("alert")).toBeNull()
    unmount()
    render(() => <Banner connection={{ down: true, message: "Cannot reach http://x/api/runs" }} baseUrl="http://x" />)
    expect(screen.getByRole("alert").textContent).toContain("Cannot reach http://x/api/runs")
  })
})

describe("Pager", () => {
  it("offers the next page while there is one, and the first page once away from it", async () => {
    const { Pager } = await import("../src/components/Pager.js")
    const { Option } = await import("effect")
    const asked: Array<string | undefined> = []
    const { unmount } = render(() => (
      <Pager
        cursor={undefined}
        next={Option.some("c2")}
        onCursor={(c) => asked.push(c)}
      />
    ))
    expect(screen.queryByRole("button", { name: "First page" })).toBeNull()
    screen.getByRole("button", { name: "Next page →" }).click()
    unmount()
    render(() => <Pager cursor="c2" next={Option.none()} onCursor={(c) => asked.push(c)} />)
    expect(screen.queryByRole("button", { name: "Next page →" })).toBeNull()
    screen.getByRole("button", { name: "First page" }).click()
    expect(asked).toEqual(["c2", undefined])
  })
})

describe("WarmupTable", () => {
  const base = {
    startedAt: "2026-12-01T10:00:00.000Z",
    commands: [],
    agent: null,
    files: [],
    control: null
  }
  it("shows what each warmup prepared, or why it failed, with its agent's cost", () => {
    render(() => (
      <WarmupTable
        warmups={[
          {
            ...base,
            scenario: "lab/warm",
            type: "scripted",
            status: "succeeded",
            reason: null,
            durationMs: 1500,
            files: ["index.js", "warmed.txt"]
          },
          {
            ...base,
            scenario: "lab/agent",
            type: "agent",
            status: "failed",
            reason: "the warmup agent left no control/ folder",
            durationMs: 20,
            agent: { agent: "anthropic", model: "claude-x", tokensIn: 10, tokensOut: 5, costUsd: null, finalText: "" },
            control: []
          }
        ]}
      />
    ))
    const rows = within(screen.getByRole("table", { name: "Warmups" })).getAllByRole("row")
    expect(rows[1]!.textContent).toContain("lab/warm")
    expect(rows[1]!.textContent).toContain("succeeded")
    expect(rows[1]!.textContent).toContain("prepared: index.js, warmed.txt")
    expect(rows[2]!.textContent).toContain("failed")
    expect(rows[2]!.textContent).toContain("the warmup agent left no control/ folder")
    expect(rows[2]!.textContent).toContain("unpriced")
    expect(rows[2]!.textContent).toContain("10 / 5")
    expect(rows[1]!.textContent).not.toContain(" / ")
  })

  it("the batch's Cost note adds the agent warmups' spend to the runs' (which leave it out), only when there is one", () => {
    const warmup = {
      ...base,
      type: "agent",
      status: "succeeded" as const,
      reason: null,
      durationMs: 20,
      control: ["ready.txt"]
    }
    const agent = { agent: "openai", model: "gpt-x", finalText: "" }
    expect(warmupCostNote({ "lab/a": { ...warmup, scenario: "lab/a" } }, 0.5)).toBeUndefined()
    expect(warmupCostNote({
      "lab/a": { ...warmup, scenario: "lab/a", agent: { ...agent, tokensIn: 1200, tokensOut: 80, costUsd: 0.25 } },
      "lab/b": { ...warmup, scenario: "lab/b", agent: { ...agent, tokensIn: 100, tokensOut: 20, costUsd: null } }
    }, 0.5)).toBe("runs only; warmups $0.25 + 1 unpriced (1,300 in / 100 out tokens), $0.75 with them")
  })
})
