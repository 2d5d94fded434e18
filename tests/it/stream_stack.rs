//! `ddb schema-export --with-stream-handler`: the stream handler's stack in
//! CloudFormation, SAM and Terraform, checked offline by the tools a
//! deployment would meet (cfn-lint, `terraform fmt`, checkov with the
//! project's .checkov.yaml, parliament for the role's policy), snapshotted
//! whole, and its bad combinations refused.

use std::path::Path;

use crate::support::*;

/// A folder holding the function's zip at the relative path the stacks
/// name (`--code` must be a file), where the stacks are written.
fn workdir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("target/lambda")).unwrap();
        for zip in [
            "target/lambda/cruddur-stream-handler-x86_64.zip",
            "cruddur-stream-handler-arm64.zip",
        ] {
            std::fs::write(dir.path().join(zip), b"PK\x05\x06").unwrap();
        }
        dir
    })
    .path()
}

fn export(table: &str, args: &[&str]) -> String {
    let a = cruddur()
        .current_dir(workdir())
        .args([
            "--table",
            table,
            "ddb",
            "schema-export",
            "--with-stream-handler",
        ])
        .args(args)
        .assert()
        .success();
    assert!(stderr_of(&a).is_empty(), "{}", stderr_of(&a));
    stdout_of(&a)
}

fn checked(what: &str, out: &std::process::Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{what} failed:\n{text}");
    text
}

/// checkov on one file with the committed settings; the number of checks
/// that passed (none may fail).
fn checkov(file: &Path, framework: &str) -> Option<usize> {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join(".checkov.yaml");
    let out = tool(
        "checkov",
        &[
            "--config-file".as_ref(),
            config.as_os_str(),
            "--skip-download".as_ref(),
            "--framework".as_ref(),
            framework.as_ref(),
            "-f".as_ref(),
            file.as_os_str(),
        ],
    )?;
    let text = checked(&format!("checkov on {}", file.display()), &out);
    let count = |label: &str| -> usize {
        text.lines()
            .find_map(|l| l.split_once(label).map(|(_, rest)| rest))
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no '{label}' in checkov's output:\n{text}"))
    };
    assert_eq!(count("Failed checks:"), 0, "{text}");
    Some(count("Passed checks:"))
}

const TEMPLATE_VARIANTS: [(&str, &[&str]); 4] = [
    ("cloudformation", &[]),
    (
        "cloudformation",
        &["--vpc-endpoint", "--architecture", "arm64"],
    ),
    (
        "sam",
        &["--code", "target/lambda/cruddur-stream-handler-x86_64.zip"],
    ),
    ("sam", &["--vpc-endpoint"]),
];

#[test]
fn the_cloudformation_and_sam_stacks_pass_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(TEMPLATE_VARIANTS.len(), 4);
    for (i, (format, args)) in TEMPLATE_VARIANTS.iter().enumerate() {
        let text = export(
            "cruddur-messages",
            &[&["--format", format][..], args].concat(),
        );
        assert_eq!(
            text.matches("Type: \"AWS::Lambda::EventSourceMapping\"")
                .count()
                + text.matches("Type: \"DynamoDB\"").count(),
            1,
            "{text}"
        );
        // The mapping's own metrics are on.
        assert_eq!(text.matches("MetricsConfig:\n").count(), 1, "{text}");
        assert!(
            text.contains("Metrics:\n") && text.contains("- \"EventCount\""),
            "{text}"
        );
        let file = dir.path().join(format!("{format}-{i}.yaml"));
        std::fs::write(&file, &text).unwrap();
        if let Some(out) = tool("cfn-lint", &[file.as_os_str()]) {
            checked(&format!("cfn-lint on {format} {args:?}\n{text}"), &out);
        }
        if let Some(passed) = checkov(&file, "cloudformation") {
            assert!(
                passed >= 10,
                "only {passed} checks ran on {format} {args:?}"
            );
        }
    }
}

