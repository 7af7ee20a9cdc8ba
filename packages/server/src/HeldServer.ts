import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { createServer } from "node:http"

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void

/**
 * A Node HTTP server that keeps the requests it accepts before the app is ready: the socket listens before the
 * store is migrated and the handlers are built, and a request that arrives in that window would otherwise never be
 * answered. Held requests go to the first real handler as soon as it is attached.
 */
export const createHeldServer = (): Server => {
  const server = createServer()
  const held: Array<[IncomingMessage, ServerResponse]> = []
  const hold: RequestListener = (request, response) => void held.push([request, response])
  server.on("request", hold)
  const release = (event: string | symbol, listener: unknown) => {
    if (event !== "request" || listener === hold) return
    server.off("newListener", release)
    // `newListener` fires before the listener is added: hand over once it is in place.
    queueMicrotask(() => {
      server.off("request", hold)
      for (const [request, response] of held.splice(0)) (listener as RequestListener)(request, response)
    })
  }
  server.on("newListener", release)
  return server
}
