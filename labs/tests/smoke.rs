mod support;

use labs::InvokeRequest;

#[test]
fn hello() {
    let emu = support::emulator("smoke");
    support::deploy_js(
        &emu,
        "hello",
        r#"
        console.log("global code");
        let n = 0;
        exports.handler = async (event, context) => { n++; console.log("hi", event); return { n, id: context.awsRequestId, env: process.env }; };
    "#,
    );
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let r = emu
            .invoke(InvokeRequest::new("hello", r#"{"a":1}"#))
            .unwrap();
        println!("{:?} {}", t.elapsed(), r.payload_text());
    }
    for m in support::messages(&emu, "hello") {
        println!("{m}");
    }
}
