import { Agent, request } from "node:http"
import { percentile } from "./Report.js"

export interface LoadResult {
  readonly concurrency: number
  readonly requests: number
  readonly wallMs: number
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  /** Answers outside 2xx and transport errors, by status (`"error"` for the latter). */
  readonly failures: Record<string, number>
  /** The first answer of each failing status (its first 300 characters), to say what went wrong. */
  readonly failureSamples: Record<string, string>
  readonly accepted: number
  readonly latencies: ReadonlyArray<number>
}

/** The status, and the start of the answer when it is not a success (`-1` and the error for a transport error). */
const post = (agent: Agent, url: URL, body: Buffer, headers: Record<string, string>) =>
  new Promise<{ readonly status: number; readonly answer: string }>((resolve) => {
    const req = request(url, {
      agent,
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "content-length": String(body.length) }
    }, (response) => {
      const status = response.statusCode ?? 0
      let answer = ""
      response.on("data", (chunk: Buffer) => {
        if ((status < 200 || status >= 300) && answer.length < 300) answer += chunk.toString("utf8")
      })
      response.on("end", () => resolve({ status, answer: answer.slice(0, 300) }))
      response.on("error", (error) => resolve({ status: -1, answer: String(error) }))
    })
    req.on("error", (error) => resolve({ status: -1, answer: String(error) }))
    req.end(body)
  })

/**
 * A closed loop: `concurrency` senders over keep-alive connections, each sending its next request as soon as its last
 * one is answered, until `count` requests are sent. `body(i)` builds the i-th request, before the clock starts.
 */
export const closedLoop = async (options: {
  readonly url: string
  readonly concurrency: number
  readonly count: number
  readonly body: (i: number) => string
  readonly headers?: Record<string, string>
}): Promise<LoadResult> => {
  const url = new URL(options.url)
  const bodies = Array.from({ length: options.count }, (_, i) => Buffer.from(options.body(i)))
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency })
  const latencies: Array<number> = []
  const failures: Record<string, number> = {}
  const failureSamples: Record<string, string> = {}
  let next = 0
  let accepted = 0
  const sender = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!
      const started = performance.now()
      const { answer, status } = await post(agent, url, body, options.headers ?? {})
      latencies.push(performance.now() - started)
      if (status >= 200 && status < 300) accepted++
      else {
        const key = status === -1 ? "error" : String(status)
        failures[key] = (failures[key] ?? 0) + 1
        failureSamples[key] ??= answer
      }
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: options.concurrency }, sender))
  const wallMs = performance.now() - started
  agent.destroy()
  return {
    concurrency: options.concurrency,
    requests: bodies.length,
    wallMs,
    perSecond: bodies.length / (wallMs / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failures,
    failureSamples,
    accepted,
    latencies
  }
}

/** Parts of one cell run at different times, as one: requests over the summed wall time, percentiles over all. */
export const combine = (parts: ReadonlyArray<LoadResult>): LoadResult => {
  const latencies = parts.flatMap((part) => part.latencies)
  const wallMs = parts.reduce((total, part) => total + part.wallMs, 0)
  const requests = parts.reduce((total, part) => total + part.requests, 0)
  const failures: Record<string, number> = {}
  const failureSamples: Record<string, string> = {}
  for (const part of parts) {
    for (const [status, n] of Object.entries(part.failures)) failures[status] = (failures[status] ?? 0) + n
    for (const [status, answer] of Object.entries(part.failureSamples)) failureSamples[status] ??= answer
  }
  return {
    concurrency: parts[0]!.concurrency,
    requests,
    wallMs,
    perSecond: requests / (wallMs / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failures,
    failureSamples,
    accepted: parts.reduce((total, part) => total + part.accepted, 0),
    latencies
  }
}
