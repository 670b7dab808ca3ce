//! The evaluator's rules, the errors learners see, and properties that must
//! hold for every policy.

use super::*;

fn policy(text: &str) -> Policy {
    match parse_policy(text) {
        Ok(p) => p,
        Err(e) => panic!("{}", e.report("policy.json", text)),
    }
}

fn decide(policies: &[Policy], action: &str, resource: &str) -> Decision {
    evaluate(policies, &Request::new(action, resource))
}

fn decide_one(policy: &Policy, action: &str, resource: &str) -> Decision {
    decide(std::slice::from_ref(policy), action, resource)
}

const READ_BUCKET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadConfig",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::config-bucket", "arn:aws:s3:::config-bucket/*"]
    }
  ]
}"#;

// --- evaluation -----------------------------------------------------------

#[test]
fn default_deny_when_nothing_allows() {
    let p = policy(READ_BUCKET);
    assert_eq!(
        decide_one(&p, "s3:PutObject", "arn:aws:s3:::config-bucket/a"),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(&[], "s3:GetObject", "arn:aws:s3:::config-bucket/a"),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide_one(&p, "s3:GetObject", "arn:aws:s3:::other-bucket/a"),
        Decision::ImplicitDeny
    );
}

#[test]
fn allow_names_the_statement() {
    let p = policy(READ_BUCKET).named("read-config");
    let Decision::Allow { statement } =
        decide_one(&p, "s3:GetObject", "arn:aws:s3:::config-bucket/a/b.json")
    else {
        panic!("allowed")
    };
    assert_eq!(statement.sid.as_deref(), Some("ReadConfig"));
    assert_eq!(statement.line, 4);
    assert_eq!(
        statement.to_string(),
        "statement \"ReadConfig\" (line 4) of policy read-config"
    );
}

