import { readdirSync, readFileSync } from "node:fs"

/** Carried by every contained command: the workspace it runs for (a crashed batch's leftovers are found by it). */
export const SANDBOX_VARIABLE = "ZE_SANDBOX"
/** Carried by every contained command: one id per command, to find what it left running when it ends. */
export const COMMAND_VARIABLE = "ZE_SANDBOX_COMMAND"

const carries = (pid: string, entry: string) => {
  try {
    return `\0${readFileSync(`/proc/${pid}/environ`, "latin1")}`.includes(entry)
  } catch {
    return false // gone, or not ours to read
  }
}

const kill = (pid: number) => {
  try {
    process.kill(pid, "SIGKILL")
    return true
  } catch {
    return false
  }
}

const otherPids = () => {
  try {
    return readdirSync("/proc").filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
  } catch {
    return [] // no /proc (not Linux): only process groups contain commands there
  }
}

/**
 * The processes (but this one) whose environment carries `name=value`, or with `prefix` any value that starts with
 * `value`. Linux only (`/proc`); elsewhere none are found.
 */
export const taggedProcesses = (name: string, value: string, match: "exact" | "prefix" = "exact") => {
  const entry = `\0${name}=${value}${match === "exact" ? "\0" : ""}`
  return otherPids().filter((pid) => carries(pid, entry)).map(Number)
}

/**
 * Kills every process whose environment carries `name=value`, wherever it went (another process group, a new
 * session, orphaned to init), scanning `/proc` again until none is left. A process that rewrote its environment
 * (`env -i`) is not found. Returns how many were killed.
 */
export const killTagged = (name: string, value: string): number => {
  let killed = 0
  for (let round = 0; round < 20; round++) {
    const found = taggedProcesses(name, value)
    if (found.length === 0) break
    for (const pid of found) if (kill(pid)) killed++
  }
  return killed
}

/** True when a process with this id exists (it may belong to another user). */
export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}
