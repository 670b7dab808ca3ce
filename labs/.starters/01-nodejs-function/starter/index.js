// Lab 1: your first Lambda function.
//
// Everything OUTSIDE the handler is "global code". Lambda runs it once, when
// it starts a new execution environment (the INIT phase of a cold start).
// Warm invocations reuse the environment, so they skip it.
console.log('Global code: a new execution environment is starting');
let invocationCount = 0;

// The handler. Lambda calls it once for every event it receives.
exports.handler = async (event) => {
  // TODO 1: count this invocation. Replace the line below with:
  //         invocationCount = invocationCount + 1;
  invocationCount = invocationCount + 0;

  // TODO 2: greet the person named in the event. The test events in the
  //         events/ folder look like {"name": "Ada"}. When an event has no
  //         name, greet "World". Replace the two lines below with:
  //           const name = event.name || 'World';
  //           const message = `Hello, ${name}!`;
  const name = 'TODO';
  const message = 'TODO';

  console.log(`Greeting ${name}`);
  return { message, invocationCount };
};
