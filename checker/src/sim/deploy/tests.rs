//! Every deployment rule: what passes, and the error a learner sees when it
//! does not (snapshots of the full text).

use super::*;
use crate::sim::config::Architecture;
use crate::sim::time::{HOUR, SECOND};

/// A valid CreateFunction file with `extra` members added at the end.
fn with(extra: &str) -> String {
    let mut text = String::from(
        "{\n  \"FunctionName\": \"orders\",\n  \"Role\": \"arn:aws:iam::123456789012:role/orders-role\",\n  \"Runtime\": \"nodejs22.x\",\n  \"Handler\": \"index.handler\"",
    );
    if !extra.is_empty() {
        text.push_str(",\n  ");
        text.push_str(extra);
    }
    text.push_str("\n}\n");
    text
}

/// What the learner sees for a refused CreateFunction file: every problem.
fn create_report(text: &str) -> String {
    match check_create_function(text) {
        Ok(_) => panic!("should be refused:\n{text}"),
        Err(problems) => problems
            .iter()
            .map(|p| p.report("function.json", text))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn create_ok(text: &str) -> FunctionConfig {
    match check_create_function(text) {
        Ok(config) => config,
        Err(problems) => panic!("{}", problems[0].report("function.json", text)),
    }
}

fn existing() -> FunctionConfig {
    create_ok(&with("\"MemorySize\": 512,\n  \"Environment\": {\"Variables\": {\"TABLE\": \"orders\", \"STAGE\": \"prod\"}}"))
}

// --- a valid configuration --------------------------------------------------

#[test]
fn reads_a_complete_configuration() {
    let text = with(
        r#""Description": "Takes orders",
  "MemorySize": 1769,
  "Timeout": 30,
  "Architectures": ["arm64"],
  "EphemeralStorage": {"Size": 2048},
  "Environment": {"Variables": {"TABLE_NAME": "orders", "LOG_LEVEL": "debug", "TZ": "Europe/Paris"}},
  "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:axios:3"],
  "PackageType": "Zip",
  "VpcConfig": {"SubnetIds": ["subnet-0abc"], "SecurityGroupIds": ["sg-0abc"]},
  "ReservedConcurrentExecutions": 10"#,
    );
    let config = create_ok(&text);
    assert_eq!(config.memory_mb(), 1769);
    assert_eq!(config.timeout_s(), 30);
    assert_eq!(config.ephemeral_mb(), 2048);
    assert_eq!(config.architecture(), Architecture::Arm64);
    assert_eq!(config.package_type(), PackageType::Zip);
    assert_eq!(
        config.variables()[0],
        ("TABLE_NAME".to_string(), "orders".to_string()),
        "variables keep their order"
    );
    assert_eq!(config.name(), "orders");
}

#[test]
fn defaults_are_lambdas() {
    let config = create_ok(&with(""));
    assert_eq!(
        (
            config.memory_mb(),
            config.timeout_s(),
            config.ephemeral_mb()
        ),
        (128, 3, 512)
    );
    assert_eq!(config.architecture(), Architecture::X86_64);
    assert_eq!(config.package_type(), PackageType::Zip);
}

#[test]
fn limits_are_inclusive() {
    for extra in [
        "\"MemorySize\": 128",
        "\"MemorySize\": 10240",
        "\"Timeout\": 1",
        "\"Timeout\": 900",
        "\"EphemeralStorage\": {\"Size\": 512}",
        "\"EphemeralStorage\": {\"Size\": 10240}",
        "\"ReservedConcurrentExecutions\": 0",
    ] {
        create_ok(&with(extra));
    }
}

#[test]
fn function_names_in_every_form() {
    let name =
        parse_function_name("arn:aws:lambda:eu-west-1:123456789012:function:orders").unwrap();
    assert_eq!(name.name, "orders");
    assert_eq!(name.region.as_deref(), Some("eu-west-1"));
    assert_eq!(name.account.as_deref(), Some("123456789012"));
    let partial = parse_function_name("123456789012:function:my_fn-2").unwrap();
    assert_eq!((partial.name.as_str(), partial.region), ("my_fn-2", None));
    assert!(parse_function_name(&"a".repeat(64)).is_ok());
    assert!(parse_function_name(&"a".repeat(65)).is_err());
    assert!(parse_function_name("orders:prod").is_err());
}

#[test]
fn an_image_function_needs_no_runtime_or_handler() {
    let text = "{\"FunctionName\": \"img\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"PackageType\": \"Image\"}";
    assert_eq!(create_ok(text).package_type(), PackageType::Image);
}

#[test]
fn errors_render_what_where_and_help() {
    let text = with("\"MemorySize\": 64");
    let problems = check_create_function(&text).unwrap_err();
    let e = &problems[0];
    assert_eq!(e.exception(), "ValidationException");
    assert_eq!(e.field().as_deref(), Some("MemorySize"));
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((6, 17)));
    assert_eq!(e.exception.status(), Some(400));
    insta::assert_snapshot!(e.to_string(), @r"
    ValidationException: 1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128
      at MemorySize (line 6, column 17)
      help: memory is 128 MB to 10,240 MB in 1 MB steps; more memory also buys more CPU
    ");
}

// --- configuration rules ----------------------------------------------------

#[test]
fn memory_below_minimum() {
    insta::assert_snapshot!(create_report(&with("\"MemorySize\": 64")));
}

#[test]
fn memory_above_maximum() {
    insta::assert_snapshot!(create_report(&with("\"MemorySize\": 10241")));
}

#[test]
fn timeout_over_fifteen_minutes() {
    insta::assert_snapshot!(create_report(&with("\"Timeout\": 901")));
}

#[test]
fn timeout_zero() {
    insta::assert_snapshot!(create_report(&with("\"Timeout\": 0")));
}

#[test]
fn ephemeral_storage_too_small() {
    insta::assert_snapshot!(create_report(&with(
        "\"EphemeralStorage\": {\"Size\": 256}"
    )));
}

#[test]
fn ephemeral_storage_too_large() {
    insta::assert_snapshot!(create_report(&with(
        "\"EphemeralStorage\": {\"Size\": 20480}"
    )));
}

#[test]
fn function_name_with_a_space() {
    insta::assert_snapshot!(create_report("{\"FunctionName\": \"my orders\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"Runtime\": \"nodejs22.x\", \"Handler\": \"index.handler\"}"));
}

#[test]
fn function_name_too_long() {
    let text = format!("{{\"FunctionName\": \"{}\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"Runtime\": \"nodejs22.x\", \"Handler\": \"index.handler\"}}", "f".repeat(65));
    insta::assert_snapshot!(create_report(&text));
}

#[test]
fn function_name_with_a_qualifier() {
    insta::assert_snapshot!(create_report("{\"FunctionName\": \"orders:prod\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"Runtime\": \"nodejs22.x\", \"Handler\": \"index.handler\"}"));
}

#[test]
fn missing_function_name_and_role() {
    insta::assert_snapshot!(create_report(
        "{\n  \"Runtime\": \"nodejs22.x\",\n  \"Handler\": \"index.handler\"\n}"
    ));
}

#[test]
fn role_name_instead_of_arn() {
    insta::assert_snapshot!(create_report("{\n  \"FunctionName\": \"orders\",\n  \"Role\": \"orders-role\",\n  \"Runtime\": \"nodejs22.x\",\n  \"Handler\": \"index.handler\"\n}"));
}

#[test]
fn retired_runtime() {
    insta::assert_snapshot!(create_report("{\n  \"FunctionName\": \"orders\",\n  \"Role\": \"arn:aws:iam::123456789012:role/r\",\n  \"Runtime\": \"nodejs16.x\",\n  \"Handler\": \"index.handler\"\n}"));
}

/// Deprecated runtimes are refused only from their block dates (the next is
/// 1 February 2027); runtimes added in 2026 are accepted like the others.
#[test]
fn deprecated_and_new_runtimes_are_accepted() {
    for runtime in ["nodejs20.x", "dotnet8", "provided.al2", "ruby4.0", "java11"] {
        let text = format!("{{\"FunctionName\": \"orders\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"Runtime\": \"{runtime}\", \"Handler\": \"index.handler\"}}");
        assert_eq!(create_ok(&text).runtime.as_deref(), Some(runtime));
    }
}

#[test]
fn unknown_runtime() {
    insta::assert_snapshot!(create_report("{\n  \"FunctionName\": \"orders\",\n  \"Role\": \"arn:aws:iam::123456789012:role/r\",\n  \"Runtime\": \"node22\",\n  \"Handler\": \"index.handler\"\n}"));
}

#[test]
fn handler_with_a_space() {
    insta::assert_snapshot!(create_report("{\n  \"FunctionName\": \"orders\",\n  \"Role\": \"arn:aws:iam::123456789012:role/r\",\n  \"Runtime\": \"nodejs22.x\",\n  \"Handler\": \"index handler\"\n}"));
}

#[test]
fn zip_function_without_handler() {
    insta::assert_snapshot!(create_report("{\n  \"FunctionName\": \"orders\",\n  \"Role\": \"arn:aws:iam::123456789012:role/r\",\n  \"Runtime\": \"nodejs22.x\"\n}"));
}

#[test]
fn image_function_with_runtime() {
    insta::assert_snapshot!(create_report(&with("\"PackageType\": \"Image\"")));
}

#[test]
fn two_architectures() {
    insta::assert_snapshot!(create_report(&with(
        "\"Architectures\": [\"x86_64\", \"arm64\"]"
    )));
}

#[test]
fn unknown_architecture() {
    insta::assert_snapshot!(create_report(&with("\"Architectures\": [\"amd64\"]")));
}

#[test]
fn package_type_in_lower_case() {
    insta::assert_snapshot!(create_report(&with("\"PackageType\": \"zip\"")));
}

#[test]
fn description_too_long() {
    insta::assert_snapshot!(create_report(&with(&format!(
        "\"Description\": \"{}\"",
        "x".repeat(257)
    ))));
}

#[test]
fn six_layers() {
    let layers: Vec<String> = (1..=6)
        .map(|i| format!("\"arn:aws:lambda:us-east-1:123456789012:layer:l{i}:1\""))
        .collect();
    insta::assert_snapshot!(create_report(&with(&format!(
        "\"Layers\": [\n    {}\n  ]",
        layers.join(",\n    ")
    ))));
}

#[test]
fn layer_arn_without_version() {
    insta::assert_snapshot!(create_report(&with(
        "\"Layers\": [\"arn:aws:lambda:us-east-1:123456789012:layer:axios\"]"
    )));
}

#[test]
fn two_versions_of_one_layer() {
    insta::assert_snapshot!(create_report(&with("\"Layers\": [\"arn:aws:lambda:us-east-1:123456789012:layer:axios:1\", \"arn:aws:lambda:us-east-1:123456789012:layer:axios:2\"]")));
}

#[test]
fn reserved_environment_variables() {
    insta::assert_snapshot!(create_report(&with("\"Environment\": {\"Variables\": {\n    \"TABLE\": \"orders\",\n    \"AWS_REGION\": \"eu-west-1\",\n    \"AWS_LAMBDA_FUNCTION_NAME\": \"x\"\n  }}")));
}

#[test]
fn variable_name_starting_with_a_digit() {
    insta::assert_snapshot!(create_report(&with(
        "\"Environment\": {\"Variables\": {\"1ST_TABLE\": \"orders\"}}"
    )));
}

#[test]
fn variable_name_of_one_letter() {
    insta::assert_snapshot!(create_report(&with(
        "\"Environment\": {\"Variables\": {\"X\": \"1\"}}"
    )));
}

#[test]
fn variable_name_with_a_dash() {
    insta::assert_snapshot!(create_report(&with(
        "\"Environment\": {\"Variables\": {\"TABLE-NAME\": \"orders\"}}"
    )));
}

#[test]
fn variables_over_four_kilobytes() {
    // 42 variables of 3 + 96 bytes: 4,158 bytes.
    let lines: Vec<String> = (10..52)
        .map(|i| format!("    \"V{i}\": \"{}\"", "x".repeat(96)))
        .collect();
    let text = with(&format!(
        "\"Environment\": {{\"Variables\": {{\n{}\n  }}}}",
        lines.join(",\n")
    ));
    insta::assert_snapshot!(check_create_function(&text).unwrap_err()[0].to_string());
}

#[test]
fn variables_of_exactly_four_kilobytes_pass() {
    let value = "x".repeat(4_096 - 2);
    create_ok(&with(&format!(
        "\"Environment\": {{\"Variables\": {{\"AB\": \"{value}\"}}}}"
    )));
}

#[test]
fn vpc_subnets_without_security_groups() {
    insta::assert_snapshot!(create_report(&with(
        "\"VpcConfig\": {\"SubnetIds\": [\"subnet-0abc\"]}"
    )));
}

#[test]
fn vpc_ids_of_the_wrong_kind() {
    insta::assert_snapshot!(create_report(&with(
        "\"VpcConfig\": {\"SubnetIds\": [\"vpc-0abc\"], \"SecurityGroupIds\": [\"default\"]}"
    )));
}

#[test]
fn negative_reserved_concurrency() {
    insta::assert_snapshot!(create_report(&with("\"ReservedConcurrentExecutions\": -1")));
}

// --- reading the JSON -------------------------------------------------------

#[test]
fn misspelt_key() {
    insta::assert_snapshot!(create_report(&with("\"Timout\": 30")));
}

#[test]
fn key_in_the_wrong_case() {
    insta::assert_snapshot!(create_report(&with("\"memorySize\": 512")));
}

#[test]
fn unknown_nested_key() {
    insta::assert_snapshot!(create_report(&with(
        "\"Environment\": {\"Variable\": {\"TABLE\": \"orders\"}}"
    )));
}

#[test]
fn real_but_unmodelled_key() {
    insta::assert_snapshot!(create_report(&with(
        "\"TracingConfig\": {\"Mode\": \"Active\"}"
    )));
}

#[test]
fn memory_with_a_unit() {
    insta::assert_snapshot!(create_report(&with("\"MemorySize\": \"512MB\"")));
}

#[test]
fn variable_value_as_a_number() {
    insta::assert_snapshot!(create_report(&with(
        "\"Environment\": {\"Variables\": {\"PORT\": 8080}}"
    )));
}

#[test]
fn layers_as_a_string() {
    insta::assert_snapshot!(create_report(&with(
        "\"Layers\": \"arn:aws:lambda:us-east-1:123456789012:layer:axios:3\""
    )));
}

#[test]
fn ephemeral_storage_without_size() {
    insta::assert_snapshot!(create_report(&with("\"EphemeralStorage\": {}")));
}

#[test]
fn a_key_given_twice() {
    insta::assert_snapshot!(create_report(&with("\"Timeout\": 10,\n  \"Timeout\": 20")));
}

#[test]
fn broken_json() {
    insta::assert_snapshot!(create_report(
        "{\n  \"FunctionName\": \"orders\"\n  \"Runtime\": \"nodejs22.x\"\n}"
    ));
}

#[test]
fn reading_never_panics_on_odd_input() {
    for text in [
        "",
        "[]",
        "null",
        "{\"MemorySize\": 1e400}",
        "{\"MemorySize\": 99999999999999999999}",
        "{\"Environment\": []}",
        "{\"Layers\": [1]}",
        "{\"VpcConfig\": {\"SubnetIds\": \"x\"}}",
        "\u{feff}{}",
    ] {
        let e = parse_function_config(text).expect_err(text);
        assert!(e.location.is_some(), "{text}: {e}");
    }
}

// --- updates ----------------------------------------------------------------

#[test]
fn runtime_changes_in_place() {
    let updated = check_update_function_configuration(
        &existing(),
        "{\"FunctionName\": \"orders\", \"Runtime\": \"nodejs24.x\", \"MemorySize\": 1024}",
    )
    .unwrap();
    assert_eq!(updated.runtime.as_deref(), Some("nodejs24.x"));
    assert_eq!(updated.memory_mb(), 1024);
    assert_eq!(
        updated.handler.as_deref(),
        Some("index.handler"),
        "untouched keys stay"
    );
}

#[test]
fn architecture_changes_with_the_code() {
    let update = Update::Code(CodeUpdate {
        package_type: PackageType::Zip,
        architectures: Some(vec!["arm64".into()]),
    });
    let updated = validate_update(&existing(), &update).unwrap();
    assert_eq!(updated.architecture(), Architecture::Arm64);
}

#[test]
fn an_update_replaces_all_variables() {
    let updated = check_update_function_configuration(
        &existing(),
        "{\"FunctionName\": \"orders\", \"Environment\": {\"Variables\": {\"STAGE\": \"test\"}}}",
    )
    .unwrap();
    assert_eq!(
        updated.variables(),
        &[("STAGE".to_string(), "test".to_string())]
    );
}

#[test]
fn architecture_in_a_configuration_update() {
    let text = "{\n  \"FunctionName\": \"orders\",\n  \"Architectures\": [\"arm64\"]\n}";
    let problems = check_update_function_configuration(&existing(), text).unwrap_err();
    insta::assert_snapshot!(problems[0].report("update.json", text));
}

#[test]
fn package_type_in_a_configuration_update() {
    let text = "{\n  \"FunctionName\": \"orders\",\n  \"PackageType\": \"Image\"\n}";
    let problems = check_update_function_configuration(&existing(), text).unwrap_err();
    insta::assert_snapshot!(problems[0].report("update.json", text));
}

#[test]
fn image_deployed_to_a_zip_function() {
    let update = Update::Code(CodeUpdate {
        package_type: PackageType::Image,
        architectures: None,
    });
    insta::assert_snapshot!(validate_update(&existing(), &update)
        .unwrap_err()
        .to_string());
}

#[test]
fn bad_architecture_in_a_code_update() {
    let update = Update::Code(CodeUpdate {
        package_type: PackageType::Zip,
        architectures: Some(vec!["arm".into()]),
    });
    insta::assert_snapshot!(validate_update(&existing(), &update)
        .unwrap_err()
        .to_string());
}

#[test]
fn update_naming_another_function() {
    let text = "{\"FunctionName\": \"payments\", \"Timeout\": 10}";
    insta::assert_snapshot!(
        check_update_function_configuration(&existing(), text).unwrap_err()[0]
            .report("update.json", text)
    );
}

#[test]
fn layers_added_to_an_image_function() {
    let image = create_ok("{\"FunctionName\": \"img\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"PackageType\": \"Image\"}");
    let text = "{\"FunctionName\": \"img\", \"Layers\": [\"arn:aws:lambda:us-east-1:123456789012:layer:axios:3\"]}";
    insta::assert_snapshot!(
        check_update_function_configuration(&image, text).unwrap_err()[0]
            .report("update.json", text)
    );
}

#[test]
fn update_while_another_is_in_progress() {
    assert!(check_not_updating(LastUpdateStatus::Successful, "arn").is_ok());
    let e = check_not_updating(
        LastUpdateStatus::InProgress,
        "arn:aws:lambda:us-east-1:123456789012:function:orders",
    )
    .unwrap_err();
    assert_eq!(e.exception.status(), Some(409));
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn creating_a_function_that_exists() {
    assert!(check_name_free(&["payments"], "orders").is_ok());
    insta::assert_snapshot!(check_name_free(&["orders"], "orders")
        .unwrap_err()
        .to_string());
}

#[test]
fn reserving_too_much_concurrency() {
    assert!(validate_reserved_concurrency(900, 1_000, 0).is_ok());
    insta::assert_snapshot!(validate_reserved_concurrency(200, 1_000, 750)
        .unwrap_err()
        .to_string());
}

// --- package ----------------------------------------------------------------

const MB: u64 = 1024 * 1024;

fn layer(name: &str, zipped_mb: u64, unzipped_mb: u64) -> LayerVersion {
    LayerVersion {
        arn: format!("arn:aws:lambda:us-east-1:123456789012:layer:{name}:1"),
        zipped_bytes: zipped_mb * MB,
        unzipped_bytes: unzipped_mb * MB,
        upload: Upload::Direct,
    }
}

fn zip(zipped_mb: u64, unzipped_mb: u64, layers: Vec<LayerVersion>) -> Package {
    Package {
        zipped_bytes: zipped_mb * MB,
        unzipped_bytes: unzipped_mb * MB,
        upload: Upload::Direct,
        layers,
    }
}

#[test]
fn packages_within_the_limits() {
    assert!(validate_package(&zip(50, 250, vec![]), PackageType::Zip).is_ok());
    assert!(validate_package(
        &zip(10, 100, vec![layer("a", 50, 100), layer("b", 1, 50)]),
        PackageType::Zip
    )
    .is_ok());
    let mut via_s3 = zip(120, 240, vec![]);
    via_s3.upload = Upload::S3;
    assert!(
        validate_package(&via_s3, PackageType::Zip).is_ok(),
        "50 MB applies to direct uploads only"
    );
    let image = Package {
        unzipped_bytes: 5 * 1024 * MB,
        ..Package::default()
    };
    assert!(validate_package(&image, PackageType::Image).is_ok());
}

#[test]
fn direct_upload_over_fifty_megabytes() {
    insta::assert_snapshot!(validate_package(&zip(51, 120, vec![]), PackageType::Zip)
        .unwrap_err()
        .to_string());
}

#[test]
fn unzipped_over_250_megabytes() {
    insta::assert_snapshot!(validate_package(&zip(40, 251, vec![]), PackageType::Zip)
        .unwrap_err()
        .to_string());
}

#[test]
fn function_and_layers_over_250_megabytes() {
    let package = zip(
        20,
        120,
        vec![layer("numpy", 40, 90), layer("pandas", 45, 60)],
    );
    insta::assert_snapshot!(validate_package(&package, PackageType::Zip)
        .unwrap_err()
        .to_string());
}

#[test]
fn layers_alone_over_250_megabytes() {
    let package = zip(1, 1, vec![layer("a", 40, 200), layer("b", 40, 100)]);
    insta::assert_snapshot!(validate_package(&package, PackageType::Zip)
        .unwrap_err()
        .to_string());
}

#[test]
fn six_layers_in_a_package() {
    let layers = (0..6).map(|i| layer(&format!("l{i}"), 1, 1)).collect();
    insta::assert_snapshot!(validate_package(&zip(1, 1, layers), PackageType::Zip)
        .unwrap_err()
        .to_string());
}

#[test]
fn layer_zip_over_fifty_megabytes() {
    insta::assert_snapshot!(validate_package(
        &zip(1, 1, vec![layer("big", 60, 200)]),
        PackageType::Zip
    )
    .unwrap_err()
    .to_string());
}

#[test]
fn image_with_layers() {
    let package = Package {
        unzipped_bytes: MB,
        layers: vec![layer("a", 1, 1)],
        ..Package::default()
    };
    insta::assert_snapshot!(validate_package(&package, PackageType::Image)
        .unwrap_err()
        .to_string());
}

#[test]
fn image_over_ten_gigabytes() {
    let package = Package {
        unzipped_bytes: 11 * 1024 * MB,
        ..Package::default()
    };
    insta::assert_snapshot!(validate_package(&package, PackageType::Image)
        .unwrap_err()
        .to_string());
}

#[test]
fn code_storage_full() {
    let limit = 300 * 1024 * MB;
    assert!(validate_code_storage(limit - MB, MB).is_ok());
    insta::assert_snapshot!(validate_code_storage(limit - MB, 2 * MB)
        .unwrap_err()
        .to_string());
}

// --- code signing -------------------------------------------------------------

fn profile() -> SigningProfile {
    SigningProfile {
        name: "OrdersTeam".into(),
        version: "a1b2c3d4e5".into(),
        region: "us-east-1".into(),
        account: "123456789012".into(),
    }
}

fn csc(policy: UntrustedArtifactOnDeployment) -> CodeSigningConfig {
    CodeSigningConfig {
        allowed_publishers: vec![profile().version_arn()],
        policy,
    }
}

fn signed(name: &str) -> Artifact {
    Artifact {
        name: name.into(),
        signature: Some(Signature {
            profile_version_arn: profile().version_arn(),
            signed_at: 0,
            expires_at: 24 * HOUR,
            revoked: false,
            integrity_ok: true,
        }),
    }
}

#[test]
fn signing_profile_version_arn() {
    assert_eq!(
        profile().version_arn(),
        "arn:aws:signer:us-east-1:123456789012:/signing-profiles/OrdersTeam/a1b2c3d4e5"
    );
    assert_eq!(
        UntrustedArtifactOnDeployment::default(),
        UntrustedArtifactOnDeployment::Warn
    );
}

#[test]
fn valid_signatures_deploy_without_warnings() {
    let artifacts = [
        signed("function code"),
        signed("arn:aws:lambda:us-east-1:123456789012:layer:axios:3"),
    ];
    let v = verify_signatures(
        Some(&csc(UntrustedArtifactOnDeployment::Enforce)),
        PackageType::Zip,
        &artifacts,
        HOUR,
    )
    .unwrap();
    assert_eq!(v, Verification::default());
}

#[test]
fn no_code_signing_config_accepts_anything() {
    let unsigned = Artifact {
        name: "function code".into(),
        signature: None,
    };
    assert_eq!(
        verify_signatures(None, PackageType::Zip, &[unsigned], 0),
        Ok(Verification::default())
    );
}

#[test]
fn warn_deploys_and_counts_signature_validation_errors() {
    let mut expired = signed("function code");
    if let Some(s) = expired.signature.as_mut() {
        s.expires_at = SECOND;
    }
    let unsigned_layer = Artifact {
        name: "arn:aws:lambda:us-east-1:123456789012:layer:axios:3".into(),
        signature: None,
    };
    let v = verify_signatures(
        Some(&csc(UntrustedArtifactOnDeployment::Warn)),
        PackageType::Zip,
        &[expired, unsigned_layer],
        HOUR,
    )
    .unwrap();
    assert_eq!(v.signature_validation_errors, 2);
    let warnings: Vec<String> = v.warnings.iter().map(|w| w.to_string()).collect();
    insta::assert_snapshot!(warnings.join("\n"), @r"
    the signature of function code has expired
    arn:aws:lambda:us-east-1:123456789012:layer:axios:3 is not signed
    ");
}

#[test]
fn integrity_failure_blocks_even_under_warn() {
    let mut tampered = signed("function code");
    if let Some(s) = tampered.signature.as_mut() {
        s.integrity_ok = false;
    }
    let e = verify_signatures(
        Some(&csc(UntrustedArtifactOnDeployment::Warn)),
        PackageType::Zip,
        &[tampered],
        HOUR,
    )
    .unwrap_err();
    assert_eq!(e.exception(), "InvalidCodeSignatureException");
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn enforce_blocks_expired_mismatched_and_revoked() {
    let mut artifact = signed("function code");
    if let Some(s) = artifact.signature.as_mut() {
        s.expires_at = SECOND;
        s.revoked = true;
        s.profile_version_arn =
            "arn:aws:signer:us-east-1:999999999999:/signing-profiles/Other/zz".into();
    }
    let e = verify_signatures(
        Some(&csc(UntrustedArtifactOnDeployment::Enforce)),
        PackageType::Zip,
        &[artifact],
        HOUR,
    )
    .unwrap_err();
    assert_eq!(e.exception(), "CodeVerificationFailedException");
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn enforce_blocks_unsigned_code() {
    let unsigned = Artifact {
        name: "function code".into(),
        signature: None,
    };
    insta::assert_snapshot!(verify_signatures(
        Some(&csc(UntrustedArtifactOnDeployment::Enforce)),
        PackageType::Zip,
        &[unsigned],
        0
    )
    .unwrap_err()
    .to_string());
}

#[test]
fn code_signing_is_not_for_images() {
    insta::assert_snapshot!(verify_signatures(
        Some(&csc(UntrustedArtifactOnDeployment::Warn)),
        PackageType::Image,
        &[],
        0
    )
    .unwrap_err()
    .to_string());
}

#[test]
fn a_code_signing_config_lists_one_to_twenty_profiles() {
    assert!(validate_code_signing_config(&csc(UntrustedArtifactOnDeployment::Warn)).is_ok());
    insta::assert_snapshot!(validate_code_signing_config(&CodeSigningConfig::default())
        .unwrap_err()
        .to_string());
}

// --- VPC ------------------------------------------------------------------------

fn network(routes: &[Route]) -> VpcNetwork {
    VpcNetwork {
        subnets: routes
            .iter()
            .enumerate()
            .map(|(i, &route)| Subnet {
                id: format!("subnet-{i}"),
                route,
            })
            .collect(),
        endpoints: vec!["s3".into()],
    }
}

#[test]
fn internet_from_a_vpc_needs_nat() {
    assert_eq!(internet_call(None), Ok(()));
    assert_eq!(
        internet_call(Some(&network(&[Route::NatGateway, Route::NatGateway]))),
        Ok(())
    );
    assert_eq!(
        internet_call(Some(&network(&[Route::None]))),
        Err(CallFailure::Timeout)
    );
    assert_eq!(
        internet_call(Some(&network(&[Route::InternetGateway]))),
        Err(CallFailure::Timeout),
        "a public subnet does not help"
    );
    let mixed = network(&[Route::NatGateway, Route::None]);
    assert_eq!(internet_call(Some(&mixed)), Err(CallFailure::Timeout));
    assert_eq!(internet_call_from(Some(&mixed), "subnet-0"), Ok(()));
    assert_eq!(
        internet_call_from(Some(&mixed), "subnet-1"),
        Err(CallFailure::Timeout)
    );
}

#[test]
fn aws_services_through_endpoints() {
    let private = network(&[Route::None]);
    assert_eq!(aws_service_call(Some(&private), "s3"), Ok(()));
    assert_eq!(
        aws_service_call(Some(&private), "dynamodb"),
        Err(CallFailure::Timeout)
    );
    assert_eq!(aws_service_call(None, "dynamodb"), Ok(()));
}

#[test]
fn vpc_timeout_text() {
    insta::assert_snapshot!(CallFailure::Timeout.to_string());
}

// --- the environment Lambda sets ----------------------------------------------

#[test]
fn reserved_variables_of_a_nodejs_function() {
    let config = create_ok(&with("\"MemorySize\": 512"));
    let vars = reserved_environment(&config, &EnvironmentContext::default());
    let text: Vec<String> = vars.iter().map(|(k, v)| format!("{k}={v}")).collect();
    insta::assert_snapshot!(text.join("\n"));
    for (k, _) in &vars {
        assert!(RESERVED_NAMES.contains(&k.as_str()), "{k} is reserved");
    }
}

#[test]
fn os_only_runtimes_have_no_execution_env() {
    let config = create_ok("{\"FunctionName\": \"rusty\", \"Role\": \"arn:aws:iam::123456789012:role/r\", \"Runtime\": \"provided.al2023\", \"Handler\": \"bootstrap\"}");
    let vars = reserved_environment(&config, &EnvironmentContext::default());
    assert!(!vars.iter().any(|(k, _)| k == "AWS_EXECUTION_ENV"));
    assert!(vars
        .iter()
        .any(|(k, v)| k == "_HANDLER" && v == "bootstrap"));
}

#[test]
fn snap_start_environments_have_no_log_variables() {
    let config = create_ok(&with(""));
    let context = EnvironmentContext {
        initialization_type: InitializationType::SnapStart,
        version: "3".into(),
        ..EnvironmentContext::default()
    };
    let vars = reserved_environment(&config, &context);
    assert!(!vars.iter().any(|(k, _)| k.starts_with("AWS_LAMBDA_LOG_")));
    assert!(vars.contains(&("AWS_LAMBDA_INITIALIZATION_TYPE".into(), "snap-start".into())));
    assert!(vars.contains(&("AWS_LAMBDA_FUNCTION_VERSION".into(), "3".into())));
}

#[test]
fn the_process_environment_lets_users_override_presets() {
    let config = create_ok(&with(
        "\"Environment\": {\"Variables\": {\"TZ\": \"Europe/Paris\", \"TABLE\": \"orders\"}}",
    ));
    let vars = process_environment(&config, &EnvironmentContext::default());
    let get = |name: &str| {
        vars.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("TZ"), Some("Europe/Paris"));
    assert_eq!(get("TABLE"), Some("orders"));
    assert_eq!(get("LAMBDA_TASK_ROOT"), Some("/var/task"));
    assert_eq!(
        get("NODE_PATH"),
        Some("/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task")
    );
    assert!(
        vars.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, no duplicates"
    );
    let defaults = default_environment(&create_ok(&with("")));
    assert!(defaults.contains(&("TZ".into(), ":UTC".into())));
}

#[test]
fn log_stream_names_look_like_lambdas() {
    assert_eq!(
        log_stream_name(2026, 3, 7, "$LATEST", 0xabc),
        "2026/03/07/[$LATEST]00000000000000000000000000000abc"
    );
}
