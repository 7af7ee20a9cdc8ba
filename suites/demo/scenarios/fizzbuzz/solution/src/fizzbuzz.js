const word = (i) => (i % 15 === 0 ? "FizzBuzz" : i % 3 === 0 ? "Fizz" : i % 5 === 0 ? "Buzz" : String(i))

/** The FizzBuzz sequence from 1 to n. */
export function fizzbuzz(n) {
  return Array.from({ length: Math.max(0, n) }, (_, i) => word(i + 1))
}
