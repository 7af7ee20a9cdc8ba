/** Keeps the first and last `cap / 2` bytes of a stream, and counts what it dropped in between. */
export class CappedOutput {
  private head: Array<Buffer> = []
  private headBytes = 0
  private tail: Array<Buffer> = []
  private tailBytes = 0
  total = 0

  constructor(private readonly cap: number) {}

  push(chunk: Buffer) {
    this.total += chunk.length
    const half = Math.floor(this.cap / 2)
    const room = half - this.headBytes
    if (room > 0) {
      const taken = chunk.subarray(0, room)
      this.head.push(taken)
      this.headBytes += taken.length
      chunk = chunk.subarray(taken.length)
    }
    if (chunk.length === 0) return
    this.tail.push(chunk)
    this.tailBytes += chunk.length
    while (this.tail.length > 1 && this.tailBytes - (this.tail[0]?.length ?? 0) >= this.cap - half) {
      this.tailBytes -= this.tail.shift()?.length ?? 0
    }
  }

  get truncated() {
    return this.total > this.cap
  }

  toString() {
    const head = Buffer.concat(this.head).toString("utf8")
    const tailBuffer = Buffer.concat(this.tail)
    const keep = this.cap - this.headBytes
    const tail = tailBuffer.subarray(Math.max(0, tailBuffer.length - keep)).toString("utf8")
    const dropped = this.total - this.headBytes - Math.min(tailBuffer.length, keep)
    return dropped > 0 ? `${head}\n…[${dropped} bytes omitted]…\n${tail}` : head + tail
  }
}

/** The last `max` characters of a text, marked when cut. */
export const tailOf = (text: string, max = 4000) => (text.length <= max ? text : `…${text.slice(text.length - max)}`)
