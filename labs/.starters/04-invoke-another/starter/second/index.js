// Lab 4: the second function. It is complete: it pretends to work for a
// while (event.workMs milliseconds), then answers.
exports.handler = async (event) => {
  const workMs = event.workMs || 1000;
  console.log(`Working for ${workMs} ms, asked by a ${event.invocationType || 'direct'} call`);
  await new Promise((resolve) => setTimeout(resolve, workMs));
  return { done: true, workedMs: workMs };
};
