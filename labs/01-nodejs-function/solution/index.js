// Lab 1 solution: a greeting, and a counter kept in global code.
console.log('Global code: a new execution environment is starting');
let invocationCount = 0;

exports.handler = async (event) => {
  invocationCount = invocationCount + 1;
  const name = event.name || 'World';
  const message = `Hello, ${name}!`;
  console.log(`Greeting ${name}`);
  return { message, invocationCount };
};
