"use strict";

/** Returns the greeting for `name`, such as "Hello, Buildlab!". */
function greet(name) {
  return `Hello, ${name}!`;
}

module.exports = { greet };
