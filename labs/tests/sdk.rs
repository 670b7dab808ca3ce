//! Conformance with a client written by others: the AWS SDK for JavaScript
//! v3 (`@aws-sdk/client-lambda`, locked in labs/runtime) calls the emulator's
//! Invoke API from a plain Node.js script.

use crate::support;

use std::process::Command;
use std::time::Duration;

use labs::{CodeSource, FunctionSpec};
use serde_json::Value;

const SCRIPT: &str = r#"
const { LambdaClient, InvokeCommand } = require("@aws-sdk/client-lambda");
const explicit = new LambdaClient({
  region: "us-east-1",
  endpoint: process.env.EMULATOR_URL,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});
// No endpoint option: the SDK must find the emulator through AWS_ENDPOINT_URL_LAMBDA.
const implicit = new LambdaClient({ maxAttempts: 1 });
const text = (p) => (p ? Buffer.from(p).toString("utf8") : "");
function summary(r) {
  return { status: r.StatusCode, error: r.FunctionError || null, version: r.ExecutedVersion || null,
           payload: text(r.Payload), log: r.LogResult ? Buffer.from(r.LogResult, "base64").toString("utf8") : null,
           requestId: r.$metadata.requestId };
}
async function failure(promise) {
  try { await promise; return { ok: true }; }
  catch (e) { return { name: e.name, status: e.$metadata && e.$metadata.httpStatusCode, message: e.message, reason: e.Reason || null }; }
}
(async () => {
  const out = {};
  out.sync = summary(await explicit.send(new InvokeCommand({ FunctionName: "echo", Payload: JSON.stringify({ hi: 1 }), LogType: "Tail" })));
  out.implicit = summary(await implicit.send(new InvokeCommand({ FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:echo", Payload: "{}" })));
  out.async = summary(await explicit.send(new InvokeCommand({ FunctionName: "echo", InvocationType: "Event", Payload: "{}" })));
  out.dryRun = summary(await explicit.send(new InvokeCommand({ FunctionName: "echo", InvocationType: "DryRun" })));
  out.functionError = summary(await explicit.send(new InvokeCommand({ FunctionName: "fails", Payload: "{}" })));
  out.notFound = await failure(explicit.send(new InvokeCommand({ FunctionName: "nobody" })));
  const busy = explicit.send(new InvokeCommand({ FunctionName: "slow", Payload: "{}" }));
  await new Promise((r) => setTimeout(r, 300));
  out.throttled = await failure(explicit.send(new InvokeCommand({ FunctionName: "slow", Payload: "{}" })));
  out.busy = summary(await busy);
  out.tooLarge = await failure(explicit.send(new InvokeCommand({ FunctionName: "echo", Payload: JSON.stringify("x".repeat(7 * 1024 * 1024)) })));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

#[test]
fn aws_sdk_v3_invoke_command_works_unchanged() {
    let modules = support::crate_dir().join("runtime/node_modules");
    support::require_npm_module(
        &support::crate_dir().join("runtime"),
        "@aws-sdk/client-lambda",
    );
    let emu = support::emulator("sdk");
    support::deploy_js(
        &emu,
        "echo",
        "exports.handler = async (e) => { console.log('echo'); return { got: e }; };",
    );
    support::deploy_js(
        &emu,
        "fails",
        "exports.handler = async () => { throw new RangeError('out of range'); };",
    );
    let mut slow = FunctionSpec::new(
        "slow",
        "index.handler",
        CodeSource::Folder(support::function_dir(
            "slow",
            "exports.handler = async () => { await new Promise((r) => setTimeout(r, 1000)); return 'slow done'; };",
        )),
    );
    slow.reserved_concurrency = Some(1);
    emu.deploy(slow).unwrap();

    let dir = support::scratch_dir("sdk-script");
    std::fs::write(dir.join("sdk.js"), SCRIPT).unwrap();
    let out = Command::new("node")
        .arg(dir.join("sdk.js"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NODE_PATH", &modules)
        .env("EMULATOR_URL", emu.invoke_url())
        .env("AWS_ENDPOINT_URL_LAMBDA", emu.invoke_url())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("the script prints JSON");

    assert_eq!(r["sync"]["status"], 200, "{r:#}");
    assert_eq!(r["sync"]["version"], "$LATEST");
    assert_eq!(r["sync"]["payload"], r#"{"got":{"hi":1}}"#);
    assert!(r["sync"]["log"]
        .as_str()
        .unwrap()
        .contains("REPORT RequestId: "));
    assert_eq!(r["sync"]["requestId"].as_str().unwrap().len(), 36);
    assert_eq!(
        r["implicit"]["status"], 200,
        "AWS_ENDPOINT_URL_LAMBDA is honoured"
    );
    assert_eq!(r["async"]["status"], 202);
    assert_eq!(r["dryRun"]["status"], 204);
    assert_eq!(r["functionError"]["status"], 200);
    assert_eq!(r["functionError"]["error"], "Unhandled");
    let err: Value = serde_json::from_str(r["functionError"]["payload"].as_str().unwrap()).unwrap();
    assert_eq!(err["errorType"], "RangeError");
    assert_eq!(r["notFound"]["name"], "ResourceNotFoundException");
    assert_eq!(r["notFound"]["status"], 404);
    assert!(r["notFound"]["message"]
        .as_str()
        .unwrap()
        .contains("Function not found"));
    assert_eq!(r["throttled"]["name"], "TooManyRequestsException");
    assert_eq!(r["throttled"]["status"], 429);
    assert_eq!(
        r["throttled"]["reason"],
        "ReservedFunctionConcurrentInvocationLimitExceeded"
    );
    assert_eq!(r["busy"]["payload"], "\"slow done\"");
    assert_eq!(r["tooLarge"]["name"], "RequestTooLargeException");
    assert_eq!(r["tooLarge"]["status"], 413);
    assert!(emu.wait_async(Duration::from_secs(5)));
}