#[test]
fn explicit_deny_wins_over_allow_in_any_policy() {
    let allow = policy(READ_BUCKET);
    let deny = policy(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::config-bucket/secret/*"}}"#,
    );
    let d = decide(
        &[allow.clone(), deny.clone()],
        "s3:GetObject",
        "arn:aws:s3:::config-bucket/secret/key",
    );
    let Decision::ExplicitDeny { statement } = d else {
        panic!("denied")
    };
    assert_eq!((statement.policy, statement.index), (1, 0));
    // Order does not matter.
    assert!(matches!(
        decide(
            &[deny, allow],
            "s3:GetObject",
            "arn:aws:s3:::config-bucket/secret/key"
        ),
        Decision::ExplicitDeny { .. }
    ));
}

#[test]
fn deny_within_one_policy_wins_too() {
    let p = policy(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "NoDelete", "Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"}
        ]}"#,
    );
    assert!(decide_one(
        &p,
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:123456789012:table/t"
    )
    .is_allowed());
    let Decision::ExplicitDeny { statement } = decide_one(
        &p,
        "dynamodb:deleteitem",
        "arn:aws:dynamodb:us-east-1:123456789012:table/t",
    ) else {
        panic!("denied")
    };
    assert_eq!(statement.sid.as_deref(), Some("NoDelete"));
}

#[test]
fn not_action_allows_everything_else() {
    let p = policy(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": ["iam:*", "s3:DeleteObject"], "Resource": "*"}}"#,
    );
    assert!(decide_one(&p, "s3:GetObject", "arn:aws:s3:::b/k").is_allowed());
    assert_eq!(
        decide_one(&p, "s3:DeleteObject", "arn:aws:s3:::b/k"),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide_one(&p, "IAM:CreateUser", "*"),
        Decision::ImplicitDeny
    );
}

#[test]
fn not_action_with_deny_denies_everything_else() {
    let allow_all = policy(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#);
    let deny =
        policy(r#"{"Statement": {"Effect": "Deny", "NotAction": "logs:*", "Resource": "*"}}"#);
    assert!(decide(&[allow_all.clone(), deny.clone()], "logs:PutLogEvents", "*").is_allowed());
    assert!(matches!(
        decide(&[allow_all, deny], "s3:GetObject", "arn:aws:s3:::b/k"),
        Decision::ExplicitDeny { .. }
    ));
}

#[test]
fn not_resource_covers_every_other_resource() {
    let p = policy(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::private/*"}}"#,
    );
    assert!(decide_one(&p, "s3:GetObject", "arn:aws:s3:::public/a").is_allowed());
    assert_eq!(
        decide_one(&p, "s3:GetObject", "arn:aws:s3:::private/a"),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide_one(&p, "s3:PutObject", "arn:aws:s3:::public/a"),
        Decision::ImplicitDeny
    );
}

#[test]
fn wildcards_in_actions_and_resources() {
    let p = policy(
        r#"{"Statement": {"Effect": "Allow", "Action": ["dynamodb:Get*", "dynamodb:?uery"], "Resource": "arn:aws:dynamodb:*:123456789012:table/orders*"}}"#,
    );
    let table = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-2026";
    assert!(decide_one(&p, "dynamodb:GetItem", table).is_allowed());
    assert!(decide_one(&p, "dynamodb:Query", table).is_allowed());
    assert!(!decide_one(&p, "dynamodb:PutItem", table).is_allowed());
    assert!(!decide_one(
        &p,
        "dynamodb:GetItem",
        "arn:aws:dynamodb:eu-west-1:999999999999:table/orders"
    )
    .is_allowed());
    assert!(decide_one(
        &p,
        "DynamoDB:getitem",
        "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by-date"
    )
    .is_allowed());
}

#[test]
fn actions_are_case_insensitive_resources_are_not() {
    let p = policy(READ_BUCKET);
    assert!(decide_one(&p, "S3:getobject", "arn:aws:s3:::config-bucket/x").is_allowed());
    assert!(!decide_one(&p, "s3:GetObject", "arn:aws:s3:::Config-Bucket/x").is_allowed());
}

#[test]
fn resource_globbing_crosses_slashes() {
    let p = policy(READ_BUCKET);
    assert!(decide_one(
        &p,
        "s3:GetObject",
        "arn:aws:s3:::config-bucket/a/b/c/d.json"
    )
    .is_allowed());
    // The bucket itself is not an object inside it.
    let objects_only = policy(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::config-bucket/*"}}"#,
    );
    assert!(!decide_one(&objects_only, "s3:ListBucket", "arn:aws:s3:::config-bucket").is_allowed());
}

#[test]
fn statement_may_be_a_single_object_and_values_single_strings() {
    let p = policy(
        r#"{"Version": "2008-10-17", "Id": "x", "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}}"#,
    );
    assert_eq!(p.statements.len(), 1);
    assert_eq!(p.version.as_deref(), Some("2008-10-17"));
    assert!(decide_one(
        &p,
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:123456789012:q"
    )
    .is_allowed());
}

// --- AccessDenied messages ------------------------------------------------

#[test]
fn access_denied_for_an_implicit_deny() {
    let request = Request::new("s3:GetObject", "arn:aws:s3:::bucket/key");
    let decision = evaluate(&[], &request);
    assert_eq!(
        access_denied_message("app-role", "app", &request, &decision).unwrap(),
        "User: arn:aws:sts::123456789012:assumed-role/app-role/app is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no identity-based policy allows the s3:GetObject action"
    );
}

#[test]
fn access_denied_for_an_explicit_deny_takes_the_account_from_the_role() {
    let deny = policy(r#"{"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}"#);
    let request = Request::new("s3:PutObject", "arn:aws:s3:::bucket/key");
    let decision = evaluate(&[deny], &request);
    assert_eq!(
        access_denied_message("arn:aws:iam::111122223333:role/service-role/app-role", "app", &request, &decision).unwrap(),
        "User: arn:aws:sts::111122223333:assumed-role/app-role/app is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/key with an explicit deny in an identity-based policy"
    );
}

#[test]
fn no_access_denied_when_allowed() {
    let request = Request::new("s3:GetObject", "arn:aws:s3:::config-bucket/k");
    let decision = evaluate(&[policy(READ_BUCKET)], &request);
    assert_eq!(access_denied_message("r", "f", &request, &decision), None);
}

// --- Lambda's own calls: logs -----------------------------------------------

#[test]
fn basic_execution_role_allows_the_three_log_calls() {
    let role = basic_execution_role();
    assert_eq!(role.name.as_deref(), Some("AWSLambdaBasicExecutionRole"));
    for (action, resource) in log_calls("orders", "eu-west-1", "123456789012", false) {
        assert!(
            decide_one(&role, &action, &resource).is_allowed(),
            "{action}"
        );
    }
    assert_eq!(
        can_write_logs(&[role], "orders", "eu-west-1", "123456789012", false),
        Ok(())
    );
}

#[test]
fn least_privilege_log_policy_allows_logging() {
    let statements: Vec<String> = log_permissions_for("orders", "us-east-1", "123456789012")
        .into_iter()
        .map(|(a, r)| format!(r#"{{"Effect": "Allow", "Action": "{a}", "Resource": "{r}"}}"#))
        .collect();
    let p = policy(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    ));
    assert_eq!(
        can_write_logs(&[p], "orders", "us-east-1", "123456789012", false),
        Ok(())
    );
}

#[test]
fn the_bare_group_arn_does_not_allow_creating_the_group() {
    let p = policy(
        r#"{"Statement": [
            {"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders"},
            {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*"}
        ]}"#,
    );
    let missing = can_write_logs(
        std::slice::from_ref(&p),
        "orders",
        "us-east-1",
        "123456789012",
        false,
    )
    .unwrap_err();
    assert_eq!(missing.action, "logs:CreateLogGroup");
    assert_eq!(
        missing.resource,
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:log-stream:"
    );
    // Once the group exists, the stream permissions are enough.
    assert_eq!(
        can_write_logs(&[p], "orders", "us-east-1", "123456789012", true),
        Ok(())
    );
}

#[test]
fn missing_put_log_events_means_no_logs() {
    let p = policy(
        r#"{"Statement": {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream"], "Resource": "*"}}"#,
    );
    let missing = can_write_logs(&[p], "orders", "us-east-1", "123456789012", false).unwrap_err();
    assert_eq!(missing.action, "logs:PutLogEvents");
    insta::assert_snapshot!(missing.to_string(), @"the execution role may not call logs:PutLogEvents on arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:log-stream:2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef (denied by default: no statement allows it), so the function's logs are lost");
}

// --- least privilege --------------------------------------------------------

fn needed_for_reader() -> Vec<(String, String)> {
    let mut needed = log_permissions_for("reader", "us-east-1", "123456789012");
    needed.push((
        "s3:GetObject".into(),
        "arn:aws:s3:::config-bucket/settings.json".into(),
    ));
    needed
}

fn findings(text: &str) -> Vec<Finding> {
    let needed = needed_for_reader();
    let requests: Vec<Request> = needed.iter().map(|(a, r)| Request::new(a, r)).collect();
    excess_privileges(&policy(text), &requests)
}

#[test]
fn a_least_privilege_policy_has_no_findings() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/reader:*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::config-bucket/settings.json"},
        {"Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::secrets/*"}
    ]}"#;
    assert_eq!(findings(text), vec![]);
}

#[test]
fn wildcard_actions_and_resources_are_findings() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Logs", "Effect": "Allow", "Action": "logs:*", "Resource": "*"},
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::config-bucket/*"},
        {"Sid": "Extra", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::config-bucket/settings.json"},
        {"Sid": "Unused", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}
    ]}"#;
    let found = findings(text);
    let kinds: Vec<(Option<&str>, &FindingKind)> = found
        .iter()
        .map(|f| (f.statement.sid.as_deref(), &f.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                Some("Logs"),
                &FindingKind::WildcardAction {
                    pattern: "logs:*".into()
                }
            ),
            (Some("Logs"), &FindingKind::AllResources),
            (
                Some("Read"),
                &FindingKind::WildcardAction {
                    pattern: "s3:*".into()
                }
            ),
            (
                Some("Read"),
                &FindingKind::WildcardResource {
                    pattern: "arn:aws:s3:::config-bucket/*".into()
                }
            ),
            (
                Some("Extra"),
                &FindingKind::UnneededAction {
                    action: "s3:PutObject".into()
                }
            ),
            (Some("Unused"), &FindingKind::UnneededStatement),
        ]
    );
    let report: Vec<String> = found.iter().map(|f| f.to_string()).collect();
    insta::assert_snapshot!(report.join("\n"));
}

#[test]
fn allow_everything_is_a_finding_for_both_parts() {
    let found = findings(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#);
    let kinds: Vec<&FindingKind> = found.iter().map(|f| &f.kind).collect();
    assert_eq!(
        kinds,
        vec![&FindingKind::AllActions, &FindingKind::AllResources]
    );
}

#[test]
fn not_action_and_not_resource_in_an_allow_are_findings() {
    let found = findings(
        r#"{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secrets/*"}}"#,
    );
    let kinds: Vec<&FindingKind> = found.iter().map(|f| &f.kind).collect();
    assert_eq!(
        kinds,
        vec![&FindingKind::NotAction, &FindingKind::NotResource]
    );
}

#[test]
fn star_is_fine_for_actions_that_name_no_resource() {
    let p = policy(
        r#"{"Statement": {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"}}"#,
    );
    let needed = [
        Request::new("xray:PutTraceSegments", "*"),
        Request::new("xray:PutTelemetryRecords", "*"),
    ];
    assert_eq!(excess_privileges(&p, &needed), vec![]);
}

#[test]
fn a_resource_named_for_no_call_is_a_finding() {
    let found = findings(
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::config-bucket/settings.json", "arn:aws:s3:::other/x"]}}"#,
    );
    let kinds: Vec<&FindingKind> = found.iter().map(|f| &f.kind).collect();
    assert_eq!(
        kinds,
        vec![&FindingKind::UnneededResource {
            pattern: "arn:aws:s3:::other/x".into()
        }]
    );
}

// --- parse errors learners see ----------------------------------------------

fn report(text: &str) -> String {
    parse_policy(text)
        .expect_err("this policy should be refused")
        .report("policy.json", text)
}

#[test]
fn error_missing_comma() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\"\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
    ));
}

#[test]
fn error_trailing_comma() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\"s3:GetObject\", \"s3:ListBucket\",],\n      \"Resource\": \"*\"\n    }\n  ]\n}"
    ));
}

#[test]
fn error_single_quotes() {
    insta::assert_snapshot!(report("{\n  'Version': '2012-10-17'\n}"));
}

#[test]
fn error_missing_effect() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
    ));
}

#[test]
fn error_lowercase_effect() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}"
    ));
}

#[test]
fn error_action_and_not_action() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:*\",\n    \"NotAction\": \"s3:DeleteObject\",\n    \"Resource\": \"*\"\n  }]\n}"
    ));
}

#[test]
fn error_condition_is_not_modelled() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:GetObject\",\n    \"Resource\": \"*\",\n    \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}\n  }]\n}"
    ));
}

#[test]
fn error_misspelt_key() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Actions\": [\"s3:GetObject\"],\n    \"Resource\": \"*\"\n  }]\n}"
    ));
}

#[test]
fn error_principal_in_identity_policy() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": {\"Service\": \"lambda.amazonaws.com\"},\n    \"Action\": \"sts:AssumeRole\",\n    \"Resource\": \"*\"\n  }]\n}"
    ));
}

#[test]
fn error_resource_not_an_arn() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:GetObject\",\n    \"Resource\": [\"arn:aws:s3:::config-bucket/*\", \"config-bucket\"]\n  }]\n}"
    ));
}

#[test]
fn error_action_without_service() {
    insta::assert_snapshot!(report(
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"GetObject\", \"Resource\": \"*\"}]}"
    ));
}

#[test]
fn error_wrong_version() {
    insta::assert_snapshot!(report(
        "{\n  \"Version\": \"2026-01-01\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}"
    ));
}

#[test]
fn other_mistakes_are_located() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("[]", (1, 1), "a policy is a JSON object"),
        ("{\"Version\": \"2012-10-17\"}", (1, 1), "no `Statement`"),
        ("{\"Statement\": []}", (1, 15), "empty list"),
        ("{\"Statement\": [1]}", (1, 16), "a statement is a JSON object"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Resource\": \"*\"}}", (1, 15), "no `Action`"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}}", (1, 15), "no `Resource`"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}}", (1, 45), "empty list"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": 5, \"Resource\": \"*\"}}", (1, 45), "string or an array"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": [true], \"Resource\": \"*\"}}", (1, 46), "must be strings"),
        ("{\"Statement\": {\"Sid\": \"read-it\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}", (1, 23), "letters and digits"),
        ("{\"Statement\": [{\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},\n {\"Sid\": \"A\", \"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}", (2, 10), "two statements"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}", (1, 35), "appears twice"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:Get Object\", \"Resource\": \"*\"}}", (1, 45), "not an action"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:*:::x\"}}", (1, 73), "no service"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"NotResource\": \"*\"}}", (1, 78), "both `Resource` and `NotResource`"),
        ("{\"Statement\": {}}", (1, 15), "no `Effect`"),
        ("{\"Statement\": {}, \"Extra\": 1}", (1, 19), "unknown key `Extra`"),
        ("{\"Statment\": {}}", (1, 2), "unknown key `Statment`"),
        ("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}} x", (1, 79), "not valid JSON"),
        ("", (1, 1), "not valid JSON"),
    ];
    for (text, (line, column), message) in cases {
        let e = parse_policy(text).expect_err(text);
        assert_eq!((e.line, e.column), (*line, *column), "{text}: {e}");
        assert!(e.message.contains(message), "{text}: {e}");
        assert!(e.help.is_some(), "{text}");
    }
}

#[test]
fn display_gives_place_message_and_help() {
    let e = parse_policy("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}}")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 15: this statement has no `Resource` (help: statements of an identity-based policy name the resources they cover, such as \"Resource\": \"arn:aws:s3:::my-bucket/*\" (IAM reports this as `Policy statement must contain resources`))"
    );
}

// --- properties -------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = String> {
        (
            "(s3|logs|dynamodb|sqs)",
            "(Get|Put|Delete|List)(Object|Item|LogEvents|Message)?",
        )
            .prop_map(|(s, a)| format!("{s}:{a}"))
    }

    fn action_pattern() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("*".to_string()),
            action(),
            "(s3|logs|dynamodb|sqs):(Get|Put|Delete|List)?\\*",
            "(s3|logs):(G|P)?et?Object",
        ]
    }

    fn resource() -> impl Strategy<Value = String> {
        "arn:aws:(s3|logs|dynamodb):(us-east-1)?:(123456789012)?:[a-z/:]{0,12}"
    }

    fn resource_pattern() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("*".to_string()),
            resource(),
            "arn:aws:(s3|logs|dynamodb):(us-east-1|\\*)?:(123456789012|\\*)?:[a-z/:*?]{0,8}",
        ]
    }

    fn statement() -> impl Strategy<Value = String> {
        (
            prop_oneof![Just("Allow"), Just("Deny")],
            prop_oneof![Just("Action"), Just("NotAction")],
            proptest::collection::vec(action_pattern(), 1..3),
            prop_oneof![Just("Resource"), Just("NotResource")],
            proptest::collection::vec(resource_pattern(), 1..3),
        )
            .prop_map(|(effect, a_key, actions, r_key, resources)| {
                format!(
                    r#"{{"Effect": "{effect}", "{a_key}": {}, "{r_key}": {}}}"#,
                    serde_json::to_string(&actions).unwrap_or_default(),
                    serde_json::to_string(&resources).unwrap_or_default()
                )
            })
    }

    fn policy_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(statement(), 1..4).prop_map(|s| {
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
                s.join(",")
            )
        })
    }

    proptest! {
        #[test]
        fn generated_policies_parse(text in policy_text()) {
            prop_assert!(parse_policy(&text).is_ok(), "{}", text);
        }

        #[test]
        fn adding_a_deny_never_turns_a_deny_into_an_allow(
            base in policy_text(),
            deny in statement(),
            action in action(),
            resource in resource(),
        ) {
            let before = policy(&base);
            let deny = deny.replacen("\"Allow\"", "\"Deny\"", 1);
            let extra = policy(&format!(r#"{{"Statement": [{deny}]}}"#));
            let request = Request::new(&action, &resource);
            let was = evaluate(std::slice::from_ref(&before), &request);
            let now = evaluate(&[before, extra], &request);
            if now.is_allowed() {
                prop_assert!(was.is_allowed());
            }
            if !was.is_allowed() {
                prop_assert!(!now.is_allowed());
            }
        }

        #[test]
        fn allow_everything_allows_every_request(action in "[a-z0-9-]{1,10}:[A-Za-z]{1,12}", resource in "\\PC{0,40}") {
            let all = policy(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#);
            let is_allow = matches!(evaluate(&[all], &Request::new(&action, &resource)), Decision::Allow { .. });
            prop_assert!(is_allow);
        }

        #[test]
        fn deny_everything_wins_over_any_policy(base in policy_text(), action in action(), resource in resource()) {
            let deny = policy(r#"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#);
            let is_deny = matches!(evaluate(&[policy(&base), deny], &Request::new(&action, &resource)), Decision::ExplicitDeny { .. });
            prop_assert!(is_deny);
        }

        #[test]
        fn not_action_is_the_complement_of_action(pattern in action_pattern(), action in action(), resource in resource()) {
            let with = |key: &str| policy(&format!(r#"{{"Statement": {{"Effect": "Allow", "{key}": "{pattern}", "Resource": "*"}}}}"#));
            let request = Request::new(&action, &resource);
            prop_assert_ne!(
                evaluate(&[with("Action")], &request).is_allowed(),
                evaluate(&[with("NotAction")], &request).is_allowed()
            );
        }

        #[test]
        fn a_literal_matches_itself_in_any_case(action in action(), resource in resource()) {
            prop_assert!(action_matches(&action, &action.to_uppercase()));
            prop_assert!(resource_matches(&resource, &resource));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,200}") {
            let _ = parse_policy(&text);
        }

        #[test]
        fn parsing_json_like_text_never_panics(text in "[{}\\[\\]\",: a-zA-Z0-9*\\\\\n]{0,120}") {
            if let Err(e) = parse_policy(&text) {
                prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }

        #[test]
        fn least_privilege_policies_have_no_findings(
            calls in proptest::collection::vec((action(), resource()), 1..5)
        ) {
            let statements: Vec<String> = calls
                .iter()
                .map(|(a, r)| format!(r#"{{"Effect": "Allow", "Action": "{a}", "Resource": "{r}"}}"#))
                .collect();
            let p = policy(&format!(r#"{{"Statement": [{}]}}"#, statements.join(",")));
            let needed: Vec<Request> = calls.iter().map(|(a, r)| Request::new(a, r)).collect();
            prop_assert_eq!(excess_privileges(&p, &needed), vec![]);
        }
    }
}
