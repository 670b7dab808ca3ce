// Lab 4: the first function invokes the second one, twice: once without
// waiting (asynchronously, InvocationType 'Event') and once waiting for its
// answer (synchronously, InvocationType 'RequestResponse').
//
// The AWS SDK for JavaScript v3 is part of Lambda's Node.js runtime, so no
// npm install is needed. `new LambdaClient({})` finds the Lambda endpoint on
// its own (here: the course's emulator, through AWS_ENDPOINT_URL_LAMBDA).
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');

const lambda = new LambdaClient({});
const WORK_MS = 1000;

// Invokes secondFunction and measures how long the call took.
async function invokeSecond(invocationType) {
  const started = Date.now();

  // TODO 1: send the invocation. Replace the line below with:
  //   const response = await lambda.send(new InvokeCommand({
  //     FunctionName: 'secondFunction',
  //     InvocationType: invocationType,
  //     Payload: JSON.stringify({ workMs: WORK_MS, invocationType }),
  //   }));
  const response = { StatusCode: 'TODO' };

  const tookMs = Date.now() - started;
  console.log(`${invocationType} call: status ${response.StatusCode} after ${tookMs} ms`);
  return { statusCode: response.StatusCode, tookMs };
}

exports.handler = async (event) => {
  // TODO 2: call invokeSecond twice, first with 'Event', then with
  //         'RequestResponse'. Replace the two lines below with:
  //   const asyncCall = await invokeSecond('Event');
  //   const syncCall = await invokeSecond('RequestResponse');
  const asyncCall = 'TODO';
  const syncCall = 'TODO';

  return { asyncCall, syncCall, workMs: WORK_MS };
};
