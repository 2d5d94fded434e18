//! The stack around the stream handler (`schema-export --with-stream-handler`):
//! the function, its role, its log group, the failure queue, the event
//! source mapping on the table's stream, and optionally a gateway VPC
//! endpoint for DynamoDB. One description of each piece (names, settings,
//! the role's policy) is written out as CloudFormation, SAM or Terraform.

use clap::ValueEnum;
use serde_json::{json, Map, Value};

use super::hcl::{Block, Expr};
use super::table::{LOGICAL_ID as TABLE_ID, TERRAFORM_NAME as TABLE_TF};
use crate::app::error::CliError;
use crate::model::keys::GROUP_PREFIX;
use crate::model::schema::GSI_NAME;
use crate::model::schema::TABLE_VAR;

/// The event source mapping's settings.
pub mod trigger {
    /// A new mapping reads the stream from its oldest record, so records
    /// written before the function existed are applied too.
    pub const STARTING_POSITION: &str = "TRIM_HORIZON";
    pub const BATCH_SIZE: u32 = 100;
    /// Seconds the mapping gathers records before it invokes.
    pub const BATCHING_WINDOW_SECONDS: u32 = 1;
    /// Retries of a failing batch (halved each time by bisection) before it
    /// goes to the failure queue.
    pub const MAXIMUM_RETRY_ATTEMPTS: u32 = 8;
    /// A record older than this goes to the failure queue unapplied.
    pub const MAXIMUM_RECORD_AGE_SECONDS: u32 = 3600;
    /// The mapping's own CloudWatch metrics: records polled, filtered,
    /// invoked and failed (MetricsConfig; billed as custom metrics).
    pub const METRICS: &str = "EventCount";
}

/// The function's settings.
pub mod function {
    pub const RUNTIME: &str = "provided.al2023";
    pub const HANDLER: &str = "bootstrap";
    pub const MEMORY_MB: u32 = 128;
    pub const TIMEOUT_SECONDS: u32 = 30;
    /// Days the log group keeps the invocation lines (a parameter).
    pub const LOG_RETENTION_DAYS: u32 = 30;
    /// Days the failure queue keeps what it gets: SQS's longest.
    pub const FAILURE_RETENTION_SECONDS: u32 = 1_209_600;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Architecture {
    /// The zip of `scripts/package-stream-handler`
    #[value(name = "x86_64")]
    X86_64,
    /// The zip of `scripts/package-stream-handler --target aarch64-unknown-linux-gnu`
    Arm64,
}

impl Architecture {
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// What the stack holds beyond the table.
#[derive(Debug, Clone)]
pub struct StackOptions {
    /// The zip on disk (SAM's `CodeUri`, Terraform's `filename` default);
    /// without it the code is a parameter.
    pub code: Option<String>,
    pub architecture: Architecture,
    /// A gateway VPC endpoint for DynamoDB, and the function in the VPC.
    pub vpc_endpoint: bool,
}

/// The names of the stack's resources, from the table's.
#[derive(Debug, Clone)]
pub struct Names {
    pub function: String,
    pub role: String,
    pub log_group: String,
    pub queue: String,
}

impl Names {
    pub fn of(table: &str) -> Result<Self, CliError> {
        // Lambda and IAM names take letters, digits, `-` and `_`; a table
        // name may also hold `.`.
        let base: String = table
            .chars()
            .map(|c| if c == '.' { '-' } else { c })
            .collect();
        let function = format!("{base}-stream-handler");
        if function.len() > 64 {
            return Err(CliError::usage(format!(
                "the function's name '{function}' would be longer than Lambda's 64 characters"
            ))
            .hint("export with a shorter --table (at most 49 characters)"));
        }
        Ok(Names {
            role: function.clone(),
            log_group: format!("/aws/lambda/{function}"),
            queue: format!("{function}-failures"),
            function,
        })
    }
}

/// The ARNs the role's policy names, as each format writes them.
pub struct Arns {
    pub table: Value,
    pub index: Value,
    pub stream: Value,
    pub log_group: Value,
    pub queue: Value,
}

/// The function's permissions, and no more: read the table's stream, find a
/// conversation's participants on the index, read and move group rows (the
/// `GRP#` partition keys only), write its own log group, send a failed
/// batch's description to the failure queue.
pub fn handler_policy(arns: &Arns) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadTheTableStream",
                "Effect": "Allow",
                "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                "Resource": arns.stream,
            },
            {
                // ListStreams has no resource type: it takes "*" only.
                "Sid": "FindTheStream",
                "Effect": "Allow",
                "Action": ["dynamodb:ListStreams"],
                "Resource": "*",
            },
            {
                "Sid": "FindParticipantsOnTheIndex",
                "Effect": "Allow",
                "Action": ["dynamodb:Query"],
                "Resource": arns.index,
            },
            {
                "Sid": "MoveGroupRows",
                "Effect": "Allow",
                "Action": ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
                "Resource": arns.table,
                "Condition": {
                    "ForAllValues:StringLike": {"dynamodb:LeadingKeys": [format!("{GROUP_PREFIX}*")]},
                },
            },
            {
                "Sid": "WriteItsLogs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": arns.log_group,
            },
            {
                "Sid": "SendFailedBatchesToTheQueue",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage"],
                "Resource": arns.queue,
            },
        ],
    })
}

