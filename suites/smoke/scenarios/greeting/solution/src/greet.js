/** A greeting for `name`, or for the world. */
export const greet = (name = "world") => `Hello, ${name}!`
