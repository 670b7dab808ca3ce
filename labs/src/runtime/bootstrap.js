// The emulator's Node.js runtime: the loop that the managed Node.js runtime
// runs inside every Lambda execution environment, written for this course.
//
// 1. INIT: load the module named by _HANDLER (for example `index.handler`)
//    from the task folder; its global code runs here, once per environment.
// 2. INVOKE, for ever: GET /runtime/invocation/next, call the handler, POST
//    the result to /response or the error to /error.
// Console lines are written as `time<TAB>requestId<TAB>LEVEL<TAB>message`,
// like the Node.js runtime does in its plain-text log format.
'use strict';

const http = require('http');
const path = require('path');
const fs = require('fs');
const util = require('util');
const { pathToFileURL } = require('url');

const API = process.env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001';
const [API_HOST, API_PORT] = API.split(':');
const BASE = '/2018-06-01/runtime';
// One socket, kept alive: the runtime talks to the API one call at a time.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
// Written after the handler's output and before the answer, so the emulator
// knows every line printed for this request has been read.
const FLUSH_MARK = '\u001eLAMBDA-EMULATOR-FLUSH ';

let currentRequestId; // `undefined` during INIT, as in Lambda's own log lines

function call(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      {
        host: API_HOST,
        port: Number(API_PORT),
        method,
        path: BASE + route,
        agent,
        headers: Object.assign(
          payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
          headers || {},
        ),
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

// ---- logging ---------------------------------------------------------------

// Lines are written synchronously, as Lambda's runtime does: a handler that
// logs in a tight loop waits for its lines to be taken instead of piling
// them up in memory (which would get it killed for memory it never used).
function writeOut(text) {
  const bytes = Buffer.from(text);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += fs.writeSync(1, bytes, written);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
    }
  }
}