/// Lambda may take the role.
fn assume_role_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }],
    })
}

/// The managed policy a function in a VPC needs for its network interfaces.
const ENI_POLICY: &str = "service-role/AWSLambdaENIManagementAccess";

const FUNCTION_ID: &str = "StreamHandler";
const ROLE_ID: &str = "StreamHandlerRole";
const LOG_GROUP_ID: &str = "StreamHandlerLogGroup";
const QUEUE_ID: &str = "StreamHandlerFailures";
const TRIGGER_ID: &str = "StreamHandlerTrigger";
const SECURITY_GROUP_ID: &str = "StreamHandlerSecurityGroup";
const ENDPOINT_ID: &str = "DynamoDbEndpoint";

fn get_att(id: &str, attr: &str) -> Value {
    json!({"Fn::GetAtt": [id, attr]})
}

fn reference(id: &str) -> Value {
    json!({"Ref": id})
}

/// The ARNs as CloudFormation intrinsics.
pub fn cloudformation_arns() -> Arns {
    Arns {
        table: get_att(TABLE_ID, "Arn"),
        index: json!({"Fn::Sub": format!("${{{TABLE_ID}.Arn}}/index/{GSI_NAME}")}),
        stream: get_att(TABLE_ID, "StreamArn"),
        // The log group's streams, spelt out: its Arn attribute ends in `:*`
        // on AWS but not on every emulator.
        log_group: json!({"Fn::Sub": format!(
            "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{{LOG_GROUP_ID}}}:*"
        )}),
        queue: get_att(QUEUE_ID, "Arn"),
    }
}

/// What a CloudFormation or SAM template adds: parameters, resources, outputs.
pub struct CloudFormationParts {
    pub parameters: Map<String, Value>,
    pub resources: Map<String, Value>,
    pub outputs: Map<String, Value>,
}

/// Terraform's names of the resources.
const TF: &str = "stream_handler";
const TF_QUEUE: &str = "stream_handler_failures";

/// The ARNs as Terraform templates.
pub fn terraform_arns() -> Arns {
    Arns {
        table: json!(format!("${{aws_dynamodb_table.{TABLE_TF}.arn}}")),
        index: json!(format!(
            "${{aws_dynamodb_table.{TABLE_TF}.arn}}/index/{GSI_NAME}"
        )),
        stream: json!(format!("${{aws_dynamodb_table.{TABLE_TF}.stream_arn}}")),
        // Terraform's log group ARN has no `:*`; the log streams need it.
        log_group: json!(format!("${{aws_cloudwatch_log_group.{TF}.arn}}:*")),
        queue: json!(format!("${{aws_sqs_queue.{TF_QUEUE}.arn}}")),
    }
}

