import type { ArtifactInput } from "@ze/domain"

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export interface StoredArtifact {
  readonly name: string
  readonly contentType: string
  readonly content: string
  readonly sizeBytes: number
  readonly storedBytes: number
  readonly truncated: boolean
}

/**
 * Caps an artifact at `maxBytes` of UTF-8. Oversized content keeps its head and its tail (where logs put
 * their errors) around a marker that says how much was cut.
 */
export const capArtifact = (artifact: ArtifactInput, maxBytes: number): StoredArtifact => {
  const bytes = encoder.encode(artifact.content)
  if (bytes.length <= maxBytes) {
    return { ...artifact, sizeBytes: bytes.length, storedBytes: bytes.length, truncated: false }
  }
  const half = Math.floor(maxBytes / 2)
  const head = decoder.decode(bytes.subarray(0, half)).replace(/\uFFFD$/, "")
  const tail = decoder.decode(bytes.subarray(bytes.length - half)).replace(/^\uFFFD/, "")
  const content = `${head}\n… [ze: ${bytes.length - 2 * half} bytes cut, ${bytes.length} in all] …\n${tail}`
  return {
    ...artifact,
    content,
    sizeBytes: bytes.length,
    storedBytes: encoder.encode(content).length,
    truncated: true
  }
}