#[test]
fn the_terraform_stack_is_formatted_and_passes_checkov() {
    let variants: [&[&str]; 2] = [
        &[],
        &[
            "--vpc-endpoint",
            "--code",
            "cruddur-stream-handler-arm64.zip",
            "--architecture",
            "arm64",
        ],
    ];
    for args in variants {
        let dir = tempfile::tempdir().unwrap();
        let text = export(
            "cruddur-messages",
            &[&["--format", "terraform"][..], args].concat(),
        );
        assert_eq!(
            text.matches("resource \"aws_lambda_event_source_mapping\"")
                .count(),
            1,
            "{text}"
        );
        assert_eq!(
            text.matches("metrics_config {\n    metrics = [\"EventCount\"]\n  }")
                .count(),
            1,
            "{text}"
        );
        let file = dir.path().join("main.tf");
        std::fs::write(&file, &text).unwrap();
        if let Some(out) = tool(
            "terraform",
            &[
                "fmt".as_ref(),
                "-check".as_ref(),
                "-diff".as_ref(),
                file.as_os_str(),
            ],
        ) {
            checked(&format!("terraform fmt -check on {args:?}"), &out);
        }
        if let Some(passed) = checkov(&file, "terraform") {
            assert!(
                passed >= 10,
                "only {passed} checks ran on terraform {args:?}"
            );
        }
    }
}

/// The role's policy, taken out of the CloudFormation template with its
/// intrinsics replaced by ARNs of the right shapes, through parliament.
/// (The stream's label is written without the colons of a real one, which
/// parliament's ARN parser would split on.)
const POLICY_LINT: &str = r#"
import json, sys, yaml
from parliament import analyze_policy_string
doc = yaml.safe_load(sys.stdin.read())
arns = {
    "MessagesTable.Arn": "arn:aws:dynamodb:us-east-1:123456789012:table/cruddur-messages",
    "MessagesTable.StreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/cruddur-messages/stream/2026-12-02T000000.000",
    "StreamHandlerLogGroup": "/aws/lambda/cruddur-messages-stream-handler",
    "AWS::Partition": "aws",
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "StreamHandlerFailures.Arn": "arn:aws:sqs:us-east-1:123456789012:cruddur-messages-stream-handler-failures",
}
def concrete(v):
    if isinstance(v, dict):
        if list(v) == ["Fn::GetAtt"]:
            return arns[".".join(v["Fn::GetAtt"])]
        if list(v) == ["Fn::Sub"]:
            s = v["Fn::Sub"]
            for name, arn in arns.items():
                s = s.replace("${" + name + "}", arn)
            assert "${" not in s, s
            return s
        return {k: concrete(x) for k, x in v.items()}
    if isinstance(v, list):
        return [concrete(x) for x in v]
    return v
policies = doc["Resources"]["StreamHandlerRole"]["Properties"]["Policies"]
assert len(policies) == 1, policies
policy = concrete(policies[0]["PolicyDocument"])
findings = analyze_policy_string(json.dumps(policy)).findings
for f in findings:
    print(f.issue, f.detail)
print(json.dumps({"statements": len(policy["Statement"]), "findings": len(findings)}))
"#;