fn variable(name: &str, kind: &str, description: &str, default: Option<Expr>) -> Block {
    let mut b = Block::new("variable", &[name])
        .attr("type", Expr::raw(kind))
        .attr("description", Expr::str(description));
    if let Some(d) = default {
        b = b.attr("default", d);
    }
    b
}

fn num(n: u32) -> Expr {
    Expr::raw(n.to_string())
}

/// One piece of the stack, described once and spelt for both formats:
/// CloudFormation's logical id and resource (none where SAM folds the piece
/// into another), and Terraform's blocks.
struct Piece {
    cloudformation: Vec<(&'static str, Value)>,
    terraform: Vec<Block>,
}

/// Which template a piece is spelt for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Template {
    CloudFormation,
    Sam,
}

/// An input of the stack: a CloudFormation parameter and a Terraform variable.
struct Input {
    cloudformation: Option<(&'static str, Value)>,
    terraform: Option<Block>,
}

/// The inputs, in order: the code (a zip on disk for SAM and Terraform
/// when given, else S3 for CloudFormation), the log retention, and with
/// the VPC endpoint the VPC, its route tables and subnets.
fn inputs(options: &StackOptions, template: Template) -> Vec<Input> {
    let mut all = Vec::new();
    let zip_on_disk = options.code.is_some() && template == Template::Sam;
    if !zip_on_disk {
        all.push(Input {
            cloudformation: Some((
                "CodeBucket",
                json!({
                    "Type": "String",
                    "Description": "The S3 bucket holding the stream handler's zip (scripts/package-stream-handler)",
                }),
            )),
            terraform: None,
        });
        all.push(Input {
            cloudformation: Some((
                "CodeKey",
                json!({"Type": "String", "Description": "The S3 key of the stream handler's zip"}),
            )),
            terraform: None,
        });
    }
    all.insert(
        0,
        Input {
            cloudformation: None,
            terraform: Some(variable(
                "stream_handler_zip",
                "string",
                "The stream handler's zip (scripts/package-stream-handler)",
                options.code.clone().map(Expr::Str),
            )),
        },
    );
    let retention = "Days the stream handler's log group keeps its lines";
    all.push(Input {
        cloudformation: Some((
            "LogRetentionInDays",
            json!({
                "Type": "Number",
                "Default": function::LOG_RETENTION_DAYS,
                "AllowedValues": [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
                "Description": retention,
            }),
        )),
        terraform: Some(variable(
            "log_retention_days",
            "number",
            retention,
            Some(num(function::LOG_RETENTION_DAYS)),
        )),
    });
    if options.vpc_endpoint {
        let vpc = "The VPC the function runs in and the DynamoDB endpoint serves";
        let routes =
            "The route tables of the function's subnets: the endpoint adds its route to each";
        let subnets = "The private subnets the function runs in";
        for (cfn, cfn_type, tf, tf_type, text) in [
            ("VpcId", "AWS::EC2::VPC::Id", "vpc_id", "string", vpc),
            (
                "RouteTableIds",
                "CommaDelimitedList",
                "route_table_ids",
                "list(string)",
                routes,
            ),
            (
                "SubnetIds",
                "List<AWS::EC2::Subnet::Id>",
                "subnet_ids",
                "list(string)",
                subnets,
            ),
        ] {
            all.push(Input {
                cloudformation: Some((cfn, json!({"Type": cfn_type, "Description": text}))),
                terraform: Some(variable(tf, tf_type, text, None)),
            });
        }
    }
    all
}

/// The role the function runs as, its policy, and in a VPC the managed
/// policy for its network interfaces.
fn role(names: &Names, options: &StackOptions) -> Piece {
    let mut role = json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "RoleName": names.role,
            "Description": "The cruddur stream handler: the table's stream, its group rows, its own logs and failure queue",
            "AssumeRolePolicyDocument": assume_role_policy(),
            "Policies": [{
                "PolicyName": "stream-handler",
                "PolicyDocument": handler_policy(&cloudformation_arns()),
            }],
        },
    });
    let mut terraform = vec![
        Block::new("resource", &["aws_iam_role", TF])
            .attr("name", Expr::str(&names.role))
            .attr(
                "assume_role_policy",
                Expr::JsonEncode(Box::new(Expr::from_json_templates(&assume_role_policy()))),
            ),
        Block::new("resource", &["aws_iam_role_policy", TF])
            .attr("name", Expr::str("stream-handler"))
            .attr("role", Expr::raw(format!("aws_iam_role.{TF}.id")))
            .attr(
                "policy",
                Expr::JsonEncode(Box::new(Expr::from_json_templates(&handler_policy(
                    &terraform_arns(),
                )))),
            ),
    ];
    if options.vpc_endpoint {
        role["Properties"]["ManagedPolicyArns"] =
            json!([{"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::aws:policy/{ENI_POLICY}")}]);
        terraform.push(
            Block::new(
                "resource",
                &["aws_iam_role_policy_attachment", "stream_handler_eni"],
            )
            .attr("role", Expr::raw(format!("aws_iam_role.{TF}.name")))
            .attr(
                "policy_arn",
                Expr::str(format!("arn:aws:iam::aws:policy/{ENI_POLICY}")),
            ),
        );
    }
    Piece {
        cloudformation: vec![(ROLE_ID, role)],
        terraform,
    }
}

