// Lab 4 solution, second function (the same as the starter): it works for a
// while (event.workMs milliseconds), then answers.
exports.handler = async (event) => {
  const workMs = event.workMs || 1000;
  console.log(`Working for ${workMs} ms, asked by a ${event.invocationType || 'direct'} call`);
  await new Promise((resolve) => setTimeout(resolve, workMs));
  return { done: true, workedMs: workMs };
};
