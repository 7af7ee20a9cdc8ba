import { Effect } from "effect"
import { createServer } from "node:http"
import type { IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

export interface FakeRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

export interface FakeResponse {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body: unknown
}

/** A scripted step: a fixed answer, or one computed from the request (to check what the client sent). */
export type Step = FakeResponse | ((request: FakeRequest) => FakeResponse)

export interface FakeServer {
  readonly url: string
  /** Every request received, in order. */
  readonly requests: Array<FakeRequest>
}

/**
 * An HTTP server on 127.0.0.1 (a free port) answering each request with the next scripted step; past the end of
 * the script it answers 500 with an explanation, so a test never hangs on a missing step. Closed with the scope.
 */
export const fakeServer = (script: ReadonlyArray<Step>) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: ReturnType<typeof createServer>; readonly fake: FakeServer }>((resume) => {
      const requests: Array<FakeRequest> = []
      const server = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          let body: unknown = text
          try {
            body = text === "" ? null : JSON.parse(text)
          } catch {
            body = text
          }
          const request: FakeRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body }
          const step = script[requests.length]
          requests.push(request)
          const response: FakeResponse = step === undefined
            ? { status: 500, body: { error: { type: "fake_server", message: `no scripted step #${requests.length}` } } }
            : typeof step === "function"
            ? step(request)
            : step
          res.writeHead(response.status ?? 200, { "content-type": "application/json", ...response.headers })
          res.end(typeof response.body === "string" ? response.body : JSON.stringify(response.body))
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, fake: { url: `http://127.0.0.1:${port}`, requests } }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ fake }) => fake))