/// The function's log group, with the retention of the stack's input.
fn log_group(names: &Names) -> Piece {
    Piece {
        cloudformation: vec![(
            LOG_GROUP_ID,
            json!({
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": names.log_group,
                    "RetentionInDays": reference("LogRetentionInDays"),
                },
            }),
        )],
        terraform: vec![Block::new("resource", &["aws_cloudwatch_log_group", TF])
            .attr("name", Expr::str(&names.log_group))
            .attr("retention_in_days", Expr::raw("var.log_retention_days"))],
    }
}

/// The failure queue: SQS's longest retention, encrypted by SQS.
fn queue(names: &Names) -> Piece {
    Piece {
        cloudformation: vec![(
            QUEUE_ID,
            json!({
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "QueueName": names.queue,
                    "MessageRetentionPeriod": function::FAILURE_RETENTION_SECONDS,
                    "SqsManagedSseEnabled": true,
                },
            }),
        )],
        terraform: vec![Block::new("resource", &["aws_sqs_queue", TF_QUEUE])
            .attr("name", Expr::str(&names.queue))
            .attr(
                "message_retention_seconds",
                num(function::FAILURE_RETENTION_SECONDS),
            )
            .attr("sqs_managed_sse_enabled", Expr::raw("true"))],
    }
}

const FUNCTION_DESCRIPTION: &str =
    "Pattern E: moves each conversation's group rows to its newest message";

/// The event source mapping's settings as CloudFormation properties, shared
/// by the plain resource and SAM's `DynamoDB` event.
fn trigger_properties() -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("StartingPosition".into(), json!(trigger::STARTING_POSITION));
    p.insert("BatchSize".into(), json!(trigger::BATCH_SIZE));
    p.insert(
        "MaximumBatchingWindowInSeconds".into(),
        json!(trigger::BATCHING_WINDOW_SECONDS),
    );
    p.insert("BisectBatchOnFunctionError".into(), json!(true));
    p.insert(
        "MaximumRetryAttempts".into(),
        json!(trigger::MAXIMUM_RETRY_ATTEMPTS),
    );
    p.insert(
        "MaximumRecordAgeInSeconds".into(),
        json!(trigger::MAXIMUM_RECORD_AGE_SECONDS),
    );
    p.insert(
        "FunctionResponseTypes".into(),
        json!(["ReportBatchItemFailures"]),
    );
    p.insert(
        "DestinationConfig".into(),
        json!({"OnFailure": {"Destination": get_att(QUEUE_ID, "Arn")}}),
    );
    p.insert(
        "MetricsConfig".into(),
        json!({"Metrics": [trigger::METRICS]}),
    );
    p
}

