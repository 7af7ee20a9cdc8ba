import assert from "node:assert/strict"
import { test } from "node:test"
import { slugify } from "../lib/slugify.mjs"

test("lower case words joined by dashes", () => {
  assert.equal(slugify("Hello World"), "hello-world")
})

test("accents are removed", () => {
  assert.equal(slugify("Crème Brûlée à la carte"), "creme-brulee-a-la-carte")
})

test("separators collapse and never lead or trail", () => {
  assert.equal(slugify("  --Effect & TypeScript: 2025!!  "), "effect-typescript-2025")
})

test("empty input", () => {
  assert.equal(slugify(""), "")
})
