import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs"
import { cpus, loadavg, totalmem } from "node:os"
import { fileURLToPath } from "node:url"

/** `ZE_BENCH_SMOKE=1`: the same benches with tiny counts, to check they still run (seconds, not minutes). */
export const smoke = process.env.ZE_BENCH_SMOKE === "1"

export const ms = (value: number) => value.toFixed(1)
export const kib = (bytes: number) => (bytes / 1024).toFixed(1)
export const ratio = (value: number) => `${value.toFixed(2)}×`
export const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL")

export const median = (values: ReadonlyArray<number>) => percentile(values, 0.5)

/** Linear interpolation between the closest ranks; 0 for no values. */
export const percentile = (values: ReadonlyArray<number>, p: number) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (sorted.length - 1) * p
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low)
}

/** A markdown table, columns padded so it also reads well as plain text. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`
  return [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n")
}

/** The facts a reader needs to weigh the figures: cores, memory, CPU model, Node, how busy the machine was, date. */
export const machine = () => {
  const nproc = (() => {
    try {
      return execFileSync("nproc", { encoding: "utf8" }).trim()
    } catch {
      return String(cpus().length)
    }
  })()
  return `Machine: nproc ${nproc}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${
    cpus()[0]?.model ?? "unknown CPU"
  }, ` +
    `Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the start, ${
      new Date().toISOString().slice(0, 10)
    }${smoke ? " (ZE_BENCH_SMOKE=1: tiny counts, not figures)" : ""}`
}

/** Prints one topic's report as a block, so vitest's output keeps it together. */
export const print = (lines: ReadonlyArray<string>) => console.log(["", ...lines, ""].join("\n"))

/** A goal of the issue's, as a topic measured it: one row of BENCHMARKS.md's Goals table (no ": " in `goal`). */
export interface Goal {
  readonly goal: string
  readonly figure: string
  readonly pass: boolean
}

const goalLine = (goal: Goal) => `Goal ${goal.goal}: ${goal.figure} → ${verdict(goal.pass)}`
const goalPattern = /^Goal (.+?): (.+) → (PASS|FAIL)$/

const benchmarksFile = fileURLToPath(new URL("../../../../BENCHMARKS.md", import.meta.url))
const marker = (topic: string, end: "start" | "end") => `<!-- bench:${topic}:${end} -->`

/** Replaces what lies between a topic's two markers; a file without them gets them appended. */
const replaceBlock = (text: string, topic: string, content: string) => {
  const start = marker(topic, "start")
  const end = marker(topic, "end")
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  const block = `${start}\n${content}\n${end}`
  return from === -1 || to < from
    ? `${text.trimEnd()}\n\n${block}\n`
    : `${text.slice(0, from)}${block}${text.slice(to + end.length)}`
}

/** The Goals table, rebuilt from the goal lines of every topic's block, so one topic run anew updates its rows only. */
const goalsTable = (text: string) => {
  const rows = text.split("\n").flatMap((line) => {
    const match = line.match(goalPattern)
    return match === null ? [] : [[match[1]!, match[2]!, match[3]!]]
  })
  return table(["goal", "figure", "result"], rows)
}

/**
 * Prints one topic's report with its goals, and in a full run (not `ZE_BENCH_SMOKE=1`) writes it into
 * BENCHMARKS.md between the topic's markers and rebuilds the Goals table: the file holds what the last run of each
 * topic measured, next to the prose that explains it (outside the markers).
 */
export const publish = (topic: string, lines: ReadonlyArray<string>, goals: ReadonlyArray<Goal> = []) => {
  const report = [...lines, ...(goals.length === 0 ? [] : ["", ...goals.map(goalLine)])]
  print(report)
  if (smoke) return
  withFileLock(() => {
    const text = replaceBlock(readFileSync(benchmarksFile, "utf8"), topic, report.join("\n"))
    writeFileSync(benchmarksFile, replaceBlock(text, "goals", goalsTable(text)))
  })
}

/** Bench files may run side by side: each read-and-rewrite of BENCHMARKS.md holds a lock directory (30 s at most). */
const withFileLock = (f: () => void) => {
  const lock = `${benchmarksFile}.lock`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || Date.now() > deadline) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
    }
  }
  try {
    f()
  } finally {
    rmdirSync(lock)
  }
}
