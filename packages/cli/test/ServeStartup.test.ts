import { connect } from "node:net"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { freePort, spawnZe, stop, tempDirectory } from "./support/Ze.js"

/** Connects as soon as the port accepts and sends a request at once; resolves with the status line, or "no answer". */
const firstAnswer = (port: number, deadline: number) =>
  new Promise<string>((resolve) => {
    const attempt = () => {
      if (Date.now() > deadline) return resolve("never accepted a connection")
      const socket = connect({ host: "127.0.0.1", port })
      let answer = ""
      socket.once("connect", () => {
        socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        socket.setTimeout(15_000, () => {
          socket.destroy()
          resolve("no answer within 15 s")
        })
      })
      socket.on("data", (chunk) => (answer += chunk))
      socket.once("end", () => resolve(answer.split("\r\n")[0] ?? ""))
      socket.once("error", () => {
        socket.destroy()
        setTimeout(attempt, 2)
      })
    }
    attempt()
  })

describe("ze serve starting up", () => {
  it("answers a request that arrives while it is still starting (three fresh stores)", async () => {
    for (let round = 0; round < 3; round++) {
      const temp = tempDirectory()
      const port = await freePort()
      const server = spawnZe(["serve", "--port", String(port), "--db", join(temp.directory, "fresh.db")], {
        cwd: temp.directory,
        env: { ZE_DASHBOARD_DIR: join(temp.directory, "no-dashboard") }
      })
      try {
        expect(await firstAnswer(port, Date.now() + 30_000), server.output()).toBe("HTTP/1.1 200 OK")
      } finally {
        await stop(server.child, server.exited)
        temp.remove()
      }
    }
  }, 120_000)
})