#[test]
fn the_role_policy_passes_parliament_and_names_only_the_stacks_resources() {
    let text = export("cruddur-messages", &["--format", "cloudformation"]);
    let Some(out) = python_in_lint_env(&text) else {
        return;
    };
    let stdout = checked("parliament", &out);
    assert_eq!(
        stdout.trim_end().lines().last(),
        Some(r#"{"statements": 6, "findings": 0}"#),
        "{stdout}"
    );
    // A policy parliament must refuse (a table ARN for an S3 action) proves the check runs.
    let wrong = text.replace("\"sqs:SendMessage\"", "\"s3:GetObject\"");
    let out = python_in_lint_env(&wrong).unwrap();
    let stdout = checked("parliament", &out);
    assert!(stdout.contains("RESOURCE_MISMATCH"), "{stdout}");
}

/// Runs a program with `input` on its stdin; its output.
fn with_stdin(cmd: &mut std::process::Command, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn python_in_lint_env(template: &str) -> Option<std::process::Output> {
    let program = std::env::var_os("CRUDDUR_LINT_BIN")
        .map(|d| std::path::PathBuf::from(d).join("python"))
        .filter(|p| p.exists());
    let Some(program) = program else {
        if std::env::var("CRUDDUR_REQUIRE_LINTERS").as_deref() == Ok("1") {
            panic!("the linters' python is required (CRUDDUR_REQUIRE_LINTERS=1) but CRUDDUR_LINT_BIN has none");
        }
        eprintln!("skipping the parliament check: no CRUDDUR_LINT_BIN (scripts/test sets it)");
        return None;
    };
    Some(with_stdin(
        std::process::Command::new(program).args(["-c", POLICY_LINT]),
        template,
    ))
}

#[test]
fn the_stacks_are_as_snapshotted() {
    let cases: [(&str, &[&str]); 3] = [
        ("cloudformation", &["--format", "cloudformation"]),
        (
            "sam-vpc",
            &[
                "--format",
                "sam",
                "--vpc-endpoint",
                "--code",
                "target/lambda/cruddur-stream-handler-x86_64.zip",
            ],
        ),
        (
            "terraform-arm64",
            &["--format", "terraform", "--architecture", "arm64"],
        ),
    ];
    for (name, args) in cases {
        insta::assert_snapshot!(format!("stack-{name}"), export("cruddur-messages", args));
    }
}

#[test]
fn combinations_that_make_no_stack_are_refused_on_one_line() {
    let long = "t".repeat(50);
    let cases: [(&str, Vec<&str>); 5] = [
        ("json", vec!["--format", "json", "--with-stream-handler"]),
        (
            "cloudformation-code",
            vec![
                "--format",
                "cloudformation",
                "--with-stream-handler",
                "--code",
                "f.zip",
            ],
        ),
        (
            "no-stream",
            vec!["--format", "sam", "--with-stream-handler", "--no-stream"],
        ),
        (
            "code-without-stack",
            vec!["--format", "sam", "--code", "f.zip"],
        ),
        (
            "long-table",
            vec!["--table", &long, "--format", "sam", "--with-stream-handler"],
        ),
    ];
    for (name, args) in cases {
        let (global, rest): (Vec<&str>, Vec<&str>) = match args.first() {
            Some(&"--table") => (args[..2].to_vec(), args[2..].to_vec()),
            _ => (vec![], args.clone()),
        };
        let a = cruddur()
            .args(&global)
            .args(["ddb", "schema-export"])
            .args(&rest)
            .assert()
            .failure();
        insta::assert_snapshot!(format!("stack-refused-{name}"), transcript(&a));
    }
}

/// Deploys a template to moto's CloudFormation and describes what it made:
/// argv is the moto URL, the stack name, the table, and "vpc" or "plain";
/// the template comes on stdin.
const DEPLOY: &str = r#"
import ast, boto3, json, sys, zipfile, io
url, stack, table, mode = sys.argv[1:5]
kw = dict(endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
s3 = boto3.client("s3", **kw)
bucket = stack.lower()
s3.create_bucket(Bucket=bucket)
code = io.BytesIO()
with zipfile.ZipFile(code, "w") as z:
    z.writestr("bootstrap", "not run here")
s3.put_object(Bucket=bucket, Key="handler.zip", Body=code.getvalue())
params = {"CodeBucket": bucket, "CodeKey": "handler.zip"}
if mode == "vpc":
    ec2 = boto3.client("ec2", **kw)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    routes = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    params.update({"VpcId": vpc, "SubnetIds": subnet, "RouteTableIds": routes})
cf = boto3.client("cloudformation", **kw)
cf.create_stack(StackName=stack, TemplateBody=sys.stdin.read(),
    Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()],
    Capabilities=["CAPABILITY_NAMED_IAM"])
status = cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
resources = sorted(r["ResourceType"] for r in cf.list_stack_resources(StackName=stack)["StackResourceSummaries"])
fn = boto3.client("lambda", **kw).get_function_configuration(FunctionName=table + "-stream-handler")
mappings = boto3.client("lambda", **kw).list_event_source_mappings(FunctionName=fn["FunctionName"])["EventSourceMappings"]
iam = boto3.client("iam", **kw)
role = fn["Role"].rsplit("/", 1)[1]
policy = iam.get_role_policy(RoleName=role, PolicyName="stream-handler")["PolicyDocument"]
if isinstance(policy, str):
    # moto keeps a policy from CloudFormation as Python's repr of it.
    policy = ast.literal_eval(policy)
described = boto3.client("dynamodb", **kw).describe_table(TableName=table)["Table"]
stream, table_arn = described["LatestStreamArn"], described["TableArn"]
queue = boto3.client("sqs", **kw).get_queue_attributes(
    QueueUrl=boto3.client("sqs", **kw).get_queue_url(QueueName=table + "-stream-handler-failures")["QueueUrl"],
    AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
def named(resource):
    for arn, name in [(stream, "STREAM"), (table_arn, "TABLE"), (queue, "QUEUE")]:
        resource = resource.replace(arn, name)
    return resource.replace(":us-east-1:123456789012:", ":REGION:ACCOUNT:").replace(table, "NAME")
out = {
    "status": status,
    "resources": resources,
    "function": {k: fn.get(k) for k in ["Runtime", "Handler", "Architectures", "MemorySize", "Timeout"]},
    "environment": fn["Environment"]["Variables"],
    "in_vpc": bool(fn.get("VpcConfig", {}).get("SubnetIds")),
    "mappings": [{k: m.get(k) for k in ["StartingPosition", "BatchSize", "MaximumBatchingWindowInSeconds",
        "BisectBatchOnFunctionError", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds",
        "FunctionResponseTypes"]} | {"on_table_stream": m["EventSourceArn"] == stream,
        "to_queue": m["DestinationConfig"]["OnFailure"]["Destination"].endswith(":" + table + "-stream-handler-failures")}
        for m in mappings],
    "policy": {s["Sid"]: named(s["Resource"]) for s in policy["Statement"]},
}
print(json.dumps(out, sort_keys=True))
"#;

#[test]
fn the_cloudformation_stack_deploys_on_moto_with_its_trigger_and_role() {
    for mode in ["plain", "vpc"] {
        let table = unique("stack");
        let args: &[&str] = if mode == "vpc" {
            &["--format", "cloudformation", "--vpc-endpoint"]
        } else {
            &["--format", "cloudformation"]
        };
        let template = export(&table, args);
        let out = with_stdin(
            std::process::Command::new("python3").args([
                "-c",
                DEPLOY,
                &services().moto_url,
                &format!("S{table}"),
                &table,
                mode,
            ]),
            &template,
        );
        let stdout = checked(&format!("deploying the {mode} stack on moto"), &out);
        let got: serde_json::Value = serde_json::from_str(stdout.trim()).expect(&stdout);
        let mut resources = vec![
            "AWS::DynamoDB::Table",
            "AWS::IAM::Role",
            "AWS::Lambda::EventSourceMapping",
            "AWS::Lambda::Function",
            "AWS::Logs::LogGroup",
            "AWS::SQS::Queue",
        ];
        if mode == "vpc" {
            resources.extend(["AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint"]);
            resources.sort();
        }
        assert_eq!(
            got,
            serde_json::json!({
                "status": "CREATE_COMPLETE",
                "resources": resources,
                "function": {"Runtime": "provided.al2023", "Handler": "bootstrap",
                    "Architectures": ["x86_64"], "MemorySize": 128, "Timeout": 30},
                "environment": {"DDB_MESSAGE_TABLE": table},
                "in_vpc": mode == "vpc",
                "mappings": [{"StartingPosition": "TRIM_HORIZON", "BatchSize": 100,
                    "MaximumBatchingWindowInSeconds": 1, "BisectBatchOnFunctionError": true,
                    "MaximumRetryAttempts": 8, "MaximumRecordAgeInSeconds": 3600,
                    "FunctionResponseTypes": ["ReportBatchItemFailures"],
                    "on_table_stream": true, "to_queue": true}],
                "policy": {
                    "ReadTheTableStream": "STREAM",
                    "FindTheStream": "*",
                    "FindParticipantsOnTheIndex": "TABLE/index/message-group-sk-index",
                    "MoveGroupRows": "TABLE",
                    "WriteItsLogs": "arn:aws:logs:REGION:ACCOUNT:log-group:/aws/lambda/NAME-stream-handler:*",
                    "SendFailedBatchesToTheQueue": "QUEUE",
                },
            }),
            "{mode}"
        );
    }
}
