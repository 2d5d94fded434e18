# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cruddur_global_optspecs
    string join \n prod o/output= table= project= region= profile= endpoint-url= max-attempts= color= v/verbose h/help V/version
end

function __fish_cruddur_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cruddur_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cruddur_using_subcommand
    set -l cmd (__fish_cruddur_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cruddur -n "__fish_cruddur_needs_command" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_needs_command" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_needs_command" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_needs_command" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_needs_command" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_needs_command" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "ddb" -d 'DynamoDB: the messages table, its items, its stream and its stacks'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "patterns" -d 'The app\'s access patterns on the messages table, and what they cost'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "cognito" -d 'Cognito: the users of the app\'s user pool'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "db" -d 'Postgres: the app\'s database, its schema, seed, migrations and sessions'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "rds" -d 'RDS: the database instance and this machine\'s way in'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "setup" -d 'Bootstrap everything, idempotently: wait for the services, then the database, the DynamoDB table and the seed conversation'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "doctor" -d 'Check every target: DynamoDB, Postgres, Cognito, RDS (and AWS credentials with --prod)'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "init" -d 'Write a commented cruddur.toml naming the app files found from here'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "schema-load" -d 'Create the messages table (CreateTable), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "schema-export" -d 'Print the table as infrastructure code: CloudFormation, SAM, Terraform, or CreateTable input JSON (the definition schema-load uses); --with-stream-handler adds the stream handler\'s whole stack'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "seed" -d 'Seed a conversation between two Postgres users, or a synthetic dataset of many users, conversations and messages (BatchWriteItem)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "list-tables" -d 'List tables, every page (ListTables)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "scan" -d 'Print every item of the table, page after page (Scan)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "export" -d 'Write every item of the table to a file, one line each, in AWS\'s DynamoDB JSON export format or plain JSON (parallel Scan), or have DynamoDB export it to S3 (ExportTableToPointInTime)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "import" -d 'Write items from export files or an export to S3 into the table: every line checked first, then BatchWriteItem through the bulk writer (or ImportTable into a new table)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "stream-sync" -d 'Keep conversations\' group rows at their newest message by reading the table\'s stream (the AWS stream Lambda\'s job, for DynamoDB Local)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "stream-handler" -d 'Run as the stream Lambda function (what `bootstrap` runs): serve the invocations of the Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "drop" -d 'Delete a table (DeleteTable); asks first with --prod'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load schema-export seed list-tables scan export import stream-sync stream-handler drop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l timeout -d 'Seconds to wait for the table to become ACTIVE' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l no-stream -d 'Create the table without a DynamoDB stream (`ddb stream-sync` and the AWS stream Lambda need one)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l recreate -d 'Drop the table first if it exists (asks with --prod)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l format -d 'What to write' -r -f -a "cloudformation\t'CloudFormation YAML: one AWS::DynamoDB::Table resource'
sam\t'A SAM template (Transform AWS::Serverless-2016-10-31) holding the same table'
terraform\t'Terraform HCL: one aws_dynamodb_table resource, formatted as `terraform fmt` does'
json\t'CreateTable input for `aws dynamodb create-table --cli-input-json` or an SDK'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l code -d 'The function\'s zip on disk (from scripts/package-stream-handler): SAM\'s CodeUri or Terraform\'s default; without it the code is a parameter (CloudFormation always takes it from S3: CodeBucket and CodeKey)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l architecture -d 'The function\'s architecture; it must match the zip\'s' -r -f -a "x86_64\t'The zip of `scripts/package-stream-handler`'
arm64\t'The zip of `scripts/package-stream-handler --target aarch64-unknown-linux-gnu`'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l no-stream -d 'The table without a DynamoDB stream (as `schema-load --no-stream`)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l with-stream-handler -d 'Add the stream handler\'s stack: the Lambda function, its least-privilege role, its log group, an SQS failure queue and the event source mapping on the table\'s stream (TRIM_HORIZON, batches of 100, bisection, bounded retries, partial batch failures)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l vpc-endpoint -d 'Also a gateway VPC endpoint for DynamoDB, with the function in the VPC\'s private subnets (VPC, route tables and subnets as parameters)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-export" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l my-handle -d 'Handle of the first participant (`Person 1` in the conversation; default: [seed] my_handle of cruddur.toml, else andrewbrown)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l other-handle -d 'Handle of the second participant (`Person 2`; default: [seed] other_handle of cruddur.toml, else bayko)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l group-uuid -d 'The conversation\'s message group' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l file -d 'Conversation file, one `Person 1: ...` / `Person 2: ...` line per message, or `-` for stdin (default: [dynamodb] conversation of cruddur.toml, else the conversation built into cruddur)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l max-in-flight -d 'Most BatchWriteItem calls in flight; the writer starts lower, grows while calls succeed and halves on throttling' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l stall-timeout -d 'Give up when no item has been written for this many seconds' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l max-wcu -d 'Write units a second at most, table and indexes together, as DynamoDB reports them consumed; or `unlimited`. Default: with --prod on a provisioned table, 80% of its provisioned write capacity, leaving the app the rest; otherwise no cap (on-demand tables, DynamoDB Local)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l users -d 'Users taking part: Postgres\'s first N by handle when it has that many, else synthetic users synth000000, synth000001, ...' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l conversations -d 'Conversations each user takes part in, on average' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l messages -d 'Messages per conversation, on average' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l skew -d '0 spreads conversations and messages evenly; 0.5 to 3 makes a few users and conversations heavy (a Zipf exponent); the totals stay' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l random-seed -d 'Seed of the generator: the same flags and seed give the same items' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l dry-run -d 'Print the items that would be written and write nothing'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l synthetic -d 'Write a synthetic dataset (--users, --conversations, --messages, --skew, --random-seed) instead of the seed conversation'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l with-postgres -d 'Also add the synthetic users to Postgres\'s users table, so the app can browse them (users already there are kept)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from seed" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l page-size -d 'Tables asked for per ListTables request (1-100)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l limit -d 'Stop after this many items' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l segments -d 'Scan with N parallel segments (1-64); item order then mixes segments' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l page-size -d 'Items per Scan request (DynamoDB also stops a page at 1 MB)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l raw -l typed -d 'With --output json, print items in DynamoDB\'s typed form ({"S": "..."})'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -s f -l file -d 'Where the items go: a file, or `-` for stdout' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l format -d 'Line format' -r -f -a "ddb-json\t'`{"Item":{"pk":{"S":"..."}}}` per line: AWS\'s DynamoDB JSON export format, every type kept'
json\t'One plain JSON object per line (sets become arrays, binary becomes base64 text)'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l segments -d 'Scan with N parallel segments (1-64)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l s3 -d 'Export with DynamoDB\'s own engine to S3 instead of scanning (ExportTableToPointInTime: no read capacity used, any table size; needs point-in-time recovery on the table)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l timeout -d 'With --s3: seconds to wait for the export to complete' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l gzip -d 'Compress with gzip (implied by a --file ending in .gz)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l no-wait -d 'With --s3: print the export\'s ARN and return without waiting'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l s3 -d 'Read an export to S3 instead of files: its manifest-files.json when the prefix holds one, otherwise every data/*.json.gz under it' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l create-table -d 'With --s3: have DynamoDB create table NAME from the export itself (ImportTable, in AWS: use with --prod), with the schema of schema-load' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l timeout -d 'With --create-table: seconds to wait for the import to complete' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l format -d 'Line format of the input' -r -f -a "auto\t'Detect it from each file\'s first line'
ddb-json\t'`{"Item":{"pk":{"S":"..."}}}` per line, as `ddb export` and AWS\'s export to S3 write it'
json\t'One plain JSON object per line'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l max-in-flight -d 'Most BatchWriteItem calls in flight; the writer starts lower, grows while calls succeed and halves on throttling' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l stall-timeout -d 'Give up when no item has been written for this many seconds' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l max-wcu -d 'Write units a second at most, table and indexes together, as DynamoDB reports them consumed; or `unlimited`. Default: with --prod on a provisioned table, 80% of its provisioned write capacity, leaving the app the rest; otherwise no cap (on-demand tables, DynamoDB Local)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l dry-run -d 'Check every line and say what would be written; write nothing'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l checkpoint -d 'Checkpoint file (default: one per endpoint and table under the user\'s cache directory)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l from -d 'Where to start when there is no checkpoint' -r -f -a "trim-horizon\t'The oldest record the stream still holds (24 hours in AWS)'
latest\t'Only records written after stream-sync starts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l max-idle-ms -d 'Longest pause between polls when the stream is idle, in milliseconds' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l once -d 'Drain what the stream holds now, then exit (for scripts and tests)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-sync" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from stream-handler" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "schema-load" -d 'Create the messages table (CreateTable), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "schema-export" -d 'Print the table as infrastructure code: CloudFormation, SAM, Terraform, or CreateTable input JSON (the definition schema-load uses); --with-stream-handler adds the stream handler\'s whole stack'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "seed" -d 'Seed a conversation between two Postgres users, or a synthetic dataset of many users, conversations and messages (BatchWriteItem)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "list-tables" -d 'List tables, every page (ListTables)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "scan" -d 'Print every item of the table, page after page (Scan)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every item of the table to a file, one line each, in AWS\'s DynamoDB JSON export format or plain JSON (parallel Scan), or have DynamoDB export it to S3 (ExportTableToPointInTime)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "import" -d 'Write items from export files or an export to S3 into the table: every line checked first, then BatchWriteItem through the bulk writer (or ImportTable into a new table)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "stream-sync" -d 'Keep conversations\' group rows at their newest message by reading the table\'s stream (the AWS stream Lambda\'s job, for DynamoDB Local)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "stream-handler" -d 'Run as the stream Lambda function (what `bootstrap` runs): serve the invocations of the Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Delete a table (DeleteTable); asks first with --prod'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -f -a "get-conversations" -d 'Pattern A: the messages of a conversation, newest N shown oldest first (Query MSG#<group>)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -f -a "list-conversations" -d 'Pattern B: a user\'s conversations, newest first (Postgres, then Query GRP#<user>)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -f -a "create-message" -d 'Pattern C: add a message to a conversation (PutItem)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -f -a "create-message-group" -d 'Pattern D: start a conversation: two group rows and the first message (TransactWriteItems)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -f -a "report" -d 'Run every access pattern on a sample of the table\'s keys: capacity per call as DynamoDB reports it, latency, and the monthly cost of a mix'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and not __fish_seen_subcommand_from get-conversations list-conversations create-message create-message-group report help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l limit -d 'How many of the newest messages to show, read page after page until there are that many; how many older ones there are is counted and said' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l width -d 'Characters of each message shown in the table' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l all -d 'Every message of the conversation, oldest first, page after page straight to stdout (overrides --limit)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from get-conversations" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l limit -d 'How many of the newest conversations to show (the app\'s list shows 20); how many more there are is counted and said' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l all -d 'Every conversation, page after page (overrides --limit)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from list-conversations" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l group -d 'The conversation to add to' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l handle -d 'The sender, a participant of the conversation' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l handle -d 'The sender' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l to -d 'The other participant' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from create-message-group" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l samples -d 'Keys sampled from the table, and calls made per pattern' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l rate -d 'Calls a second per pattern, for the monthly cost and the throttling check: e.g. B=50/s,A=200/s,C=20/s (also /min and /h); patterns not named take 0, E follows C unless named [default: A=20/s,B=10/s,C=5/s,D=0.5/s]' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l random-seed -d 'Seed of the sampling, to sample the same keys again' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l read-only -d 'Only the reads (A, B): nothing is written'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from help" -f -a "get-conversations" -d 'Pattern A: the messages of a conversation, newest N shown oldest first (Query MSG#<group>)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from help" -f -a "list-conversations" -d 'Pattern B: a user\'s conversations, newest first (Postgres, then Query GRP#<user>)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from help" -f -a "create-message" -d 'Pattern C: add a message to a conversation (PutItem)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from help" -f -a "create-message-group" -d 'Pattern D: start a conversation: two group rows and the first message (TransactWriteItems)'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from help" -f -a "report" -d 'Run every access pattern on a sample of the table\'s keys: capacity per call as DynamoDB reports it, latency, and the monthly cost of a mix'
complete -c cruddur -n "__fish_cruddur_using_subcommand patterns; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -f -a "list-users" -d 'List every user of the pool, all pages (ListUsers)'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and not __fish_seen_subcommand_from list-users help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l user-pool-id -d 'Cognito user pool id (default: $AWS_COGNITO_USER_POOL_ID)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from list-users" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from help" -f -a "list-users" -d 'List every user of the pool, all pages (ListUsers)'
complete -c cruddur -n "__fish_cruddur_using_subcommand cognito; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "create" -d 'Create the database named in the URL (stamped local, or prod with --prod), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "drop" -d 'Drop the database named in the URL; always asks first (default No)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "schema-load" -d 'Drop and recreate the tables (sql/schema.sql) in one transaction; always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "seed" -d 'Insert the seed users and activity (sql/seed.sql) in one transaction'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "setup" -d 'Create what is missing (database, tables; never drops), seed, then link Cognito users'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "reset" -d 'Drop the database, then run setup; always asks first (default No)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "migrate" -d 'Apply the pending migrations, oldest first, each in a transaction with its ledger row'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "rollback" -d 'Undo the newest applied migrations with their down SQL; always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "migrations" -d 'List every migration with its state: applied, pending, changed or missing'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "new-migration" -d 'Write an empty up/down pair with a fresh version into the migrations folder'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "generate-migration" -d 'Write an empty up/down pair with a fresh version into the migrations folder'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "kill-all" -d 'End every other session on the database (never this one, never other databases\'); always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "test" -d 'Check that the database answers: connect and print the server\'s version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "sessions" -d 'List the server\'s sessions (pg_stat_activity)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "connect" -d 'Open psql on the database (the password goes through PGPASSWORD)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "update-cognito-user-ids" -d 'Link unlinked users (MOCK) to Cognito: cognito_user_id = sub where handle = preferred_username'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and not __fish_seen_subcommand_from create drop schema-load seed setup reset migrate rollback migrations new-migration generate-migration kill-all test sessions connect update-cognito-user-ids help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l force -d 'End the other sessions on the database first (DROP DATABASE ... WITH (FORCE), PG 13+)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from drop" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l file -d 'Run this SQL file (default: the project\'s file: cruddur.toml\'s, else the app\'s db/ folder, else the one built into cruddur)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from schema-load" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l file -d 'Run this SQL file (default: the project\'s file: cruddur.toml\'s, else the app\'s db/ folder, else the one built into cruddur)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from seed" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l user-pool-id -d 'Cognito user pool to link users from (default: $AWS_COGNITO_USER_POOL_ID; skipped when unset)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from setup" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l user-pool-id -d 'Cognito user pool to link users from (default: $AWS_COGNITO_USER_POOL_ID; skipped when unset)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l force -d 'End the other sessions on the database before dropping it (PG 13+)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l migrations -d 'The migrations folder (default: [postgres] migrations of cruddur.toml, else db/migrations of the app, looked up from here)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l to -d 'Apply the pending migrations up to and including this version' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l accept-changed -d 'Accept the changed file of an applied migration as it is now (recorded in the ledger); repeatable' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l accept-missing -d 'Accept that the file of an applied migration is gone (recorded in the ledger); repeatable' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l dry-run -d 'Show what would be applied; change nothing'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l check -d 'Apply nothing; exit 1 when a migration is pending, changed or missing (for CI), 0 when the database is up to date'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l migrations -d 'The migrations folder (default: [postgres] migrations of cruddur.toml, else db/migrations of the app, looked up from here)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l steps -d 'How many of the newest applied migrations to undo [default: 1]' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l to -d 'Undo every migration applied after this version (it stays applied); 0 undoes all' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l dry-run -d 'Show what would be undone; change nothing'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l migrations -d 'The migrations folder (default: [postgres] migrations of cruddur.toml, else db/migrations of the app, looked up from here)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from migrations" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l migrations -d 'The migrations folder (default: [postgres] migrations of cruddur.toml, else db/migrations of the app, looked up from here)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from new-migration" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l migrations -d 'The migrations folder (default: [postgres] migrations of cruddur.toml, else db/migrations of the app, looked up from here)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from generate-migration" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from kill-all" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from sessions" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from connect" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l user-pool-id -d 'Cognito user pool id (default: $AWS_COGNITO_USER_POOL_ID)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l relink -d 'Replace the sub of this handle\'s row although it is linked to another Cognito user (repeatable); without it such rows are reported as conflicts' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l dry-run -d 'Show the changes and write nothing'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from update-cognito-user-ids" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create the database named in the URL (stamped local, or prod with --prod), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Drop the database named in the URL; always asks first (default No)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "schema-load" -d 'Drop and recreate the tables (sql/schema.sql) in one transaction; always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "seed" -d 'Insert the seed users and activity (sql/seed.sql) in one transaction'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Create what is missing (database, tables; never drops), seed, then link Cognito users'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Drop the database, then run setup; always asks first (default No)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Apply the pending migrations, oldest first, each in a transaction with its ledger row'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Undo the newest applied migrations with their down SQL; always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrations" -d 'List every migration with its state: applied, pending, changed or missing'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "new-migration" -d 'Write an empty up/down pair with a fresh version into the migrations folder'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "kill-all" -d 'End every other session on the database (never this one, never other databases\'); always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "test" -d 'Check that the database answers: connect and print the server\'s version'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "sessions" -d 'List the server\'s sessions (pg_stat_activity)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "connect" -d 'Open psql on the database (the password goes through PGPASSWORD)'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "update-cognito-user-ids" -d 'Link unlinked users (MOCK) to Cognito: cognito_user_id = sub where handle = preferred_username'
complete -c cruddur -n "__fish_cruddur_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -f -a "start" -d 'Start the instance (StartDBInstance); an available instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -f -a "stop" -d 'Stop the instance (StopDBInstance); a stopped instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -f -a "status" -d 'Show the instance\'s state, class, engine and endpoint (DescribeDBInstances)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -f -a "allow-ip" -d 'Let this machine\'s IP reach the database: update (or create) the security group rule on port 5432'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status allow-ip help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l timeout -d 'Seconds to wait with --wait before giving up' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l wait -d 'Wait until the instance reaches the target state (available / stopped)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l timeout -d 'Seconds to wait with --wait before giving up' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l wait -d 'Wait until the instance reaches the target state (available / stopped)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l ip -d 'The address to let in: an IPv4 or IPv6 address, or `auto` to ask an IP echo service for this machine\'s public address' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l port -d 'The database port the rule opens' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l group-id -d 'The security group holding the rule (default: the instance\'s groups)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l rule-id -d 'The rule to update (default: this user\'s rule on the port, described \'cruddur: USER@HOST\')' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l take-over-rule -d 'Let --rule-id name a rule that is not this user\'s (made by hand, by another tool, or by cruddur for another USER@HOST): it is pointed at the address and described as this user\'s'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l revoke -d 'Remove this user\'s rule instead (asks first; --yes without a terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from allow-ip" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start the instance (StartDBInstance); an available instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the instance (StopDBInstance); a stopped instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the instance\'s state, class, engine and endpoint (DescribeDBInstances)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "allow-ip" -d 'Let this machine\'s IP reach the database: update (or create) the security group rule on port 5432'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l timeout -d 'Seconds to wait for DynamoDB and Postgres to accept connections' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l database-url -d 'Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l lock-timeout -d 'Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l statement-timeout -d 'Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l user-pool-id -d 'Cognito user pool to link users from (default: $AWS_COGNITO_USER_POOL_ID; skipped when unset)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l my-handle -d 'Handle of the first participant (`Person 1` in the conversation; default: [seed] my_handle of cruddur.toml, else andrewbrown)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l other-handle -d 'Handle of the second participant (`Person 2`; default: [seed] other_handle of cruddur.toml, else bayko)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l group-uuid -d 'The conversation\'s message group' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l file -d 'Conversation file, one `Person 1: ...` / `Person 2: ...` line per message, or `-` for stdin (default: [dynamodb] conversation of cruddur.toml, else the conversation built into cruddur)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l reseed -d 'Seed the conversation again even if it exists (replacing it)'
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand setup" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l dir -d 'The folder to write cruddur.toml into (default: the current one)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand init" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l table -d 'DynamoDB table holding the messages (default: [dynamodb] table of cruddur.toml, else cruddur-messages)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l project -d 'The project file naming the app\'s files (default: the nearest cruddur.toml in this folder or above)' -r -F
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l profile -d 'AWS profile of the shared config and credentials files, as in the AWS CLI (default: $AWS_PROFILE, else `default`); its credentials take precedence over AWS_ACCESS_KEY_ID and the like' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l max-attempts -d 'Attempts per AWS request, the first included (1-100; default 10 for DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set to a non-empty value), always or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`'
always\t'Always, even into a pipe or a file'
never\t'Never'"
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "ddb" -d 'DynamoDB: the messages table, its items, its stream and its stacks'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "patterns" -d 'The app\'s access patterns on the messages table, and what they cost'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "cognito" -d 'Cognito: the users of the app\'s user pool'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "db" -d 'Postgres: the app\'s database, its schema, seed, migrations and sessions'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "rds" -d 'RDS: the database instance and this machine\'s way in'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "setup" -d 'Bootstrap everything, idempotently: wait for the services, then the database, the DynamoDB table and the seed conversation'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "doctor" -d 'Check every target: DynamoDB, Postgres, Cognito, RDS (and AWS credentials with --prod)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "init" -d 'Write a commented cruddur.toml naming the app files found from here'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb patterns cognito db rds setup doctor init completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "schema-load" -d 'Create the messages table (CreateTable), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "schema-export" -d 'Print the table as infrastructure code: CloudFormation, SAM, Terraform, or CreateTable input JSON (the definition schema-load uses); --with-stream-handler adds the stream handler\'s whole stack'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "seed" -d 'Seed a conversation between two Postgres users, or a synthetic dataset of many users, conversations and messages (BatchWriteItem)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "list-tables" -d 'List tables, every page (ListTables)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "scan" -d 'Print every item of the table, page after page (Scan)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "export" -d 'Write every item of the table to a file, one line each, in AWS\'s DynamoDB JSON export format or plain JSON (parallel Scan), or have DynamoDB export it to S3 (ExportTableToPointInTime)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "import" -d 'Write items from export files or an export to S3 into the table: every line checked first, then BatchWriteItem through the bulk writer (or ImportTable into a new table)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "stream-sync" -d 'Keep conversations\' group rows at their newest message by reading the table\'s stream (the AWS stream Lambda\'s job, for DynamoDB Local)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "stream-handler" -d 'Run as the stream Lambda function (what `bootstrap` runs): serve the invocations of the Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "drop" -d 'Delete a table (DeleteTable); asks first with --prod'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from patterns" -f -a "get-conversations" -d 'Pattern A: the messages of a conversation, newest N shown oldest first (Query MSG#<group>)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from patterns" -f -a "list-conversations" -d 'Pattern B: a user\'s conversations, newest first (Postgres, then Query GRP#<user>)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from patterns" -f -a "create-message" -d 'Pattern C: add a message to a conversation (PutItem)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from patterns" -f -a "create-message-group" -d 'Pattern D: start a conversation: two group rows and the first message (TransactWriteItems)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from patterns" -f -a "report" -d 'Run every access pattern on a sample of the table\'s keys: capacity per call as DynamoDB reports it, latency, and the monthly cost of a mix'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from cognito" -f -a "list-users" -d 'List every user of the pool, all pages (ListUsers)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "create" -d 'Create the database named in the URL (stamped local, or prod with --prod), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "drop" -d 'Drop the database named in the URL; always asks first (default No)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "schema-load" -d 'Drop and recreate the tables (sql/schema.sql) in one transaction; always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "seed" -d 'Insert the seed users and activity (sql/seed.sql) in one transaction'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "setup" -d 'Create what is missing (database, tables; never drops), seed, then link Cognito users'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "reset" -d 'Drop the database, then run setup; always asks first (default No)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrate" -d 'Apply the pending migrations, oldest first, each in a transaction with its ledger row'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "rollback" -d 'Undo the newest applied migrations with their down SQL; always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrations" -d 'List every migration with its state: applied, pending, changed or missing'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "new-migration" -d 'Write an empty up/down pair with a fresh version into the migrations folder'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "kill-all" -d 'End every other session on the database (never this one, never other databases\'); always asks first'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "test" -d 'Check that the database answers: connect and print the server\'s version'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "sessions" -d 'List the server\'s sessions (pg_stat_activity)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "connect" -d 'Open psql on the database (the password goes through PGPASSWORD)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "update-cognito-user-ids" -d 'Link unlinked users (MOCK) to Cognito: cognito_user_id = sub where handle = preferred_username'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "start" -d 'Start the instance (StartDBInstance); an available instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "stop" -d 'Stop the instance (StopDBInstance); a stopped instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "status" -d 'Show the instance\'s state, class, engine and endpoint (DescribeDBInstances)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "allow-ip" -d 'Let this machine\'s IP reach the database: update (or create) the security group rule on port 5432'