function writeLine(level, args) {
  const message = util.format.apply(null, args).replace(/\n/g, '\r');
  writeOut(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`);
}

function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG' };
  for (const [name, level] of Object.entries(levels)) {
    console[name] = (...args) => writeLine(level, args);
  }
  console.trace = (...args) => {
    const err = new Error(util.format.apply(null, args));
    err.name = 'Trace';
    writeLine('TRACE', [err.stack]);
  };
}

function flushMark(requestId) {
  writeOut(`${FLUSH_MARK}${requestId}\n`);
}

// ---- errors ----------------------------------------------------------------

function errorJson(err, fallbackType) {
  if (err instanceof Error) {
    return {
      errorType: fallbackType || err.name || 'Error',
      errorMessage: err.message,
      trace: String(err.stack || '').split('\n'),
    };
  }
  if (typeof err === 'object' && err !== null) {
    return { errorType: fallbackType || 'object', errorMessage: JSON.stringify(err), trace: [] };
  }
  return { errorType: fallbackType || typeof err, errorMessage: String(err), trace: [] };
}

class UserCodeError extends Error {
  constructor(type, message, cause) {
    super(message);
    this.name = type;
    if (cause && cause.stack) this.stack = `${type}: ${message}\n${cause.stack}`;
  }
}

// ---- loading the handler -----------------------------------------------------

async function loadHandler() {
  const handlerSetting = process.env._HANDLER || '';
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const match = /^([^.]*?)\.([^/]+)$/.exec(path.basename(handlerSetting));
  if (!match) {
    throw new UserCodeError('Runtime.MalformedHandlerName', `Bad handler ${handlerSetting}`);
  }
  const modulePath = path.join(root, path.dirname(handlerSetting), match[1]);
  const functionPath = match[2].split('.');

  let mod;
  const candidates = ['.js', '.mjs', '.cjs'].map((ext) => modulePath + ext).filter((f) => fs.existsSync(f));
  if (candidates.length === 0) {
    throw new UserCodeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${match[1]}'\nRequire stack:\n- ${__filename}`,
    );
  }
  const file = candidates[0];
  try {
    if (file.endsWith('.mjs')) {
      mod = await import(pathToFileURL(file).href);
    } else {
      try {
        mod = require(file);
      } catch (err) {
        if (err && err.code === 'ERR_REQUIRE_ESM') mod = await import(pathToFileURL(file).href);
        else throw err;
      }
    }
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new UserCodeError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`, err);
    }
    if (err && err.code === 'MODULE_NOT_FOUND') {
      throw new UserCodeError('Runtime.ImportModuleError', `Error: ${err.message}`, err);
    }
    throw err;
  }

  let handler = mod;
  for (const part of functionPath) handler = handler == null ? undefined : handler[part];
  if (handler === undefined && mod && mod.default) {
    handler = mod.default;
    for (const part of functionPath) handler = handler == null ? undefined : handler[part];
  }
  if (typeof handler !== 'function') {
    throw new UserCodeError('Runtime.HandlerNotFound', `${path.basename(handlerSetting)} is undefined or not exported`);
  }
  return handler;
}

// ---- one invocation ----------------------------------------------------------

function makeContext(headers, done) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (err, result) => done(err, result),
    succeed: (result) => done(null, result),
    fail: (err) => done(err == null ? 'handled' : err),
  };
  if (headers['lambda-runtime-client-context']) {
    context.clientContext = JSON.parse(headers['lambda-runtime-client-context']);
  }
  if (headers['lambda-runtime-cognito-identity']) {
    context.identity = JSON.parse(headers['lambda-runtime-cognito-identity']);
  }
  return context;
}

// Runs the handler once; resolves with {result} or {error}, whichever style
// (async function or callback) the handler uses, taking only the first answer.
function runHandler(handler, event, headers) {
  return new Promise((resolve) => {
    let answered = false;
    const done = (err, result) => {
      if (answered) return;
      answered = true;
      if (err !== null && err !== undefined) resolve({ error: err });
      else resolve({ result });
    };
    const context = makeContext(headers, done);
    try {
      const returned = handler(event, context, done);
      if (returned && typeof returned.then === 'function') {
        returned.then(
          (value) => done(null, value),
          (err) => done(err === undefined || err === null ? new Error('Promise rejected without a reason') : err),
        );
      } else if (handler.length < 3) {
        // A synchronous handler without a callback: its answer is `null`.
        setImmediate(() => done(null, undefined));
      }
    } catch (err) {
      done(err);
    }
  });
}

async function serve(handler) {
  for (;;) {
    const next = await call('GET', '/invocation/next');
    if (next.status !== 200) {
      throw new Error(`next returned ${next.status}: ${next.body}`);
    }
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    if (next.headers['lambda-runtime-trace-id']) {
      process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    } else {
      delete process.env._X_AMZN_TRACE_ID;
    }
    let outcome;
    try {
      const text = next.body.toString('utf8');
      const event = text.length === 0 ? {} : JSON.parse(text);
      outcome = await runHandler(handler, event, next.headers);
    } catch (err) {
      outcome = { error: err };
    }
    if ('error' in outcome) {
      const body = errorJson(outcome.error);
      writeLine('ERROR', ['Invoke Error \t%s', JSON.stringify(body)]);
      flushMark(requestId);
      await call('POST', `/invocation/${requestId}/error`, JSON.stringify(body));
    } else {
      let body;
      try {
        body = outcome.result === undefined ? 'null' : JSON.stringify(outcome.result);
      } catch (err) {
        body = undefined;
        const errBody = errorJson(err, 'Runtime.SerializationError');
        writeLine('ERROR', ['Invoke Error \t%s', JSON.stringify(errBody)]);
        flushMark(requestId);
        await call('POST', `/invocation/${requestId}/error`, JSON.stringify(errBody));
      }
      if (body !== undefined) {
        flushMark(requestId);
        await call('POST', `/invocation/${requestId}/response`, body);
      }
    }
  }
}

// An exception nobody caught ends the environment, as in Lambda: report it
// for the current request (or INIT), then exit.
function onFatal(label, type) {
  return async (err) => {
    const body = errorJson(err, type);
    writeLine('ERROR', [`${label} \t%s`, JSON.stringify(body)]);
    try {
      if (currentRequestId) {
        flushMark(currentRequestId);
        // A runtime-level error type tells the emulator this environment is ending.
        await call('POST', `/invocation/${currentRequestId}/error`, JSON.stringify(body), {
          'lambda-runtime-function-error-type': type || 'Runtime.UncaughtException',
        });
      } else {
        await call('POST', '/init/error', JSON.stringify(body), { 'lambda-runtime-function-error-type': body.errorType });
      }
    } finally {
      process.exit(129);
    }
  };
}

async function main() {
  patchConsole();
  process.on('uncaughtException', onFatal('Uncaught Exception', undefined));
  process.on('unhandledRejection', (reason) =>
    onFatal('Unhandled Promise Rejection', 'Runtime.UnhandledPromiseRejection')(
      reason instanceof Error ? reason : new Error(String(reason)),
    ),
  );
  let handler;
  try {
    handler = await loadHandler();
  } catch (err) {
    const body = errorJson(err);
    writeLine('ERROR', ['Init Error \t%s', JSON.stringify(body)]);
    await call('POST', '/init/error', JSON.stringify(body), { 'lambda-runtime-function-error-type': body.errorType });
    process.exit(129);
  }
  await serve(handler);
}

main().catch((err) => {
  process.stderr.write(`runtime failure: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