/// The function: runtime, architecture, memory, timeout, the table in its
/// environment, and in a VPC its subnets and security group. SAM's
/// function also carries the trigger as its `DynamoDB` event.
fn lambda_function(names: &Names, options: &StackOptions, template: Template) -> Piece {
    let code = match (&options.code, template) {
        (Some(path), Template::Sam) => json!(path),
        (_, Template::Sam) => {
            json!({"Bucket": reference("CodeBucket"), "Key": reference("CodeKey")})
        }
        (_, Template::CloudFormation) => {
            json!({"S3Bucket": reference("CodeBucket"), "S3Key": reference("CodeKey")})
        }
    };
    let mut props = Map::new();
    props.insert("FunctionName".into(), json!(names.function));
    props.insert("Description".into(), json!(FUNCTION_DESCRIPTION));
    props.insert("Runtime".into(), json!(function::RUNTIME));
    props.insert("Handler".into(), json!(function::HANDLER));
    props.insert(
        "Architectures".into(),
        json!([options.architecture.as_str()]),
    );
    props.insert("MemorySize".into(), json!(function::MEMORY_MB));
    props.insert("Timeout".into(), json!(function::TIMEOUT_SECONDS));
    props.insert("Role".into(), get_att(ROLE_ID, "Arn"));
    props.insert(
        "Environment".into(),
        json!({"Variables": {TABLE_VAR: reference(TABLE_ID)}}),
    );
    if options.vpc_endpoint {
        props.insert(
            "VpcConfig".into(),
            json!({
                "SubnetIds": reference("SubnetIds"),
                "SecurityGroupIds": [get_att(SECURITY_GROUP_ID, "GroupId")],
            }),
        );
    }
    let function_type = match template {
        Template::Sam => {
            props.insert("CodeUri".into(), code);
            let mut event = trigger_properties();
            event.insert("Stream".into(), get_att(TABLE_ID, "StreamArn"));
            props.insert(
                "Events".into(),
                json!({"TableStream": {"Type": "DynamoDB", "Properties": event}}),
            );
            "AWS::Serverless::Function"
        }
        Template::CloudFormation => {
            props.insert("Code".into(), code);
            "AWS::Lambda::Function"
        }
    };
    let cloudformation = json!({
        "Type": function_type,
        // The log group first, so that Lambda does not make one without a retention.
        "DependsOn": [LOG_GROUP_ID],
        "Properties": props,
    });

    let mut lambda = Block::new("resource", &["aws_lambda_function", TF])
        .attr("function_name", Expr::str(&names.function))
        .attr("description", Expr::str(FUNCTION_DESCRIPTION))
        .attr("role", Expr::raw(format!("aws_iam_role.{TF}.arn")))
        .attr("runtime", Expr::str(function::RUNTIME))
        .attr("handler", Expr::str(function::HANDLER))
        .attr(
            "architectures",
            Expr::List(vec![Expr::str(options.architecture.as_str())]),
        )
        .attr("memory_size", num(function::MEMORY_MB))
        .attr("timeout", num(function::TIMEOUT_SECONDS))
        .attr("filename", Expr::raw("var.stream_handler_zip"))
        .attr(
            "source_code_hash",
            Expr::raw("filebase64sha256(var.stream_handler_zip)"),
        )
        .blank()
        .block(Block::new("environment", &[]).attr(
            "variables",
            Expr::Object(vec![(
                TABLE_VAR.to_string(),
                Expr::raw(format!("aws_dynamodb_table.{TABLE_TF}.name")),
            )]),
        ));
    if options.vpc_endpoint {
        lambda = lambda.blank().block(
            Block::new("vpc_config", &[])
                .attr("subnet_ids", Expr::raw("var.subnet_ids"))
                .attr(
                    "security_group_ids",
                    Expr::List(vec![Expr::raw(format!("aws_security_group.{TF}.id"))]),
                ),
        );
    }
    // The log group first, so that Lambda does not make one without a
    // retention; the policy first, so the first invocation may write.
    let lambda = lambda.blank().attr(
        "depends_on",
        Expr::List(vec![
            Expr::raw(format!("aws_cloudwatch_log_group.{TF}")),
            Expr::raw(format!("aws_iam_role_policy.{TF}")),
        ]),
    );
    Piece {
        cloudformation: vec![(FUNCTION_ID, cloudformation)],
        terraform: vec![lambda],
    }
}

