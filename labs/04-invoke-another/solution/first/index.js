// Lab 4 solution, first function: invokes secondFunction asynchronously,
// then synchronously, with the AWS SDK v3 that the runtime provides.
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');

const lambda = new LambdaClient({});
const WORK_MS = 1000;

async function invokeSecond(invocationType) {
  const started = Date.now();
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: 'secondFunction',
      InvocationType: invocationType,
      Payload: JSON.stringify({ workMs: WORK_MS, invocationType }),
    }),
  );
  const tookMs = Date.now() - started;
  console.log(`${invocationType} call: status ${response.StatusCode} after ${tookMs} ms`);
  return { statusCode: response.StatusCode, tookMs };
}

exports.handler = async (event) => {
  const asyncCall = await invokeSecond('Event');
  const syncCall = await invokeSecond('RequestResponse');
  return { asyncCall, syncCall, workMs: WORK_MS };
};
