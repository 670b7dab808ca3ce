//! The Runtime API's state machine and headers, probed from inside a
//! function (the only place its address is known, as on Lambda).

use crate::support;

use labs::InvokeRequest;

#[test]
fn runtime_api_headers_and_state_machine() {
    let emu = support::emulator("rtapi");
    support::deploy_js(
        &emu,
        "probe",
        r#"
        const http = require("http");
        const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
        function call(method, path, body) {
          return new Promise((resolve, reject) => {
            const req = http.request({ host, port, method, path: "/2018-06-01/runtime" + path }, (res) => {
              let data = ""; res.on("data", (c) => (data += c)); res.on("end", () => resolve({ status: res.statusCode, body: data }));
            });
            req.on("error", reject); req.end(body);
          });
        }
        exports.handler = async (event, context) => {
          const nextWhileBusy = await call("GET", "/invocation/next");
          const wrongId = await call("POST", "/invocation/00000000-0000-0000-0000-000000000000/response", "{}");
          const initError = await call("POST", "/init/error", "{}");
          return {
            nextWhileBusy, wrongId, initError,
            remaining: context.getRemainingTimeInMillis(),
            arn: context.invokedFunctionArn,
            trace: process.env._X_AMZN_TRACE_ID,
            id: context.awsRequestId,
          };
        };
        "#,
    );
    let r = emu.invoke(InvokeRequest::new("probe", "{}")).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&r.payload).unwrap();
    assert_eq!(b["nextWhileBusy"]["status"], 403, "{b}");
    assert!(b["nextWhileBusy"]["body"]
        .as_str()
        .unwrap()
        .contains("InvalidStateTransition"));
    assert_eq!(b["wrongId"]["status"], 400, "{b}");
    assert!(b["wrongId"]["body"]
        .as_str()
        .unwrap()
        .contains("InvalidRequestID"));
    assert_eq!(b["initError"]["status"], 403);
    let remaining = b["remaining"].as_u64().unwrap();
    assert!(
        remaining > 1000 && remaining <= 2000,
        "deadline is absolute epoch ms: {remaining}"
    );
    assert_eq!(
        b["arn"],
        "arn:aws:lambda:us-east-1:000000000000:function:probe"
    );
    assert!(b["trace"].as_str().unwrap().starts_with("Root=1-"));
    assert_eq!(b["id"], r.request_id);
}

#[test]
fn answering_twice_is_rejected() {
    let emu = support::emulator("twice");
    support::deploy_js(
        &emu,
        "twice",
        r#"
        const http = require("http");
        const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
        let previous;
        exports.handler = async (event, context) => {
          let second = null;
          if (previous) {
            second = await new Promise((resolve) => {
              const req = http.request({ host, port, method: "POST", path: `/2018-06-01/runtime/invocation/${previous}/response` },
                (res) => { res.resume(); res.on("end", () => resolve(res.statusCode)); });
              req.end("{}");
            });
          }
          previous = context.awsRequestId;
          return { second };
        };
        "#,
    );
    emu.invoke(InvokeRequest::new("twice", "{}")).unwrap();
    let r = emu.invoke(InvokeRequest::new("twice", "{}")).unwrap();
    assert_eq!(r.payload_text(), r#"{"second":400}"#);
}