/// The event source mapping on the table's stream (SAM's is the
/// function's event, so its template has no resource of its own).
fn trigger_mapping(template: Template) -> Piece {
    let mut mapping = trigger_properties();
    mapping.insert("EventSourceArn".into(), get_att(TABLE_ID, "StreamArn"));
    mapping.insert("FunctionName".into(), reference(FUNCTION_ID));
    let cloudformation = match template {
        Template::Sam => Vec::new(),
        Template::CloudFormation => vec![(
            TRIGGER_ID,
            json!({"Type": "AWS::Lambda::EventSourceMapping", "Properties": mapping}),
        )],
    };
    let terraform = Block::new("resource", &["aws_lambda_event_source_mapping", TF])
        .attr(
            "event_source_arn",
            Expr::raw(format!("aws_dynamodb_table.{TABLE_TF}.stream_arn")),
        )
        .attr(
            "function_name",
            Expr::raw(format!("aws_lambda_function.{TF}.arn")),
        )
        .attr("starting_position", Expr::str(trigger::STARTING_POSITION))
        .attr("batch_size", num(trigger::BATCH_SIZE))
        .attr(
            "maximum_batching_window_in_seconds",
            num(trigger::BATCHING_WINDOW_SECONDS),
        )
        .attr("bisect_batch_on_function_error", Expr::raw("true"))
        .attr(
            "maximum_retry_attempts",
            num(trigger::MAXIMUM_RETRY_ATTEMPTS),
        )
        .attr(
            "maximum_record_age_in_seconds",
            num(trigger::MAXIMUM_RECORD_AGE_SECONDS),
        )
        .attr(
            "function_response_types",
            Expr::List(vec![Expr::str("ReportBatchItemFailures")]),
        )
        .blank()
        .block(
            Block::new("destination_config", &[]).block(Block::new("on_failure", &[]).attr(
                "destination_arn",
                Expr::raw(format!("aws_sqs_queue.{TF_QUEUE}.arn")),
            )),
        )
        .blank()
        .block(
            Block::new("metrics_config", &[])
                .attr("metrics", Expr::List(vec![Expr::str(trigger::METRICS)])),
        );
    Piece {
        cloudformation,
        terraform: vec![terraform],
    }
}

const SECURITY_GROUP_DESCRIPTION: &str =
    "The cruddur stream handler: HTTPS out (DynamoDB through the gateway endpoint), nothing in";

/// In a VPC: the function's security group, HTTPS out only.
fn security_group(names: &Names) -> Piece {
    Piece {
        cloudformation: vec![(
            SECURITY_GROUP_ID,
            json!({
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {
                    "GroupDescription": SECURITY_GROUP_DESCRIPTION,
                    "VpcId": reference("VpcId"),
                    "SecurityGroupEgress": [{
                        "Description": "HTTPS to DynamoDB",
                        "IpProtocol": "tcp",
                        "FromPort": 443,
                        "ToPort": 443,
                        "CidrIp": "0.0.0.0/0",
                    }],
                },
            }),
        )],
        terraform: vec![Block::new("resource", &["aws_security_group", TF])
            .attr("name", Expr::str(&names.function))
            .attr("description", Expr::str(SECURITY_GROUP_DESCRIPTION))
            .attr("vpc_id", Expr::raw("var.vpc_id"))
            .blank()
            .block(
                Block::new("egress", &[])
                    .attr("description", Expr::str("HTTPS to DynamoDB"))
                    .attr("protocol", Expr::str("tcp"))
                    .attr("from_port", num(443))
                    .attr("to_port", num(443))
                    .attr("cidr_blocks", Expr::List(vec![Expr::str("0.0.0.0/0")])),
            )],
    }
}

