import { execFileSync } from "node:child_process"
import { cpus, loadavg, totalmem } from "node:os"

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
