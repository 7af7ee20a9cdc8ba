import { Effect } from "effect"
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"

/** What the scripted server does with one request: answer, or hold the connection open and never answer. */
export type Reply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | "hang"

export interface ScriptedServer {
  readonly baseUrl: string
  /** Every request received, in order, as `METHOD /path`. */
  readonly requests: Array<string>
}

const healthBody = { status: "ok", timestamp: "2026-11-29T00:00:00.000Z", version: "0.1.0", storage: "memory" }
export const healthy: Reply = { status: 200, body: healthBody }

/**
 * A loopback HTTP server that answers requests from a script, one reply per request; the last reply repeats.
 * Scoped: it closes (dropping hanging connections) when the test's scope ends.
 */
export const scriptedServer = (script: ReadonlyArray<Reply>) =>
  Effect.acquireRelease(
    Effect.async<{ server: ReturnType<typeof createServer>; scripted: ScriptedServer }>((resume) => {
      const requests: Array<string> = []
      const server = createServer((request: IncomingMessage, response: ServerResponse) => {
        requests.push(`${request.method} ${request.url}`)
        const reply = script[Math.min(requests.length - 1, script.length - 1)]!
        request.resume()
        if (reply === "hang") return
        response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers })
        response.end(reply.body === undefined ? "" : JSON.stringify(reply.body))
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ server, scripted: { baseUrl: `http://127.0.0.1:${port}`, requests } }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ scripted }) => scripted))