/// In a VPC: the gateway endpoint for DynamoDB on the subnets' route tables.
fn dynamodb_endpoint() -> Piece {
    Piece {
        cloudformation: vec![(
            ENDPOINT_ID,
            json!({
                "Type": "AWS::EC2::VPCEndpoint",
                "Properties": {
                    "VpcEndpointType": "Gateway",
                    "VpcId": reference("VpcId"),
                    "ServiceName": {"Fn::Sub": "com.amazonaws.${AWS::Region}.dynamodb"},
                    "RouteTableIds": reference("RouteTableIds"),
                },
            }),
        )],
        terraform: vec![Block::new("resource", &["aws_vpc_endpoint", "dynamodb"])
            .attr("vpc_id", Expr::raw("var.vpc_id"))
            .attr("vpc_endpoint_type", Expr::str("Gateway"))
            // The table's region, read from its ARN.
            .attr(
                "service_name",
                Expr::raw(format!(
                    "\"com.amazonaws.${{split(\":\", aws_dynamodb_table.{TABLE_TF}.arn)[3]}}.dynamodb\""
                )),
            )
            .attr("route_table_ids", Expr::raw("var.route_table_ids"))],
    }
}

/// The stack's pieces, in the order both formats write them.
fn pieces(names: &Names, options: &StackOptions, template: Template) -> Vec<Piece> {
    let mut all = vec![
        role(names, options),
        log_group(names),
        queue(names),
        lambda_function(names, options, template),
        trigger_mapping(template),
    ];
    if options.vpc_endpoint {
        all.push(security_group(names));
        all.push(dynamodb_endpoint());
    }
    all
}

/// The stack's outputs: the function's name and the failure queue's URL.
fn outputs() -> (Map<String, Value>, Vec<Block>) {
    let mut cloudformation = Map::new();
    cloudformation.insert(
        "StreamHandlerName".into(),
        json!({"Value": reference(FUNCTION_ID)}),
    );
    cloudformation.insert(
        "FailureQueueUrl".into(),
        json!({"Value": reference(QUEUE_ID), "Description": "Where the batches that could not be applied are described (RELIABILITY.md: replaying them)"}),
    );
    let terraform = vec![
        Block::new("output", &["stream_handler_name"]).attr(
            "value",
            Expr::raw(format!("aws_lambda_function.{TF}.function_name")),
        ),
        Block::new("output", &["failure_queue_url"])
            .attr("value", Expr::raw(format!("aws_sqs_queue.{TF_QUEUE}.url"))),
    ];
    (cloudformation, terraform)
}

/// The stack as a CloudFormation (or, with `sam`, a SAM) template's parts.
pub fn cloudformation(names: &Names, options: &StackOptions, sam: bool) -> CloudFormationParts {
    let template = if sam {
        Template::Sam
    } else {
        Template::CloudFormation
    };
    let parameters = inputs(options, template)
        .into_iter()
        .filter_map(|i| i.cloudformation)
        .map(|(id, v)| (id.to_string(), v))
        .collect();
    let resources = pieces(names, options, template)
        .into_iter()
        .flat_map(|p| p.cloudformation)
        .map(|(id, v)| (id.to_string(), v))
        .collect();
    CloudFormationParts {
        parameters,
        resources,
        outputs: outputs().0,
    }
}

/// The stack as Terraform blocks beside the table.
pub fn terraform(names: &Names, options: &StackOptions) -> Vec<Block> {
    let mut blocks: Vec<Block> = inputs(options, Template::CloudFormation)
        .into_iter()
        .filter_map(|i| i.terraform)
        .collect();
    for piece in pieces(names, options, Template::CloudFormation) {
        blocks.extend(piece.terraform);
    }
    blocks.extend(outputs().1);
    blocks
}
